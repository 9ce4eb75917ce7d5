package io.tmsprovisioner.provisioning;

import io.tmsprovisioner.tapis.CredentialCheck;
import io.tmsprovisioner.tapis.SystemInfo;
import io.tmsprovisioner.tapis.TapisRefusalException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one run knows about each system, shared by its threads.
 *
 * <p>The answers to getSystem: each system is fetched once, by the first row that needs it, while rows of
 * the same system on other threads wait for that answer. A refusal (404 unknown system, 403) is
 * remembered like an answer, as its status, code and message (not the exception, whose stack trace would
 * stay for the run); a transient failure is not, so a later row asks again. The {@value #SYSTEMS_KEPT} systems
 * used last are kept: a file of many systems costs a bounded memory, and one sorted by system no more calls.
 *
 * <p>Whether its host can be reached: a check of a stored credential connects to the system's host, and after
 * {@value #UNREACHABLE_IN_A_ROW} answers in a row that it could not ({@code SYSLIB_CRED_CONN_FAIL}) the run gives
 * the host up, for every system on it: a host that is down costs a few calls, not a run of timeouts. An answer from
 * the host itself (a credential that works, or one it refused) ends the streak; an answer that never needed the
 * host ({@code SYSLIB_CRED_NOT_FOUND}) says nothing about it.
 */
public final class SystemDirectory {
    private static final Logger log = LoggerFactory.getLogger(SystemDirectory.class);
    static final int UNREACHABLE_IN_A_ROW = 5;
    static final int SYSTEMS_KEPT = 4096;

    private final boolean caching;
    /** In order of use, the least recently used first; guarded by itself. */
    private final Map<String, CompletableFuture<Answer>> systems = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Answer>> eldest) {
            return size() > SYSTEMS_KEPT;
        }
    };
    private final ConcurrentHashMap<String, Integer> unreachableStreaks = new ConcurrentHashMap<>();
    private final Set<String> hostsGivenUp = ConcurrentHashMap.newKeySet();

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

    /** Notes what a check said about the system's host. */
    void noteVerification(SystemInfo system, CredentialCheck.Status status) {
        String host = system.hostOrId();
        if (status == CredentialCheck.Status.UNREACHABLE) {
            if (unreachableStreaks.merge(host, 1, Integer::sum) >= UNREACHABLE_IN_A_ROW && hostsGivenUp.add(host)) {
                log.warn("Tapis could not reach host {} (of system {}) {} times in a row (SYSLIB_CRED_CONN_FAIL): "
                        + "the remaining establish and reset rows of its systems in this run fail without a call",
                        host, system.id(), UNREACHABLE_IN_A_ROW);
            }
        } else if (status.reachedHost()) {
            unreachableStreaks.remove(host);
        }
        // any other answer: the verify step did not reach the host, nor say it could not
    }

    /** Whether this run gave the system's host up as unreachable. */
    boolean hostGivenUp(SystemInfo system) {
        return hostsGivenUp.contains(system.hostOrId());
    }

    SystemInfo lookup(String systemId, Supplier<SystemInfo> fetch) {
        if (!caching) {
            return fetch.get();
        }
        while (true) {
            CompletableFuture<Answer> mine = new CompletableFuture<>();
            CompletableFuture<Answer> known;
            synchronized (systems) {
                known = systems.putIfAbsent(systemId, mine);
            }
            if (known == null) {
                return fetchInto(mine, systemId, fetch);
            }
            try {
                return known.join().system();
            } catch (CompletionException failed) {
                // the fetching row failed transiently and forgot the entry: ask again
            }
        }
    }

    private SystemInfo fetchInto(CompletableFuture<Answer> mine, String systemId, Supplier<SystemInfo> fetch) {
        try {
            SystemInfo info = fetch.get();
            mine.complete(new Answer(info, null));
            return info;
        } catch (TapisRefusalException refusal) {
            mine.complete(new Answer(null, new Refusal(refusal.httpStatus(), refusal.code(), refusal.tapisMessage())));
            throw refusal;
        } catch (RuntimeException transientFailure) {
            synchronized (systems) {
                systems.remove(systemId, mine);
            }
            mine.completeExceptionally(transientFailure);
            throw transientFailure;
        }
    }

    /** Tapis's refusal of getSystem, as kept. */
    private record Refusal(int httpStatus, String code, String tapisMessage) {
    }

    /** getSystem's answer: the system, or its refusal. */
    private record Answer(SystemInfo info, Refusal refusal) {
        SystemInfo system() {
            if (refusal != null) {
                throw new TapisRefusalException(refusal.httpStatus(), refusal.code(), refusal.tapisMessage());
            }
            return info;
        }
    }
}
