package io.foresight.dataset;

import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foresight.AtomicFiles;
import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploads, lists, loads and deletes datasets: CSV files turned into regular {@link TimeSeries}.
 *
 * <p>Parsing is strict and every rejection is a {@link ForesightException} (bad input) whose detail says what to fix;
 * see {@link DatasetParser} for the rules. Rows need not be sorted (they are sorted by timestamp), and missing grid
 * points are filled with rows of {@code NaN}. The uploaded bytes are stored unchanged, so the series can always be
 * rebuilt from them; the parsed series is stored too ({@link SeriesFile}) and read instead of parsing again. A few
 * series are kept in memory because training and forecasting load the same ones.
 */
public class DatasetService {

    static final int DEFAULT_MAX_COLUMNS = 200;
    static final int DEFAULT_MAX_ROWS = 1_000_000;

    private static final Logger log = LoggerFactory.getLogger(DatasetService.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Pattern NOT_NAME_CHARACTER = Pattern.compile("[^A-Za-z0-9._-]");
    private static final int CACHED_SERIES = 4;

    private final ForesightProperties.Limits limits;
    private final DatasetStore store;
    private final Map<String, DatasetInfo> index = new ConcurrentHashMap<>();
    private final Map<String, TimeSeries> cache = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, TimeSeries> eldest) {
            return size() > CACHED_SERIES;
        }
    };

    public DatasetService(ForesightProperties properties, JsonMapper json) {
        this.limits = properties.limits();
        this.store = new DatasetStore(properties.dataDir(), json);
        for (DatasetInfo info : store.readAll()) {
            index.put(info.id(), info);
        }
        log.info("{} dataset(s) in {}", index.size(), properties.dataDir().resolve("datasets"));
    }

    /**
     * Parses, validates and stores an uploaded CSV.
     *
     * @param name             the dataset's name; null or blank: the file name without its extension, else
     *                         {@code dataset}
     * @param originalFilename the uploaded file's name, only used to derive a name
     * @param csv              the file's bytes
     */
    public DatasetInfo create(String name, String originalFilename, byte[] csv) {
        String resolvedName = resolveName(name, originalFilename, limits.maxNameLength());
        if (csv == null || csv.length == 0) {
            throw ForesightException.badInput("The CSV file is empty; send a header line (e.g. timestamp,value)"
                    + " followed by one line per observation.");
        }
        ParsedDataset parsed = DatasetParser.parse(csv, limits.maxColumns(), limits.maxRows());
        TimeSeries series = parsed.series();
        DatasetInfo info = new DatasetInfo(store.newId(), resolvedName, series.size(), parsed.columns(),
                parsed.timestampColumn(), series.frequency().code(),
                TimestampFormat.format(series.timestamps().get(0), series.dateOnly()),
                TimestampFormat.format(series.timestamps().get(series.size() - 1), series.dateOnly()),
                parsed.missingValues(), parsed.gaps(), AtomicFiles.sha256(csv), Instant.now());
        store.save(info, csv, SeriesFile.write(series));
        index.put(info.id(), info);
        synchronized (cache) {
            cache.put(info.id(), series);
        }
        log.info("Stored dataset {} '{}': {} rows of {}, frequency {}, {} gaps", info.id(), info.name(), info.rows(),
                series.columnNames(), info.frequency(), info.gaps());
        return info;
    }

    /** Every dataset, newest first. */
    public List<DatasetInfo> list() {
        return index.values().stream()
                .sorted(Comparator.comparing(DatasetInfo::createdAt).reversed().thenComparing(DatasetInfo::id))
                .toList();
    }

    public Optional<DatasetInfo> find(String id) {
        return DatasetStore.isId(id) ? Optional.ofNullable(index.get(id)) : Optional.empty();
    }

    /** @throws ForesightException (not found) when there is no such dataset */
    public DatasetInfo get(String id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    /**
     * The dataset's regular series. Each call returns its own copy of the values, so callers may change them.
     *
     * @throws ForesightException (not found) when there is no such dataset
     */
    public TimeSeries load(String id) {
        get(id);
        TimeSeries series;
        synchronized (cache) {
            series = cache.get(id);
        }
        if (series == null) {
            series = read(id);
            synchronized (cache) {
                cache.put(id, series);
            }
        }
        return series.deepCopy();
    }

    /** The stored series file, or, when there is none (stored before it existed) or it is damaged, the CSV parsed. */
    private TimeSeries read(String id) {
        Optional<byte[]> stored = store.series(id);
        if (stored.isPresent()) {
            try {
                return SeriesFile.read(stored.get());
            } catch (SeriesFile.DamagedException e) {
                log.warn("Dataset {}: its {} is damaged ({}); parsing its {} instead", id, DatasetStore.SERIES,
                        e.getMessage(), DatasetStore.SOURCE);
            }
        }
        byte[] csv;
        try {
            csv = store.source(id);
        } catch (NoSuchFileException e) {
            throw notFound(id);
        }
        // It was accepted at upload: limits lowered since then must not lock it out.
        return DatasetParser.parse(csv, Integer.MAX_VALUE, Integer.MAX_VALUE).series();
    }

    /**
     * Deletes a dataset; false when there was none with this id.
     *
     * @throws ForesightException (not found) when {@code id} is not even shaped like a dataset id
     */
    public boolean delete(String id) {
        if (!DatasetStore.isId(id)) {
            throw notFound(id);
        }
        DatasetInfo removed = index.remove(id);
        synchronized (cache) {
            cache.remove(id);
        }
        boolean existed = store.delete(id);
        if (removed != null || existed) {
            log.info("Deleted dataset {}", id);
        }
        return removed != null || existed;
    }

    /**
     * Parses and validates a CSV into a regular series without storing anything, with the default limits of
     * {@value #DEFAULT_MAX_COLUMNS} columns and {@value #DEFAULT_MAX_ROWS} rows.
     *
     * @throws ForesightException (bad input) saying what to fix
     */
    public static TimeSeries parse(byte[] csv) {
        if (csv == null) {
            throw ForesightException.badInput("The CSV file is empty.");
        }
        return DatasetParser.parse(csv, DEFAULT_MAX_COLUMNS, DEFAULT_MAX_ROWS).series();
    }

    static String resolveName(String name, String originalFilename, int maxLength) {
        if (name != null && !name.isBlank()) {
            String stripped = name.strip();
            if (stripped.length() > maxLength || !NAME.matcher(stripped).matches()) {
                String shown = stripped.length() > 60 ? stripped.substring(0, 60) + "..." : stripped;
                throw ForesightException.badInput("Dataset name '" + shown + "' is not allowed; use 1 to " + maxLength
                        + " characters of A-Z, a-z, 0-9, '.', '_' and '-', not starting with '.'"
                        + " (pattern [A-Za-z0-9._-]+).");
            }
            return stripped;
        }
        return nameFromFilename(originalFilename, maxLength);
    }

    private static String nameFromFilename(String filename, int maxLength) {
        if (filename == null) {
            return "dataset";
        }
        String base = filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
        int dot = base.lastIndexOf('.');
        if (dot > 0) {
            base = base.substring(0, dot);
        }
        base = NOT_NAME_CHARACTER.matcher(base.strip()).replaceAll("_");
        if (base.startsWith(".")) {
            base = "_" + base.substring(1);
        }
        if (base.length() > maxLength) {
            base = base.substring(0, maxLength);
        }
        return base.isEmpty() ? "dataset" : base;
    }

    private static ForesightException notFound(String id) {
        if (!DatasetStore.isId(id)) {
            return ForesightException.notFound("No dataset with that id; dataset ids look like ds-0123456789ab.")
                    .remedy(ForesightException.Remedy.LIST_DATASETS, null);
        }
        return ForesightException.notFound("No dataset with id '" + id + "'.")
                .remedy(ForesightException.Remedy.LIST_DATASETS, null);
    }
}
