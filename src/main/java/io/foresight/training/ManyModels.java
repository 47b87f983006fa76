package io.foresight.training;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import io.foresight.dataset.DatasetInfo;
import io.foresight.dataset.DatasetService;
import io.foresight.dataset.Panel;
import io.foresight.dataset.ParsedPanel;
import io.foresight.dataset.ShortSeries;
import io.foresight.dataset.TimeSeries;
import io.foresight.model.TrainingSettings;
import io.foresight.registry.ModelRegistry;
import io.foresight.registry.ModelVersion;
import io.foresight.registry.SeriesModel;
import io.foresight.registry.SeriesModelFile;
import tools.jackson.databind.json.JsonMapper;

/**
 * Many-models training as plain Java, for a job that spreads the series over machines (the Spark job, docs/SCALE.md).
 * Each group of series (one series, or the series that share global networks) is trained on its own by
 * {@link #train}, as the service trains a many-series dataset ({@link PanelTraining}, on one thread), and travels back
 * as bytes; the driver puts every group into one version and registers it once ({@link #commit}). Training has no side
 * effect, so a task that runs twice (a retry, speculation) gives the same bytes and nothing twice.
 */
public final class ManyModels {

    private static final String SERIES = SeriesModelFile.NAME;
    private static final String GROUP = "group.json";
    private static final int FORMAT = 0x464d4731; // "FMG1"

    /** What a group's {@code group.json} says besides its series: its settings, networks and data. */
    record GroupInfo(ModelVersion.Data data, TrainingSettings settings, int longest, List<ModelVersion.Member> members) {
    }

    /** Tasks report nothing while they work and are not cancelled from inside (Spark kills them). */
    private static final Trainer.Monitor QUIET = new Trainer.Monitor() {
        @Override
        public void progress(Progress progress) {
        }

        @Override
        public void checkpoint() {
        }
    };

    private final String model;
    private final TrainingRequest request;
    private final List<String> idColumns;
    private final String source;
    private final SettingsResolver resolver;
    private final List<Integer> autoLayerSizes;
    private final int ownNetworkPoints;
    private final JsonMapper json;

    /**
     * @param model      the model the version is registered under
     * @param request    the training spec, as the API takes it ({@code datasetId} is not used)
     * @param idColumns  the columns whose values name a series
     * @param source     where the rows came from (recorded as the version's dataset name)
     * @param properties the limits and training settings (see {@link ForesightProperties#defaults})
     * @throws ForesightException (bad input) when the model name or the spec is not acceptable
     */
    public ManyModels(String model, TrainingRequest request, List<String> idColumns, String source,
            ForesightProperties properties) {
        if (idColumns == null || idColumns.isEmpty()) {
            throw ForesightException.badInput("Name the id column(s) whose values tell the series apart.");
        }
        if (request.warmStartFrom() != null) {
            throw ForesightException.badInput("'warmStartFrom' continues the networks of a single-series model; train"
                    + " many series without it.");
        }
        this.model = model;
        this.request = request;
        this.idColumns = List.copyOf(idColumns);
        this.source = source;
        this.resolver = new SettingsResolver(properties.limits());
        this.autoLayerSizes = Trainer.autoLayerSizes(properties);
        this.ownNetworkPoints = properties.training().seriesNetworkPoints();
        this.json = JsonMapper.builder().build();
    }

    /**
     * Trains one group of series given as a long-format CSV (the id columns, the timestamp, the target and features;
     * rows in any order) on the calling thread with one native thread. Never throws for the data: a group that cannot
     * be read or trained comes back with each of its series (or {@code key}, when not even the ids could be read)
     * recorded as failed, and why.
     */
    public byte[] train(String key, byte[] csv) {
        NativeThreads.apply(1);
        List<SeriesModel> series = new ArrayList<>();
        Map<String, byte[]> files = new LinkedHashMap<>();
        GroupInfo info = null;
        try {
            ParsedPanel parsed = DatasetService.parseLongFormat(csv, idColumns);
            Panel panel = parsed.panel();
            if (!panel.series().isEmpty()) {
                TimeSeries longest = Trainer.longest(resolver, request, panel);
                DatasetInfo dataset = new DatasetInfo(null, source, 0, List.of(), null, null, null, null, 0, 0, null,
                        Instant.now(), panel.size(), idColumns, false, null, List.of(), 0);
                Trainer.Prepared prepared = Trainer.fresh(model, dataset, request, longest, resolver, autoLayerSizes);
                PanelTraining.Result result = new PanelTraining(prepared, panel, resolver, QUIET, 1,
                        ownNetworkPoints).train();
                // only the networks some series of the group forecasts with travel on and are stored, renumbered
                Map<Integer, Integer> renumbered = new HashMap<>();
                List<Candidate.FittedNetwork> used = new ArrayList<>();
                for (SeriesModel s : result.series()) {
                    for (int member : s.members()) {
                        if (renumbered.putIfAbsent(member, used.size()) == null) {
                            used.add(result.networks().get(member));
                        }
                    }
                    series.add(s.members().isEmpty() ? s : s.withMembers(s.members().stream().map(renumbered::get).toList()));
                }
                List<ModelVersion.Member> members = VersionDraft.members(used, files);
                info = new GroupInfo(PanelDraft.data(prepared, panel), result.settings(), longest.size(), members);
            }
            for (ShortSeries skipped : parsed.tooShort()) {
                series.add(SeriesModel.failed(skipped.id(), skipped.rows(), skipped.reason()));
            }
        } catch (RuntimeException e) {
            series.clear();
            files.clear();
            info = null;
            series.add(SeriesModel.failed(key, 0, e.getMessage() == null ? e.toString() : e.getMessage()));
        }
        files.put(SERIES, SeriesModelFile.write(series));
        if (info != null) {
            files.put(GROUP, json.writeValueAsBytes(info));
        }
        return pack(files);
    }

