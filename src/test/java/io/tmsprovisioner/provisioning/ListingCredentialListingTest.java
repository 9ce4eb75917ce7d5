package io.tmsprovisioner.provisioning;

import io.tmsprovisioner.tapis.TapisOutageException;
import io.tmsprovisioner.tapis.TapisRefusalException;
import io.tmsprovisioner.tapis.TapisUnavailableException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link CredentialListing} without Spring or Tapis: one listing per user, the caller's permission decided once. */
class ListingCredentialListingTest {
    private static final Map<String, Set<String>> TAPIS = Map.of("jdoe", Set.of("stampede3", "frontera"),
            "asmith", Set.of("ls6"));

    /** A Tapis that lists {@link #TAPIS} and counts the listings, by user. */
    private static final class Listings implements Function<String, Set<String>> {
        final List<String> asked = Collections.synchronizedList(new ArrayList<>());

        @Override
        public Set<String> apply(String user) {
            asked.add(user);
            return TAPIS.getOrDefault(user, Set.of());
        }
    }

    @Test
    void aListedPairIsRegisteredAndEachUserIsListedOnce() {
        CredentialListing listing = CredentialListing.tried();
        Listings tapis = new Listings();

        assertThat(listing.registered("jdoe", "stampede3", tapis)).isTrue();
        assertThat(listing.registered("jdoe", "frontera", tapis)).isTrue();
        assertThat(listing.registered("jdoe", "ls6", tapis)).as("not listed: the usual check").isFalse();
        assertThat(listing.registered("asmith", "ls6", tapis)).isTrue();
        assertThat(listing.registered("nobody", "ls6", tapis)).isFalse();

        assertThat(tapis.asked).containsExactly("jdoe", "asmith", "nobody");
        assertThat(listing.inUse()).isTrue();
        assertThat(listing.summary()).startsWith("Tapis listing (caller may impersonate): 3 user(s) listed, 3 row(s)");
    }

    @Test
    void theImpersonationRefusalTurnsTheListingOffForTheRunAfterOneCall() {
        CredentialListing listing = CredentialListing.tried();
        AtomicInteger calls = new AtomicInteger();
        Function<String, Set<String>> ownerCaller = user -> {
            calls.incrementAndGet();
            throw new TapisRefusalException(403, "SYSLIB_UNAUTH_IMPERSONATE", "SYSLIB_UNAUTH_IMPERSONATE Authorization "
                    + "denied. Only authorized services may impersonate a Tapis user.");
        };

        assertThat(listing.registered("jdoe", "stampede3", ownerCaller)).isFalse();
        assertThat(listing.registered("jdoe", "frontera", ownerCaller)).isFalse();
        assertThat(listing.registered("asmith", "ls6", ownerCaller)).isFalse();

        assertThat(calls).hasValue(1);
        assertThat(listing.inUse()).isFalse();
        assertThat(listing.summary()).isEqualTo("SSH check per pair (Tapis's listing refused: the caller may not "
                + "impersonate users, only tenant admins may (HTTP 403 SYSLIB_UNAUTH_IMPERSONATE))");
    }

    @Test
    void anAnswerThatDoesNotConfirmTheFilterTurnsItOffToo() {
        CredentialListing listing = CredentialListing.tried();
        Listings tapis = new Listings();
        listing.registered("jdoe", "stampede3", tapis);

        assertThat(listing.registered("asmith", "ls6", user -> {
            throw new TapisRefusalException(200, null, "the systems listing cannot tell which systems hold a credential");
        })).isFalse();
        assertThat(listing.registered("jdoe", "stampede3", tapis)).as("off, even for a user listed before").isFalse();
        assertThat(listing.summary()).startsWith("SSH check per pair (Tapis's listing refused: HTTP 200: ");
    }

