package io.tmsprovisioner.tapis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Even spacing across threads, no burst after idling, interruption; all on a fake clock, never sleeping. */
class RateLimiterTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    /** A clock that moves only when someone sleeps on it (single-threaded use) or the test moves it. */
    private static final class FakeTime {
        final AtomicLong now = new AtomicLong(1_000_000 * MS);
        final List<Long> sleeps = Collections.synchronizedList(new ArrayList<>());
        volatile boolean sleepingMovesTheClock = true;

        RateLimiter limiter(double perSecond) {
            return new RateLimiter(perSecond, now::get, nanos -> {
                sleeps.add(nanos);
                if (sleepingMovesTheClock) {
                    now.addAndGet(nanos);
                }
            });
        }

        /** Acquires and says when the permit was handed out. */
        long acquireAt(RateLimiter limiter) {
            limiter.acquire();
            return now.get();
        }
    }

    @Test
    void permitsAreSpacedOneIntervalApart() {
        FakeTime time = new FakeTime();
        RateLimiter limiter = time.limiter(4); // one per 250 ms
        long start = time.now.get();

        List<Long> grants = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            grants.add(time.acquireAt(limiter) - start);
        }

        assertThat(grants).containsExactly(0L, 250 * MS, 500 * MS, 750 * MS, 1000 * MS);
        assertThat(time.sleeps).containsExactly(250 * MS, 250 * MS, 250 * MS, 250 * MS);
    }

    @Test
    void timeAlreadyPassedCountsTowardsTheNextPermit() {
        FakeTime time = new FakeTime();
        RateLimiter limiter = time.limiter(4);
        limiter.acquire();

        time.now.addAndGet(100 * MS);
        limiter.acquire();

        assertThat(time.sleeps).containsExactly(150 * MS);
    }

    @Test
    void noBurstBeyondOnePermitAfterIdling() {
        FakeTime time = new FakeTime();
        RateLimiter limiter = time.limiter(10); // one per 100 ms
        limiter.acquire();
        limiter.acquire();
        time.sleeps.clear();

        time.now.addAndGet(60_000 * MS); // a minute idle saves up nothing
        limiter.acquire();
        limiter.acquire();
        limiter.acquire();

        assertThat(time.sleeps).containsExactly(100 * MS, 100 * MS);
    }

    @Test
    void manyThreadsTogetherNeverExceedTheRate() throws Exception {
        FakeTime time = new FakeTime();
        time.sleepingMovesTheClock = false; // time stands still: every thread reserves a slot at the same instant
        RateLimiter limiter = time.limiter(20); // one per 50 ms
        int threads = 8;
        int perThread = 25;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        limiter.acquire();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        // Each wait is the distance to the permit's slot: all slots distinct, exactly one interval apart.
        List<Long> waits = new ArrayList<>(time.sleeps);
        Collections.sort(waits);
        assertThat(waits).containsExactlyElementsOf(
                LongStream.rangeClosed(1, threads * perThread - 1).mapToObj(k -> k * 50 * MS).toList());
    }

    @Test
    void unlimitedNeverSleeps() throws Exception {
        RateLimiter limiter = new RateLimiter(Double.POSITIVE_INFINITY, System::nanoTime, nanos -> {
            throw new AssertionError("slept " + nanos + " ns");
        });
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 10_000; i++) {
                        limiter.acquire();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(20, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(RateLimiter.unlimited().intervalNanos()).isZero();
        assertThat(RateLimiter.unlimited()).hasToString("RateLimiter[unlimited]");
    }

    @Test
    void perSecondSpacing() {
        assertThat(RateLimiter.perSecond(1000).intervalNanos()).isEqualTo(MS);
        assertThat(RateLimiter.perSecond(0.5).intervalNanos()).isEqualTo(2000 * MS);
        assertThat(RateLimiter.perSecond(3).intervalNanos()).isEqualTo(333_333_334L);
    }

    @Test
    void interruptedWhileWaitingKeepsTheFlagAndSendsNothing() {
        AtomicLong now = new AtomicLong();
        RateLimiter limiter = new RateLimiter(1, now::get, nanos -> {
            throw new InterruptedException("stop");
        });
        limiter.acquire(); // the first permit needs no wait

        TapisUnavailableException e = catchThrowableOfType(TapisUnavailableException.class, limiter::acquire);
        boolean interrupted = Thread.interrupted(); // also clears the flag for the other tests

        assertThat(e).isNotNull().hasCauseInstanceOf(InterruptedException.class);
        assertThat(e.mayHaveTakenEffect()).isFalse();
        assertThat(e.httpStatus()).isZero();
        assertThat(interrupted).as("interrupt flag restored").isTrue();
    }

    @ParameterizedTest
    @ValueSource(doubles = {0, -1, Double.NaN, Double.NEGATIVE_INFINITY, 1e-9})
    void unusableRatesAreRefused(double rate) {
        assertThatThrownBy(() -> RateLimiter.perSecond(rate))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("permits per second must");
    }
}
