package io.tmsprovisioner.provisioning;

import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.provisioning.AttemptJournal.PriorAttempts;
import io.tmsprovisioner.tapis.CredentialCheck;
import io.tmsprovisioner.tapis.SystemInfo;
import io.tmsprovisioner.tapis.TapisRefusalException;
import io.tmsprovisioner.tapis.TapisSystems;
import io.tmsprovisioner.tapis.TapisUnavailableException;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What establish, remove and reset do for one row, as the Tapis contract prescribes.
 *
 * <p>New keys are minted exactly once: a create asks Tapis to store what TMS minted without connecting to
 * the host ({@code skipCredentialCheck}), and a check then tells whether the host takes them. So a host that
 * cannot be reached costs one key pair, which later runs find stored, not one per run; and a pair whose
 * replacement key the host refused too is not given another one by later runs (see {@link PairHistory}).
 *
 * <p>Refusals for the row become FAILED outcomes. Transient failures are retried with backoff; a row
 * whose retries run out is FAILED while Tapis still answers other calls, and stops the job as an
 * outage when it does not. Authentication failures propagate: they are not the row's fault, and the job must stop with the
 * row left unprocessed for the resumed run.
 */
public final class Provisioner {
    /**
     * After an interrupted attempt may have sent a create, what is stored is its keys (or, if the create never
     * reached Tapis, what it was replacing): only nothing stored lets a create go out again.
     */
    private static final String EARLIER_CREATE_SENT = " by an earlier, interrupted attempt";
    /** What the message of keys created with {@code --no-verify} says, for later runs to tell them apart. */
    public static final String NOT_VERIFIED = "not verified on the host (--no-verify)";
    private static final Created EARLIER_CREATE = new Created(Outcome.CREATED, "TMS keys created", "");
    private final TapisSystems tapis;
    private final AttemptJournal journal;
    private final PairHistory history;
    private final SystemDirectory systems;
    private final Retrying retrying;
    private final PacedCalls paced;
    private final Clock clock;
    private final ProvisioningOptions options;
    private final CredentialListing listing;
    /** The attempts of rows put off to be tried again, by line, for their outcome to count them. */
    private final Map<Long, Integer> triesPutOff = new ConcurrentHashMap<>();

    public Provisioner(TapisSystems tapis, AttemptJournal journal, PairHistory history, SystemDirectory systems,
                       Retrying retrying, PacedCalls paced, Clock clock, ProvisioningOptions options) {
        this(tapis, journal, history, systems, retrying, paced, clock, options, CredentialListing.off());
    }

    /** @param listing Tapis's listing of each user's systems with a credential, asked before a pair's check */
    public Provisioner(TapisSystems tapis, AttemptJournal journal, PairHistory history, SystemDirectory systems,
                       Retrying retrying, PacedCalls paced, Clock clock, ProvisioningOptions options,
                       CredentialListing listing) {
        this.listing = listing;
        this.tapis = tapis;
        this.journal = journal;
        this.history = history;
        this.systems = systems;
        this.retrying = retrying;
        this.paced = paced;
        this.clock = clock;
        this.options = options;
    }

    /** Does the row and says what it came to; a row whose calls were given up after transient failures is FAILED. */
    public RowOutcome provision(InputRow row) {
        return provision(row, false);
    }

    /**
     * Does the row and says what it came to.
     *
     * @param mayTryLater whether a row whose calls were given up after transient failures is to be tried again
     *                    later instead of recorded FAILED
     * @throws TryLaterException when it may, and they were
     */
    public RowOutcome provision(InputRow row, boolean mayTryLater) {
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
        int attempts = (prior.started() ? 2 : 1) + calls.retries() + triesPutOff.getOrDefault(row.lineNumber(), 0);
        if (mayTryLater && calls.gaveUp() && result.outcome() == Outcome.FAILED) {
            triesPutOff.put(row.lineNumber(), attempts);
            throw new TryLaterException(result.message());
        }
        triesPutOff.remove(row.lineNumber());
        return record(row, result, attempts, started);
    }

    private RowOutcome record(InputRow row, Result result, int attempts, long startedNanos) {
        long millis = (System.nanoTime() - startedNanos) / 1_000_000;
        return new RowOutcome(row.lineNumber(), row.username(), row.systemId(), row.action(), result.outcome(),
                result.httpStatus(), result.tapisCode(), result.message(), attempts, millis, clock.instant());
    }

