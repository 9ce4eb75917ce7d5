package io.tmsprovisioner.cli.repository;

import io.tmsprovisioner.cli.command.CliRunner.Result;
import io.tmsprovisioner.cli.command.CliRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The default repository while another process holds it, as during a run: {@code status} reads it through
 * H2's server, which listens on loopback only and wants the generated password.
 */
class DefaultRepositoryServerTests {
    @TempDir
    Path home;

    private final String realHome = System.getProperty("user.home");
    private Process holder;

    @AfterEach
    void restore() throws Exception {
        System.setProperty("user.home", realHome);
        if (holder != null) {
            holder.getOutputStream().close();
            assertThat(holder.waitFor(30, TimeUnit.SECONDS)).as("the holder ends with its input").isTrue();
        }
    }

    @Test
    void statusReadsTheRepositoryAnotherProcessHoldsThroughAServerOnLoopbackWithAPassword() throws Exception {
        // given: a 0755 directory, as users make it for application.yml, and another process holding the repository
        Path directory = Files.createDirectories(home.resolve(".tms-provisioner"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Path log = home.resolve("holder.log");
        holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Duser.home=" + home,
                "-Dlogging.level.root=DEBUG", HoldDefaultRepository.class.getName())
                .redirectErrorStream(true).start();
        BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder holderOutput = new StringBuilder();
        for (String line; (line = output.readLine()) != null && !line.startsWith("holding"); ) {
            holderOutput.append(line).append('\n');
        }
        assertThat(holder.isAlive()).as("holder started: %s", holderOutput).isTrue();
        String password = Files.readString(directory.resolve("repository.password")).strip();

        // the holder's server refuses the empty password that earlier versions used (and traces that in a file)
        assertThatExceptionOfType(SQLException.class)
                .isThrownBy(() -> DriverManager.getConnection(new DefaultRepository(home).url(), DefaultRepository.USER, "")
                        .close())
                .satisfies(refused -> assertThat(refused.getErrorCode()).isEqualTo(28000));

        // when
        System.setProperty("user.home", home.toString());
        Result status = CliRunner.run(Map.of(), "status");

        // then: status works beside the holder
        assertThat(status.exitCode()).as(status.out() + status.err()).isZero();
        assertThat(status.out()).contains("No executions recorded in this repository yet.");
        // H2's server for the holder listens on loopback only
        Properties lock = new Properties();
        try (var in = Files.newInputStream(directory.resolve("repository.lock.db"))) {
            lock.load(in);
        }
        // (H2 writes 127.0.0.1 as "localhost"; without a bind address it writes this host's address)
        assertThat(lock.getProperty("server")).startsWith("localhost:");
        int port = Integer.parseInt(lock.getProperty("server").substring("localhost:".length()));
        assertThat(listeningAddressesOf(port)).as("/proc/net/tcp and tcp6: 127.0.0.1, as IPv4 or IPv4-mapped IPv6")
                .isNotEmpty().allMatch(address -> address.equals("0100007F")
                        || address.equals("0000000000000000FFFF00000100007F"));
        // everything of the repository is for its owner only, the holder's lock and trace files included
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(directory))).isEqualTo("rwx------");
        try (var files = Files.list(directory)) {
            assertThat(files.filter(file -> file.getFileName().toString().startsWith("repository.")))
                    .extracting(file -> file.getFileName() + " " + PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                    .contains("repository.mv.db rw-------", "repository.lock.db rw-------",
                            "repository.trace.db rw-------", "repository.password rw-------")
                    .allSatisfy(entry -> assertThat(entry).endsWith(" rw-------"));
        }
        // the password reached no log line, even at DEBUG
        assertThat(holderOutput).as("the holder logged at DEBUG").contains("DEBUG");
        assertThat(holderOutput.toString() + status.out() + status.err()).doesNotContain(password);
    }

    /** The local addresses (hex, as the kernel writes them) of the TCP sockets listening on the port. */
    private static List<String> listeningAddressesOf(int port) throws Exception {
        String hexPort = String.format("%04X", port);
        List<String> lines = new ArrayList<>();
        for (String table : new String[]{"/proc/net/tcp", "/proc/net/tcp6"}) {
            lines.addAll(Files.readAllLines(Path.of(table)).stream().skip(1).toList());
        }
        // local address:port, remote address:port, state (0A: LISTEN)
        return lines.stream().map(line -> line.trim().split("\\s+"))
                .filter(fields -> fields[1].endsWith(":" + hexPort) && fields[3].equals("0A"))
                .map(fields -> fields[1].substring(0, fields[1].indexOf(':')))
                .toList();
    }
}
