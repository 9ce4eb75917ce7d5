package io.tmsprovisioner.provisioning;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProtectedUsersTest {

    @Test
    void namesAndPatternsProtectWhatTheyMatchAndNothingElse() {
        ProtectedUsers protectedUsers = ProtectedUsers.of(List.of("tms-admin", " svc-* ", "op?", "a.b"));

        assertThat(List.of("tms-admin", "svc-", "svc-backup", "op1", "a.b"))
                .allMatch(protectedUsers::protects);
        assertThat(List.of("tms-admin2", "xtms-admin", "svc", "op12", "op", "axb", "jdoe"))
                .noneMatch(protectedUsers::protects);
    }

    @Test
    void noPatternsProtectNobodyAndABlankPatternIsRefused() {
        assertThat(ProtectedUsers.of(List.of()).protects("tms-admin")).isFalse();
        assertThatThrownBy(() -> ProtectedUsers.of(List.of("svc-*", " ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pattern is empty");
    }
}
