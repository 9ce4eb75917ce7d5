package io.tmsprovisioner.input;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Marks a VALID row DUPLICATE when it asks for the same action as the previous VALID row of the
 * same (username, system_id) pair: rows of a pair take effect in file order, so only a repeat of
 * the action in force is redundant (establish, remove, establish does three things).
 *
 * <p>This is the one structure that grows with the file (one entry per distinct pair), so it is
 * kept small: each pair is a 64-bit key (see {@link #pairKey}) mapped to the action in force and
 * the line that set it, packed into one long, in {@link LongLongMap}s: 16 bytes a slot in tables
 * 30 to 60% full, so about 27 to 53 bytes a pair and no objects, instead of the 100+ bytes a pair
 * of a {@code HashMap<String, record>}.
 *
 * <p>The pairs are spread over {@value #SHARDS} maps by the key's top bits, for two reasons. When a
 * map doubles, its old and new tables coexist only for 1/{@value #SHARDS} of the entries, instead
 * of the whole map briefly taking 1.5 times its size. And the tables stay small arrays: with G1 an
 * array of half a heap region or more (512 KiB with the 1 MiB regions of heaps under 2 GiB) is
 * "humongous" and takes whole regions, which for arrays just over half a region nearly doubles
 * their cost. Here a table reaches that size only past about 10 million distinct pairs
 * (1024 tables of 16,384 slots, 60% full).
 */
final class DuplicateDetector {

    private static final int SHARD_BITS = 10;
    private static final int SHARDS = 1 << SHARD_BITS;

    /** The packed value keeps the action ordinal in its low 2 bits and the line number above them. */
    private static final int ACTION_BITS = 2;
    private static final long ACTION_MASK = (1L << ACTION_BITS) - 1;
    private static final long MAX_LINE_NUMBER = Long.MAX_VALUE >>> ACTION_BITS;
    private static final Action[] ACTIONS = Action.values();

    /** Never a packed value: those are non-negative. */
    private static final long NONE = -1L;

    static {
        if (ACTIONS.length > 1 << ACTION_BITS) {
            throw new AssertionError("more actions than " + ACTION_BITS + " bits can hold");
        }
    }

    /** Created when first needed, so that a small file does not pay for all of them. */
    private final LongLongMap[] inForce = new LongLongMap[SHARDS];
    private final MessageDigest sha256;
    private byte[] buffer = new byte[256];

    DuplicateDetector() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    InputRow check(InputRow row) {
        if (row.verdict() != InputRow.Verdict.VALID) {
            return row;
        }
        long key = pairKey(row.username(), row.systemId());
        int shard = (int) (key >>> (Long.SIZE - SHARD_BITS));
        LongLongMap map = inForce[shard];
        if (map == null) {
            map = inForce[shard] = new LongLongMap();
        }
        long previous = map.get(key, NONE);
        if (previous != NONE && ACTIONS[(int) (previous & ACTION_MASK)] == row.action()) {
            return InputRow.duplicate(row.lineNumber(), row.username(), row.systemId(), row.action(),
                    "repeats line " + (previous >>> ACTION_BITS) + " (same user, system and action)");
        }
        map.put(key, pack(row.action(), row.lineNumber()));
        return row;
    }

    /** Number of distinct pairs seen (for tests). */
    long pairs() {
        long n = 0;
        for (LongLongMap map : inForce) {
            n += map == null ? 0 : map.size();
        }
        return n;
    }

    private static long pack(Action action, long lineNumber) {
        if (lineNumber < 0 || lineNumber > MAX_LINE_NUMBER) {
            throw new IllegalArgumentException("line number out of range: " + lineNumber);
        }
        return lineNumber << ACTION_BITS | action.ordinal();
    }

    /**
     * The first 8 bytes of the SHA-256 of an exact, unambiguous encoding of the pair: the username's
     * length, then the UTF-16 code units of both strings (every string maps to distinct bytes, with
     * no separator to rely on). Two distinct pairs get the same key only by a SHA-256 collision on 64
     * bits: among n distinct pairs the chance of any such collision is about n^2 / 2^65, i.e. about
     * 3e-8 for a million pairs and 3e-4 for a hundred million. A collision would merge two pairs: a
     * row of one could be marked a duplicate of a row of the other that has the same action.
     */
    private long pairKey(String username, String systemId) {
        int length = 4 + 2 * (username.length() + systemId.length());
        if (buffer.length < length) {
            buffer = new byte[Math.max(length, 2 * buffer.length)];
        }
        byte[] b = buffer;
        int n = username.length();
        b[0] = (byte) (n >>> 24);
        b[1] = (byte) (n >>> 16);
        b[2] = (byte) (n >>> 8);
        b[3] = (byte) n;
        int at = putChars(b, 4, username);
        putChars(b, at, systemId);
        sha256.update(b, 0, length);
        byte[] digest = sha256.digest();
        long key = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            key = key << 8 | (digest[i] & 0xFF);
        }
        return key;
    }

    private static int putChars(byte[] b, int at, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b[at++] = (byte) (c >>> 8);
            b[at++] = (byte) c;
        }
        return at;
    }
}
