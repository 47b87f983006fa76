package io.foresight.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import io.foresight.ForesightException;
import io.foresight.dataset.DatasetService;
import io.foresight.training.JobStatus;
import io.foresight.training.TrainingJobView;
import io.foresight.training.TrainingRequest;
import io.foresight.training.TrainingService;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the request-body fuzz tests (ForecastRequestFuzzTest, training/TrainingRequestFuzzTest) accept as a clear
 * rejection: a Jackson error that the service describes (as its error handler does, {@link JsonProblems}) or a
 * {@link ForesightException} of a client-error kind, each with a message that names no Java internals. They share
 * one Spring context (the same properties), and so one data directory with one small trained model.
 */
public final class RequestBodyOracle {

    /**
     * The Spring properties both fuzz tests use, so that JUnit caches one context for both. The limits are the
     * defaults, spelled out for the oracle: a fuzzing run must not load {@code ForesightProperties} into the test
     * class, or Jazzer instruments it first and Spring can no longer bind it (the parameter names are lost).
     */
    public static final String DATA_DIR = "foresight.data-dir=target/request-fuzz-data";
    public static final String LIMITS_HORIZON = "foresight.limits.max-horizon=1000";
    public static final String LIMITS_WINDOW = "foresight.limits.max-window=1000";
    public static final String LIMITS_EPOCHS = "foresight.limits.max-epochs=1000";
    public static final String LIMITS_LAYERS = "foresight.limits.max-layers=8";
    public static final String LIMITS_LAYER_SIZE = "foresight.limits.max-layer-size=512";
    public static final int MAX_HORIZON = 1000;
    public static final int MAX_WINDOW = 1000;
    public static final int MAX_EPOCHS = 1000;
    public static final int MAX_LAYERS = 8;
    public static final int MAX_LAYER_SIZE = 512;
    public static final String MODEL = "fuzz";
    private static final Set<ForesightException.Kind> CLIENT_ERRORS = Set.of(ForesightException.Kind.BAD_INPUT,
            ForesightException.Kind.NOT_FOUND, ForesightException.Kind.UNPROCESSABLE, ForesightException.Kind.CONFLICT);
    private static final String[] INTERNALS = {"Exception", "io.foresight.", "java.", "jakarta.", "tools.jackson",
        "org.springframework"};
    private static String datasetId;

    private RequestBodyOracle() {
    }

    /** A Jackson failure to read a body is a clear 400: the detail the service would send. */
    public static void assertDescribed(JacksonException e) {
        assertClear(JsonProblems.describe(e, "The request body"));
    }

    /** A domain rejection: a client-error kind and a message a person can act on. */
    public static void assertClear(ForesightException e) {
        assertThat(CLIENT_ERRORS).as("kind of %s", e.getMessage()).contains(e.kind());
        assertClear(e.getMessage());
    }

    /** The mapper request bodies are read with over HTTP ({@link WebConfiguration#requestJson}), stricter than the stored files'. */
    public static JsonMapper requestMapper(org.springframework.context.ApplicationContext context) {
        return context.getBean(WebConfiguration.RequestJson.class).mapper();
    }

    private static void assertClear(String message) {
        assertThat(message).isNotBlank();
        for (String word : INTERNALS) {
            assertThat(message).as("a rejection's message names no internals").doesNotContain(word);
        }
    }

    /**
     * The dataset every fuzz input trains or forecasts on: the first 32 months of AirPassengers, with model
     * {@value #MODEL} trained on it (statistical methods only, a few seconds). Created once per data directory.
     */
    public static synchronized String dataset(DatasetService datasets, TrainingService training, JsonMapper json) throws Exception {
        if (datasetId != null) {
            return datasetId;
        }
        byte[] air = java.nio.file.Files.readAllBytes(Path.of("src/test/resources/csv/AirPassengers.csv"));
        String head = String.join("\n", new String(air, java.nio.charset.StandardCharsets.UTF_8).lines().limit(33).toList()) + "\n";
        String id = datasets.create("air32", "air32.csv", head.getBytes(java.nio.charset.StandardCharsets.UTF_8)).id();
        TrainingJobView job = training.submit(MODEL, json.readValue("""
                {"datasetId": "%s", "target": "value", "horizon": 12, "seed": 3}""".formatted(id), TrainingRequest.class));
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!job.status().finished() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            job = training.get(job.id());
        }
        assertThat(job.status()).as(job.toString()).isEqualTo(JobStatus.SUCCEEDED);
        datasetId = id;
        return id;
    }
}
