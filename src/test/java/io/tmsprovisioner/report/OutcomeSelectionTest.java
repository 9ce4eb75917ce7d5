package io.tmsprovisioner.report;

import io.tmsprovisioner.provisioning.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutcomeSelectionTest {

    @Test
    void namesAreCommaSeparatedInAnyCase() {
        OutcomeSelection selection = OutcomeSelection.parse(" Failed ,REJECTED,already_present,");

        assertThat(selection.outcomes()).containsExactly(Outcome.ALREADY_PRESENT, Outcome.FAILED, Outcome.REJECTED);
        assertThat(selection.specified()).isTrue();
        assertThat(selection.includes(Outcome.FAILED)).isTrue();
        assertThat(selection.includes(Outcome.CREATED)).isFalse();
    }

    @Test
    void anUnknownNameIsRefusedWithTheValidOnes() {
        assertThatThrownBy(() -> OutcomeSelection.parse("failed,errored"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'errored'")
                .hasMessageContaining("already_present, created, not_tms, removed, reset, failed, unverified, keys_refused, rejected, duplicate");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ",", " , "})
    void anEmptyListIsRefused(String text) {
        assertThatThrownBy(() -> OutcomeSelection.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names no outcome")
                .hasMessageContaining("failed, unverified, keys_refused, rejected");
    }

    @Test
    void withoutOnlyTheFormatDecides() {
        assertThat(OutcomeSelection.UNSPECIFIED.orElse(OutcomeSelection.NEEDING_ATTENTION).outcomes())
                .containsExactly(Outcome.FAILED, Outcome.UNVERIFIED, Outcome.KEYS_REFUSED, Outcome.REJECTED);
        OutcomeSelection created = OutcomeSelection.parse("created");
        assertThat(created.orElse(OutcomeSelection.NEEDING_ATTENTION)).isSameAs(created);
    }
}
