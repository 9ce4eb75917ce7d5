package io.tmsprovisioner.input;

/**
 * A set of line numbers, any that a file can have (a {@code long}): a bit per line, in 64-line words kept by
 * their index in a {@link LongLongMap}. Every line of a 10-million-line file costs about 4 MB; lines far
 * apart cost a word each. Not thread-safe.
 */
public final class LineSet {
    private final LongLongMap words = new LongLongMap();
    private long size;

    /** @param line 1 or more */
    public void add(long line) {
        long word = words.get(line >>> 6, 0);
        long bit = 1L << line; // the shift takes the low six bits: the line's place in its word
        if ((word & bit) == 0) {
            words.put(line >>> 6, word | bit);
            size++;
        }
    }

    public boolean contains(long line) {
        return (words.get(line >>> 6, 0) & 1L << line) != 0;
    }

    /** How many lines the set holds. */
    public long size() {
        return size;
    }
}
