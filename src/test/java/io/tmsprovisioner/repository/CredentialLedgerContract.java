package io.tmsprovisioner.repository;

import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * What the ledger of the credentials the tool created must hold after a batch of outcomes, on every database the
 * job repository may live on: the state the outcomes leave when taken one by one, in order.
 */
abstract class CredentialLedgerContract {
    private static final String TENANT = "https://tacc.tapis.io";
    private static final String OTHER_TENANT = "https://designsafe.tapis.io";
    /** An earlier night's run, of roster A. */
    private static final ExecutionScope ROSTER_A = new ExecutionScope(1, 11, TENANT, "roster-a");
    /** Tonight's run, of roster B. */
    private static final ExecutionScope ROSTER_B = new ExecutionScope(2, 12, TENANT, "roster-b");
    private static final Instant NIGHT = Instant.parse("2026-12-01T02:00:00Z");

    private JdbcTemplate jdbc;
    private CredentialLedger ledger;

    /** A database with the project's schema; its ledger may hold earlier tests' rows. */
    abstract DataSource dataSource();

    @BeforeEach
    void emptyLedger() {
        jdbc = new JdbcTemplate(dataSource());
        ledger = new CredentialLedger(jdbc);
        jdbc.update("DELETE FROM PROVISIONING_CREDENTIAL");
    }

    /** An outcome of the user on stampede3, recorded {@code minute} minutes into the night. */
    private static RowOutcome row(String username, Outcome outcome, int minute) {
        return new RowOutcome(minute + 1, username, "stampede3", Action.ESTABLISH, outcome, null, null, null, 1, 10,
                NIGHT.plusSeconds(60L * minute));
    }

    /** Every entry, as {@code tenant system/user roster execution minute}, in key order. */
    private List<String> entries() {
        return jdbc.query("SELECT * FROM PROVISIONING_CREDENTIAL ORDER BY TAPIS_URL, SYSTEM_ID, USERNAME",
                (rs, n) -> rs.getString("TAPIS_URL") + " " + rs.getString("SYSTEM_ID") + "/"
                        + rs.getString("USERNAME") + " " + rs.getString("ROSTER") + " "
                        + rs.getLong("JOB_EXECUTION_ID") + " "
                        + (rs.getTimestamp("CREATED_AT").toInstant().getEpochSecond() - NIGHT.getEpochSecond()) / 60);
    }

    /** The entry of the user on stampede3 that the execution wrote at the minute, of the roster. */
    private static String entry(String username, String roster, ExecutionScope execution, int minute) {
        return execution.tapisUrl() + " stampede3/" + username + " " + roster + " " + execution.jobExecutionId() + " "
                + minute;
    }

    /** The entry of the user on stampede3 that the execution wrote at the minute, of its roster. */
    private static String entry(String username, ExecutionScope execution, int minute) {
        return entry(username, execution.roster(), execution, minute);
    }

    @Test
    void keysTheToolStoredMakeThePairTheRostersOwnWhoeverHadItBefore() {
        // given: roster A created amy's and ben's keys
        ledger.record(ROSTER_A, List.of(row("amy", Outcome.CREATED, 0), row("ben", Outcome.CREATED, 0)));

        // when: roster B's run stores keys for them and for cat, verified or not
        ledger.record(ROSTER_B, List.of(row("amy", Outcome.CREATED, 1), row("ben", Outcome.UNVERIFIED, 2),
                row("cat", Outcome.KEYS_REFUSED, 3), row("dan", Outcome.ALREADY_PRESENT, 4),
                row("eve", Outcome.FAILED, 5)));

        // then: found present or failed, a pair is not the tool's
        assertThat(entries()).containsExactly(entry("amy", ROSTER_B, 1), entry("ben", ROSTER_B, 2),
                entry("cat", ROSTER_B, 3));
        assertThat(ledger.createdFor(TENANT, "roster-b")).containsExactly(new CredentialLedger.Pair("stampede3", "amy"),
                new CredentialLedger.Pair("stampede3", "ben"), new CredentialLedger.Pair("stampede3", "cat"));
        assertThat(ledger.createdFor(TENANT, "roster-a")).isEmpty();
    }

    @Test
    void aResetKeepsTheRosterThatCreatedThePairsFirstKeysAndAnEntrylessPairBecomesTheRunsRosters() {
        // given
        ledger.record(ROSTER_A, List.of(row("amy", Outcome.CREATED, 0), row("cat", Outcome.CREATED, 0)));

        // when: one batch resets pairs with an entry and one without, between them
        ledger.record(ROSTER_B, List.of(row("amy", Outcome.RESET, 1), row("ben", Outcome.RESET, 2),
                row("cat", Outcome.RESET, 3)));

        // then
        assertThat(entries()).containsExactly(entry("amy", "roster-a", ROSTER_B, 1),
                entry("ben", ROSTER_B, 2), entry("cat", "roster-a", ROSTER_B, 3));
    }

