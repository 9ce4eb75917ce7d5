package io.tmsprovisioner.report;

import io.tmsprovisioner.repository.RecordedOutcome;
import io.tmsprovisioner.input.Action;
import io.tmsprovisioner.provisioning.Outcome;
import io.tmsprovisioner.provisioning.RowOutcome;
import org.springframework.batch.core.BatchStatus;

import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Executions and outcome rows as the repository would hand them to a report, without a database. */
final class ReportFixtures {
    static final long EXECUTION = 12;
    static final long INSTANCE = 7;

    private ReportFixtures() {
    }

    static RecordedOutcome row(long line, String user, String system, Action action, Outcome outcome) {
        return new RecordedOutcome(EXECUTION, new RowOutcome(line, user, system, action, outcome, null, null, null, 1, 5,
                Instant.parse("2025-03-01T02:00:00Z")));
    }

    static RecordedOutcome failed(long line, String user, String system, int status, String code, String message) {
        return new RecordedOutcome(EXECUTION, new RowOutcome(line, user, system, Action.ESTABLISH, Outcome.FAILED, status,
                code, message, 1, 40, Instant.parse("2025-03-01T02:00:01Z")));
    }

    /** Our sentence for a refusal (from {@code RefusalAdvice}), as the Provisioner puts it before Tapis's answer. */
    static final String UNAUTH_SENTENCE = "the Tapis account running this tool may not act on this system or user: "
            + "it must own the system or be a tenant admin";

    /** Tapis's whole answer to that refusal, worded for its own developers. */
    static final String UNAUTH_TAPIS_TEXT = "SYSLIB_UNAUTH Permission denied. jwtTenant: designsafe jwtUserId: alice "
            + "OboTenant: designsafe OboUser: alice System: vista Operation: read";

    /** The message the Provisioner records for that refusal: our sentence, then Tapis's status and text. */
    static final String UNAUTH_MESSAGE = UNAUTH_SENTENCE + "; HTTP 403: " + UNAUTH_TAPIS_TEXT;

    /** A row FAILED because Tapis refused the caller, recorded as the Provisioner records it. */
    static RecordedOutcome refused(long line, String user, String system) {
        return failed(line, user, system, 403, "SYSLIB_UNAUTH", UNAUTH_MESSAGE);
    }

    static RecordedOutcome rejected(long line, String user, String system, Action action, String reason) {
        return new RecordedOutcome(EXECUTION, new RowOutcome(line, user, system, action, Outcome.REJECTED, null, null,
                reason, 1, 0, Instant.parse("2025-03-01T02:00:02Z")));
    }

    /** A completed execution whose counts are those of the given rows. */
    static ExecutionOverview execution(List<RecordedOutcome> rows, List<String> failures) {
        Map<Outcome, Long> counts = new EnumMap<>(Outcome.class);
        rows.forEach(r -> counts.merge(r.row().outcome(), 1L, Long::sum));
        return new ExecutionOverview(EXECUTION, INSTANCE, "ESTABLISH", "/data/cohort.csv", "https://tenant.tapis.io",
                BatchStatus.COMPLETED, LocalDateTime.of(2025, 3, 1, 2, 0, 0), LocalDateTime.of(2025, 3, 1, 2, 0, 42, 500_000_000),
                counts, counts, failures, false, List.of());
    }

    static OutcomeRows source(List<RecordedOutcome> rows) {
        return rows::forEach;
    }

    static String render(OutcomeReport.Format format, OutcomeSelection only, List<RecordedOutcome> rows) {
        StringWriter out = new StringWriter();
        OutcomeReport.write(format, only, execution(rows, List.of()), source(rows), out);
        return out.toString();
    }
}
