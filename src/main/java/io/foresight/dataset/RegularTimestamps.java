package io.foresight.dataset;

import java.time.LocalDateTime;
import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The timestamps of a regular series without holding one per row: element {@code k} is
 * {@code frequency.plus(start, k)}, the grid {@link DatasetParser} and {@link SeriesFile} build point by point (for
 * month ends and business days too, since they are built with the same call). Immutable; {@link TimeSeries} keeps it
 * as it is instead of copying it, so a series of a many-series dataset costs its values, not a
 * {@link LocalDateTime} per row.
 */
final class RegularTimestamps extends AbstractList<LocalDateTime> implements RandomAccess {

    private final LocalDateTime start;
    private final int size;
    private final Frequency frequency;

    RegularTimestamps(LocalDateTime start, int size, Frequency frequency) {
        if (size < 1) {
            throw new IllegalArgumentException("a regular series has at least one timestamp, not " + size);
        }
        this.start = Objects.requireNonNull(start, "start");
        this.size = size;
        this.frequency = Objects.requireNonNull(frequency, "frequency");
    }

    @Override
    public LocalDateTime get(int index) {
        Objects.checkIndex(index, size);
        return index == 0 ? start : frequency.plus(start, index);
    }

    @Override
    public int size() {
        return size;
    }

    /** The grid of {@code count} timestamps from row {@code from}. */
    RegularTimestamps range(int from, int count) {
        Objects.checkFromIndexSize(from, count, size);
        return new RegularTimestamps(get(from), count, frequency);
    }

    Frequency frequency() {
        return frequency;
    }
}
