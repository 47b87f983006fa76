package io.foresight.dataset;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.foresight.ForesightException;

/**
 * What a model knows about the future: columns whose future values are supplied ({@code columns}: in the dataset
 * beyond the last target value, or with a forecast request), calendar encodings ({@code calendar}) and public
 * holidays of a country ({@code holidays}, ISO 3166 code, optionally with a subdivision: {@code "GB-SCT"}), both
 * computed from the timestamps alone. Each becomes a known-future channel: the columns first, then two channels
 * (sine and cosine) per calendar encoding, then three holiday channels ({@link Holidays}).
 *
 * @param columns  dataset columns whose future is known (empty when none)
 * @param calendar calendar encodings, each one of {@link Encoding} by its name ({@code dayOfWeek}, ...)
 * @param holidays the holiday calendar's country (and subdivision), or null
 */
public record KnownFuture(List<String> columns, List<String> calendar, String holidays) {

    public static final KnownFuture NONE = new KnownFuture(List.of(), List.of(), null);

    public KnownFuture {
        columns = columns == null ? List.of() : List.copyOf(columns);
        calendar = calendar == null ? List.of() : List.copyOf(calendar);
    }

    /**
     * A cyclic calendar encoding: the position of a timestamp within a cycle, as sine and cosine so that the end
     * of the cycle meets its start.
     */
    public enum Encoding {
        HOUR_OF_DAY("hourOfDay"), DAY_OF_WEEK("dayOfWeek"), DAY_OF_YEAR("dayOfYear"), WEEK_OF_YEAR("weekOfYear"),
        MONTH("month");

        private final String field;

        Encoding(String field) {
            this.field = field;
        }

        public String field() {
            return field;
        }

        /** The position of {@code t} within the cycle, in [0, 1). */
        double phase(LocalDateTime t) {
            return switch (this) {
                case HOUR_OF_DAY -> (t.getHour() + t.getMinute() / 60.0 + t.getSecond() / 3600.0) / 24.0;
                case DAY_OF_WEEK -> (t.getDayOfWeek().getValue() - 1) / 7.0;
                case DAY_OF_YEAR -> (t.getDayOfYear() - 1) / (double) t.toLocalDate().lengthOfYear();
                case WEEK_OF_YEAR -> (t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) - 1)
                        / (double) t.toLocalDate().range(IsoFields.WEEK_OF_WEEK_BASED_YEAR).getMaximum();
                case MONTH -> (t.getMonthValue() - 1) / 12.0;
            };
        }

        /**
         * Why this encoding tells nothing at steps of {@code stepSeconds} (about; months count 30 days), or null when
         * it varies from step to step.
         */
        String uselessAt(long stepSeconds) {
            long day = 86_400;
            return switch (this) {
                case HOUR_OF_DAY -> stepSeconds >= day ? "needs data finer than daily" : null;
                case DAY_OF_WEEK -> stepSeconds >= 7 * day ? "needs data finer than weekly" : null;
                case DAY_OF_YEAR, WEEK_OF_YEAR -> stepSeconds > 7 * day ? "needs weekly or finer data" : null;
                case MONTH -> stepSeconds >= 360 * day ? "needs data finer than yearly" : null;
            };
        }

        static Encoding of(String field) {
            for (Encoding encoding : values()) {
                if (encoding.field.equals(field)) {
                    return encoding;
                }
            }
            return null;
        }

        static List<String> fields() {
            List<String> fields = new ArrayList<>();
            for (Encoding encoding : values()) {
                fields.add(encoding.field);
            }
            return fields;
        }
    }

    /**
     * The known future a training request asks for, checked against its data: {@code columns} exist and are none of
     * {@code taken} (the target and the past-only features), each calendar encoding is known and varies at the
     * series' frequency, the holiday calendar exists and the frequency is daily or finer.
     *
     * @throws ForesightException (bad input) saying what to change
     */
    public static KnownFuture of(List<String> columns, List<String> calendar, String holidays, TimeSeries series,
            List<String> taken) {
        Set<String> seen = new HashSet<>(taken);
        for (String column : columns == null ? List.<String>of() : columns) {
            if (column == null || !seen.add(column)) {
                throw ForesightException.badInput("'futureFeatures' must name distinct columns other than the target and"
                        + " 'features'; got " + columns + ".");
            }
            series.column(column);
        }
        long step = stepSeconds(series.frequency());
        Set<String> encodings = new HashSet<>();
        for (String field : calendar == null ? List.<String>of() : calendar) {
            Encoding encoding = Encoding.of(field);
            if (encoding == null) {
                throw ForesightException.badInput("'calendar' lists '" + field + "'; the calendar encodings are "
                        + Encoding.fields() + ".");
            }
            if (!encodings.add(field)) {
                throw ForesightException.badInput("'calendar' lists '" + field + "' twice; list each encoding once.");
            }
            String useless = encoding.uselessAt(step);
            if (useless != null) {
                throw ForesightException.badInput("'calendar': " + field + " " + useless + "; this series' frequency is "
                        + series.frequency().code() + ". Leave it out.");
            }
        }
        String region = null;
        if (holidays != null) {
            if (step > 86_400) {
                throw ForesightException.badInput("'holidays' needs daily or finer data; this series' frequency is "
                        + series.frequency().code() + ". Leave it out.");
            }
            region = Holidays.check(holidays);
        }
        return new KnownFuture(columns, calendar, region);
    }

    public boolean isEmpty() {
        return columns.isEmpty() && calendar.isEmpty() && holidays == null;
    }

    /** Channels computed from timestamps: two per calendar encoding, three for holidays. */
    public int generatedChannels() {
        return 2 * calendar.size() + (holidays == null ? 0 : Holidays.CHANNELS.size());
    }

    /** Every known-future channel: the columns, then the generated ones. */
    public int channels() {
        return columns.size() + generatedChannels();
    }

    /** The names of the channels, as the manifest and a regression's coefficients show them. */
    public List<String> channelNames() {
        List<String> names = new ArrayList<>(columns);
        for (String field : calendar) {
            names.add(field + ".sin");
            names.add(field + ".cos");
        }
        if (holidays != null) {
            names.addAll(Holidays.CHANNELS);
        }
        return names;
    }

    /**
     * The generated channels ({@link #generatedChannels}) at {@code count} timestamps from {@code first} on at
     * {@code frequency}: [channel][step].
     */
    public double[][] generate(LocalDateTime first, Frequency frequency, int count) {
        double[][] channels = new double[generatedChannels()][count];
        List<LocalDateTime> times = new ArrayList<>(count);
        LocalDateTime t = first;
        for (int i = 0; i < count; i++) {
            times.add(t);
            t = frequency.plus(t, 1);
        }
        int c = 0;
        for (String field : calendar) {
            Encoding encoding = Encoding.of(field);
            for (int i = 0; i < count; i++) {
                double angle = 2 * Math.PI * encoding.phase(times.get(i));
                channels[c][i] = Math.sin(angle);
                channels[c + 1][i] = Math.cos(angle);
            }
            c += 2;
        }
        if (holidays != null) {
            double[][] holidayChannels = Holidays.channels(holidays, times);
            for (double[] channel : holidayChannels) {
                channels[c++] = channel;
            }
        }
        return channels;
    }

    /** A frequency's step in seconds (calendar months count 30 days, business days one). */
    static long stepSeconds(Frequency frequency) {
        LocalDateTime origin = LocalDateTime.of(2001, 1, 1, 0, 0);
        long seconds = ChronoUnit.SECONDS.between(origin, frequency.plus(origin, 1));
        return frequency.code().equals("B") ? 86_400 : seconds;
    }

}
