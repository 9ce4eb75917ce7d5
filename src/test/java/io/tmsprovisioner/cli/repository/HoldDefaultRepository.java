package io.tmsprovisioner.cli.repository;

import io.tmsprovisioner.cli.command.TmsProvisionerCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

/**
 * A child JVM for {@link DefaultRepositoryServerTests}: starts as the CLI does ({@code status} on the default
 * repository of {@code user.home}), then holds that repository open, so that H2 serves it to other
 * processes, until its standard input ends.
 */
public final class HoldDefaultRepository {
    public static void main(String[] args) throws Exception {
        int status = TmsProvisionerCli.standard().execute("status");
        DefaultRepository repository = new DefaultRepository(Path.of(System.getProperty("user.home")));
        String password = Files.readString(Path.of(System.getProperty("user.home"), ".tms-provisioner",
                "repository.password")).strip();
        try (Connection held = DriverManager.getConnection(repository.url(), DefaultRepository.USER, password)) {
            System.out.println("holding after status exited " + status);
            System.out.flush();
            while (System.in.read() != -1) {
                // until the test closes our standard input
            }
        }
    }
}
