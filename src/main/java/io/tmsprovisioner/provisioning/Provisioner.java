package io.tmsprovisioner.provisioning;

import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.provisioning.AttemptJournal.PriorAttempts;
import io.tmsprovisioner.tapis.CredentialCheck;
import io.tmsprovisioner.tapis.SystemInfo;
import io.tmsprovisioner.tapis.TapisRefusalException;
import io.tmsprovisioner.tapis.TapisSystems;
import io.tmsprovisioner.tapis.TapisUnavailableException;

import java.time.Clock;
import java.util.Locale;

/**
 * What establish, remove and reset do for one row, as the Tapis contract prescribes.
 *
 * <p>Refusals for the row become FAILED outcomes. Transient failures are retried with backoff; a row
 * whose retries run out is FAILED while Tapis still answers other calls, and stops the job as an
 * outage when it does not. Authentication failures propagate: they are not the row's fault, and the job must stop with the
 * row left unprocessed for the resumed run.
 */
public final class Provisioner {
    private final TapisSystems tapis;
    private final AttemptJournal journal;
    private final SystemDirectory systems;
    private final Retrying retrying;
    private final Clock clock;
    private final boolean dryRun;

    /** @param dryRun send only checks and getSystem, and say what a real run would do */
    public Provisioner(TapisSystems tapis, AttemptJournal journal, SystemDirectory systems, Retrying retrying,
                       Clock clock, boolean dryRun) {
        this.tapis = tapis;
        this.journal = journal;
        this.systems = systems;
        this.retrying = retrying;
        this.clock = clock;
        this.dryRun = dryRun;
    }

    public RowOutcome provision(InputRow row) {
        long started = System.nanoTime();
        if (row.verdict() != InputRow.Verdict.VALID) {
            Outcome outcome = row.verdict() == InputRow.Verdict.DUPLICATE ? Outcome.DUPLICATE : Outcome.REJECTED;
            return record(row, Result.of(outcome, row.reason()), 0, started);
        }
        PriorAttempts prior = journal.begin(row.lineNumber());
        if (prior.finished() != null) {
            return prior.finished(); // done before the crash, with Tapis's state as it then left it
        }
        RowCalls calls = retrying.forRow(() -> answers(row.systemId()));
        Result result;
        try {
            result = switch (row.action()) {
                case ESTABLISH -> establish(row, prior, calls);
                case REMOVE -> remove(row, prior, calls);
                case RESET -> reset(row, prior, calls);
            };
        } catch (TapisRefusalException | RowCalls.RetriesExhaustedException failure) {
            result = Result.failed(failure, "");
        }
        return record(row, result, (prior.started() ? 2 : 1) + calls.retries(), started);
    }

    private RowOutcome record(InputRow row, Result result, int attempts, long startedNanos) {
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        return new RowOutcome(row.lineNumber(), row.username(), row.systemId(), row.action(), result.outcome(),
                result.httpStatus(), result.tapisCode(), result.message(), attempts, millis, clock.instant());
    }

    private Result establish(InputRow row, PriorAttempts prior, RowCalls calls) {
        if (systems.hostGivenUp(row.systemId())) {
            return Result.hostGivenUp(row.systemId());
        }
        CredentialCheck check = check(row, calls);
        if (check.isValid()) {
            return prior.createSent()
                    ? Result.of(Outcome.CREATED, "TMS keys created by an earlier, interrupted attempt; verified now")
                    : Result.of(Outcome.ALREADY_PRESENT, "credential exists and Tapis validated it");
        }
        if (!check.status().isConclusive()) {
            return Result.inconclusive(row.systemId(), check); // a credential may well be stored and valid
        }
        if (prior.createSent() && check.status() == CredentialCheck.Status.INVALID) {
            return Result.notVerified(check, "");
        }
        SystemInfo system = system(row, calls);
        if (!system.usesTmsKeys()) {
            return Result.of(Outcome.NOT_TMS, "no valid credential, and the system's default authentication is "
                    + system.defaultAuthnMethod() + ", not TMS_KEYS: nothing created");
        }
        boolean missing = check.status() == CredentialCheck.Status.MISSING;
        if (dryRun) {
            return Result.of(Outcome.WOULD_CREATE, (missing ? "no credential is stored"
                    : "the stored credential does not work on the host") + "; a real run would create TMS keys");
        }
        return create(row, calls, Outcome.CREATED, missing ? "credential was missing; TMS keys created"
                : "the host refused the stored credential; new TMS keys created in its place", "");
    }

