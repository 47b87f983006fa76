package io.foresight.forecast;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;

import io.foresight.dataset.KnownFuture;
import io.foresight.dataset.Paging;
import io.foresight.model.Forecaster;
import io.foresight.model.Method;
import io.foresight.model.NetworkForecaster;
import io.foresight.registry.IntervalCalibration;
import io.foresight.registry.ModelVersion;
import io.foresight.registry.SeriesModel;
import io.foresight.registry.VersionLoader;

/**
 * A many-series version loaded for serving: its series by id, its global networks restored once, and each series'
 * forecaster and interval calibration built the first time that series is asked for (a request for every series
 * builds them all; later requests reuse them).
 */
final class LoadedPanel {

    private static final int DEFAULT_PAGE_SIZE = 50;
    private final ModelVersion version;
    private final List<SeriesModel> series;
    private final Map<String, Integer> positions;
    private final List<NetworkForecaster> networks;
    private final AtomicReferenceArray<Forecaster> forecasters;
    private final AtomicReferenceArray<IntervalCalibration> calibrations;

    LoadedPanel(ModelVersion version, VersionLoader loader) {
        this.version = version;
        this.series = loader.series(version);
        this.networks = version.members().isEmpty() ? List.of() : loader.networks(version);
        this.positions = new HashMap<>(series.size() * 2);
        for (int i = 0; i < series.size(); i++) {
            positions.put(series.get(i).id(), i);
        }
        this.forecasters = new AtomicReferenceArray<>(series.size());
        this.calibrations = new AtomicReferenceArray<>(series.size());
    }

    ModelVersion version() {
        return version;
    }

    List<SeriesModel> series() {
        return series;
    }

    /** The position of the series with this id, or -1. */
    int position(String id) {
        return positions.getOrDefault(id, -1);
    }

    Forecaster forecaster(int position) {
        Forecaster forecaster = forecasters.get(position);
        if (forecaster == null) {
            forecaster = VersionLoader.forecaster(version, series.get(position), networks);
            forecasters.compareAndSet(position, null, forecaster);
        }
        return forecaster;
    }

    IntervalCalibration calibration(int position) {
        IntervalCalibration calibration = calibrations.get(position);
        if (calibration == null) {
            calibration = IntervalCalibration.of(series.get(position).absResiduals());
            calibrations.compareAndSet(position, null, calibration);
        }
        return calibration;
    }

    /**
     * One page of the version's series whose id contains {@code query} (ignoring case; all when null or
     * empty), in the version's order.
     */
    SeriesList page(String query, Integer page, Integer size) {
        ModelVersion resolved = version;
        Paging paging = new Paging(page == null ? 0 : page, size == null ? DEFAULT_PAGE_SIZE : size);
        String needle = query == null ? "" : query.toLowerCase(Locale.ROOT);
        List<SeriesModel> matching = needle.isEmpty() ? series
                : series.stream().filter(s -> s.id().toLowerCase(Locale.ROOT).contains(needle)).toList();
        List<SeriesList.Item> items = paging.of(matching).stream().map(this::item).toList();
        return new SeriesList(resolved.model(), resolved.version(), query == null ? "" : query, paging.page(), paging.size(),
                matching.size(), resolved.series().methods(), items);
    }

    private SeriesList.Item item(SeriesModel s) {
        if (!s.trained()) {
            return new SeriesList.Item(s.id(), null, null, null, null, null, s.points(), null, new double[0], s.failure(),
                    null);
        }
        ModelVersion.Validation v = s.validation();
        Boolean reads = version.data().knownFuture().isEmpty() ? null : s.readsKnownFuture(version.members());
        return new SeriesList.Item(s.id(), s.method().name(), s.candidate(), v.model().mase(), v.naive().mase(),
                v.seasonalNaive().mase(), s.points(), s.end(), SeriesDrivers.recent(s.tail()[0]), null, reads);
    }

    /**
     * The future features of the series at {@code position} (a trained one): each one's values at its last
     * {@link SeriesDrivers#RECENT} steps (those of the list's {@code recent}) and the plan stored for it after its
     * end; their channels follow the target's and the version's past features'. With {@code observed} (the stored end and plan
     * continued by observations since, {@link ForecastService#continued}; null: none) the recent steps and the plan
     * are those after the latest observation, from which a forecast starts.
     */
    SeriesDrivers drivers(int position, ModelVersion.Tail observed) {
        SeriesModel s = series.get(position);
        KnownFuture known = version.data().knownFuture();
        boolean regression = s.method() == Method.REGRESSION;
        ModelVersion.Drivers measured = known.isEmpty() ? null
                : ModelVersion.Drivers.of(known.channelNames(), s.scores(), s.readsKnownFuture(version.members()),
                        regression ? s.remainder() : null, regression ? s.multiplicative() : null);
        return observed != null
                ? SeriesDrivers.of(version, s.id(), observed.values(), observed.future(), observed.end(), measured)
                : SeriesDrivers.of(version, s.id(), s.tail(), s.future(), s.end(), measured);
    }
}
