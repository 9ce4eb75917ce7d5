import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.input.CsvInput;
import io.tmsprovisioner.input.InputRow;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Reads a whole input file with CsvInput and prints rows read, rows/s and heap figures. Run by
 * bench/input-memory.sh; usage: InputMemory FILE [EXPECTED_VALID_ROWS].
 *
 * <p>The "peak heap used" adds up each heap pool's own peak (eden, survivor, old), reached at
 * different times, so it overstates the true peak and can exceed -Xmx; the sampled figure and the
 * retained one (live data after a full GC) tell the rest.
 *
 * <p>Exits 3 on OutOfMemoryError, 4 when the count of VALID rows is not the expected one.
 */
public class InputMemory {

    private static final double MIB = 1024.0 * 1024.0;

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        long expectedValid = args.length > 1 ? Long.parseLong(args[1]) : -1;
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP)
                .toList();

        System.gc();
        long before = sum(heap, p -> p.getUsage().getUsed());
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);

        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long sampledMax = 0;
        long rows = 0, valid = 0, rejected = 0, duplicate = 0;
        long start = System.nanoTime();
        long retained;
        try (CsvInput input = CsvInput.open(file, Action.ESTABLISH)) {
            for (InputRow row = input.next(); row != null; row = input.next()) {
                if (++rows % 10_000 == 0) {
                    sampledMax = Math.max(sampledMax, memory.getHeapMemoryUsage().getUsed());
                }
                switch (row.verdict()) {
                    case VALID -> valid++;
                    case REJECTED -> rejected++;
                    case DUPLICATE -> duplicate++;
                }
            }
            long elapsed = System.nanoTime() - start;
            long peak = sum(heap, p -> p.getPeakUsage().getUsed());
            // Still open: the duplicate map is reachable, so this is what the input keeps.
            System.gc();
            retained = sum(heap, p -> p.getUsage().getUsed()) - before;
            System.out.printf("rows read:          %,d (valid %,d, rejected %,d, duplicate %,d)%n", rows, valid, rejected, duplicate);
            System.out.printf("time:               %.2f s, %,.0f rows/s%n", elapsed / 1e9, rows / (elapsed / 1e9));
            System.out.printf("peak heap used:     %.1f MiB (sum of heap pools' peak usage while reading; -Xmx %.0f MiB)%n",
                    peak / MIB, Runtime.getRuntime().maxMemory() / MIB);
            System.out.printf("max heap in use:    %.1f MiB (live and garbage, sampled every 10,000 rows)%n", sampledMax / MIB);
            System.out.printf("retained by input:  %.1f MiB (live heap after a full GC with the input still open, minus before: %.1f MiB)%n",
                    retained / MIB, before / MIB);
        } catch (OutOfMemoryError e) {
            System.out.printf("OUT OF MEMORY after %,d rows (%s)%n", rows, e.getMessage());
            System.exit(3);
        }
        if (expectedValid >= 0 && valid != expectedValid) {
            System.out.printf("expected %,d valid rows, read %,d%n", expectedValid, valid);
            System.exit(4);
        }
    }

    private static long sum(List<MemoryPoolMXBean> pools, ToLongFunction<MemoryPoolMXBean> f) {
        return pools.stream().mapToLong(f).sum();
    }
}
