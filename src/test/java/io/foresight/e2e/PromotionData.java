package io.foresight.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The known-future tests' data: daily electricity demand (June-August 2000, the half-hourly {@code taylor.csv} summed
 * per day, in GWh) with a planned promotion that adds {@link #EFFECT} GWh on its days, then {@link #STORED_FUTURE}
 * planned days after the last demand value (rows with an empty target and the promotion's plan).
 */
public final class PromotionData {

    /** The promotion's effect on demand, in GWh (about 15 % of a day's demand). */
    public static final double EFFECT = 220;
    public static final int STORED_FUTURE = 14;

    private PromotionData() {
    }

    /** A promotion on about 4 days in 13, not in step with the week. */
    public static int promotion(int day) {
        return day * 5 % 13 < 4 ? 1 : 0;
    }

    /** Region {@code region}'s promotion: the same pattern, shifted by three days per region. */
    public static int promotion(int region, int day) {
        return promotion(day + 3 * region);
    }

    /**
     * Many series as a long-format CSV, {@code region,timestamp,demand,promo}: region {@code r}'s demand is
     * {@code levels[r]} times the daily demand plus its promotion's effect, then {@code planned[r]} planned days.
     */
    public static String regionsCsv(List<String> regions, double[] levels, int[] planned) throws IOException {
        Map<String, Double> daily = dailyDemand();
        LocalDate first = LocalDate.parse(daily.keySet().iterator().next());
        StringBuilder csv = new StringBuilder("region,timestamp,demand,promo\n");
        for (int r = 0; r < regions.size(); r++) {
            int i = 0;
            for (double demand : daily.values()) {
                csv.append(regions.get(r)).append(',').append(first.plusDays(i)).append(',')
                        .append(String.format(Locale.ROOT, "%.3f", levels[r] * demand + EFFECT * promotion(r, i)))
                        .append(',').append(promotion(r, i)).append('\n');
                i++;
            }
            for (int k = 0; k < planned[r]; k++, i++) {
                csv.append(regions.get(r)).append(',').append(first.plusDays(i)).append(",,").append(promotion(r, i))
                        .append('\n');
            }
        }
        return csv.toString();
    }

    /** Daily demand in GWh by date ({@code yyyy-MM-dd}, ascending): {@code taylor.csv}'s half-hours summed per day. */
    public static Map<String, Double> dailyDemand() throws IOException {
        Map<String, Double> daily = new TreeMap<>();
        List<String> lines = Files.readAllLines(Path.of("sample-data", "taylor.csv"), StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            daily.merge(cells[0].substring(0, 10), Double.parseDouble(cells[1]) / 1000, Double::sum);
        }
        return daily;
    }

    /** The dataset as CSV: {@code timestamp,demand,promo}. */
    public static String csv() throws IOException {
        Map<String, Double> daily = dailyDemand();
        StringBuilder csv = new StringBuilder("timestamp,demand,promo\n");
        int i = 0;
        String last = null;
        for (Map.Entry<String, Double> day : daily.entrySet()) {
            String demand = String.format(Locale.ROOT, "%.3f", day.getValue() + EFFECT * promotion(i));
            csv.append(day.getKey()).append(',').append(demand).append(',').append(promotion(i)).append('\n');
            last = day.getKey();
            i++;
        }
        for (int k = 1; k <= STORED_FUTURE; k++, i++) {
            csv.append(LocalDate.parse(last).plusDays(k)).append(",,").append(promotion(i)).append('\n');
        }
        return csv.toString();
    }
}
