package io.tmsprovisioner.input;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class LineSetTest {
    private static final long PAST_INT = (1L << 31) + 7;

    @Test
    void linesPastWhatAnIntHoldsAreKeptApartFromTheirNeighbours() {
        LineSet lines = new LineSet();
        List.of(2L, 64L, 65L, PAST_INT, 1L << 40, Long.MAX_VALUE).forEach(lines::add);

        assertThat(List.of(2L, 64L, 65L, PAST_INT, 1L << 40, Long.MAX_VALUE)).allMatch(lines::contains);
        assertThat(List.of(1L, 3L, 63L, 66L, PAST_INT - 1, PAST_INT + 1, PAST_INT - (1L << 31), (1L << 40) + 64))
                .noneMatch(lines::contains);
        assertThat(lines.size()).isEqualTo(6);
    }

    @Test
    void aLineAddedTwiceCountsOnce() {
        LineSet lines = new LineSet();
        LongStream.rangeClosed(1, 1000).forEach(lines::add);
        LongStream.rangeClosed(1, 1000).forEach(lines::add);

        assertThat(lines.size()).isEqualTo(1000);
        assertThat(lines.contains(1001)).isFalse();
    }
}
