package io.tmsprovisioner.provisioning;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A {@link PairHistory} that says what a test tells it, per pair. */
final class RecordedHistory implements PairHistory {
    private final Map<String, Instant> refused = new HashMap<>();
    private final Map<String, Verification> verified = new HashMap<>();

    RecordedHistory keysRefused(String systemId, String username, Instant when) {
        refused.put(systemId + "/" + username, when);
        return this;
    }

    RecordedHistory verified(String systemId, String username, Instant when, long jobExecutionId) {
        verified.put(systemId + "/" + username, new Verification(when, jobExecutionId));
        return this;
    }

    @Override
    public Optional<Instant> keysRefused(String systemId, String username) {
        return Optional.ofNullable(refused.get(systemId + "/" + username));
    }

    @Override
    public Optional<Verification> lastVerified(String systemId, String username) {
        return Optional.ofNullable(verified.get(systemId + "/" + username));
    }
}
