package io.tmsprovisioner.provisioning;

import io.tmsprovisioner.tapis.SystemInfo;
import io.tmsprovisioner.tapis.TapisRefusalException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The answers to getSystem for one run: each system is fetched once, by the first row that needs it,
 * while rows of the same system on other threads wait for that answer. A refusal (404 unknown system,
 * 403) is remembered like an answer; a transient failure is not, so a later row asks again.
 */
public final class SystemDirectory {
    private final boolean caching;
    private final ConcurrentHashMap<String, CompletableFuture<SystemInfo>> systems = new ConcurrentHashMap<>();

    private SystemDirectory(boolean caching) {
        this.caching = caching;
    }

    public static SystemDirectory caching() {
        return new SystemDirectory(true);
    }

    /** Asks Tapis for every row, as the per-user helper did: for comparison only. */
    public static SystemDirectory uncached() {
        return new SystemDirectory(false);
    }

    SystemInfo lookup(String systemId, Supplier<SystemInfo> fetch) {
        if (!caching) {
            return fetch.get();
        }
        while (true) {
            CompletableFuture<SystemInfo> mine = new CompletableFuture<>();
            CompletableFuture<SystemInfo> known = systems.putIfAbsent(systemId, mine);
            if (known == null) {
                return fetchInto(mine, systemId, fetch);
            }
            try {
                return known.join();
            } catch (CompletionException failed) {
                if (failed.getCause() instanceof TapisRefusalException refusal) {
                    throw refusal;
                }
                // the fetching row failed transiently and forgot the entry: ask again
            }
        }
    }

    private SystemInfo fetchInto(CompletableFuture<SystemInfo> mine, String systemId, Supplier<SystemInfo> fetch) {
        try {
            SystemInfo info = fetch.get();
            mine.complete(info);
            return info;
        } catch (TapisRefusalException refusal) {
            mine.completeExceptionally(refusal);
            throw refusal;
        } catch (RuntimeException transientFailure) {
            systems.remove(systemId, mine);
            mine.completeExceptionally(transientFailure);
            throw transientFailure;
        }
    }
}
