package io.tmsprovisioner.provisioning;

import io.tmsprovisioner.provisioning.calls.PacedCalls;
import io.tmsprovisioner.provisioning.calls.Retrying;
import io.tmsprovisioner.provisioning.calls.RowCalls;
import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.provisioning.AttemptJournal.PriorAttempts;
import io.tmsprovisioner.tapis.CredentialCheck;
import io.tmsprovisioner.tapis.SystemInfo;
import io.tmsprovisioner.tapis.TapisRefusalException;
import io.tmsprovisioner.tapis.TapisSystems;
import io.tmsprovisioner.tapis.TapisUnavailableException;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Does establish, remove and reset for one row: takes the steps {@link Rules} decide, from what is known of the row
 * so far, and gives each step's answer back to them until they decide the row's result.
 *
 * <p>Each step's calls go through the row's {@link RowCalls}, at the pace of {@link PacedCalls}, with the attempt
 * journal told before a create or remove is sent and after a remove is done (the run's guarded view of the client fences the sends).
 * Refusals for the row become FAILED outcomes. Transient failures are retried with backoff; a row
 * whose retries run out is FAILED while Tapis still answers other calls, and stops the job as an
 * outage when it does not. Authentication failures propagate: they are not the row's fault, and the job must stop with the
 * row left unprocessed for the resumed run.
 */
public final class Provisioner {
    /** What the message of keys created with {@code --no-verify} says, for later runs to tell them apart. */
    public static final String NOT_VERIFIED = "not verified on the host (--no-verify)";
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
        Result result = carryOut(Known.of(row, prior, options, history, clock.instant()), calls);
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

    /** Takes the steps the rules decide, each with its answer added to what is known, until the row is done. */
    private Result carryOut(Known known, RowCalls calls) {
        while (true) {
            Step step = Rules.next(known);
            if (step instanceof Step.Done done) {
                return done.result();
            }
            try {
                known = take(step, known, calls);
            } catch (TapisRefusalException | RowCalls.RetriesExhaustedException failure) {
                return Result.failed(failure, step.failureContext());
            }
        }
    }

    /** One step's calls, retried as the row's calls are; what is known of the row with their answer. */
    private Known take(Step step, Known known, RowCalls calls) {
        InputRow row = known.row();
        if (step instanceof Step.AskListing) {
            return known.withListed(listing.registered(row.username(), row.systemId(),
                    user -> calls.call(() -> tapis.systemsWithCredentials(user))));
        }
        if (step instanceof Step.GetSystem) {
            SystemInfo system = systems.lookup(row.systemId(), () -> calls.call(() -> tapis.getSystem(row.systemId())));
            return known.withSystem(system, systems.hostGivenUp(system));
        }
        if (step instanceof Step.Check || step instanceof Step.CheckEarlierCreate) {
            return known.withCheck(calls.call(() -> checkOnce(row, known.system())));
        }
        if (step instanceof Step.Verify) {
            return known.withVerification(calls.call(() -> checkOnce(row, known.system())));
        }
        if (step instanceof Step.Remove) {
            removeOnce(row, known.prior(), calls);
            return known.withRemoved();
        }
        if (step instanceof Step.Create) {
            journal.createSent(row.lineNumber());
            return known.withCreated(calls.once(
                    () -> paced.write(() -> tapis.createTmsKeys(row.systemId(), row.username())),
                    () -> checkOnce(row, known.system())));
        }
        throw new IllegalStateException("no call for " + step);
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

    /** At the host's pace; every check tells the run whether the host can be reached. */
    private CredentialCheck checkOnce(InputRow row, SystemInfo system) {
        CredentialCheck check = paced.check(system.hostOrId(),
                () -> tapis.checkCredential(row.systemId(), row.username()));
        systems.noteVerification(system, check.status());
        return check;
    }
}
