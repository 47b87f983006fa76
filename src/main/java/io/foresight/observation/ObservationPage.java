package io.foresight.observation;

import java.util.List;

/**
 * One page of a series' stored observations, oldest first.
 *
 * @param series the series' id, null for a single-series model
 * @param total  observations of the series in all
 */
public record ObservationPage(String model, String series, int page, int size, int total, List<Point> points) {

    /** One stored observation. */
    public record Point(String timestamp, double value) {
    }
}
