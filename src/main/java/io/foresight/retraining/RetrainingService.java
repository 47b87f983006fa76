package io.foresight.retraining;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Service;

import io.foresight.AtomicFiles;
import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import io.foresight.dataset.DatasetInfo;
import io.foresight.dataset.DatasetService;
import io.foresight.dataset.Panel;
import io.foresight.dataset.TimeSeries;
import io.foresight.dataset.TimestampFormat;
import io.foresight.monitoring.ModelDrifted;
import io.foresight.observation.ObservationStore;
import io.foresight.observation.Observations;
import io.foresight.registry.ModelRegistry;
import io.foresight.registry.ModelVersion;
import io.foresight.registry.RegistryChanged;
import io.foresight.registry.RegistryLock;
import io.foresight.training.TrainingJobView;
import io.foresight.training.TrainingRequest;
import io.foresight.training.TrainingService;
import jakarta.annotation.PreDestroy;
import tools.jackson.databind.json.JsonMapper;

/**
 * Per-model retraining policies ({@code retraining/<model>/policy.json}, the last run in {@code run.json}, both
 * written whole by {@link AtomicFiles}) and the one daemon thread that runs them: every second it submits a training
 * job for each policy whose cron time has come ({@link RetrainingSchedule}), and for each model with {@code onDrift}
 * whose production version started drifting ({@link ModelDrifted}). A run is decided and recorded under the model's
 * {@code retraining.lock} ({@link RegistryLock}: every replica on the data directory) before the job is submitted, so
 * one replica submits it; a model whose previous retraining job is still queued or running is not retrained again
 * (the run is recorded as skipped). A run whose job the service's stop interrupted (a shutdown or a crash while it was
 * queued or running: {@link TrainingJobView#interrupted()}) is submitted again once, by the first check after that
 * job is found interrupted (at start-up, or by another replica), with the same request and trigger, marked
 * {@code rerunOf}; the run record then names the new job, so no later check submits it again. The job trains the
 * production version's dataset followed by the model's stored observations (a new dataset; many series: each series'
 * observations after its own end, in long format), with the production version's target, features, horizon and
 * architecture and the policy's overrides, warm-started from the production version when it has networks. A deleted
 * model's policy and last run go with it.
 */
@Service
public class RetrainingService {

    private static final Logger log = LoggerFactory.getLogger(RetrainingService.class);
    private static final String POLICY = "policy.json";
    private static final String RUN = "run.json";

    /** A policy with its last and next run, as the API shows it. */
    public record View(String model, String cron, boolean onDrift, TrainingRequest spec, Instant since, Instant nextRun,
            RetrainingRun lastRun) {
    }

    private final Path root;
    private final JsonMapper json;
    private final ModelRegistry registry;
    private final DatasetService datasets;
    private final ObservationStore observations;
    private final TrainingService training;
    private final ScheduledExecutorService thread;
    /** Jobs of last runs found ended otherwise than interrupted: never rerun, so not read again. */
    private final Set<String> settled = ConcurrentHashMap.newKeySet();

    RetrainingService(ForesightProperties properties, JsonMapper json, ModelRegistry registry, DatasetService datasets,
            ObservationStore observations, TrainingService training) {
        this.root = properties.dataDir().resolve("retraining");
        this.json = json;
        this.registry = registry;
        this.datasets = datasets;
        this.observations = observations;
        this.training = training;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "retraining");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    @PreDestroy
    void close() {
        thread.shutdownNow();
    }

