import com.zaxxer.hikari.HikariDataSource;
import io.tmsprovisioner.repository.H2Durability;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;

/**
 * Commits per second on an H2 file database, each commit one small insert as the attempt journal's
 * notes are: through a pool as H2Durability leaves it (WRITE_DELAY=0 and CHECKPOINT SYNC after each
 * commit), and through a pool with WRITE_DELAY=0 alone (written at commit, not forced to the disk).
 * Rounds alternate between the two so that a slower moment of the shared machine hits both.
 *
 *   java -cp ... H2CommitSync EMPTY_DIRECTORY COMMITS ROUNDS
 */
public class H2CommitSync {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int commits = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        for (int round = 0; round <= rounds; round++) {
            for (boolean synced : new boolean[]{false, true}) {
                double perSecond = commitsPerSecond(dir.resolve((synced ? "synced-" : "plain-") + round), synced, commits);
                // round 0 warms the JIT and the file system up and is not shown
                if (round > 0) {
                    System.out.printf("round %d  %-38s %7.0f commits/s  %6.3f ms per commit%n", round,
                            synced ? "WRITE_DELAY=0 + CHECKPOINT SYNC (fsync)" : "WRITE_DELAY=0 only (no fsync)",
                            perSecond, 1000 / perSecond);
                }
            }
        }
    }

    private static double commitsPerSecond(Path file, boolean synced, int commits) throws Exception {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl("jdbc:h2:file:" + file + (synced ? "" : ";WRITE_DELAY=0"));
        pool.setUsername("sa");
        pool.setPassword("");
        if (synced) {
            new H2Durability().postProcessBeforeInitialization(pool, "dataSource");
        }
        try (pool; Connection connection = pool.getConnection()) {
            connection.createStatement().execute("CREATE TABLE NOTE (LINE_NUMBER BIGINT PRIMARY KEY, TEXT VARCHAR(200))");
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO NOTE VALUES (?, ?)")) {
                long start = System.nanoTime();
                for (int line = 1; line <= commits; line++) {
                    insert.setLong(1, line);
                    insert.setString(2, "CREATE_SENT " + line);
                    insert.executeUpdate();
                    connection.commit();
                }
                return commits / ((System.nanoTime() - start) / 1e9);
            }
        }
    }
}
