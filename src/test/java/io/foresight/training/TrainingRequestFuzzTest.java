package io.foresight.training;

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
import io.foresight.ForesightProperties;
import io.foresight.FuzzReplay;
import io.foresight.dataset.DatasetService;
import io.foresight.model.TrainingSettings;
import io.foresight.registry.ModelRegistry;
import io.foresight.web.RequestBodyOracle;
import tools.jackson.core.JacksonException;

/**
 * A training request body never fails in an unplanned way: the JSON goes through what {@code POST
 * /api/v1/models/{name}/training-jobs} checks before it queues a job, without HTTP and without training (the
 * mapper HTTP reads request bodies with into {@link TrainingRequest}, then {@link Trainer#prepare}), and is either rejected clearly
 * ({@link RequestBodyOracle}) or becomes settings within the configured limits. A {@code datasetId} of
 * {@code "DATASET"} stands for the one uploaded dataset (fuzzed ids are otherwise never found).
 *
 * <p>A normal test run replays the corpus in
 * {@code src/test/resources/io/foresight/training/TrainingRequestFuzzTestInputs/fuzz/} and 2,000 seeded mutations of
 * it; {@code JAZZER_FUZZ=1} fuzzes (docs/BAD_INPUT.md).
 */
@SpringBootTest(properties = {RequestBodyOracle.DATA_DIR, RequestBodyOracle.LIMITS_HORIZON, RequestBodyOracle.LIMITS_WINDOW,
    RequestBodyOracle.LIMITS_EPOCHS, RequestBodyOracle.LIMITS_LAYERS, RequestBodyOracle.LIMITS_LAYER_SIZE})
class TrainingRequestFuzzTest {

    @Autowired
    ApplicationContext context;
    @Autowired
    DatasetService datasets;
    @Autowired
    ModelRegistry registry;
    @Autowired
    ForesightProperties properties;
    @Autowired
    TrainingService training;

    @BeforeAll
    static void replayWithoutFuzzingHooks() {
        FuzzReplay.withoutFuzzingHooks();
    }

    @FuzzTest(maxDuration = "30s")
    void fuzz(byte[] body) throws Exception {
        check(body, RequestBodyOracle.dataset(datasets, training, RequestBodyOracle.requestMapper(context)));
    }

    @Test
    void mutatedSamplesKeepTheContract() throws Exception {
        String dataset = RequestBodyOracle.dataset(datasets, training, RequestBodyOracle.requestMapper(context));
        List<byte[]> seeds = seeds();
        Random random = new Random(20_261_206L);
        int accepted = 0;
        for (int i = 0; i < 2_000; i++) {
            byte[] input = FuzzReplay.overwritten(seeds, random, 3, FuzzReplay.JSON_BYTES);
            accepted += check(input, dataset) ? 1 : 0;
        }
        assertThat(accepted).isPositive().isLessThan(2_000);
    }

    /** The oracle; true when the request would be queued. */
    boolean check(byte[] body, String dataset) {
        TrainingRequest request;
        try {
            request = RequestBodyOracle.requestMapper(context).readValue(body, TrainingRequest.class);
        } catch (JacksonException e) {
            RequestBodyOracle.assertDescribed(e);
            return false;
        }
        if (request == null) {
            return false; // an empty body or JSON null: "the request body is missing" (ApiExceptionHandler)
        }
        if ("DATASET".equals(request.datasetId())) {
            request = request.withDatasetId(dataset);
        }
        Trainer.Prepared prepared;
        try {
            prepared = new Trainer(datasets, registry, properties, Map.of()).prepare("fuzz-training", request);
        } catch (ForesightException e) {
            RequestBodyOracle.assertClear(e);
            return false;
        }
        TrainingSettings settings = prepared.settings();
        assertThat(settings.horizon()).isBetween(1, RequestBodyOracle.MAX_HORIZON);
        assertThat(settings.window()).isBetween(1, RequestBodyOracle.MAX_WINDOW);
        assertThat(settings.epochs()).isBetween(1, RequestBodyOracle.MAX_EPOCHS);
        assertThat(settings.layers()).isNotEmpty().hasSizeLessThanOrEqualTo(RequestBodyOracle.MAX_LAYERS)
                .allSatisfy(size -> assertThat(size).isBetween(1, RequestBodyOracle.MAX_LAYER_SIZE));
        assertThat(settings.learningRate()).isGreaterThan(0).isLessThanOrEqualTo(1);
        assertThat(settings.dropout()).isGreaterThanOrEqualTo(0).isLessThan(1);
        assertThat(prepared.columns()).isNotEmpty().doesNotHaveDuplicates();
        return true;
    }

    private static List<byte[]> seeds() {
        return FuzzReplay.seeds(TrainingRequestFuzzTest.class, "minimal.json", "full.json", "auto.json", "warm-start.json");
    }
}
