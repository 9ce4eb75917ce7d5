import io.tmsprovisioner.tapis.ClientSettings;
import io.tmsprovisioner.tapis.CredentialCheck;
import io.tmsprovisioner.tapis.Secret;
import io.tmsprovisioner.tapis.TapisClient;
import io.tmsprovisioner.tapis.TapisCredentials;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * The baseline of bench/run.sh: what the old per-user helper does, spread over plain threads, with the
 * project's own HTTP client so that only the shape differs. For every row: check; unless valid, getSystem
 * (no cache, as the helper asks again for every user); on a TMS_KEYS system, create. No chunks, no
 * journal, nothing recorded, no retries.
 *
 * <p>Usage: OldHelper BASE_URL USERNAME PASSWORD FILE THREADS; prints "rows R in S s, C calls".
 */
public class OldHelper {

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        TapisCredentials login = new TapisCredentials.Login(args[1], new Secret(args[2]));
        Path file = Path.of(args[3]);
        int threads = Integer.parseInt(args[4]);
        ClientSettings defaults = ClientSettings.defaults();
        TapisClient tapis = new TapisClient(baseUrl, login, new ClientSettings(defaults.connectTimeout(),
                defaults.readTimeout(), defaults.callTimeout(), defaults.writeTimeout(), threads, 0,
                defaults.rateLimitPatience()));
        tapis.signIn();
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader lines = Files.newBufferedReader(file)) {
            lines.readLine(); // header
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                rows.add(line.split(","));
            }
        }
        LongAdder failed = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long calls = tapis.callsSent();
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (String[] row : rows) {
            done.add(pool.submit(() -> {
                try {
                    establish(tapis, row[1], row[0]);
                } catch (RuntimeException e) {
                    failed.increment();
                }
            }));
        }
        for (Future<?> row : done) {
            row.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        System.out.printf("rows %d in %.3f s, %d calls, %d failed%n", rows.size(), seconds, tapis.callsSent() - calls,
                failed.sum());
    }

    private static void establish(TapisClient tapis, String systemId, String username) {
        CredentialCheck check = tapis.checkCredential(systemId, username);
        if (!check.isValid() && tapis.getSystem(systemId).usesTmsKeys()) {
            tapis.createTmsKeys(systemId, username);
        }
    }
}
