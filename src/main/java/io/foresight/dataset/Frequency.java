package io.foresight.dataset;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.foresight.ForesightException;

/**
 * Sampling frequency of a {@link TimeSeries}.
 *
 * <p>{@code code} is an ISO-8601 duration for regular frequencies ({@code PT30M}, {@code PT1H}, {@code P1D},
 * {@code P1W}, {@code P1M}, {@code P3M}, {@code P1Y}, any other fixed {@code PTnS}/{@code PnD}, calendar
 * {@code PnM}/{@code PnY}), or {@code B} for business days (Monday to Friday). Codes are kept in one canonical
 * spelling, so {@code P7D} becomes {@code P1W}, {@code PT60M} becomes {@code PT1H} and {@code P12M} becomes
 * {@code P1Y}; two equal frequencies have equal codes.
 */
public record Frequency(String code) {

    private static final Pattern CALENDAR = Pattern.compile("P(\\d{1,4})([YMWD])");
    private static final long SECONDS_PER_DAY = 86_400;
    private static final long MAX_FIXED_SECONDS = 3_660 * SECONDS_PER_DAY;
    // plus() runs once per grid point; decoding the code each time would dominate it.
    private static final Map<String, Step> STEPS = new ConcurrentHashMap<>();

    /** Business days, Monday to Friday. Declared after the fields its construction uses. */
    public static final Frequency BUSINESS_DAYS = new Frequency("B");

    public Frequency {
        code = step(code).code();
    }

    /**
     * Validates and canonicalises a frequency code.
     *
     * @throws ForesightException (bad input) when the code is not a supported frequency
     */
    public static Frequency parse(String code) {
        return new Frequency(code);
    }

    /** A fixed frequency of this many seconds. */
    static Frequency ofSeconds(long seconds) {
        return new Frequency(new Fixed(seconds).code());
    }

    /** A calendar frequency of this many months. */
    static Frequency ofMonths(int months) {
        return new Frequency(new Months(months).code());
    }

    /**
     * The timestamp {@code steps} steps after {@code t} (before it when negative). Monthly, quarterly and yearly
     * steps keep month-end alignment: 1949-01-31 plus one month is 1949-02-28, plus two months is 1949-03-31.
     * Business-day steps skip Saturdays and Sundays.
     */
    public LocalDateTime plus(LocalDateTime t, int steps) {
        return step(code).plus(t, steps);
    }

    /**
     * A hint for the length of one season in steps: monthly 12, quarterly 4, yearly 1, daily 7, business-daily 5,
     * weekly 52, hourly 24, half-hourly 48, 15-minute 96, otherwise 1.
     */
    public int seasonalPeriod() {
        return step(code).seasonalPeriod();
    }

    /**
     * How many steps lead from {@code origin} to {@code t}, or -1 when {@code t} is before {@code origin} or not on
     * the grid that starts at {@code origin}.
     */
    public long stepsFrom(LocalDateTime origin, LocalDateTime t) {
        return step(code).stepsFrom(origin, t);
    }

    /** The step in seconds of a fixed frequency ({@code PT30M}: 1800), 0 for calendar months and business days. */
    long fixedSeconds() {
        return step(code) instanceof Fixed fixed ? fixed.seconds() : 0;
    }

    @Override
    public String toString() {
        return code;
    }

    private static Step step(String code) {
        Step cached = code == null ? null : STEPS.get(code);
        if (cached != null) {
            return cached;
        }
        Step step = decode(code);
        if (STEPS.size() < 64) {
            STEPS.put(code, step);
        }
        return step;
    }

    private static Step decode(String code) {
        if (code == null || code.isBlank()) {
            throw unknown(code);
        }
        String c = code.strip().toUpperCase(Locale.ROOT);
        if (c.equals("B")) {
            return BusinessDays.INSTANCE;
        }
        Matcher m = CALENDAR.matcher(c);
        if (m.matches()) {
            int n = Integer.parseInt(m.group(1));
            if (n < 1) {
                throw unknown(code);
            }
            switch (m.group(2)) {
                case "Y":
                    return new Months(n * 12);
                case "M":
                    return new Months(n);
                default:
                    break;
            }
        }
        Duration duration;
        try {
            duration = m.matches() && m.group(2).equals("W")
                    ? Duration.ofDays(7L * Integer.parseInt(m.group(1)))
                    : Duration.parse(c);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw unknown(code);
        }
        if (duration.isNegative() || duration.isZero() || duration.getNano() != 0
                || duration.getSeconds() > MAX_FIXED_SECONDS) {
            throw ForesightException.badInput("Frequency '" + code + "' is not supported: a fixed frequency must be a"
                    + " positive whole number of seconds up to 3660 days, e.g. PT30M, PT1H or P1D.");
        }
        return new Fixed(duration.getSeconds());
    }

