package io.foresight.observation;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One page of a series' stored observations, oldest first.
 *
 * @param series the series' id, null for a single-series model
 * @param total  observations of the series in all
 */
public record ObservationPage(String model, String series, int page, int size, int total, List<Point> points) {

    /**
     * One stored observation; {@code columns}: the values of the feature columns and future features it carries, by
     * name, written as further members as they were sent ({@code {"timestamp": ..., "value": ..., "promo": 1}}; none for
     * a model of its target alone; null where a point was stored without the column).
     */
    public record Point(String timestamp, double value, @JsonIgnore Map<String, Double> columns) {

        public Point {
            columns = columns == null ? Map.of() : columns;
        }

        /** A stored observation of the target alone. */
        public Point(String timestamp, double value) {
            this(timestamp, value, Map.of());
        }

        @JsonAnyGetter
        Map<String, Double> columnValues() {
            return columns;
        }
    }
}