    @Test
    void aTransientFailureLeavesThatUserToTheCheckAndTheDecisionOpen() {
        CredentialListing listing = CredentialListing.tried();
        Listings tapis = new Listings();
        AtomicInteger failures = new AtomicInteger();
        Function<String, Set<String>> failing = user -> {
            failures.incrementAndGet();
            throw new TapisUnavailableException("HTTP 503", null);
        };

        assertThat(listing.registered("jdoe", "stampede3", failing)).isFalse();
        assertThat(listing.registered("jdoe", "frontera", failing)).as("not asked again for jdoe").isFalse();
        assertThat(listing.summary()).isEqualTo("SSH check per pair (no listing was answered)");
        assertThat(listing.registered("asmith", "ls6", tapis)).as("the next user's listing decides").isTrue();

        assertThat(failures).hasValue(1);
        assertThat(listing.inUse()).isTrue();
    }

    @Test
    void anOutageIsThrownToTheRowAndTheUserMayBeAskedAgain() {
        CredentialListing listing = CredentialListing.tried();
        assertThatThrownBy(() -> listing.registered("jdoe", "stampede3", user -> {
            throw new TapisOutageException("Tapis is unavailable", null);
        })).isInstanceOf(TapisOutageException.class);

        assertThat(listing.registered("jdoe", "stampede3", new Listings())).isTrue();
    }

    @Test
    void offListsNothing() {
        CredentialListing listing = CredentialListing.off();
        Listings tapis = new Listings();

        assertThat(listing.registered("jdoe", "stampede3", tapis)).isFalse();
        assertThat(tapis.asked).isEmpty();
        assertThat(listing.summary()).isEqualTo("SSH check per pair (--no-listing)");
    }

    @Test
    void aPairThisRunRemovesIsNotTakenFromAListingThatMayPredateTheRemove() {
        CredentialListing listing = CredentialListing.tried();
        Listings tapis = new Listings();
        assertThat(listing.registered("jdoe", "frontera", tapis)).isTrue();

        listing.removing("jdoe", "stampede3");

        assertThat(listing.registered("jdoe", "stampede3", tapis)).isFalse();
        assertThat(listing.registered("jdoe", "frontera", tapis)).isTrue();
        assertThat(tapis.asked).containsExactly("jdoe");
    }

    @Test
    void theCacheIsBoundedAndAUserPushedOutIsListedAgain() {
        CredentialListing listing = CredentialListing.tried(2);
        Listings tapis = new Listings();
        listing.registered("jdoe", "stampede3", tapis);
        listing.registered("asmith", "ls6", tapis);
        listing.registered("nobody", "ls6", tapis);

        listing.registered("jdoe", "stampede3", tapis);

        assertThat(tapis.asked).containsExactly("jdoe", "asmith", "nobody", "jdoe");
    }

    @Test
    void threadsAskingForTheSameUserShareOneCall() throws Exception {
        CredentialListing listing = CredentialListing.tried();
        Listings tapis = new Listings();
        listing.registered("asmith", "ls6", tapis); // decided: the caller may impersonate
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Function<String, Set<String>> slow = user -> {
            calls.incrementAndGet();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return TAPIS.get(user);
        };
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> rows = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String system = i % 2 == 0 ? "stampede3" : "ls6";
                rows.add(threads.submit(() -> listing.registered("jdoe", system, slow)));
            }
            Thread.sleep(100);
            release.countDown();
            int registered = 0;
            for (Future<Boolean> row : rows) {
                registered += row.get(5, TimeUnit.SECONDS) ? 1 : 0;
            }

            assertThat(calls).hasValue(1);
            assertThat(registered).isEqualTo(4);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aCallerWhoMayNotImpersonateIsRefusedOnceHoweverManyThreadsStartTogether() throws Exception {
        CredentialListing listing = CredentialListing.tried();
        AtomicInteger calls = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        Function<String, Set<String>> refused = user -> {
            calls.incrementAndGet();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new TapisRefusalException(403, "SYSLIB_UNAUTH_IMPERSONATE", "SYSLIB_UNAUTH_IMPERSONATE");
        };
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            List<Future<Boolean>> rows = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String user = "user" + i;
                rows.add(threads.submit(() -> {
                    start.await();
                    return listing.registered(user, "stampede3", refused);
                }));
            }
            start.countDown();
            for (Future<Boolean> row : rows) {
                assertThat(row.get(5, TimeUnit.SECONDS)).isFalse();
            }

            assertThat(calls).hasValue(1);
        } finally {
            threads.shutdownNow();
        }
    }
}
