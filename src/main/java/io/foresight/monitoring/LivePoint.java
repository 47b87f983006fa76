package io.foresight.monitoring;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.foresight.dataset.TimestampFormat;

/**
 * One scored point as a chart shows it: the actual value at {@code timestamp} next to what was forecast for it, with
 * the recorded interval bounds by level key ({@code "80"}, {@code "95"}), the forecast's origin (its last known
 * timestamp) and {@code step}, how many steps ahead of the origin it was (1: one step ahead).
 */
public record LivePoint(String timestamp, double actual, double forecast, Map<String, Double> lower,
        Map<String, Double> upper, String origin, int step) {

    /** At most this many points are given: the newest. */
    public static final int MAX = 200;

    /**
     * One point per target timestamp of {@code points} (one series' scored points): the step of the forecast with the
     * latest origin before it, i.e. the forecast made closest to it (one step ahead when a forecast was asked every
     * step); the newest {@link #MAX}, oldest first.
     */
    static List<LivePoint> latest(List<ScoredPoint> points, boolean dateOnly) {
        Map<Long, ScoredPoint> byTarget = new TreeMap<>();
        for (ScoredPoint p : points) {
            byTarget.merge(p.target(), p, (a, b) -> b.entry().origin() > a.entry().origin() ? b : a);
        }
        List<ScoredPoint> chosen = new ArrayList<>(byTarget.values());
        chosen.sort(Comparator.comparingLong(ScoredPoint::target));
        List<ScoredPoint> newest = chosen.subList(Math.max(0, chosen.size() - MAX), chosen.size());
        List<LivePoint> out = new ArrayList<>(newest.size());
        for (ScoredPoint p : newest) {
            out.add(of(p, dateOnly));
        }
        return out;
    }

    private static LivePoint of(ScoredPoint p, boolean dateOnly) {
        LedgerEntry e = p.entry();
        Map<String, Double> lower = new LinkedHashMap<>();
        Map<String, Double> upper = new LinkedHashMap<>();
        for (int j = 0; j < e.levels().length; j++) {
            String key = ScoredPoint.levelKey(e.levels()[j]);
            lower.put(key, decimal(e.lower(j, p.step())));
            upper.put(key, decimal(e.upper(j, p.step())));
        }
        return new LivePoint(format(p.target(), dateOnly), p.actual(), decimal(e.value(p.step())), lower, upper,
                format(e.origin(), dateOnly), p.step() + 1);
    }

    /** A recorded 32-bit number as it was written (380.4, not 380.3999938964844). */
    private static double decimal(float f) {
        return Double.parseDouble(Float.toString(f));
    }

    private static String format(long seconds, boolean dateOnly) {
        return TimestampFormat.format(LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC), dateOnly);
    }
}
