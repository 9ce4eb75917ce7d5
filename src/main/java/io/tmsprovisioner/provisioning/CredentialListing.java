package io.tmsprovisioner.provisioning;

import io.tmsprovisioner.provisioning.calls.RowCalls;
import io.tmsprovisioner.tapis.TapisRefusalException;
import io.tmsprovisioner.tapis.TapisUnavailableException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * Existence without SSH: Tapis's listing of the systems where a user has a credential registered
 * ({@code getSystems?hasCredentials=true&impersonationId=U}, see {@code docs/tapis-api.md}, "getSystems: the
 * credential listing"). An establish row whose system is in its user's listing is present; any other row takes the
 * usual check, which costs no SSH connection when nothing is stored. A listed pair is registered, not known to work;
 * an unlisted one may be stored all the same (Systems leaves {@code TMS_KEYS} out of {@code hasCredentials}).
 *
 * <p>One listing per user per run: a bounded cache by user name, with one call in flight per user, shared by the
 * threads that want it. Only tenant admins may impersonate, and the first listing decides it for the run: until one
 * has answered, the others wait for it instead of sending their own, so a caller who may not costs one refusal. Any
 * refusal (the 403 {@code SYSLIB_UNAUTH_IMPERSONATE}, an answer that does not confirm the filter) turns the listing
 * off for the rest of the run; a transient failure leaves that user's rows to the usual check. Thread-safe.
 */
public final class CredentialListing {
    /** What an establish row found in the listing reports. */
    public static final String REGISTERED = "credential registered per Tapis's listing of the user's systems "
            + "(hasCredentials); not checked over SSH";
    /** Users whose listing is kept; rows of a user are usually close together. */
    static final int DEFAULT_USERS = 4096;

    private enum State { OFF, UNDECIDED, IN_USE, REFUSED }

    private final int users;
    private final Object decision = new Object();
    private final Map<String, CompletableFuture<Set<String>>> byUser;
    /** Pairs ({@code system/user}) a remove of this run may have emptied: the listing may predate it. */
    private final Set<String> removed = ConcurrentHashMap.newKeySet();
    private final LongAdder listings = new LongAdder();
    private final LongAdder found = new LongAdder();
    private volatile State state;
    private volatile String refusal;

    private CredentialListing(State state, int users) {
        this.state = state;
        this.users = users;
        this.byUser = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Set<String>>> eldest) {
                return size() > CredentialListing.this.users;
            }
        };
    }

    /** A listing to be tried: the first listing tells whether the caller may impersonate. */
    public static CredentialListing tried() {
        return new CredentialListing(State.UNDECIDED, DEFAULT_USERS);
    }

    static CredentialListing tried(int users) {
        return new CredentialListing(State.UNDECIDED, users);
    }

    /** No listing: every pair is checked ({@code --no-listing}). */
    public static CredentialListing off() {
        return new CredentialListing(State.OFF, 0);
    }

    /**
     * Whether Tapis's listing of the user's systems names this one, asking for the listing when this run has not yet.
     *
     * @param fetch the listing call ({@code TapisSystems.systemsWithCredentials}), retried as the row's reads are
     * @throws RuntimeException what {@code fetch} throws other than a refusal or a transient failure (the job stops,
     *                          or the row is abandoned, as for any read), also to the threads that waited for it
     */
    public boolean registered(String username, String systemId, Function<String, Set<String>> fetch) {
        State now = state;
        if (now == State.OFF || now == State.REFUSED || removed.contains(pair(systemId, username))) {
            return false;
        }
        Set<String> systems = systemsOf(username, fetch);
        boolean listed = systems != null && systems.contains(systemId) && !removed.contains(pair(systemId, username));
        if (listed) {
            found.increment();
        }
        return listed;
    }

    /** A remove of the pair is about to be sent: from now on its listing, which may predate the remove, is not used. */
    public void removing(String username, String systemId) {
        removed.add(pair(systemId, username));
    }

    /** Whether listings answered in this run: the caller may impersonate. */
    public boolean inUse() {
        return state == State.IN_USE;
    }

    /** How existence was decided in this run, for its summary. */
    public String summary() {
        return switch (state) {
            case IN_USE -> "Tapis listing (caller may impersonate): " + listings.sum() + " user(s) listed, "
                    + found.sum() + " row(s) found registered without an SSH check; rows not listed were checked";
            case OFF -> "SSH check per pair (--no-listing)";
            case REFUSED -> "SSH check per pair (Tapis's listing refused: " + refusal + ")";
            case UNDECIDED -> "SSH check per pair (no listing was answered)";
        };
    }

    private Set<String> systemsOf(String username, Function<String, Set<String>> fetch) {
        CompletableFuture<Set<String>> mine = new CompletableFuture<>();
        CompletableFuture<Set<String>> existing;
        synchronized (byUser) {
            existing = byUser.putIfAbsent(username, mine);
        }
        if (existing != null) {
            return awaited(existing);
        }
        try {
            Set<String> systems = decided(username, fetch);
            mine.complete(systems);
            return systems;
        } catch (RuntimeException | Error failure) {
            synchronized (byUser) {
                byUser.remove(username, mine);
            }
            mine.completeExceptionally(failure);
            throw failure;
        }
    }

    /** Until a listing has answered, one thread at a time asks; the others wait for its verdict. */
    private Set<String> decided(String username, Function<String, Set<String>> fetch) {
        if (state == State.UNDECIDED) {
            synchronized (decision) {
                if (state == State.UNDECIDED) {
                    return ask(username, fetch);
                }
            }
        }
        return state == State.IN_USE ? ask(username, fetch) : null;
    }

    /** The user's listing; null when there is none to use (refused, or failed transiently). */
    private Set<String> ask(String username, Function<String, Set<String>> fetch) {
        try {
            Set<String> systems = Set.copyOf(fetch.apply(username));
            listings.increment();
            synchronized (decision) {
                if (state == State.UNDECIDED) {
                    state = State.IN_USE;
                }
            }
            return state == State.IN_USE ? systems : null;
        } catch (TapisRefusalException refused) {
            synchronized (decision) {
                refusal = "SYSLIB_UNAUTH_IMPERSONATE".equals(refused.code())
                        ? "the caller may not impersonate users, only tenant admins may (HTTP 403 SYSLIB_UNAUTH_IMPERSONATE)"
                        : refused.getMessage();
                state = State.REFUSED;
            }
            return null;
        } catch (TapisUnavailableException | RowCalls.RetriesExhaustedException transientFailure) {
            return null;
        }
    }

    private static Set<String> awaited(CompletableFuture<Set<String>> listing) {
        try {
            return listing.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (failed.getCause() instanceof Error cause) {
                throw cause;
            }
            throw new IllegalStateException(failed.getCause());
        }
    }

    private static String pair(String systemId, String username) {
        return systemId + "/" + username;
    }
}
