package io.tmsprovisioner.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongLongMapTest {

    private static final long ABSENT = Long.MIN_VALUE + 7;

    private final LongLongMap map = new LongLongMap();

    @Test
    void emptyMapHasNothing() {
        assertThat(map.size()).isZero();
        assertThat(map.get(1, ABSENT)).isEqualTo(ABSENT);
        assertThat(map.get(0, ABSENT)).isEqualTo(ABSENT);
        assertThat(map.get(-1, -2)).isEqualTo(-2);
    }

    @Test
    void insertGetAndUpdate() {
        map.put(42, 1000);
        map.put(43, -5);
        assertThat(map.get(42, ABSENT)).isEqualTo(1000);
        assertThat(map.get(43, ABSENT)).isEqualTo(-5);
        assertThat(map.get(44, ABSENT)).isEqualTo(ABSENT);
        assertThat(map.size()).isEqualTo(2);

        map.put(42, 7);
        assertThat(map.get(42, ABSENT)).isEqualTo(7);
        assertThat(map.size()).isEqualTo(2);
    }

    @Test
    void keyZeroIsAnOrdinaryKeyAndNotTakenForAFreeSlot() {
        assertThat(map.get(0, ABSENT)).isEqualTo(ABSENT);
        map.put(0, 11);
        assertThat(map.get(0, ABSENT)).isEqualTo(11);
        assertThat(map.size()).isEqualTo(1);
        // Free slots must still read as free for every other key.
        for (long k = -100; k <= 100; k++) {
            if (k != 0) {
                assertThat(map.get(k, ABSENT)).as("key %d", k).isEqualTo(ABSENT);
            }
        }
        map.put(0, 12);
        assertThat(map.get(0, ABSENT)).isEqualTo(12);
        assertThat(map.size()).isEqualTo(1);
        // Value 0 is a value like any other, also for key 0.
        map.put(0, 0);
        map.put(5, 0);
        assertThat(map.get(0, ABSENT)).isZero();
        assertThat(map.get(5, ABSENT)).isZero();
        assertThat(map.size()).isEqualTo(2);
    }

    @Test
    void negativeAndExtremeKeysAndValues() {
        long[] keys = {-1, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, 1, 0, -42};
        for (int i = 0; i < keys.length; i++) {
            map.put(keys[i], ~keys[i]);
        }
        assertThat(map.size()).isEqualTo(keys.length);
        for (long key : keys) {
            assertThat(map.get(key, ABSENT)).as("key %d", key).isEqualTo(~key);
        }
        map.put(Long.MIN_VALUE, Long.MIN_VALUE);
        assertThat(map.get(Long.MIN_VALUE, 0)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void growsAcrossManyRandomEntriesAndKeepsThemAll() {
        SplittableRandom random = new SplittableRandom(20240611);
        Map<Long, Long> expected = new HashMap<>();
        for (int i = 0; i < 300_000; i++) {
            long key = random.nextLong();
            long value = random.nextLong();
            map.put(key, value);
            expected.put(key, value);
            if (i % 3 == 0) {
                // Update an entry that is already there.
                map.put(key, value + 1);
                expected.put(key, value + 1);
            }
        }
        assertThat(map.size()).isEqualTo(expected.size());
        expected.forEach((key, value) -> assertThat(map.get(key, ABSENT)).isEqualTo(value));
        for (int i = 0; i < 10_000; i++) {
            long other = random.nextLong();
            if (!expected.containsKey(other)) {
                assertThat(map.get(other, ABSENT)).isEqualTo(ABSENT);
            }
        }
        assertLoadWithinBounds();
    }

    @Test
    void keysSharingTheirLowBitsStillFitAndAreFound() {
        // Sequences and multiples of a power of two: these would pile into one slot without mixing.
        int n = 50_000;
        for (int i = 0; i < n; i++) {
            map.put((long) i << 32, i);
            map.put(i, -i);
            map.put(-((long) i << 40) - 1, 3L * i);
        }
        assertThat(map.size()).isEqualTo(3 * n - 1); // i = 0 gives key 0 twice
        for (int i = 1; i < n; i++) {
            assertThat(map.get((long) i << 32, ABSENT)).isEqualTo(i);
            assertThat(map.get(i, ABSENT)).isEqualTo(-i);
            assertThat(map.get(-((long) i << 40) - 1, ABSENT)).isEqualTo(3L * i);
        }
        assertThat(map.get(0, ABSENT)).isEqualTo(0); // the later put of key 0 (value -0) won
        assertLoadWithinBounds();
    }

    @Test
    void doublesOnlyPastTheLoadLimit() {
        int before = map.capacity();
        int limit = before * LongLongMap.MAX_LOAD_PERCENT / 100;
        for (int i = 1; i <= limit; i++) {
            map.put(i, i);
        }
        assertThat(map.capacity()).isEqualTo(before);
        map.put(limit + 1, 0);
        assertThat(map.capacity()).isEqualTo(2 * before);
        // Key 0 lives outside the table and never makes it grow.
        LongLongMap other = new LongLongMap();
        other.put(0, 1);
        assertThat(other.capacity()).isEqualTo(before);
    }

    private void assertLoadWithinBounds() {
        int capacity = map.capacity();
        assertThat(Integer.bitCount(capacity)).isEqualTo(1);
        assertThat((long) map.size() - 1).isLessThanOrEqualTo((long) capacity * LongLongMap.MAX_LOAD_PERCENT / 100);
        // It only doubled once the half-size table was past its limit.
        assertThat((long) map.size() * 100).isGreaterThan((long) capacity / 2 * LongLongMap.MAX_LOAD_PERCENT);
    }
}
