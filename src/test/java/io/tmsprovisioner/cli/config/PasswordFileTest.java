package io.tmsprovisioner.cli.config;

import io.tmsprovisioner.cli.UsageException;
import io.tmsprovisioner.cli.repository.FileModes;
import io.tmsprovisioner.tapis.TapisCredentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code --password-file}: refused when others may read it, and only its first line is the password. */
class PasswordFileTest {
    private static final Map<String, String> USER = Map.of("TAPIS_USERNAME", "tms-admin");

    @TempDir
    Path dir;

    private Path passwordFile(String content, String mode) throws Exception {
        Path file = Files.writeString(dir.resolve("tapis-password"), content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }

    private static String passwordIn(Path file) {
        TapisCredentials.Login login = (TapisCredentials.Login) TapisSettings.resolve("https://tacc.tapis.io", file,
                USER, false).credentials();
        return login.password().reveal();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw-----w-", "rw--w----"})
    void aFileOthersMayReadOrChangeIsRefusedAsSshRefusesAKey(String mode) throws Exception {
        Path file = passwordFile("s3cret-pw\n", mode);
        String octal = FileModes.octal(PosixFilePermissions.fromString(mode));

        assertThatThrownBy(() -> passwordIn(file)).isInstanceOf(UsageException.class)
                .hasMessageContaining("The password file " + file + " has mode " + octal)
                .hasMessageContaining("chmod 600 " + file)
                .message().doesNotContain("s3cret-pw");
    }

    @Test
    void modesAreWrittenAsAdministratorsReadThem() {
        assertThat(FileModes.octal(PosixFilePermissions.fromString("rw-r--r--"))).isEqualTo("0644");
        assertThat(FileModes.octal(PosixFilePermissions.fromString("rw-r-----"))).isEqualTo("0640");
        assertThat(FileModes.octal(PosixFilePermissions.fromString("rwx------"))).isEqualTo("0700");
    }

    @Test
    void anOwnerOnlyFileGivesItsFirstLine() throws Exception {
        assertThat(passwordIn(passwordFile("s3cret-pw\nsecond line\n", "rw-------"))).isEqualTo("s3cret-pw");
        assertThat(passwordIn(passwordFile("crlf-pw\r\n", "r--------"))).isEqualTo("crlf-pw");
        assertThat(passwordIn(passwordFile("no-newline", "rw-------"))).isEqualTo("no-newline");
    }

    @Test
    void aHugeOrEmptyFirstLineIsAUsageError() throws Exception {
        Path huge = passwordFile("x".repeat(PasswordFile.MAX_LENGTH + 1), "rw-------");
        assertThatThrownBy(() -> passwordIn(huge)).isInstanceOf(UsageException.class)
                .hasMessageContaining("longer than " + PasswordFile.MAX_LENGTH + " characters");
        assertThat(passwordIn(passwordFile("x".repeat(PasswordFile.MAX_LENGTH) + "\n" + "y".repeat(1 << 20),
                "rw-------"))).hasSize(PasswordFile.MAX_LENGTH);
        Path empty = passwordFile("\nsecond line\n", "rw-------");
        assertThatThrownBy(() -> passwordIn(empty)).isInstanceOf(UsageException.class).hasMessageContaining("is empty");
    }
}