    private static ForesightException unknown(String code) {
        return ForesightException.badInput("Unknown frequency '" + code + "'; use an ISO-8601 duration such as"
                + " PT30M, PT1H, P1D, P1W, P1M, P3M or P1Y, or B for business days (Monday to Friday).");
    }

    private sealed interface Step permits Fixed, Months, BusinessDays {
        String code();

        LocalDateTime plus(LocalDateTime t, int steps);

        long stepsFrom(LocalDateTime origin, LocalDateTime t);

        int seasonalPeriod();
    }

    private record Fixed(long seconds) implements Step {

        @Override
        public String code() {
            if (seconds % SECONDS_PER_DAY == 0) {
                long days = seconds / SECONDS_PER_DAY;
                return days == 7 ? "P1W" : "P" + days + "D";
            }
            return Duration.ofSeconds(seconds).toString();
        }

        @Override
        public LocalDateTime plus(LocalDateTime t, int steps) {
            return t.plusSeconds(seconds * steps);
        }

        @Override
        public long stepsFrom(LocalDateTime origin, LocalDateTime t) {
            Duration between = Duration.between(origin, t);
            if (between.isNegative() || between.getNano() != 0 || between.getSeconds() % seconds != 0) {
                return -1;
            }
            return between.getSeconds() / seconds;
        }

        @Override
        public int seasonalPeriod() {
            if (seconds == SECONDS_PER_DAY) {
                return 7;
            }
            if (seconds == 7 * SECONDS_PER_DAY) {
                return 52;
            }
            if (seconds == 3_600) {
                return 24;
            }
            if (seconds == 1_800) {
                return 48;
            }
            if (seconds == 900) {
                return 96;
            }
            return 1;
        }
    }

    private record Months(int months) implements Step {

        @Override
        public String code() {
            return months % 12 == 0 ? "P" + (months / 12) + "Y" : "P" + months + "M";
        }

        @Override
        public LocalDateTime plus(LocalDateTime t, int steps) {
            LocalDateTime result = t.plusMonths((long) months * steps);
            if (isMonthEnd(t.toLocalDate())) {
                result = result.with(TemporalAdjusters.lastDayOfMonth());
            }
            return result;
        }

        @Override
        public long stepsFrom(LocalDateTime origin, LocalDateTime t) {
            long between = monthIndex(t) - monthIndex(origin);
            if (between < 0 || between % months != 0) {
                return -1;
            }
            long steps = between / months;
            return steps <= Integer.MAX_VALUE && plus(origin, (int) steps).equals(t) ? steps : -1;
        }

        @Override
        public int seasonalPeriod() {
            // P1M 12, P3M 4, P1Y 1 (and P2M 6, P6M 2): steps per year when they divide it.
            return months <= 12 && 12 % months == 0 ? 12 / months : 1;
        }

        private static long monthIndex(LocalDateTime t) {
            return t.getYear() * 12L + t.getMonthValue() - 1;
        }

        private static boolean isMonthEnd(LocalDate d) {
            return d.getDayOfMonth() == d.lengthOfMonth();
        }
    }

    private enum BusinessDays implements Step {
        INSTANCE;

        @Override
        public String code() {
            return "B";
        }

        @Override
        public LocalDateTime plus(LocalDateTime t, int steps) {
            int direction = Integer.signum(steps);
            long remaining = Math.abs((long) steps);
            LocalDateTime result = t;
            if (!isWeekend(result) && remaining >= 5) {
                // From a weekday, five business days are always exactly one week.
                result = result.plusWeeks(direction * (remaining / 5));
                remaining %= 5;
            }
            while (remaining > 0) {
                result = result.plusDays(direction);
                if (!isWeekend(result)) {
                    remaining--;
                }
            }
            return result;
        }

        @Override
        public long stepsFrom(LocalDateTime origin, LocalDateTime t) {
            if (t.isBefore(origin) || isWeekend(origin) || isWeekend(t)
                    || !t.toLocalTime().equals(origin.toLocalTime())) {
                return -1;
            }
            long days = ChronoUnit.DAYS.between(origin.toLocalDate(), t.toLocalDate());
            long steps = days / 7 * 5;
            LocalDate d = origin.toLocalDate().plusDays(days / 7 * 7);
            while (d.isBefore(t.toLocalDate())) {
                d = d.plusDays(1);
                if (!isWeekend(d)) {
                    steps++;
                }
            }
            return steps;
        }

        @Override
        public int seasonalPeriod() {
            return 5;
        }

        static boolean isWeekend(LocalDateTime t) {
            return isWeekend(t.toLocalDate());
        }

        static boolean isWeekend(LocalDate d) {
            DayOfWeek day = d.getDayOfWeek();
            return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
        }
    }
}
