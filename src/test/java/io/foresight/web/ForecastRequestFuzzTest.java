package io.foresight.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.foresight.ForesightException;
import io.foresight.FuzzReplay;
import io.foresight.dataset.DatasetService;
import io.foresight.dataset.TimestampFormat;
import io.foresight.forecast.Forecast;
import io.foresight.forecast.ForecastQuery;
import io.foresight.forecast.ForecastService;
import io.foresight.training.TrainingService;
import tools.jackson.core.JacksonException;

/**
 * A forecast request body never fails in an unplanned way: the JSON goes through what {@code POST
 * /api/v1/models/{name}/forecast} does without HTTP (the mapper HTTP reads request bodies with into {@link ModelController.ForecastRequest},
 * {@link ModelController#history}, {@link ForecastService#forecast}) and either is rejected clearly
 * ({@link RequestBodyOracle}) or answers a forecast of finite numbers with lower <= value <= upper, each level's
 * interval inside the wider ones, and timestamps the service itself reads back. Anything else is a bug.
 *
 * <p>A normal test run replays the corpus in {@code src/test/resources/io/foresight/web/ForecastRequestFuzzTestInputs/fuzz/}
 * and 2,000 seeded mutations of it; {@code JAZZER_FUZZ=1} fuzzes (docs/BAD_INPUT.md).
 */
@SpringBootTest(properties = {RequestBodyOracle.DATA_DIR, RequestBodyOracle.LIMITS_HORIZON, RequestBodyOracle.LIMITS_WINDOW,
    RequestBodyOracle.LIMITS_EPOCHS, RequestBodyOracle.LIMITS_LAYERS, RequestBodyOracle.LIMITS_LAYER_SIZE})
class ForecastRequestFuzzTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    ForecastService forecasts;
    @Autowired
    DatasetService datasets;
    @Autowired
    TrainingService training;

    @BeforeAll
    static void replayWithoutFuzzingHooks() {
        FuzzReplay.withoutFuzzingHooks();
    }

    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] body) throws Exception {
        RequestBodyOracle.dataset(datasets, training, RequestBodyOracle.requestMapper(context));
        check(body);
    }

    @Test
    void mutatedSamplesKeepTheContract() throws Exception {
        RequestBodyOracle.dataset(datasets, training, RequestBodyOracle.requestMapper(context));
        List<byte[]> seeds = seeds();
        Random random = new Random(20_261_205L);
        int accepted = 0;
        for (int i = 0; i < 2_000; i++) {
            byte[] input = FuzzReplay.overwritten(seeds, random, 4, FuzzReplay.JSON_BYTES);
            accepted += check(input) ? 1 : 0;
        }
        assertThat(accepted).isPositive().isLessThan(2_000);
    }

    /** The oracle; true when the request was answered with a forecast. */
    boolean check(byte[] body) {
        ModelController.ForecastRequest request;
        try {
            request = RequestBodyOracle.requestMapper(context).readValue(body, ModelController.ForecastRequest.class);
        } catch (JacksonException e) {
            RequestBodyOracle.assertDescribed(e);
            return false;
        }
        if (request == null) {
            return false; // an empty body or JSON null: "the request body is missing" (ApiExceptionHandler)
        }
        Forecast forecast;
        try {
            List<ForecastQuery.Observation> history = ModelController.history(request.history());
            forecast = forecasts.forecast(new ForecastQuery(RequestBodyOracle.MODEL, request.horizon(), history,
                    request.version(), request.alias(), request.levels()));
        } catch (ForesightException e) {
            RequestBodyOracle.assertClear(e);
            return false;
        }
        assertThat(forecast.points()).hasSize(forecast.horizon());
        for (Forecast.Point point : forecast.points()) {
            assertThat(Double.isFinite(point.value())).as("finite value %s", point).isTrue();
            TimestampFormat.parse(point.timestamp()); // the service reads back what it writes
            double previousLower = Double.POSITIVE_INFINITY;
            double previousUpper = Double.NEGATIVE_INFINITY;
            for (Map.Entry<String, Double> lower : point.lower().entrySet()) {
                double low = lower.getValue();
                double high = point.upper().get(lower.getKey());
                assertThat(Double.isFinite(low) && Double.isFinite(high)).as("finite bounds %s", point).isTrue();
                assertThat(low).as("lower <= value %s", point).isLessThanOrEqualTo(point.value());
                assertThat(high).as("value <= upper %s", point).isGreaterThanOrEqualTo(point.value());
                // levels come out ascending: each interval contains the previous, narrower one
                assertThat(low).as("nested %s", point).isLessThanOrEqualTo(previousLower);
                assertThat(high).as("nested %s", point).isGreaterThanOrEqualTo(previousUpper);
                previousLower = low;
                previousUpper = high;
            }
        }
        return true;
    }

    private static List<byte[]> seeds() {
        return FuzzReplay.seeds(ForecastRequestFuzzTest.class, "horizon.json", "levels.json", "history.json", "history-features.json", "version-alias.json");
    }
}