    /** Sets (replaces) a model's policy after checking it: 400 naming what to fix, 404 for an unknown model. */
    public View put(String model, String cron, Boolean onDrift, TrainingRequest spec) {
        registry.checkName("model", model);
        if (registry.summary(model).isEmpty()) {
            throw ForesightException.notFound("There is no model '" + model + "'; train it before setting its retraining.");
        }
        boolean drift = Boolean.TRUE.equals(onDrift);
        if ((cron == null || cron.isBlank()) && !drift) {
            throw ForesightException.badInput("A retraining policy needs 'cron' (e.g. \"0 0 3 * * *\": every day at"
                    + " 03:00 UTC) or 'onDrift': true, or both.");
        }
        if (cron != null) {
            try {
                CronExpression.parse(cron);
            } catch (IllegalArgumentException e) {
                throw ForesightException.badInput("'cron' " + quoted(cron) + " is not a cron expression: " + e.getMessage()
                        + ". Use six fields, second first, e.g. \"0 0 3 * * *\" (every day at 03:00 UTC).");
            }
        }
        if (spec != null) {
            if (spec.datasetId() != null || spec.target() != null || spec.features() != null
                    || spec.warmStartFrom() != null) {
                throw ForesightException.badInput("'spec' may override training settings only; 'datasetId', 'target',"
                        + " 'features' and 'warmStartFrom' are taken from the production version at each retraining.");
            }
        }
        RetrainingPolicy policy = new RetrainingPolicy(model, cron == null || cron.isBlank() ? null : cron, drift, spec,
                Instant.now());
        lock(model).locked(() -> {
            AtomicFiles.writeFile(dir(model).resolve(POLICY), json.writeValueAsBytes(policy));
            return null;
        });
        return view(policy);
    }

    public View get(String model) {
        registry.checkName("model", model);
        return view(policy(model).orElseThrow(() -> noPolicy(model)));
    }

