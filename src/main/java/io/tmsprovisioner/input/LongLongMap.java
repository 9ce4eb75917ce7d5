package io.tmsprovisioner.input;

/**
 * A compact hash map from long to long for {@link DuplicateDetector}: open addressing with linear
 * probing in one flat array (key and value side by side), so an entry costs two longs in the table
 * and no objects; nothing is boxed. The table doubles when it is more than {@value #MAX_LOAD_PERCENT}%
 * full. Entries are never removed.
 *
 * <p>A free slot holds the key {@value #FREE}; since that is also a legal key, the entry for key 0
 * is kept apart in two fields and never enters the table, so no key can be taken for a free slot.
 *
 * <p>Not thread-safe.
 */
final class LongLongMap {

    /** The key that marks a free slot in the table; key 0 itself is stored outside the table. */
    private static final long FREE = 0L;

    static final int MAX_LOAD_PERCENT = 60;

    /** Slots, not longs: the array holds two longs per slot and must stay below 2^31 elements. */
    static final int MAX_CAPACITY = 1 << 29;

    private static final int MIN_CAPACITY = 8;

    /** Slot i holds its key at 2i and its value at 2i + 1. */
    private long[] table;
    private int mask;
    /** Entries in the table (key 0 not included). */
    private int used;
    private int growAbove;

    private boolean hasZeroKey;
    private long zeroKeyValue;

    LongLongMap() {
        allocate(MIN_CAPACITY);
    }

    /** The value stored for the key, or {@code absent} when there is none. */
    long get(long key, long absent) {
        if (key == FREE) {
            return hasZeroKey ? zeroKeyValue : absent;
        }
        long[] t = table;
        for (int slot = home(key); ; slot = (slot + 1) & mask) {
            long k = t[2 * slot];
            if (k == key) {
                return t[2 * slot + 1];
            }
            if (k == FREE) {
                return absent;
            }
        }
    }

    /** Stores the value for the key, replacing any value it had. */
    void put(long key, long value) {
        if (key == FREE) {
            hasZeroKey = true;
            zeroKeyValue = value;
            return;
        }
        long[] t = table;
        for (int slot = home(key); ; slot = (slot + 1) & mask) {
            long k = t[2 * slot];
            if (k == key) {
                t[2 * slot + 1] = value;
                return;
            }
            if (k == FREE) {
                t[2 * slot] = key;
                t[2 * slot + 1] = value;
                if (++used > growAbove) {
                    grow();
                }
                return;
            }
        }
    }

    /** Number of keys stored. */
    int size() {
        return used + (hasZeroKey ? 1 : 0);
    }

    /** Number of slots in the table (for tests and sizing). */
    int capacity() {
        return mask + 1;
    }

    private void allocate(int capacity) {
        table = new long[2 * capacity];
        mask = capacity - 1;
        growAbove = (int) ((long) capacity * MAX_LOAD_PERCENT / 100);
    }

    private void grow() {
        int capacity = capacity();
        if (capacity >= MAX_CAPACITY) {
            throw new IllegalStateException("LongLongMap is full: " + used + " entries in " + capacity + " slots");
        }
        long[] old = table;
        allocate(2 * capacity);
        long[] t = table;
        for (int i = 0; i < old.length; i += 2) {
            long key = old[i];
            if (key != FREE) {
                int slot = home(key);
                while (t[2 * slot] != FREE) {
                    slot = (slot + 1) & mask;
                }
                t[2 * slot] = key;
                t[2 * slot + 1] = old[i + 1];
            }
        }
    }

    /**
     * The first slot to probe: the key goes through a 64-bit finalizer (MurmurHash3's fmix64) first,
     * so that keys sharing their low bits (sequences, multiples of a power of two) still spread out.
     */
    private int home(long key) {
        long h = key;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) h & mask;
    }
}
