package io.foresight.web;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.foresight.ForesightException;
import io.foresight.model.Accuracy;
import io.foresight.registry.ModelRegistry;
import io.foresight.registry.ModelVersion;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * A version's backtest as a series: what the chosen method forecast over the held-back part of the data,
 * next to what happened. It is the version's {@link ModelVersion.HeldBack} plus the scores, shaped for a chart.
 */
@RestController
@RequestMapping("/api/v1/models")
@Tag(name = "Models")
class BacktestController {

    /**
     * The held-back series of one version.
     *
     * @param horizon       each forecast covers this many steps; forecasts start every {@code horizon} steps
     * @param timestamps    the held-back timestamps
     * @param actual        what happened
     * @param predicted     what the version's method forecast
     * @param lower         lower interval bounds by level in percent ({@code "80"}, {@code "95"})
     * @param upper         upper interval bounds by level
     * @param accuracy      the method's scores over the held-back windows
     * @param naive         the naive forecast's scores over the same windows
     * @param seasonalNaive the seasonal-naive forecast's scores over the same windows
     */
    record BacktestSeries(String model, int version, String method, int horizon, List<String> timestamps,
            double[] actual, double[] predicted, Map<String, double[]> lower, Map<String, double[]> upper,
            Accuracy accuracy, Accuracy naive, Accuracy seasonalNaive, boolean beatsNaive,
            boolean beatsSeasonalNaive) {
    }

    private final ModelRegistry registry;

    BacktestController(ModelRegistry registry) {
        this.registry = registry;
    }

    @Operation(summary = "A version's backtest over the held-back data",
            description = "The chosen method's forecasts over the held-back last part of the training data (one forecast"
                    + " of `horizon` steps every `horizon` steps), the actual values, 80 % and 95 % intervals, and the"
                    + " scores of the method and of the naive and seasonal-naive baselines on the same windows.")
    @Answers(description = "The held-back series", example = "backtest", problems = ApiProblem.VERSION_NOT_FOUND)
    @GetMapping("/{name}/versions/{version}/backtest")
    BacktestSeries backtest(@PathVariable String name, @PathVariable int version) {
        ModelVersion manifest = registry.version(name, version);
        ModelVersion.HeldBack held = manifest.heldBack();
        if (held == null) {
            throw ForesightException.notFound("Version " + version + " of model '" + name + "' has no recorded backtest"
                    + " series (it was trained before versions kept one); train a new version to see it.");
        }
        ModelVersion.Validation scores = manifest.validation();
        return new BacktestSeries(manifest.model(), manifest.version(), manifest.method().name(),
                manifest.settings().horizon(), held.timestamps(), held.actual(), held.predicted(), held.lower(),
                held.upper(), scores.model(), scores.naive(), scores.seasonalNaive(), scores.beatsNaive(),
                scores.beatsSeasonalNaive());
    }
}