    @Test
    void aRemovalForgetsThePair() {
        // given
        ledger.record(ROSTER_A, List.of(row("amy", Outcome.CREATED, 0), row("ben", Outcome.CREATED, 0)));

        // when: roster B removes amy's, and a pair the ledger never had
        ledger.record(ROSTER_B, List.of(row("amy", Outcome.REMOVED, 1), row("cat", Outcome.REMOVED, 2)));

        // then
        assertThat(entries()).containsExactly(entry("ben", ROSTER_A, 0));
    }

    static Stream<Arguments> twoRowsOfOnePair() {
        return Stream.of(
                arguments("remove, then create", List.of(Outcome.REMOVED, Outcome.CREATED), "roster-b", 2),
                arguments("create, then remove", List.of(Outcome.CREATED, Outcome.REMOVED), null, 0),
                arguments("create, then reset", List.of(Outcome.CREATED, Outcome.RESET), "roster-b", 2),
                arguments("remove, then reset", List.of(Outcome.REMOVED, Outcome.RESET), "roster-b", 2),
                arguments("reset, then reset", List.of(Outcome.RESET, Outcome.RESET), "roster-a", 2),
                arguments("reset, then remove", List.of(Outcome.RESET, Outcome.REMOVED), null, 0),
                arguments("reset, then keys refused", List.of(Outcome.RESET, Outcome.KEYS_REFUSED), "roster-b", 2),
                arguments("unverified, then failed", List.of(Outcome.UNVERIFIED, Outcome.FAILED), "roster-b", 1));
    }

    /**
     * The rows of one pair are done one after the other, and both may finish within one commit.
     *
     * @param roster what is left of the pair's entry (roster A's, to begin with): its roster, null for no entry
     * @param minute and the minute of the entry that tonight's run left
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("twoRowsOfOnePair")
    void twoRowsOfOnePairInOneBatchLeaveWhatTheyLeaveOneByOne(String name, List<Outcome> outcomes, String roster,
                                                             int minute) {
        List<RowOutcome> rows = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            rows.add(row("amy", outcome, rows.size() + 1));
        }
        List<String> expected = roster == null ? List.of() : List.of(entry("amy", roster, ROSTER_B, minute));

        // when: in one batch
        ledger.record(ROSTER_A, List.of(row("amy", Outcome.CREATED, 0)));
        ledger.record(ROSTER_B, rows);
        List<String> inOneBatch = entries();

        // and one by one
        jdbc.update("DELETE FROM PROVISIONING_CREDENTIAL");
        ledger.record(ROSTER_A, List.of(row("amy", Outcome.CREATED, 0)));
        rows.forEach(row -> ledger.record(ROSTER_B, List.of(row)));
        List<String> oneByOne = entries();

        // then
        assertThat(oneByOne).as("one by one").isEqualTo(expected);
        assertThat(inOneBatch).as("in one batch").isEqualTo(expected);
    }

    @Test
    void anExecutionWithoutARosterNotesNothing() {
        // given
        ledger.record(ROSTER_A, List.of(row("amy", Outcome.CREATED, 0)));

        // when: an execution launched by an earlier version, which named no roster
        ledger.record(new ExecutionScope(3, 13, TENANT, null), List.of(row("amy", Outcome.REMOVED, 1),
                row("ben", Outcome.CREATED, 2), row("cat", Outcome.RESET, 3)));

        // then
        assertThat(entries()).containsExactly(entry("amy", ROSTER_A, 0));
    }

    @Test
    void tenantsAreSeparateThoughTheyShareSystemAndUserNames() {
        // given: roster A created amy's keys on both tenants
        ExecutionScope otherTenant = new ExecutionScope(4, 14, OTHER_TENANT, "roster-a");
        ledger.record(ROSTER_A, List.of(row("amy", Outcome.CREATED, 0)));
        ledger.record(otherTenant, List.of(row("amy", Outcome.CREATED, 0)));

        // when: roster B removes amy's on the first and resets ben's there
        ledger.record(ROSTER_B, List.of(row("amy", Outcome.REMOVED, 1), row("ben", Outcome.RESET, 2)));

        // then
        assertThat(entries()).containsExactly(entry("amy", otherTenant, 0), entry("ben", ROSTER_B, 2));
        assertThat(ledger.createdFor(OTHER_TENANT, "roster-a")).containsExactly(
                new CredentialLedger.Pair("stampede3", "amy"));
        assertThat(ledger.createdFor(TENANT, "roster-a")).isEmpty();
    }
}
