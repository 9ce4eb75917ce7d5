package io.tmsprovisioner.batch;

import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.CsvInput;
import io.tmsprovisioner.input.InputRow;
import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamException;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

import java.nio.file.Path;

/**
 * Reads judged rows from the input file. On restart it reads again, and discards, the rows that
 * committed chunks already covered: reading them rebuilds the duplicate detection, which depends on
 * every earlier row.
 */
class InputRowReader implements ItemStreamReader<InputRow> {
    static final String ROWS_READ = "input.rows.read";

    private final Path file;
    private final Action defaultAction;
    private final PairOrder pairOrder;
    private CsvInput input;
    private long rowsRead;

    InputRowReader(Path file, Action defaultAction, PairOrder pairOrder) {
        this.file = file;
        this.defaultAction = defaultAction;
        this.pairOrder = pairOrder;
    }

    @Override
    public void open(ExecutionContext context) {
        input = CsvInput.open(file, defaultAction);
        long committed = context.getLong(ROWS_READ, 0L);
        for (rowsRead = 0; rowsRead < committed; rowsRead++) {
            if (input.next() == null) {
                throw new ItemStreamException("The input " + file + " has fewer rows (" + rowsRead
                        + ") than an earlier execution of this job already processed (" + committed + ")");
            }
        }
    }

    @Override
    public InputRow read() {
        InputRow row = input.next();
        if (row != null) {
            rowsRead++;
            pairOrder.register(row);
        }
        return row;
    }

    @Override
    public void update(ExecutionContext context) {
        context.putLong(ROWS_READ, rowsRead);
    }

    @Override
    public void close() {
        if (input != null) {
            input.close();
            input = null;
        }
    }
}
