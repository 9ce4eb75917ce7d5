package io.tmsprovisioner.provisioning;

import java.time.Instant;
import java.util.Optional;

/** What earlier runs recorded about a user's credential on a system, in any job instance of the repository. */
@FunctionalInterface
public interface PairHistory {
    /** For runs with no repository behind them. */
    PairHistory NONE = (systemId, username) -> Optional.empty();

    /**
     * When an earlier run created TMS keys for the pair that the host then refused ({@link Outcome#KEYS_REFUSED}),
     * if nothing recorded since says a key of the pair worked or was removed; empty otherwise.
     */
    Optional<Instant> keysRefused(String systemId, String username);
}