    private Result remove(InputRow row, PriorAttempts prior, RowCalls calls) {
        if (dryRun) {
            return Result.of(Outcome.WOULD_REMOVE, whatIsStored(row, calls) + "; a real run would remove "
                    + "whatever is stored");
        }
        removeOnce(row, prior, calls);
        return Result.of(Outcome.REMOVED, "credential removed");
    }

    /** For a dry run's remove: what a check says is stored. A host given up is not asked again. */
    private String whatIsStored(InputRow row, RowCalls calls) {
        if (systems.hostGivenUp(row.systemId())) {
            return "the system's host was unreachable in this run, so whether a credential is stored is unknown";
        }
        CredentialCheck check = check(row, calls);
        return switch (check.status()) {
            case MISSING -> "nothing is stored";
            case VALID, INVALID -> "a credential is stored (" + check.status().name().toLowerCase(Locale.ROOT) + ")";
            case UNREACHABLE, UNDETERMINED -> "Tapis could not tell whether a credential is stored ("
                    + Result.reason(check) + ")";
        };
    }

    private Result reset(InputRow row, PriorAttempts prior, RowCalls calls) {
        SystemInfo system = system(row, calls);
        if (!system.usesTmsKeys()) {
            // Removing here would leave the user with nothing this tool can recreate.
            return Result.of(Outcome.NOT_TMS, "the system's default authentication is "
                    + system.defaultAuthnMethod() + ", not TMS_KEYS: nothing removed");
        }
        if (systems.hostGivenUp(row.systemId())) {
            return Result.hostGivenUp(row.systemId());
        }
        if (dryRun) {
            return Result.of(Outcome.WOULD_RESET, "the system uses TMS_KEYS; a real run would remove the credential "
                    + "and create new keys");
        }
        String removed = "credential removed; ";
        if (prior.createSent()) {
            CredentialCheck check = check(row, calls);
            if (check.isValid()) {
                return Result.of(Outcome.RESET, "new TMS keys created by an earlier, interrupted attempt; verified now");
            }
            if (check.status() != CredentialCheck.Status.MISSING) {
                return Result.notVerified(check, removed); // the earlier create's keys are stored, or may be
            }
        } else {
            removeOnce(row, prior, calls);
        }
        try {
            return create(row, calls, Outcome.RESET, "credential removed and new TMS keys created", removed);
        } catch (TapisRefusalException | RowCalls.RetriesExhaustedException failure) {
            return Result.failed(failure, "credential removed, but creating new TMS keys failed: ");
        }
    }

    /** A remove is never repeated for a row: a later row of the pair may have created the credential since. */
    private void removeOnce(InputRow row, PriorAttempts prior, RowCalls calls) {
        if (!prior.removed()) {
            journal.aboutToRemove(row.lineNumber());
            calls.run(() -> tapis.removeCredential(row.systemId(), row.username()));
            journal.removed(row.lineNumber());
        }
    }

    /** Whether Tapis gives any definite answer (a refusal counts) to a cheap read, asked once. */
    private boolean answers(String systemId) {
        try {
            tapis.getSystem(systemId);
            return true;
        } catch (TapisRefusalException refusal) {
            return true;
        } catch (TapisUnavailableException unavailable) {
            return false;
        }
    }

    private CredentialCheck check(InputRow row, RowCalls calls) {
        return calls.call(() -> noted(row, tapis.checkCredential(row.systemId(), row.username())));
    }

    /** Every answer of the verify step tells the run whether the system's host can be reached. */
    private CredentialCheck noted(InputRow row, CredentialCheck verification) {
        systems.noteVerification(row.systemId(), verification.status());
        return verification;
    }

