package io.foresight.dataset;

import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
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
 *
 * <p>Several processes may share the datasets directory (service replicas): the in-memory index is only a cache of
 * it. {@link #list} brings it up to date with the directory's listing (new ids read, vanished ones dropped), and
 * {@link #find} checks the disk: a dataset another process stored is found, one it deleted is not.
 */
public class DatasetService {

    static final int DEFAULT_MAX_COLUMNS = 200;
    static final int DEFAULT_MAX_ROWS = 1_000_000;
    static final int DEFAULT_MAX_PANEL_ROWS = 4_000_000;
    static final int DEFAULT_MAX_SERIES = 100_000;
    /** Most series one page of {@link #listSeries} may hold. */

    private static final Logger log = LoggerFactory.getLogger(DatasetService.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Pattern NOT_NAME_CHARACTER = Pattern.compile("[^A-Za-z0-9._-]");
    private static final int CACHED_SERIES = 4;
    // A panel of 2,000,000 rows holds tens of megabytes: keep fewer of them.
    private static final int CACHED_PANELS = 2;

    private final ForesightProperties.Limits limits;
    private final DatasetStore store;
    private final Map<String, DatasetInfo> index = new ConcurrentHashMap<>();
    /** Ids whose directory has no readable dataset.json (logged once), not read again while the directory stays. */
    private final Set<String> unreadable = ConcurrentHashMap.newKeySet();
    private final AtomicLong changes = new AtomicLong();
    private volatile Sorted sorted;
    private final RecentlyUsed<TimeSeries> cache = new RecentlyUsed<>(CACHED_SERIES);
    private final RecentlyUsed<PanelFile.Stored> panels = new RecentlyUsed<>(CACHED_PANELS);

    public DatasetService(ForesightProperties properties, JsonMapper json) {
        this.limits = properties.limits();
        this.store = new DatasetStore(properties.dataDir(), json);
        for (DatasetInfo info : store.readAll()) {
            index.put(info.id(), info);
        }
        for (String id : store.ids()) {
            if (!index.containsKey(id)) {
                unreadable.add(id);
            }
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
        return create(name, originalFilename, csv, List.of(), false);
    }

    /**
     * Parses, validates and stores an uploaded CSV of one series or of many.
     *
     * @param name              as in {@link #create(String, String, byte[])}
     * @param originalFilename  as in {@link #create(String, String, byte[])}
     * @param csv               the file's bytes
     * @param idColumns         the id columns of a long-format CSV ({@code store,item,date,sales}: one series per
     *                          distinct combination of their values); empty for one series or a wide CSV
     * @param seriesFromColumns whether each numeric column of a wide CSV is its own series; not with idColumns
     * @throws ForesightException (bad input) saying what to fix, naming the series and row
     */
    public DatasetInfo create(String name, String originalFilename, byte[] csv, List<String> idColumns,
            boolean seriesFromColumns) {
        String resolvedName = resolveName(name, originalFilename, limits.maxNameLength());
        if (csv == null || csv.length == 0) {
            throw ForesightException.badInput("The CSV file is empty; send a header line (e.g. timestamp,value)"
                    + " followed by one line per observation.");
        }
        List<String> ids = List.copyOf(idColumns);
        if (!ids.isEmpty() && seriesFromColumns) {
            throw ForesightException.badInput("Send either idColumns (a long-format CSV: one series per id) or"
                    + " seriesFromColumns=true (a wide CSV: one series per numeric column), not both.");
        }
        if (!ids.isEmpty() || seriesFromColumns) {
            return createPanel(resolvedName, csv, ids, seriesFromColumns);
        }
        ParsedDataset parsed = DatasetParser.parse(csv, limits.maxColumns(), limits.maxRows());
        TimeSeries series = parsed.series();
        DatasetInfo info = new DatasetInfo(store.newId(), resolvedName, series.size(), parsed.columns(),
                parsed.timestampColumn(), series.frequency().code(),
                TimestampFormat.format(series.timestamps().get(0), series.dateOnly()),
                TimestampFormat.format(series.timestamps().get(series.size() - 1), series.dateOnly()),
                parsed.missingValues(), parsed.gaps(), AtomicFiles.sha256(csv), Instant.now());
        store.save(info, csv, SeriesFile.write(series));
        remember(info);
        cache.put(info.id(), series);
        log.info("Stored dataset {} '{}': {} rows of {}, frequency {}, {} gaps", info.id(), info.name(), info.rows(),
                series.columnNames(), info.frequency(), info.gaps());
        return info;
    }

    private DatasetInfo createPanel(String name, byte[] csv, List<String> idColumns, boolean seriesFromColumns) {
        ParsedPanel parsed = parsePanel(csv, idColumns, seriesFromColumns, limits.maxColumns(), limits.maxRows(),
                limits.maxPanelRows(), limits.maxSeries());
        DatasetInfo info = describe(store.newId(), name, parsed, idColumns, seriesFromColumns, AtomicFiles.sha256(csv),
                Instant.now());
        store.save(info, csv, DatasetStore.PANEL, PanelFile.write(parsed.panel(), parsed.gaps()));
        remember(info);
        panels.put(info.id(), new PanelFile.Stored(parsed.panel(), parsed.gaps()));
        log.info("Stored dataset {} '{}': {} series ({} too short) of {} rows in all, frequency {}, {} gaps", info.id(),
                info.name(), info.series(), info.tooShortCount(), info.rows(), info.frequency(), info.gaps());
        return info;
    }

    private static ParsedPanel parsePanel(byte[] csv, List<String> idColumns, boolean seriesFromColumns,
            int maxColumns, int maxRows, int maxPanelRows, int maxSeries) {
        if (seriesFromColumns) {
            return WidePanel.of(DatasetParser.parse(csv, maxColumns, maxRows));
        }
        return LongFormatParser.parse(csv, idColumns, maxColumns, maxPanelRows, maxSeries);
    }

    private static DatasetInfo describe(String id, String name, ParsedPanel parsed, List<String> idColumns,
            boolean seriesFromColumns, String sha256, Instant createdAt) {
        Panel panel = parsed.panel();
        TimeSeries firstSeries = panel.series().get(0).data();
        boolean dateOnly = firstSeries.dateOnly();
        int[] lengths = new int[panel.size()];
        long rows = 0;
        int missing = 0;
        LocalDateTime start = null;
        LocalDateTime end = null;
        for (int i = 0; i < panel.size(); i++) {
            TimeSeries series = panel.series().get(i).data();
            lengths[i] = series.size();
            rows += series.size();
            for (SeriesColumn column : series.columns()) {
                missing += column.missingValues();
            }
            LocalDateTime first = series.timestamps().get(0);
            LocalDateTime last = series.timestamps().get(series.size() - 1);
            start = start == null || first.isBefore(start) ? first : start;
            end = end == null || last.isAfter(end) ? last : end;
        }
        Arrays.sort(lengths);
        List<ShortSeries> tooShort = parsed.tooShort();
        return new DatasetInfo(id, name, (int) Math.min(rows, Integer.MAX_VALUE), parsed.columns(),
                parsed.timestampColumn(), firstSeries.frequency().code(), TimestampFormat.format(start, dateOnly),
                TimestampFormat.format(end, dateOnly), missing, parsed.totalGaps(), sha256, createdAt, panel.size(),
                idColumns, seriesFromColumns,
                new DatasetInfo.SeriesLengths(lengths[0], lengths[(lengths.length - 1) / 2], lengths[lengths.length - 1]),
                tooShort.subList(0, Math.min(tooShort.size(), DatasetInfo.MAX_LISTED_SHORT)), tooShort.size());
    }

    /** Every stored dataset, newest first, including those other processes stored; none they deleted. */
    public List<DatasetInfo> list() {
        Set<String> stored = store.ids();
        for (String id : index.keySet()) {
            if (!stored.contains(id)) {
                forget(id);
            }
        }
        unreadable.retainAll(stored);
        for (String id : stored) {
            if (!index.containsKey(id) && !unreadable.contains(id)) {
                store.read(id).ifPresentOrElse(this::remember, () -> unreadable.add(id));
            }
        }
        Sorted last = sorted;
        long now = changes.get();
        if (last == null || last.changes() != now) {
            last = new Sorted(now, index.values().stream()
                    .sorted(Comparator.comparing(DatasetInfo::createdAt).reversed().thenComparing(DatasetInfo::id))
                    .toList());
            sorted = last;
        }
        return last.datasets();
    }

    /** The index sorted for {@link #list}, as it was after {@code changes} changes: sorted again only after a change. */
    private record Sorted(long changes, List<DatasetInfo> datasets) {
    }

    /** The dataset, when it is stored: one this process has not seen is read from disk, one deleted elsewhere is gone. */
    public Optional<DatasetInfo> find(String id) {
        if (!DatasetStore.isId(id)) {
            return Optional.empty();
        }
        DatasetInfo known = index.get(id);
        if (known != null) {
            if (store.exists(id)) {
                return Optional.of(known);
            }
            forget(id);
            return Optional.empty();
        }
        Optional<DatasetInfo> stored = store.read(id);
        stored.ifPresent(this::remember);
        return stored;
    }

    private void remember(DatasetInfo info) {
        index.put(info.id(), info);
        changes.incrementAndGet();
    }

    /** Drops what this process holds of a dataset that is no longer stored. */
    private void forget(String id) {
        if (index.remove(id) != null) {
            changes.incrementAndGet();
        }
        cache.remove(id);
        panels.remove(id);
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
        DatasetInfo info = get(id);
        if (info.manySeries()) {
            throw ForesightException.badInput("Dataset " + id + " holds " + info.series() + " series ("
                    + (info.seriesFromColumns() ? "one per numeric column" : "by " + String.join(", ",
                            info.idColumns())) + "), not one; use it where many series are accepted.");
        }
        // The stored series file, or, when there is none (stored before it existed) or it is damaged, the CSV parsed.
        TimeSeries series = cache.get(id, key -> storedOrParsed(id, store.series(id), DatasetStore.SERIES,
                SeriesFile::read, csv -> DatasetParser.parse(csv, Integer.MAX_VALUE, Integer.MAX_VALUE).series()));
        return series.deepCopy();
    }

    /** How a binary file of {@link DatasetStore} is read back. */
    private interface StoredReader<T> {
        T read(byte[] file) throws SeriesFile.DamagedException;
    }

    /** The stored binary file read, or, when it is missing or damaged, the CSV parsed again. */
    private <T> T storedOrParsed(String id, Optional<byte[]> stored, String file, StoredReader<T> read,
            Function<byte[], T> parse) {
        if (stored.isPresent()) {
            try {
                return read.read(stored.get());
            } catch (SeriesFile.DamagedException e) {
                log.warn("Dataset {}: its {} is damaged ({}); parsing its {} instead", id, file, e.getMessage(),
                        DatasetStore.SOURCE);
            }
        }
        try {
            // It was accepted at upload: limits lowered since then must not lock it out.
            return parse.apply(store.source(id));
        } catch (NoSuchFileException e) {
            throw notFound(id);
        }
    }

    /**
     * The series of a many-series dataset (long format, or wide with {@code seriesFromColumns}). Each call returns its
     * own copy of the values, so callers may change them.
     *
     * @throws ForesightException (not found) when there is no such dataset; (bad input) when it holds one series
     */
    public Panel loadPanel(String id) {
        return storedPanel(id).panel().deepCopy();
    }

    /**
     * A page of the series of a many-series dataset, ordered by id.
     *
     * @param query a substring of the ids to list; null or empty: every series
     * @param page  the page, from 0
     * @param size  series per page, 1 to {@value Paging#MAX_SIZE}
     * @throws ForesightException (not found) when there is no such dataset; (bad input) when it holds one series or
     *                            page or size is out of range
     */
    public SeriesPage listSeries(String id, String query, int page, int size) {
        Paging paging = new Paging(page, size);
        PanelFile.Stored stored = storedPanel(id);
        String q = query == null ? "" : query;
        List<Panel.Member> members = stored.panel().series();
        List<Integer> matching = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).id().contains(q)) {
                matching.add(i);
            }
        }
        List<SeriesSummary> items = new ArrayList<>();
        for (int i : paging.of(matching)) {
            TimeSeries series = members.get(i).data();
            int missing = 0;
            for (SeriesColumn column : series.columns()) {
                missing += column.missingValues();
            }
            items.add(new SeriesSummary(members.get(i).id(), series.size(),
                    TimestampFormat.format(series.timestamps().get(0), series.dateOnly()),
                    TimestampFormat.format(series.timestamps().get(series.size() - 1), series.dateOnly()),
                    stored.gaps()[i], missing));
        }
        return new SeriesPage(id, q, page, size, matching.size(), items);
    }

    private PanelFile.Stored storedPanel(String id) {
        DatasetInfo info = get(id);
        if (!info.manySeries()) {
            throw ForesightException.badInput("Dataset " + id + " holds one series; upload the CSV with idColumns"
                    + " (long format) or seriesFromColumns=true (wide) for many.");
        }
        return panels.get(id, key -> storedOrParsed(id, store.panel(id), DatasetStore.PANEL, PanelFile::read, csv -> {
            ParsedPanel parsed = parsePanel(csv, info.idColumns(), info.seriesFromColumns(), Integer.MAX_VALUE,
                    Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
            return new PanelFile.Stored(parsed.panel(), parsed.gaps());
        }));
    }

    /**
     * Parses and validates a long-format CSV into its series without storing anything, with the default limits.
     *
     * @throws ForesightException (bad input) saying what to fix
     */
    public static Panel parsePanel(byte[] csv, List<String> idColumns) {
        return parseLongFormat(csv, idColumns).panel();
    }

    /**
     * Parses and validates a long-format CSV as {@link #parsePanel} does, with the series it left out as too short.
     *
     * @throws ForesightException (bad input) saying what to fix
     */
    public static ParsedPanel parseLongFormat(byte[] csv, List<String> idColumns) {
        if (csv == null || csv.length == 0) {
            throw ForesightException.badInput("The CSV file is empty.");
        }
        return LongFormatParser.parse(csv, idColumns, DEFAULT_MAX_COLUMNS, DEFAULT_MAX_PANEL_ROWS, DEFAULT_MAX_SERIES);
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
        DatasetInfo removed = index.get(id);
        forget(id);
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
