package io.tmsprovisioner.provisioning;

import java.time.Instant;
import java.util.Optional;

/** What earlier runs recorded about a user's credential on a system, in any job instance of the repository. */
public interface PairHistory {
    /** For runs with no repository behind them. */
    PairHistory NONE = new PairHistory() {
        @Override
        public Optional<Instant> keysRefused(String systemId, String username) {
            return Optional.empty();
        }

        @Override
        public Optional<Verification> lastVerified(String systemId, String username) {
            return Optional.empty();
        }
    };

    /**
     * When an earlier run created TMS keys for the pair that the host then refused ({@link Outcome#KEYS_REFUSED}),
     * if nothing recorded since says a key of the pair worked or was removed; empty otherwise.
     */
    Optional<Instant> keysRefused(String systemId, String username);

    /**
     * When an earlier run against the same tenant last found the pair's credential working (present and
     * validated, or created and verified on the host), if that is the last word about it: no run recorded since
     * that it was removed, missing, refused or could not be verified; empty otherwise.
     */
    Optional<Verification> lastVerified(String systemId, String username);

    /** A run's finding that the pair's credential works: when, and in which execution. */
    record Verification(Instant at, long jobExecutionId) {
    }
}