    /**
     * Puts the groups {@link #train} produced into one version and registers it: the series in id order, each group's
     * networks (those its series forecast with: {@link #train} leaves out the others) renumbered after the previous
     * groups'.
     * Series whose frequency is not the one most series have are recorded as failed. Nothing is registered when no
     * series could be trained.
     *
     * @param groups    each group's bytes, by its key
     * @param jobId     names the run in the version's provenance
     * @param libraries the versions of the libraries that trained it
     */
    public ModelVersion commit(Map<String, byte[]> groups, ModelRegistry registry, String jobId, Instant started,
            Map<String, String> libraries) {
        List<Map<String, byte[]>> unpacked = new ArrayList<>();
        List<GroupInfo> infos = new ArrayList<>();
        Map<String, Integer> frequencies = new HashMap<>();
        for (byte[] group : new java.util.TreeMap<>(groups).values()) {
            Map<String, byte[]> files = unpack(group);
            GroupInfo info = files.containsKey(GROUP) ? json.readValue(files.get(GROUP), GroupInfo.class) : null;
            unpacked.add(files);
            infos.add(info);
            if (info != null) {
                frequencies.merge(info.data().frequency(), 1, Integer::sum);
            }
        }
        String frequency = frequencies.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey())).map(Map.Entry::getKey).orElse(null);
        List<SeriesModel> series = new ArrayList<>();
        List<ModelVersion.Member> members = new ArrayList<>();
        Map<String, byte[]> files = new LinkedHashMap<>();
        ModelVersion.Data data = null;
        GroupInfo widest = null;
        for (int g = 0; g < unpacked.size(); g++) {
            List<SeriesModel> groupSeries = SeriesModelFile.read(unpacked.get(g).get(SERIES));
            GroupInfo info = infos.get(g);
            if (info != null && !info.data().frequency().equals(frequency)) {
                for (SeriesModel s : groupSeries) {
                    series.add(SeriesModel.failed(s.id(), s.points(), "its frequency " + info.data().frequency()
                            + " is not the one most series have (" + frequency + ")"));
                }
                continue;
            }
            int offset = members.size();
            if (info != null) {
                for (ModelVersion.Member m : info.members()) {
                    int i = members.size();
                    files.put("network-" + i + ".json", unpacked.get(g).get(m.configFile()));
                    files.put("params-" + i + ".bin", unpacked.get(g).get(m.paramsFile()));
                    members.add(new ModelVersion.Member(m.method(), m.scaler(), m.seed(), "network-" + i + ".json",
                            "params-" + i + ".bin", m.window()));
                }
                data = merge(data, info.data());
                widest = widest == null || info.longest() > widest.longest() ? info : widest;
            }
            for (SeriesModel s : groupSeries) {
                series.add(s.members().isEmpty() ? s : s.withMembers(s.members().stream().map(m -> m + offset).toList()));
            }
        }
        series.sort(Comparator.comparing(SeriesModel::id));
        if (widest == null) {
            SeriesModel first = series.isEmpty() ? SeriesModel.failed("(none)", 0, "the input has no rows") : series.get(0);
            throw new TrainingFailedException("No series could be trained; for example series '" + first.id() + "': "
                    + first.failure() + ". Nothing was registered.");
        }
        Instant finished = Instant.now();
        ModelVersion.Provenance provenance = new ModelVersion.Provenance(jobId, started, finished,
                (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0, libraries, null);
        VersionDraft draft = PanelDraft.of(model, idColumns, series, widest.settings(), members, files, data, provenance);
        String nonFinite = draft.manifest().firstNonFinite();
        if (nonFinite != null) {
            throw Trainer.tooLarge(nonFinite);
        }
        return registry.register(draft.manifest(), draft.files());
    }

    /** Two groups' data as one: points and filled values added, the earliest start and the latest end. */
    private static ModelVersion.Data merge(ModelVersion.Data a, ModelVersion.Data b) {
        if (a == null) {
            return b;
        }
        return new ModelVersion.Data(a.datasetId(), a.datasetName(), a.sha256(), a.target(), a.features(), a.frequency(),
                a.dateOnly(), a.points() + b.points(), a.filledValues() + b.filledValues(),
                a.start().compareTo(b.start()) <= 0 ? a.start() : b.start(),
                a.end().compareTo(b.end()) >= 0 ? a.end() : b.end(), a.futureFeatures(), a.calendar(), a.holidays());
    }

    private static byte[] pack(Map<String, byte[]> files) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(FORMAT);
            out.writeInt(files.size());
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                out.writeUTF(file.getKey());
                out.writeInt(file.getValue().length);
                out.write(file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Map<String, byte[]> unpack(byte[] group) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(group))) {
            if (in.readInt() != FORMAT) {
                throw new IllegalArgumentException("Not a trained group of series");
            }
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                files.put(name, bytes);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("A trained group of series is cut short: " + e.getMessage(), e);
        }
        return files;
    }
}