    /**
     * A pair found working recently is passed over until its turn ({@link ReverifySchedule}); unless an earlier
     * attempt of the row started, which may have sent a create. Then, for a caller Tapis lets list a user's
     * credentials, a pair the listing names is present without a check ({@link CredentialListing}). Otherwise the
     * system comes first: its host is what a check connects to, and what the checks' pace is kept by.
     */
    private Result establish(InputRow row, PriorAttempts prior, RowCalls calls) {
        if (options.reverify().passesOverRecentPairs() && !prior.started()) {
            Optional<Result> recent = recentlyVerified(row);
            if (recent.isPresent()) {
                return recent.get();
            }
        }
        if (!prior.createSent() && listing.registered(row.username(), row.systemId(),
                user -> calls.call(() -> tapis.systemsWithCredentials(user)))) {
            return Result.of(Outcome.ALREADY_PRESENT, CredentialListing.REGISTERED);
        }
        SystemInfo system = system(row, calls);
        if (systems.hostGivenUp(system)) {
            return Result.hostGivenUp(row.systemId());
        }
        CredentialCheck check = check(row, system, calls);
        if (prior.createSent() && check.status() != CredentialCheck.Status.MISSING) {
            return EARLIER_CREATE.verifiedBy(check, EARLIER_CREATE_SENT);
        }
        return switch (check.status()) {
            case VALID -> Result.of(Outcome.ALREADY_PRESENT, "credential exists and Tapis validated it");
            // a credential is stored and may well be valid
            case UNREACHABLE, UNDETERMINED -> Result.inconclusive(row.systemId(), check);
            case MISSING -> newKeys(row, system, calls, new Created(Outcome.CREATED,
                    "credential was missing; TMS keys created", ""), "no credential is stored");
            case INVALID -> replaceRefused(row, system, calls, check);
        };
    }

    private Optional<Result> recentlyVerified(InputRow row) {
        Instant now = clock.instant();
        ReverifySchedule schedule = options.reverify();
        return history.lastVerified(row.systemId(), row.username())
                .filter(last -> !schedule.isDue(row.systemId(), row.username(), last.at(), now))
                .map(last -> Result.of(Outcome.RECENTLY_VERIFIED, "found working on "
                        + last.at().truncatedTo(ChronoUnit.SECONDS) + " (execution " + last.jobExecutionId()
                        + "); not checked again before its turn at "
                        + schedule.nextTurn(row.systemId(), row.username(), now).truncatedTo(ChronoUnit.SECONDS)
                        + " (--reverify-after " + schedule.describe() + ")"));
    }

    /**
     * The host refuses the stored key. It is replaced, once: when an earlier run's replacement was refused
     * too, the cause is the host or the account, and another key pair would only be refused again.
     */
    private Result replaceRefused(InputRow row, SystemInfo system, RowCalls calls, CredentialCheck check) {
        Optional<Instant> refusedBefore = options.replaceRefused() ? Optional.empty()
                : history.keysRefused(row.systemId(), row.username());
        if (refusedBefore.isPresent()) {
            return Result.verifyFailed(check, "the host refuses the stored key, as it refused the TMS keys created "
                    + "for this user on " + refusedBefore.get() + ": the account may not exist on the host, or its "
                    + "sshd is not set up for TMS; no new keys minted (--replace-refused asks for them); ");
        }
        return newKeys(row, system, calls, new Created(Outcome.CREATED,
                "the host refused the stored credential; new TMS keys created in its place", ""),
                "the stored credential does not work on the host");
    }

    /** Keys for a pair that has none that work, on a system that takes TMS keys; a dry run only says so. */
    private Result newKeys(InputRow row, SystemInfo system, RowCalls calls, Created created, String whyInDryRun) {
        if (!system.usesTmsKeys()) {
            return Result.of(Outcome.NOT_TMS, "no valid credential, and the system's default authentication is "
                    + system.defaultAuthnMethod() + ", not TMS_KEYS: nothing created");
        }
        if (system.tmsKeysRefusal() != null) {
            return Result.refusedBySystem(system, "");
        }
        if (options.dryRun()) {
            return Result.of(Outcome.WOULD_CREATE, whyInDryRun + "; a real run would create TMS keys");
        }
        return createAndVerify(row, system, calls, created);
    }

