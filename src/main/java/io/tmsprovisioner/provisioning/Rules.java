package io.tmsprovisioner.provisioning;

import io.tmsprovisioner.provisioning.calls.RowCalls;
import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.tapis.CredentialCheck;
import io.tmsprovisioner.tapis.SystemInfo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

/**
 * What establish, remove and reset do for one row, as the Tapis contract prescribes: from what is {@link Known} of
 * the row so far, its next {@link Step}. Nothing here calls Tapis; the {@link Provisioner} takes each step, with
 * its retries, pacing and journal, and asks again with the answer, until the row is {@link Step.Done}.
 *
 * <p>New keys are minted exactly once: a create asks Tapis to store what TMS minted without connecting to
 * the host ({@code skipCredentialCheck}), and a check then tells whether the host takes them. So a host that
 * cannot be reached costs one key pair, which later runs find stored, not one per run; and a pair whose
 * replacement key the host refused too is not given another one by later runs (see {@link PairHistory}).
 *
 * <p>A dry run takes the same decisions, and stops at the first step of the row's change (a remove, a create, or
 * the check of what an interrupted reset left): it says what a real run would do instead of sending it.
 */
final class Rules {
    /**
     * After an interrupted attempt may have sent a create, what is stored is its keys (or, if the create never
     * reached Tapis, what it was replacing): only nothing stored lets a create go out again.
     */
    private static final String EARLIER_CREATE_SENT = " by an earlier, interrupted attempt";
    /** What an establish says when the check finds that its earlier attempt's create stored no keys. */
    private static final String EARLIER_CREATE_STORED_NOTHING = "the create of an earlier, interrupted attempt "
            + "stored no keys; ";
    private static final String ANSWER_LOST = " (the answer was lost; a check found them stored)";
    private static final Created EARLIER_CREATE = new Created(Outcome.CREATED, "TMS keys created", "");
    private static final Created MISSING_CREATED = new Created(Outcome.CREATED,
            "credential was missing; TMS keys created", "");
    private static final Created REFUSED_REPLACED = new Created(Outcome.CREATED,
            "the host refused the stored credential; new TMS keys created in its place", "");
    private static final Created RESET_CREATED = new Created(Outcome.RESET,
            "credential removed and new TMS keys created", "credential removed; ");
    /** What a reset whose create (or the check of its keys) failed says it had done. */
    private static final String RESET_CREATE_FAILED = "credential removed, but creating new TMS keys failed: ";

    private Rules() {
    }

    /** The row's next step, from what is known of it so far. */
    static Step next(Known known) {
        Step step = switch (known.row().action()) {
            case ESTABLISH -> establish(known);
            case REMOVE -> remove(known);
            case RESET -> reset(known);
        };
        return known.options().dryRun() && step.partOfChange() ? insteadOfChange(known) : step;
    }

    /**
     * A pair found working recently is passed over until its turn ({@link ReverifySchedule}); unless an earlier
     * attempt of the row started, which may have sent a create. Then, for a caller Tapis lets list a user's
     * credentials, a pair the listing names is present without a check ({@link CredentialListing}). Otherwise the
     * system comes first: its host is what a check connects to, and what the checks' pace is kept by.
     */
    private static Step establish(Known known) {
        InputRow row = known.row();
        if (known.system() == null) {
            if (known.listed() == null) {
                if (known.options().reverify().passesOverRecentPairs() && !known.prior().started()) {
                    Optional<Result> recent = recentlyVerified(known);
                    if (recent.isPresent()) {
                        return new Step.Done(recent.get());
                    }
                }
                if (!known.prior().createSent()) {
                    return new Step.AskListing();
                }
            } else if (known.listed()) {
                return done(Outcome.ALREADY_PRESENT, CredentialListing.REGISTERED);
            }
            return new Step.GetSystem();
        }
        // a host given up is not asked again, unless an earlier attempt may have created keys: only a check tells
        if (known.hostGivenUp() && !known.prior().createSent()) {
            return new Step.Done(Result.hostGivenUp(row.systemId(), ""));
        }
        CredentialCheck check = known.check();
        if (check == null) {
            return new Step.Check();
        }
        if (known.created() != null) {
            return createAndVerify(known, check.status() == CredentialCheck.Status.MISSING ? MISSING_CREATED
                    : REFUSED_REPLACED, "");
        }
        if (known.prior().createSent() && check.status() != CredentialCheck.Status.MISSING) {
            return new Step.Done(EARLIER_CREATE.verifiedBy(check, EARLIER_CREATE_SENT));
        }
        if (known.hostGivenUp()) {
            return new Step.Done(Result.hostGivenUp(row.systemId(), EARLIER_CREATE_STORED_NOTHING));
        }
        return switch (check.status()) {
            case VALID -> done(Outcome.ALREADY_PRESENT, "credential exists and Tapis validated it");
            // a credential is stored and may well be valid
            case UNREACHABLE, UNDETERMINED -> new Step.Done(Result.inconclusive(row.systemId(), check));
            case MISSING -> newKeys(known, MISSING_CREATED);
            case INVALID -> replaceRefused(known);
        };
    }