    /** Every model's policy, by model name. */
    public List<View> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(root)) {
            return list.filter(Files::isDirectory).map(dir -> dir.getFileName().toString()).sorted()
                    .flatMap(model -> policy(model).stream()).map(this::view).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(String model) {
        registry.checkName("model", model);
        lock(model).locked(() -> {
            try {
                if (!Files.deleteIfExists(dir(model).resolve(POLICY))) {
                    throw noPolicy(model);
                }
                Files.deleteIfExists(dir(model).resolve(RUN));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }

    /** A deleted model's policy and last run go with it: a new model of the name is not retrained unasked. */
    @EventListener
    void registryChanged(RegistryChanged event) {
        if (event.deleted() && Files.isDirectory(dir(event.model()))) {
            lock(event.model()).locked(() -> {
                try {
                    Files.deleteIfExists(dir(event.model()).resolve(POLICY));
                    Files.deleteIfExists(dir(event.model()).resolve(RUN));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            });
            log.info("Model '{}' was deleted: its retraining policy too", event.model());
        }
    }

    /** A drift onset of a production version: retrains the model when its policy says so. */
    @EventListener
    void drifted(ModelDrifted event) {
        if (event.production()) {
            thread.execute(() -> {
                Optional<RetrainingPolicy> policy = policy(event.model());
                if (policy.isPresent() && policy.get().onDrift()) {
                    decide(policy.get(), TrainingJobView.DRIFT);
                }
            });
        }
    }

    /** Submits the cron retrainings that are due. */
    void tick() {
        try {
            if (!Files.isDirectory(root)) {
                return;
            }
            List<Path> dirs;
            try (Stream<Path> list = Files.list(root)) {
                dirs = list.filter(Files::isDirectory).toList();
            }
            for (Path dir : dirs) {
                Optional<RetrainingPolicy> policy = policy(dir.getFileName().toString());
                if (policy.isPresent()) {
                    rerunInterrupted(policy.get());
                }
                if (policy.isPresent() && policy.get().cron() != null) {
                    decide(policy.get(), TrainingJobView.SCHEDULE);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Retraining check failed: {}", e.toString());
        }
    }

    /** Under the model's lock: when due, records the run, then submits the job and records it too. */
    private void decide(RetrainingPolicy policy, String trigger) {
        String model = policy.model();
        lock(model).locked(() -> {
            RetrainingPolicy current = policy(model).orElse(null);
            if (current == null || !current.since().equals(policy.since())) {
                return null;
            }
            Instant now = Instant.now();
            RetrainingRun last = run(model).orElse(null);
            if (trigger.equals(TrainingJobView.SCHEDULE) && !RetrainingSchedule.due(CronExpression.parse(current.cron()),
                    current.since(), last == null ? null : last.at(), now)) {
                return null;
            }
            if (last != null && last.jobId() != null && unfinished(last.jobId())) {
                saveRun(model, new RetrainingRun(now, trigger, null, "skipped: job " + last.jobId() + " is still "
                        + "queued or running"));
                return null;
            }
            saveRun(model, new RetrainingRun(now, trigger, null, null));
            try {
                TrainingJobView job = training.submit(model, request(current), trigger);
                saveRun(model, new RetrainingRun(now, trigger, job.id(), null));
                log.info("Retraining of model '{}' ({}) submitted as job {}", model, trigger, job.id());
            } catch (ForesightException e) {
                if (e.kind() == ForesightException.Kind.BUSY && trigger.equals(TrainingJobView.SCHEDULE)) {
                    // the queue is full or the service is stopping: the cron run stays due, the next check tries again
                    restoreRun(model, last);
                    log.info("Retraining of model '{}' ({}) waits: {}", model, trigger, e.getMessage());
                    return null;
                }
                saveRun(model, new RetrainingRun(now, trigger, null, e.getMessage()));
                log.warn("Retraining of model '{}' ({}) could not be submitted: {}", model, trigger, e.getMessage());
            } catch (RuntimeException e) {
                saveRun(model, new RetrainingRun(now, trigger, null, e.getMessage()));
                log.warn("Retraining of model '{}' ({}) could not be submitted: {}", model, trigger, e.getMessage());
            }
            return null;
        });
    }

    /**
     * Under the model's lock: when the last run's job was interrupted by the service's stop and registered nothing,
     * submits its request again with the run's trigger and records the new job in the run. A submission refused
     * because the service is busy or shutting down is tried again at the next check; another refusal is recorded.
     */
    private void rerunInterrupted(RetrainingPolicy policy) {
        String model = policy.model();
        lock(model).locked(() -> {
            RetrainingPolicy current = policy(model).orElse(null);
            RetrainingRun last = run(model).orElse(null);
            if (current == null || !current.since().equals(policy.since()) || last == null || last.jobId() == null) {
                return null;
            }
            if (settled.contains(last.jobId())) {
                return null; // checked before: ended otherwise than interrupted (no file read every second)
            }
            TrainingJobView job = job(last.jobId());
            if (job != null && job.status().finished() && !job.interrupted()) {
                settled.add(job.id());
            }
            if (job == null || !job.interrupted() || registered(model, job.id())) {
                return null;
            }
            try {
                TrainingJobView again = training.submit(model, job.request(), last.trigger(), job.id());
                saveRun(model, new RetrainingRun(last.at(), last.trigger(), again.id(), null, job.id()));
                log.info("Retraining of model '{}' ({}): job {} was interrupted by the service's stop; submitted again"
                        + " as job {}", model, last.trigger(), job.id(), again.id());
            } catch (ForesightException e) {
                if (e.kind() == ForesightException.Kind.BUSY) {
                    log.info("Retraining of model '{}': the rerun of interrupted job {} waits ({})", model, job.id(),
                            e.getMessage());
                    return null;
                }
                saveRun(model, new RetrainingRun(last.at(), last.trigger(), null, "the rerun of job " + job.id()
                        + ", interrupted by the service's stop, could not be submitted: " + e.getMessage(), job.id()));
                log.warn("Retraining of model '{}': the rerun of interrupted job {} could not be submitted: {}", model,
                        job.id(), e.getMessage());
            }
            return null;
        });
    }

    /** Whether a version of {@code model} was registered by job {@code jobId} (its stop came after it registered). */
    private boolean registered(String model, String jobId) {
        return registry.versions().stream().anyMatch(v -> v.model().equals(model) && v.provenance() != null
                && jobId.equals(v.provenance().jobId()));
    }

    private TrainingJobView job(String jobId) {
        try {
            return training.get(jobId);
        } catch (ForesightException e) {
            return null;
        }
    }

    private boolean unfinished(String jobId) {
        try {
            return !training.get(jobId).status().finished();
        } catch (ForesightException e) {
            return false;
        }
    }

    /** The job's request: the production version's data and settings, the policy's overrides. */
    TrainingRequest request(RetrainingPolicy policy) {
        ModelVersion production = registry.resolve(policy.model(), null, null);
        ModelVersion.Data data = production.data();
        TrainingRequest spec = policy.spec() != null ? policy.spec()
                : new TrainingRequest(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
        boolean warm = !production.manySeries() && !production.members().isEmpty();
        String datasetId = production.manySeries()
                ? panelWithObservations(policy.model(), data, production.series().idColumns())
                : withObservations(policy.model(), data);
        return new TrainingRequest(datasetId, data.target(), data.features(),
                warm ? null : spec.horizon() != null ? spec.horizon() : production.settings().horizon(),
                warm ? null : spec.architecture() != null ? spec.architecture() : production.settings().architecture(),
                warm ? null : spec.window(), warm ? null : spec.layers(), spec.epochs(), warm ? null : spec.batchSize(),
                spec.learningRate(), warm ? null : spec.dropout(), spec.seed(), spec.earlyStopping(), spec.patience(),
                warm ? null : spec.representation(), warm ? production.version() : null, data.futureFeatures(),
                data.calendar(), data.holidays());
    }

    /** The version's dataset followed by the model's observations, as a new dataset; the dataset itself when none. */
    private String withObservations(String model, ModelVersion.Data data) {
        Observations added = observations.observations(model, "", null);
        if (added.isEmpty()) {
            return data.datasetId();
        }
        DatasetInfo info = datasets.get(data.datasetId());
        TimeSeries series = datasets.load(data.datasetId());
        List<String> columns = columns(data);
        StringBuilder csv = new StringBuilder();
        header(csv, info.timestampColumn(), data.target(), columns);
        // a version of its target alone: every row of the dataset; with other columns: through the end of its training
        // data, the rows after it being the stored plan
        LocalDateTime end = columns.isEmpty() ? series.timestamps().get(series.size() - 1)
                : TimestampFormat.parse(data.end());
        rows(csv, "", series, data, columns, end, added);
        return create(model, csv, null);
    }

    /**
     * A many-series version's dataset followed by each series' observations after its own end, as a new long-format
     * dataset with the model's id columns (a series' id is their values joined with {@code /}, which an id value never
     * holds); the dataset itself when there are none.
     */
    private String panelWithObservations(String model, ModelVersion.Data data, List<String> idColumns) {
        Map<String, Observations> added = observations.all(model);
        if (added.values().stream().allMatch(Observations::isEmpty)) {
            return data.datasetId();
        }
        DatasetInfo info = datasets.get(data.datasetId());
        Panel panel = datasets.loadPanel(data.datasetId());
        List<String> columns = idColumns.isEmpty() ? panel.idColumns() : idColumns;
        List<String> read = columns(data);
        StringBuilder csv = new StringBuilder();
        for (String column : columns) {
            csv.append(csvField(column)).append(',');
        }
        header(csv, info.timestampColumn(), data.target(), read);
        for (Panel.Member member : panel.series()) {
            StringBuilder id = new StringBuilder();
            for (String part : member.id().split("/", -1)) {
                id.append(csvField(part)).append(',');
            }
            TimeSeries series = member.data();
            // as for one series: of its target alone every row, else through its last target value (then its plan)
            LocalDateTime end = read.isEmpty() ? series.timestamps().get(series.size() - 1)
                    : lastTarget(series, data.target());
            if (end != null) {
                rows(csv, id.toString(), series, data, read, end,
                        added.getOrDefault(member.id(), Observations.none(member.id())));
            }
        }
        return create(model, csv, columns);
    }

    /** The columns the version reads besides its target: its feature columns and future features. */
    private static List<String> columns(ModelVersion.Data data) {
        List<String> columns = data.columns();
        return columns.subList(1, columns.size());
    }

    private static void header(StringBuilder csv, String timestamp, String target, List<String> columns) {
        csv.append(csvField(timestamp)).append(',').append(csvField(target));
        for (String column : columns) {
            csv.append(',').append(csvField(column));
        }
        csv.append('\n');
    }

    /**
     * One series' rows of the retraining dataset of a version that reads {@code columns} besides its target (none: its
     * target alone), each starting with {@code prefix} (the id columns' cells of a many-series model): its rows through
     * {@code end} (the end of its training data), the observations after it with the columns' values they carry, then
     * the rows of the stored plan after the latest observation (an empty target and the columns' values, so that the
     * future features' plan stays known to the new version).
     */
    private static void rows(StringBuilder csv, String prefix, TimeSeries series, ModelVersion.Data data,
            List<String> columns, LocalDateTime end, Observations added) {
        double[] target = series.column(data.target()).values();
        double[][] cells = new double[columns.size()][];
        for (int c = 0; c < cells.length; c++) {
            cells[c] = series.column(columns.get(c)).values();
        }
        Observations after = added.after(end);
        LocalDateTime lastKnown = after.isEmpty() ? end : after.last();
        for (int i = 0; i < series.size() && !series.timestamps().get(i).isAfter(end); i++) {
            row(csv, prefix, series.timestamps().get(i), data.dateOnly(), target[i], cells, i);
        }
        for (int k = 0; k < after.size(); k++) {
            csv.append(prefix).append(TimestampFormat.format(after.timestamp(k), data.dateOnly())).append(',')
                    .append(number(after.values()[k]));
            for (String column : columns) {
                double[] observed = after.column(column);
                csv.append(',').append(observed == null ? "" : number(observed[k]));
            }
            csv.append('\n');
        }
        for (int i = 0; i < series.size(); i++) {
            if (series.timestamps().get(i).isAfter(lastKnown)) {
                row(csv, prefix, series.timestamps().get(i), data.dateOnly(), Double.NaN, cells, i);
            }
        }
    }

    private static void row(StringBuilder csv, String prefix, LocalDateTime t, boolean dateOnly, double target,
            double[][] cells, int i) {
        csv.append(prefix).append(TimestampFormat.format(t, dateOnly)).append(',').append(number(target));
        for (double[] column : cells) {
            csv.append(',').append(number(column[i]));
        }
        csv.append('\n');
    }

    /** The timestamp of the series' last value of {@code target}, or null when it has none. */
    private static LocalDateTime lastTarget(TimeSeries series, String target) {
        double[] values = series.column(target).values();
        for (int i = values.length - 1; i >= 0; i--) {
            if (Double.isFinite(values[i])) {
                return series.timestamps().get(i);
            }
        }
        return null;
    }

    private static String number(double value) {
        return Double.isFinite(value) ? Double.toString(value) : "";
    }

    /** The retraining dataset {@code csv} of {@code model} (long format with {@code idColumns}; null: one series). */
    private String create(String model, StringBuilder csv, List<String> idColumns) {
        String name = model + "-with-observations";
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        name = name.length() > 100 ? name.substring(0, 100) : name;
        return (idColumns == null ? datasets.create(name, model + "-retraining.csv", bytes)
                : datasets.create(name, model + "-retraining.csv", bytes, idColumns, false)).id();
    }

    /** A CSV field, quoted when it holds a comma, a quote or a line break. */
    private static String csvField(String text) {
        return text.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')
                ? '"' + text.replace("\"", "\"\"") + '"'
                : text;
    }

    private View view(RetrainingPolicy policy) {
        RetrainingRun last = run(policy.model()).orElse(null);
        Instant next = policy.cron() == null ? null
                : RetrainingSchedule.next(CronExpression.parse(policy.cron()), policy.since(), last == null ? null : last.at());
        return new View(policy.model(), policy.cron(), policy.onDrift(), policy.spec(), policy.since(), next, last);
    }

    private Optional<RetrainingPolicy> policy(String model) {
        return read(dir(model).resolve(POLICY), RetrainingPolicy.class);
    }

    private Optional<RetrainingRun> run(String model) {
        return read(dir(model).resolve(RUN), RetrainingRun.class);
    }

    private void restoreRun(String model, RetrainingRun previous) {
        if (previous != null) {
            saveRun(model, previous);
            return;
        }
        try {
            Files.deleteIfExists(dir(model).resolve(RUN));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void saveRun(String model, RetrainingRun run) {
        AtomicFiles.writeFile(dir(model).resolve(RUN), json.writeValueAsBytes(run));
    }

    private <T> Optional<T> read(Path file, Class<T> type) {
        try {
            return Optional.of(json.readValue(Files.readAllBytes(file), type));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path dir(String model) {
        return root.resolve(model);
    }

    private RegistryLock lock(String model) {
        try {
            Files.createDirectories(dir(model));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new RegistryLock(dir(model).resolve("retraining.lock"));
    }

    private static ForesightException noPolicy(String model) {
        return ForesightException.notFound("Model '" + model + "' has no retraining policy; set one with PUT"
                + " /api/v1/models/" + model + "/retraining.");
    }

    private static String quoted(String text) {
        return "'" + text.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
