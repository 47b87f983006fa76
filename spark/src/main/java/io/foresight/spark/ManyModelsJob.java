package io.foresight.spark;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapGroupsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import io.foresight.RequestJsonRules;
import io.foresight.registry.ModelRegistry;
import io.foresight.registry.ModelVersion;
import io.foresight.training.ManyModels;
import io.foresight.training.TrainingFailedException;
import io.foresight.training.TrainingRequest;
import scala.Tuple2;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Trains every series of a long-format table on Apache Spark, each group of series (by default each series: many
 * models) in a task of its own with one native thread, and commits one version of the model into the registry the
 * service serves (docs/SCALE.md). The tasks have no side effect; the driver registers the version once, through the
 * registry's staging area and lock, so a failed or killed job leaves the registry as it was.
 */
public final class ManyModelsJob {

    /** The exit status when nothing was registered because no series could be trained. */
    static final int NOT_TRAINED = 1;

    /** Each executor's trainer per spec, built on first use in that JVM. */
    private static final Map<Spec, ManyModels> TRAINERS = new ConcurrentHashMap<>();

    /** What a task needs to build its trainer: plain strings, sent with the closure. */
    record Spec(String model, String request, List<String> idColumns, String source) implements java.io.Serializable {
        ManyModels trainer() {
            return TRAINERS.computeIfAbsent(this, s -> new ManyModels(s.model, ManyModelsJob.request(s.request), s.idColumns, s.source,
                    ForesightProperties.defaults(Path.of("."))));
        }
    }

    /** The outcome the driver reports. */
    record Outcome(ModelVersion version, int series, int failed, Duration elapsed) {
    }

    private ManyModelsJob() {
    }