    private static Optional<Result> recentlyVerified(Known known) {
        InputRow row = known.row();
        Instant now = known.now();
        ReverifySchedule schedule = known.options().reverify();
        return known.history().lastVerified(row.systemId(), row.username())
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
    private static Step replaceRefused(Known known) {
        InputRow row = known.row();
        Optional<Instant> refusedBefore = known.options().replaceRefused() ? Optional.empty()
                : known.history().keysRefused(row.systemId(), row.username());
        if (refusedBefore.isPresent()) {
            return new Step.Done(Result.verifyFailed(known.check(), "the host refuses the stored key, as it refused "
                    + "the TMS keys created for this user on " + refusedBefore.get() + ": the account may not exist "
                    + "on the host, or its sshd is not set up for TMS; no new keys minted (--replace-refused asks for "
                    + "them); "));
        }
        return newKeys(known, REFUSED_REPLACED);
    }

    /** Keys for a pair that has none that work, on a system that takes TMS keys. */
    private static Step newKeys(Known known, Created created) {
        SystemInfo system = known.system();
        if (!system.usesTmsKeys()) {
            return done(Outcome.NOT_TMS, "no valid credential, and the system's default authentication is "
                    + system.defaultAuthnMethod() + ", not TMS_KEYS: nothing created");
        }
        if (system.tmsKeysRefusal() != null) {
            return new Step.Done(Result.refusedBySystem(system, ""));
        }
        return createAndVerify(known, created, "");
    }

    /** A remove, once; the {@link Provisioner} does not send it again when an earlier attempt of the row did. */
    private static Step remove(Known known) {
        if (!known.removed()) {
            return new Step.Remove();
        }
        return done(Outcome.REMOVED, removalReason(known.row()) + "credential removed");
    }

    /** A row a sync added (the pair left the roster) says so first. */
    private static String removalReason(InputRow row) {
        return row.reason() == null ? "" : row.reason() + ": ";
    }

    private static Step reset(Known known) {
        SystemInfo system = known.system();
        if (system == null) {
            return new Step.GetSystem();
        }
        if (!system.usesTmsKeys()) {
            // Removing here would leave the user with nothing this tool can recreate.
            return done(Outcome.NOT_TMS, "the system's default authentication is "
                    + system.defaultAuthnMethod() + ", not TMS_KEYS: nothing removed");
        }
        if (system.tmsKeysRefusal() != null) {
            return new Step.Done(Result.refusedBySystem(system, "nothing removed: "));
        }
        // a host given up is not asked again; but an earlier attempt may have removed the credential, or created
        // keys, and the row must say so
        boolean earlierChange = known.prior().createSent() || known.prior().removed();
        if (known.hostGivenUp() && !earlierChange) {
            return new Step.Done(Result.hostGivenUp(known.row().systemId(), ""));
        }
        if (known.prior().createSent()) {
            CredentialCheck check = known.check();
            if (check == null) {
                return new Step.CheckEarlierCreate();
            }
            if (check.status() != CredentialCheck.Status.MISSING) {
                return new Step.Done(RESET_CREATED.verifiedBy(check, EARLIER_CREATE_SENT));
            }
        } else if (!known.removed()) {
            return new Step.Remove();
        }
        if (known.hostGivenUp()) {
            return new Step.Done(Result.hostGivenUp(known.row().systemId(), RESET_CREATE_FAILED));
        }
        return createAndVerify(known, RESET_CREATED, RESET_CREATE_FAILED);
    }

    /**
     * Creates at most once, then checks the new keys on the host. A create whose answer was lost is repeated
     * only if a check finds nothing stored (see {@link RowCalls#once}); that check is then the verification.
     */
    private static Step createAndVerify(Known known, Created created, String failureContext) {
        RowCalls.Created sent = known.created();
        if (sent == null) {
            return new Step.Create(failureContext);
        }
        if (sent.answerWasLost()) {
            return new Step.Done(created.verifiedBy(sent.confirmation(), ANSWER_LOST));
        }
        if (!known.options().verifyNewKeys()) {
            return done(created.outcome(), created.message() + "; " + Provisioner.NOT_VERIFIED);
        }
        if (known.verification() == null) {
            return new Step.Verify(failureContext);
        }
        return new Step.Done(created.verifiedBy(known.verification(), ""));
    }

    /** A dry run's result where a real run would start changing Tapis. */
    private static Step insteadOfChange(Known known) {
        return switch (known.row().action()) {
            case ESTABLISH -> done(Outcome.WOULD_CREATE, (known.check().status() == CredentialCheck.Status.MISSING
                    ? "no credential is stored" : "the stored credential does not work on the host")
                    + "; a real run would create TMS keys");
            case RESET -> done(Outcome.WOULD_RESET, "the system uses TMS_KEYS; a real run would remove the "
                    + "credential and create new keys");
            case REMOVE -> wouldRemove(known);
        };
    }

    /** A dry run's remove says what a check finds stored. A host given up is not asked again. */
    private static Step wouldRemove(Known known) {
        if (known.system() == null) {
            return new Step.GetSystem();
        }
        if (!known.hostGivenUp() && known.check() == null) {
            return new Step.Check();
        }
        return done(Outcome.WOULD_REMOVE, removalReason(known.row()) + whatIsStored(known) + "; a real run would "
                + "remove whatever is stored");
    }

    private static String whatIsStored(Known known) {
        if (known.hostGivenUp()) {
            return "the system's host was unreachable in this run, so whether a credential is stored is unknown";
        }
        CredentialCheck check = known.check();
        return switch (check.status()) {
            case MISSING -> "nothing is stored";
            case VALID, INVALID -> "a credential is stored (" + check.status().name().toLowerCase(Locale.ROOT) + ")";
            case UNREACHABLE, UNDETERMINED -> "a credential is stored; Tapis could not verify it ("
                    + Result.reason(check) + ")";
        };
    }

    private static Step done(Outcome outcome, String message) {
        return new Step.Done(Result.of(outcome, message));
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
}
