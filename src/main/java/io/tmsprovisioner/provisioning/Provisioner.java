package io.tmsprovisioner.provisioning;

import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.provisioning.AttemptJournal.PriorAttempts;
import io.tmsprovisioner.tapis.SystemInfo;
import io.tmsprovisioner.tapis.TapisRefusalException;
import io.tmsprovisioner.tapis.TapisSystems;

import java.time.Clock;

/**
 * What establish, remove and reset do for one row, as the Tapis contract prescribes.
 *
 * <p>Refusals for the row become FAILED outcomes. Authentication and availability failures propagate:
 * they are not the row's fault, and the job must stop with the row left unprocessed for the resumed run.
 */
public final class Provisioner {

    static final String NOT_CREATED_AGAIN = "an earlier, interrupted attempt sent a create for this row and the "
            + "credential does not verify now; not creating again, because each create mints new keys. "
            + "Check this user's credential on the system by hand";

    private final TapisSystems tapis;
    private final AttemptJournal journal;
    private final Clock clock;

    public Provisioner(TapisSystems tapis, AttemptJournal journal, Clock clock) {
        this.tapis = tapis;
        this.journal = journal;
        this.clock = clock;
    }

    public RowOutcome provision(InputRow row) {
        long started = System.nanoTime();
        if (row.verdict() != InputRow.Verdict.VALID) {
            Outcome outcome = row.verdict() == InputRow.Verdict.DUPLICATE ? Outcome.DUPLICATE : Outcome.REJECTED;
            return record(row, Result.of(outcome, row.reason()), 0, started);
        }
        PriorAttempts prior = journal.begin(row.lineNumber());
        Result result;
        try {
            result = switch (row.action()) {
                case ESTABLISH -> establish(row, prior);
                case REMOVE -> remove(row);
                case RESET -> reset(row, prior);
            };
        } catch (TapisRefusalException refusal) {
            result = Result.refused(refusal, "");
        }
        return record(row, result, prior.count() + 1, started);
    }

    private RowOutcome record(InputRow row, Result result, int attempts, long startedNanos) {
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        return new RowOutcome(row.lineNumber(), row.username(), row.systemId(), row.action(), result.outcome(),
                result.httpStatus(), result.tapisCode(), result.message(), attempts, millis, clock.instant());
    }

    private Result establish(InputRow row, PriorAttempts prior) {
        if (tapis.hasCredential(row.systemId(), row.username())) {
            return prior.createSent()
                    ? Result.of(Outcome.CREATED, "TMS keys created by an earlier, interrupted attempt; verified now")
                    : Result.of(Outcome.ALREADY_PRESENT, "credential exists and Tapis validated it");
        }
        if (prior.createSent()) {
            return Result.failed(NOT_CREATED_AGAIN);
        }
        SystemInfo system = tapis.getSystem(row.systemId());
        if (!system.usesTmsKeys()) {
            return Result.of(Outcome.NOT_TMS, "no valid credential, and the system's default authentication is "
                    + system.defaultAuthnMethod() + ", not TMS_KEYS: nothing created");
        }
        create(row);
        return Result.of(Outcome.CREATED, "credential was missing; TMS keys created");
    }

    private Result remove(InputRow row) {
        tapis.removeCredential(row.systemId(), row.username());
        return Result.of(Outcome.REMOVED, "credential removed");
    }

    private Result reset(InputRow row, PriorAttempts prior) {
        SystemInfo system = tapis.getSystem(row.systemId());
        if (!system.usesTmsKeys()) {
            // Removing here would leave the user with nothing this tool can recreate.
            return Result.of(Outcome.NOT_TMS, "the system's default authentication is "
                    + system.defaultAuthnMethod() + ", not TMS_KEYS: nothing removed");
        }
        if (prior.createSent()) {
            return tapis.hasCredential(row.systemId(), row.username())
                    ? Result.of(Outcome.RESET, "new TMS keys created by an earlier, interrupted attempt; verified now")
                    : Result.failed(NOT_CREATED_AGAIN);
        }
        tapis.removeCredential(row.systemId(), row.username());
        try {
            create(row);
        } catch (TapisRefusalException refusal) {
            return Result.refused(refusal, "credential removed, but creating new TMS keys failed: ");
        }
        return Result.of(Outcome.RESET, "credential removed and new TMS keys created");
    }

    private void create(InputRow row) {
        journal.createSent(row.lineNumber());
        tapis.createTmsKeys(row.systemId(), row.username());
    }

    private record Result(Outcome outcome, Integer httpStatus, String tapisCode, String message) {

        static Result of(Outcome outcome, String message) {
            return new Result(outcome, null, null, message);
        }

        static Result failed(String message) {
            return new Result(Outcome.FAILED, null, null, message);
        }

        static Result refused(TapisRefusalException refusal, String context) {
            return new Result(Outcome.FAILED, refusal.httpStatus(), refusal.code(),
                    context + "HTTP " + refusal.httpStatus() + ": " + refusal.tapisMessage());
        }
    }
}
