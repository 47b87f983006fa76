package io.foresight.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A statistical method that refits on the history before each forecast ({@link Method#refitsHistory}), remembering
 * its latest forecasts by the exact history they were made from (the last {@link StatisticalForecaster#MAX_HISTORY}
 * points of the target, the only input such a method reads). A served version forecasts from the same stored data
 * again and again until observations arrive; remembered, those forecasts cost a comparison instead of a fit (an ETS
 * or ARIMA fit takes tens of milliseconds to seconds). The forecasts are the method's own, bit for bit.
 */
public final class RememberingForecaster implements Forecaster {

    /** Histories remembered (least recently used dropped first). */
    static final int CAPACITY = 4;

    private final Forecaster method;
    private final Map<History, double[]> remembered = new LinkedHashMap<>(CAPACITY, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<History, double[]> eldest) {
            return size() > CAPACITY;
        }
    };

    /** A history by value. */
    private record History(double[] values) {
        @Override
        public boolean equals(Object other) {
            return other instanceof History h && Arrays.equals(values, h.values);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(values);
        }
    }

    public RememberingForecaster(Forecaster method) {
        this.method = method;
    }

    @Override
    public int window() {
        return method.window();
    }

    @Override
    public int horizon() {
        return method.horizon();
    }

    @Override
    public double[][] forecast(double[][] channels, int[] ends) {
        double[][] out = new double[ends.length][];
        for (int i = 0; i < ends.length; i++) {
            int end = ends[i];
            History history = new History(Arrays.copyOfRange(channels[0], Math.max(0, end - StatisticalForecaster.MAX_HISTORY), end));
            double[] known;
            synchronized (remembered) {
                known = remembered.get(history);
            }
            if (known == null) {
                known = method.forecast(channels, new int[] {end})[0];
                synchronized (remembered) {
                    remembered.put(history, known);
                }
            }
            out[i] = known.clone();
        }
        return out;
    }
}