    private SystemInfo system(InputRow row, RowCalls calls) {
        return systems.lookup(row.systemId(), () -> calls.call(() -> tapis.getSystem(row.systemId())));
    }

    /**
     * Creates at most once: a create whose answer was lost is repeated only if a check finds nothing
     * stored. Keys stored that the verify step could not confirm (the host refused them, could not be
     * reached, or Tapis gave another reason) end the row FAILED, as Tapis's own answer to the create would.
     * Known limit, for a reset: removal is not instant on TMS systems, so a check right after the remove
     * may still see the old credential and take it for the new one; the API cannot tell them apart.
     */
    private Result create(InputRow row, RowCalls calls, Outcome success, String message, String failureContext) {
        journal.createSent(row.lineNumber());
        RowCalls.Created created = calls.once(() -> noted(row, tapis.createTmsKeys(row.systemId(), row.username())),
                () -> noted(row, tapis.checkCredential(row.systemId(), row.username())));
        if (!created.verification().isValid()) {
            return Result.notVerified(created.verification(), failureContext);
        }
        return Result.of(success, created.answerWasLost() ? message + " (the answer was lost; a check confirmed it)"
                : message);
    }

    private record Result(Outcome outcome, Integer httpStatus, String tapisCode, String message) {
        private static final String VALID_FAIL = "SYSAPI_CRED_VALID_FAIL";

        static Result of(Outcome outcome, String message) {
            return new Result(outcome, null, null, message);
        }

        /** A check that could not tell what is stored: nothing may be created or replaced on it. */
        static Result inconclusive(String systemId, CredentialCheck check) {
            String why = check.status() == CredentialCheck.Status.UNREACHABLE
                    ? "Tapis could not reach the host of " + systemId + " to verify the credential"
                    : "Tapis could not verify the credential";
            return verifyFailed(check, why + " (" + reason(check) + "): nothing can be concluded, so nothing was "
                    + "changed; ");
        }

        /** Keys stored (by this row's create, or an earlier attempt's) that the verify step did not confirm. */
        static Result notVerified(CredentialCheck check, String context) {
            if (check.status() == CredentialCheck.Status.INVALID) {
                return verifyFailed(check, context);
            }
            String why = check.status() == CredentialCheck.Status.UNREACHABLE ? ": host unreachable" : "";
            return verifyFailed(check, context + "keys stored, not verified" + why + " (" + reason(check)
                    + "); a later run checks them instead of creating again; ");
        }

        /** A row of a system whose host this run gave up on. */
        static Result hostGivenUp(String systemId) {
            return new Result(Outcome.FAILED, null, "SYSLIB_CRED_CONN_FAIL", "skipped: host unreachable in this run ("
                    + "Tapis could not reach the host of " + systemId + " " + SystemDirectory.UNREACHABLE_IN_A_ROW
                    + " times in a row); nothing was sent or changed");
        }

        static String reason(CredentialCheck check) {
            return check.reasonCode() != null ? check.reasonCode() : "Tapis named no reason";
        }

        private static Result verifyFailed(CredentialCheck check, String context) {
            return new Result(Outcome.FAILED, 401, check.reasonCode() != null ? check.reasonCode() : VALID_FAIL,
                    context + "HTTP 401: " + check.message());
        }

        static Result failed(RuntimeException failure, String context) {
            if (failure instanceof TapisRefusalException refusal) {
                return new Result(Outcome.FAILED, refusal.httpStatus(), refusal.code(),
                        context + "HTTP " + refusal.httpStatus() + ": " + refusal.tapisMessage());
            }
            RowCalls.RetriesExhaustedException exhausted = (RowCalls.RetriesExhaustedException) failure;
            int status = exhausted.last.httpStatus();
            return new Result(Outcome.FAILED, status == 0 ? null : status, null, context + "Tapis unavailable, "
                    + exhausted.attempts + " attempts: " + exhausted.last.getMessage());
        }
    }
}
