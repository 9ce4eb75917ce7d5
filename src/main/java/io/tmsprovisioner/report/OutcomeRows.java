package io.tmsprovisioner.report;

import io.tmsprovisioner.repository.RecordedOutcome;

import java.util.function.Consumer;

/** The recorded rows a report shows, fed in line order: a stream that need not fit in memory. */
@FunctionalInterface
public interface OutcomeRows {

    void forEach(Consumer<RecordedOutcome> consumer);

    /** Only the rows whose outcome {@code listed} includes. */
    default OutcomeRows only(OutcomeSelection listed) {
        return consumer -> forEach(recorded -> {
            if (listed.includes(recorded.row().outcome())) {
                consumer.accept(recorded);
            }
        });
    }
}