    /** A row a sync added (the pair left the roster) says so first. */
    private Result remove(InputRow row, PriorAttempts prior, RowCalls calls) {
        String why = row.reason() == null ? "" : row.reason() + ": ";
        if (options.dryRun()) {
            return Result.of(Outcome.WOULD_REMOVE, why + whatIsStored(row, calls) + "; a real run would remove "
                    + "whatever is stored");
        }
        removeOnce(row, prior, calls);
        return Result.of(Outcome.REMOVED, why + "credential removed");
    }

    /** For a dry run's remove: what a check says is stored. A host given up is not asked again. */
    private String whatIsStored(InputRow row, RowCalls calls) {
        SystemInfo system = system(row, calls);
        if (systems.hostGivenUp(system)) {
            return "the system's host was unreachable in this run, so whether a credential is stored is unknown";
        }
        CredentialCheck check = check(row, system, calls);
        return switch (check.status()) {
            case MISSING -> "nothing is stored";
            case VALID, INVALID -> "a credential is stored (" + check.status().name().toLowerCase(Locale.ROOT) + ")";
            case UNREACHABLE, UNDETERMINED -> "a credential is stored; Tapis could not verify it ("
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
        if (system.tmsKeysRefusal() != null) {
            return Result.refusedBySystem(system, "nothing removed: ");
        }
        if (systems.hostGivenUp(system)) {
            return Result.hostGivenUp(row.systemId());
        }
        if (options.dryRun()) {
            return Result.of(Outcome.WOULD_RESET, "the system uses TMS_KEYS; a real run would remove the credential "
                    + "and create new keys");
        }
        String removed = "credential removed; ";
        Created created = new Created(Outcome.RESET, "credential removed and new TMS keys created", removed);
        if (prior.createSent()) {
            CredentialCheck check = check(row, system, calls);
            if (check.status() != CredentialCheck.Status.MISSING) {
                return created.verifiedBy(check, EARLIER_CREATE_SENT);
            }
        } else {
            removeOnce(row, prior, calls);
        }
        try {
            return createAndVerify(row, system, calls, created);
        } catch (TapisRefusalException | RowCalls.RetriesExhaustedException failure) {
            return Result.failed(failure, "credential removed, but creating new TMS keys failed: ");
        }
    }

    /** A remove is never repeated for a row: a later row of the pair may have created the credential since. */
    private void removeOnce(InputRow row, PriorAttempts prior, RowCalls calls) {
        if (!prior.removed()) {
            journal.aboutToRemove(row.lineNumber());
            listing.removing(row.username(), row.systemId());
            calls.run(() -> paced.write(() -> tapis.removeCredential(row.systemId(), row.username())));
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

    private CredentialCheck check(InputRow row, SystemInfo system, RowCalls calls) {
        return calls.call(() -> checkOnce(row, system));
    }

    /** At the host's pace; every check tells the run whether the host can be reached. */
    private CredentialCheck checkOnce(InputRow row, SystemInfo system) {
        CredentialCheck check = paced.check(system.hostOrId(),
                () -> tapis.checkCredential(row.systemId(), row.username()));
        systems.noteVerification(system, check.status());
        return check;
    }

    private SystemInfo system(InputRow row, RowCalls calls) {
        return systems.lookup(row.systemId(), () -> calls.call(() -> tapis.getSystem(row.systemId())));
    }

    /**
     * Creates at most once, then checks the new keys on the host. A create whose answer was lost is repeated
     * only if a check finds nothing stored (see {@link RowCalls#once}); that check is then the verification.
     */
    private Result createAndVerify(InputRow row, SystemInfo system, RowCalls calls, Created created) {
        journal.createSent(row.lineNumber());
        RowCalls.Created sent = calls.once(() -> paced.write(() -> tapis.createTmsKeys(row.systemId(), row.username())),
                () -> checkOnce(row, system));
        if (sent.answerWasLost()) {
            return created.verifiedBy(sent.confirmation(), " (the answer was lost; a check found them stored)");
        }
        if (!options.verifyNewKeys()) {
            return Result.of(created.outcome(), created.message() + "; " + NOT_VERIFIED);
        }
        return created.verifiedBy(check(row, system, calls), "");
    }

    /**
     * What a row that created keys reports, by what the check of them said.
     *
     * @param outcome the outcome when the host takes them
     * @param message what was done, for that outcome
     * @param context what the row did before the create, for the other outcomes
     */
    private record Created(Outcome outcome, String message, String context) {

        /** @param how how the keys came to be checked, appended to the message */
        Result verifiedBy(CredentialCheck check, String how) {
            return switch (check.status()) {
                case VALID -> Result.of(outcome, message + how);
                case INVALID -> Result.verifyFailed(Outcome.KEYS_REFUSED, check, context + "TMS keys created and "
                        + "stored" + how + ", but the host refuses them: the account may not exist on the host yet, "
                        + "or its sshd is not set up for TMS; later runs mint no new keys for this user there "
                        + "while the host refuses them; ");
                case UNREACHABLE, UNDETERMINED -> Result.verifyFailed(Outcome.UNVERIFIED, check, context
                        + "TMS keys created and stored" + how + "; not verified: " + (check.status()
                        == CredentialCheck.Status.UNREACHABLE ? "Tapis could not reach the host" : "Tapis could "
                        + "not tell whether the host takes them") + " (" + Result.reason(check) + "); the next run "
                        + "checks them and mints no new ones while they are stored; ");
                case MISSING -> Result.verifyFailed(Outcome.FAILED, check, context + "TMS keys created" + how
                        + ", but a check right after finds nothing stored (removed meanwhile?); ");
            };
        }
    }

    private record Result(Outcome outcome, Integer httpStatus, String tapisCode, String message) {
        /** The code of a check's 401 that names no reason. */
        private static final String VALID_FAIL = "SYSAPI_CRED_VALID_FAIL";

        static Result of(Outcome outcome, String message) {
            return new Result(outcome, null, null, message);
        }

        /** A check that could not tell whether what is stored works: nothing may be created or replaced on it. */
        static Result inconclusive(String systemId, CredentialCheck check) {
            String why = check.status() == CredentialCheck.Status.UNREACHABLE
                    ? "a credential is stored, and Tapis could not reach the host of " + systemId + " to verify it"
                    : "a credential is stored, and Tapis could not verify it";
            return verifyFailed(check, why + " (" + reason(check) + "): nothing can be concluded, so nothing was "
                    + "changed; ");
        }

        static Result verifyFailed(CredentialCheck check, String context) {
            return verifyFailed(Outcome.FAILED, check, context);
        }

        static Result verifyFailed(Outcome outcome, CredentialCheck check, String context) {
            return new Result(outcome, 401, check.reasonCode() != null ? check.reasonCode() : VALID_FAIL,
                    context + "HTTP 401: " + check.message());
        }

        /** A system whose definition shows that Tapis would refuse to create TMS keys on it. */
        static Result refusedBySystem(SystemInfo system, String context) {
            String code = system.tmsKeysRefusal();
            return new Result(Outcome.FAILED, null, code, context + RefusalAdvice.explain(code).orElse(code)
                    + " (systemType " + system.systemType() + ", isDynamicEffectiveUser "
                    + system.dynamicEffectiveUser() + "); no create was sent");
        }

        /** A row of a system whose host this run gave up on: {@link RowOutcome#skipped}. */
        static Result hostGivenUp(String systemId) {
            return new Result(Outcome.FAILED, null, RowOutcome.HOST_UNREACHABLE, "skipped: host unreachable in this run ("
                    + "Tapis could not reach the host of " + systemId + " " + SystemDirectory.UNREACHABLE_IN_A_ROW
                    + " times in a row); nothing was sent or changed");
        }

        static String reason(CredentialCheck check) {
            return check.reasonCode() != null ? check.reasonCode() : "Tapis named no reason";
        }

        static Result failed(RuntimeException failure, String context) {
            if (failure instanceof TapisRefusalException refusal) {
                String explained = RefusalAdvice.explain(refusal.code()).map(sentence -> sentence + "; ").orElse("");
                return new Result(Outcome.FAILED, refusal.httpStatus(), refusal.code(),
                        context + explained + "HTTP " + refusal.httpStatus() + ": " + refusal.tapisMessage());
            }
            RowCalls.RetriesExhaustedException exhausted = (RowCalls.RetriesExhaustedException) failure;
            int status = exhausted.last.httpStatus();
            return new Result(Outcome.FAILED, status == 0 ? null : status, null, context + "Tapis unavailable, "
                    + exhausted.attempts + " attempts: " + exhausted.last.getMessage());
        }
    }
}