    public static void main(String[] args) {
        JobOptions options;
        try {
            options = JobOptions.parse(List.of(args));
        } catch (IllegalArgumentException e) {
            System.err.println("ManyModelsJob: " + e.getMessage());
            System.err.println(JobOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            Outcome outcome = run(options);
            System.out.printf(Locale.ROOT, "Registered version %d of model '%s': %d series, %d without a model, in %.1f s%n",
                    outcome.version().version(), outcome.version().model(), outcome.series(), outcome.failed(),
                    outcome.elapsed().toMillis() / 1000.0);
        } catch (ForesightException e) {
            System.err.println("ManyModelsJob: " + e.getMessage());
            System.exit(2);
        } catch (TrainingFailedException e) {
            System.err.println("ManyModelsJob: " + e.getMessage());
            System.exit(NOT_TRAINED);
        }
    }

    /** Runs the job in a Spark session of its own (the master from {@code options}, else from spark-submit). */
    static Outcome run(JobOptions options) {
        SparkSession.Builder builder = SparkSession.builder().appName("foresight many-models " + options.model())
                // adaptive execution would merge a small input into one task: no parallelism (docs/SCALE.md)
                .config("spark.sql.adaptive.coalescePartitions.enabled", "false")
                .config("spark.executorEnv.OMP_NUM_THREADS", "1");
        if (options.master() != null) {
            builder.master(options.master());
        }
        SparkSession spark = builder.getOrCreate();
        try {
            return run(spark, options);
        } finally {
            spark.stop();
        }
    }

    static Outcome run(SparkSession spark, JobOptions options) {
        Instant started = Instant.now();
        TrainingRequest request = request(options);
        ForesightProperties properties = ForesightProperties.defaults(Path.of(options.dataDir()));
        ModelRegistry registry = new ModelRegistry(properties, JsonMapper.builder().build(), change -> {
        });
        registry.checkName("model name", options.model());
        Spec spec = new Spec(options.model(), json(request), options.idColumns(), options.input());
        spec.trainer(); // the spec is checked on the driver before any task starts

        Dataset<Row> table = options.format().equals("parquet") ? spark.read().parquet(options.input())
                : spark.read().option("header", "true").option("inferSchema", "false").csv(options.input());
        List<String> columns = new ArrayList<>(options.idColumns());
        columns.add(options.timestamp());
        columns.add(options.target());
        if (request.features() != null) {
            columns.addAll(request.features());
        }
        List<String> present = Arrays.asList(table.columns());
        for (String column : columns) {
            if (!present.contains(column)) {
                throw ForesightException.badInput("The input has no column '" + column + "'; its columns are " + present + ".");
            }
        }
        // every cell as text, as a CSV upload is read: the service's parser decides what a number and a timestamp are
        Dataset<Row> rows = table.select(columns.stream().map(c -> functions.col(c).cast("string").as(c))
                .toArray(Column[]::new));
        int partitions = options.partitions() != null ? options.partitions()
                : Math.max(1, 4 * spark.sparkContext().defaultParallelism());
        spark.conf().set("spark.sql.shuffle.partitions", partitions);
        int[] groupFields = options.groupColumns().stream().mapToInt(columns::indexOf).toArray();
        List<String> header = List.copyOf(columns);
        Dataset<Tuple2<String, byte[]>> trained = rows
                .groupByKey((MapFunction<Row, String>) row -> key(row, groupFields), Encoders.STRING())
                .mapGroups((MapGroupsFunction<String, Row, Tuple2<String, byte[]>>) (key, group) -> new Tuple2<>(key,
                        spec.trainer().train(key, Csv.of(header, group))), Encoders.tuple(Encoders.STRING(), Encoders.BINARY()));
        System.out.printf(Locale.ROOT, "Training the series of %s on %d partitions (Spark %s, master %s)%n", options.input(),
                partitions, spark.version(), spark.sparkContext().master());
        // every group trained by the tasks in parallel and kept (spilled to disk when memory is short), then streamed to
        // the driver; toLocalIterator alone would compute the partitions one after another
        trained.persist(StorageLevel.MEMORY_AND_DISK());
        long count = trained.count();
        System.out.printf(Locale.ROOT, "Trained %d groups in %.1f s; committing%n", count,
                Duration.between(started, Instant.now()).toMillis() / 1000.0);
        Map<String, byte[]> groups = new HashMap<>();
        Iterator<Tuple2<String, byte[]>> results = trained.toLocalIterator();
        while (results.hasNext()) {
            Tuple2<String, byte[]> result = results.next();
            groups.put(result._1(), result._2());
        }
        trained.unpersist();
        Map<String, String> libraries = new LinkedHashMap<>();
        String version = ManyModels.class.getPackage().getImplementationVersion();
        libraries.put("foresight", version == null ? "unknown" : version);
        libraries.put("spark", spark.version());
        libraries.put("java", System.getProperty("java.version"));
        ModelVersion committed = spec.trainer().commit(groups, registry, "spark-" + spark.sparkContext().applicationId(),
                started, libraries);
        return new Outcome(committed, committed.series().count(), committed.series().failed(),
                Duration.between(started, Instant.now()));
    }

    /** A group's key: its group columns' values joined with {@code /}, as the service names a series. */
    private static String key(Row row, int[] fields) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            key.append(i == 0 ? "" : "/").append(row.isNullAt(fields[i]) ? "" : row.getString(fields[i]));
        }
        return key.toString();
    }

    /** Reads a spec as the API reads a training request's body. */
    private static final JsonMapper STRICT = RequestJsonRules.apply(JsonMapper.builder()).build();

    /** The spec with the command line's target and horizon, read as strictly as the API reads it. */
    static TrainingRequest request(JobOptions options) {
        ObjectNode spec;
        try {
            spec = options.spec() == null ? STRICT.createObjectNode() : (ObjectNode) STRICT.readTree(options.spec());
        } catch (JacksonException | ClassCastException e) {
            throw ForesightException.badInput("--spec is not a JSON object: " + e.getMessage());
        }
        for (String field : List.of("target", "horizon")) {
            if (spec.has(field)) {
                throw ForesightException.badInput("--spec must not set '" + field + "': the command line's --" + field
                        + " does.");
            }
        }
        if (spec.has("datasetId")) {
            throw ForesightException.badInput("--spec must not set 'datasetId': the job reads --input.");
        }
        spec.put("target", options.target());
        spec.put("horizon", options.horizon());
        return request(spec.toString());
    }

    private static TrainingRequest request(String json) {
        try {
            return STRICT.readValue(json, TrainingRequest.class);
        } catch (JacksonException e) {
            String field = e.getPath().stream().map(r -> r.getPropertyName() != null ? r.getPropertyName()
                    : "[" + r.getIndex() + "]").collect(java.util.stream.Collectors.joining("."));
            throw ForesightException.badInput("--spec is not a training spec" + (field.isEmpty() ? "" : " (field '" + field
                    + "')") + ": " + e.getOriginalMessage());
        }
    }

    private static String json(TrainingRequest request) {
        return STRICT.writeValueAsString(request);
    }
}
