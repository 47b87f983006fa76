package io.foresight.dataset;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Year;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import de.focus_shift.jollyday.core.CalendarHierarchy;
import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.HolidayType;
import de.focus_shift.jollyday.core.ManagerParameters;
import io.foresight.ForesightException;

/**
 * Public holidays from the Jollyday library (its rules per country and subdivision, not dates typed here), as three
 * known-future channels: whether a timestamp's day is a holiday, and the days to the next and since the last one,
 * each capped at {@value #CAP} (a holiday's effect reaches a few days around it; further away all days look alike).
 * Public and bank holidays count; observances (e.g. Mother's Day) do not. A holiday moved to a weekday (a substitute
 * day) counts on the day it is taken.
 */
public final class Holidays {

    /** The channels' names, in order. */
    public static final List<String> CHANNELS = List.of("holiday", "daysToHoliday", "daysFromHoliday");
    static final int CAP = 7;

    private static final Map<String, NavigableSet<LocalDate>> YEARS = new ConcurrentHashMap<>();

    private Holidays() {
    }

    /**
     * A region as {@code "GB"} or {@code "GB-SCT"} (ISO 3166-1 country, optionally an ISO 3166-2 subdivision), in the
     * canonical upper case.
     *
     * @throws ForesightException (bad input) when the library has no such country or subdivision
     */
    static String check(String region) {
        String[] parts = region.trim().toUpperCase(Locale.ROOT).split("-", -1);
        if (parts.length > 2 || parts[0].isEmpty() || parts.length == 2 && parts[1].isEmpty()) {
            throw ForesightException.badInput("'holidays' is an ISO country code, optionally with a subdivision, e.g. \"GB\""
                    + " or \"GB-SCT\"; got '" + region + "'.");
        }
        if (!HolidayManager.getSupportedCalendarCodes().contains(parts[0])) {
            throw ForesightException.badInput("'holidays': there is no holiday calendar for country '" + parts[0]
                    + "'; use an ISO 3166 country code such as GB, US or DE (or NYSE, TARGET: the library's market"
                    + " calendars).");
        }
        if (parts.length == 2) {
            Map<String, CalendarHierarchy> subdivisions = manager(parts[0]).getCalendarHierarchy().getChildren();
            if (!subdivisions.containsKey(parts[1].toLowerCase(Locale.ROOT))) {
                List<String> known = new ArrayList<>();
                subdivisions.keySet().stream().sorted().forEach(s -> known.add(parts[0] + "-" + s.toUpperCase(Locale.ROOT)));
                throw ForesightException.badInput("'holidays': country " + parts[0] + " has no subdivision '" + parts[1]
                        + "'" + (known.isEmpty() ? "; use \"" + parts[0] + "\" alone." : "; it has " + known + "."));
            }
        }
        return String.join("-", parts);
    }

    /** The holidays of {@code region} (as {@link #check} returns it) in {@code year}, by the day they are taken. */
    public static NavigableSet<LocalDate> of(String region, int year) {
        return YEARS.computeIfAbsent(region + "/" + year, key -> {
            String[] parts = region.split("-");
            String[] subdivision = parts.length == 2 ? new String[] {parts[1].toLowerCase(Locale.ROOT)} : new String[0];
            NavigableSet<LocalDate> days = new TreeSet<>();
            for (Holiday holiday : manager(parts[0]).getHolidays(Year.of(year), subdivision)) {
                if (holiday.getType() != HolidayType.OBSERVANCE) {
                    days.add(holiday.getActualDate());
                }
            }
            return java.util.Collections.unmodifiableNavigableSet(days);
        });
    }

    /** The three channels ({@link #CHANNELS}) at {@code times}: [channel][step]. */
    static double[][] channels(String region, List<LocalDateTime> times) {
        double[][] channels = new double[CHANNELS.size()][times.size()];
        if (times.isEmpty()) {
            return channels;
        }
        NavigableSet<LocalDate> days = new TreeSet<>();
        int first = times.get(0).getYear() - 1;
        int last = times.get(times.size() - 1).getYear() + 1;
        for (int year = first; year <= last; year++) {
            days.addAll(of(region, year));
        }
        for (int i = 0; i < times.size(); i++) {
            LocalDate day = times.get(i).toLocalDate();
            LocalDate next = days.ceiling(day);
            LocalDate previous = days.floor(day);
            channels[0][i] = day.equals(next) ? 1 : 0;
            channels[1][i] = next == null ? CAP : Math.min(CAP, ChronoUnit.DAYS.between(day, next));
            channels[2][i] = previous == null ? CAP : Math.min(CAP, ChronoUnit.DAYS.between(previous, day));
        }
        return channels;
    }

    private static HolidayManager manager(String country) {
        return HolidayManager.getInstance(ManagerParameters.create(country.toLowerCase(Locale.ROOT)));
    }
}
