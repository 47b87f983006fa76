package io.foresight.dataset;

import java.util.List;

/**
 * A page of the series of a many-series dataset, ordered by id.
 *
 * @param datasetId the dataset
 * @param query     the substring the ids were filtered by ({@code ""}: none)
 * @param page      the page, from 0
 * @param size      series per page
 * @param total     series matching the query, on all pages
 * @param series    this page's series
 */
public record SeriesPage(String datasetId, String query, int page, int size, int total, List<SeriesSummary> series) {

    public SeriesPage {
        series = List.copyOf(series);
    }
}
