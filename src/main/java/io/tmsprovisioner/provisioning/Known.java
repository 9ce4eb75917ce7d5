package io.tmsprovisioner.provisioning;

import io.tmsprovisioner.provisioning.calls.RowCalls;
import io.tmsprovisioner.input.InputRow;
import io.tmsprovisioner.provisioning.AttemptJournal.PriorAttempts;
import io.tmsprovisioner.tapis.CredentialCheck;
import io.tmsprovisioner.tapis.SystemInfo;

import java.time.Instant;

/**
 * What is known of one row so far, for {@link Rules} to decide its next step: the row and how the run treats it,
 * and the answers of the steps taken.
 *
 * @param prior        what earlier attempts of the row did, per the attempt journal
 * @param now          when the row started, for the pair's turn to be checked again
 * @param listed       whether Tapis's listing names the pair; null until asked
 * @param system       the system's definition; null until fetched
 * @param hostGivenUp  whether, when the system was fetched, this run had given its host up
 * @param check        what a check of what is stored said before any change; null until checked
 * @param removed      whether this attempt's remove step is done (sent, or done by an earlier attempt)
 * @param created      what the create came to; null until sent
 * @param verification what the check of the new keys said; null until checked
 */
record Known(InputRow row, PriorAttempts prior, ProvisioningOptions options, PairHistory history, Instant now,
             Boolean listed, SystemInfo system, boolean hostGivenUp, CredentialCheck check, boolean removed,
             RowCalls.Created created, CredentialCheck verification) {

    /** A row about to be decided: nothing asked yet. */
    static Known of(InputRow row, PriorAttempts prior, ProvisioningOptions options, PairHistory history, Instant now) {
        return new Known(row, prior, options, history, now, null, null, false, null, false, null, null);
    }

    Known withListed(boolean registered) {
        return new Known(row, prior, options, history, now, registered, system, hostGivenUp, check, removed,
                created, verification);
    }

    Known withSystem(SystemInfo info, boolean givenUp) {
        return new Known(row, prior, options, history, now, listed, info, givenUp, check, removed, created,
                verification);
    }

    Known withCheck(CredentialCheck answer) {
        return new Known(row, prior, options, history, now, listed, system, hostGivenUp, answer, removed, created,
                verification);
    }

    Known withRemoved() {
        return new Known(row, prior, options, history, now, listed, system, hostGivenUp, check, true, created,
                verification);
    }

    Known withCreated(RowCalls.Created sent) {
        return new Known(row, prior, options, history, now, listed, system, hostGivenUp, check, removed, sent,
                verification);
    }

    Known withVerification(CredentialCheck answer) {
        return new Known(row, prior, options, history, now, listed, system, hostGivenUp, check, removed, created,
                answer);
    }
}
