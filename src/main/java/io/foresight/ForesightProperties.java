package io.foresight;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of the service, bound from {@code foresight.*}. See {@code config/application.yml} for an
 * explained example.
 *
 * @param dataDir          where datasets, models and jobs live ({@code FORESIGHT_DATA_DIR})
 * @param apiKey           when set, state-changing requests need {@code Authorization: Bearer <key>}
 * @param apiKeyForReads   when true, forecast requests need the key as well
 * @param limits           bounds on what a request may ask for
 * @param training         the background training queue
 * @param serving          the cache of loaded models
 * @param registry         the model registry: promotion policy, retention, refresh from disk
 */
@ConfigurationProperties("foresight")
public record ForesightProperties(
        @DefaultValue("./data") Path dataDir,
        String apiKey,
        @DefaultValue("false") boolean apiKeyForReads,
        @DefaultValue Limits limits,
        @DefaultValue Training training,
        @DefaultValue Serving serving,
        @DefaultValue Registry registry) {

    /** The bound constructor (a record with a second constructor must name it). */
    @ConstructorBinding
    public ForesightProperties {
    }

    /** The settings with the registry's defaults, for code written before {@code registry} existed. */
    public ForesightProperties(Path dataDir, String apiKey, boolean apiKeyForReads, Limits limits, Training training,
            Serving serving) {
        this(dataDir, apiKey, apiKeyForReads, limits, training, serving, new Registry("better", 10));
    }

    /**
     * The embedded defaults (the {@code @DefaultValue}s above) as plain Java, for code that runs without Spring (the
     * Spark job); ForesightPropertiesTest checks that they are what Spring binds from an empty environment.
     */
    public static ForesightProperties defaults(Path dataDir) {
        return new ForesightProperties(dataDir, null, false,
                new Limits(1000, 1000, 1000, 8, 512, 200, 1_000_000, 100, 1024, Duration.ofSeconds(5), 50, 100, 4_000_000,
                        100_000),
                new Training(16, 1, Duration.ofMinutes(30), List.of(32), 0, 1000, Duration.ofSeconds(30), true), new Serving(16), new Registry("better", 10));
    }

    public boolean apiKeyConfigured() {
        return apiKey != null && !apiKey.isBlank();
    }

    /**
     * @param maxHorizon     largest forecast or training horizon
     * @param maxWindow      longest input window
     * @param maxEpochs      most epochs one training may ask for
     * @param maxLayers      most stacked recurrent layers
     * @param maxLayerSize   most units in one layer
     * @param maxColumns     most columns in an uploaded CSV
     * @param maxRows        most rows in an uploaded single-series CSV (and observations in a forecast's history)
     * @param maxNameLength  longest dataset or model name
     * @param minBodyBytesPerSecond  a request body must arrive at least this fast on average once {@code bodyGrace}
     *                       has passed (the deadline for byte n is grace + n / rate after the first read), or the
     *                       request is answered 408 and its connection closed; 0 turns the check off
     * @param bodyGrace      time a request body may take before the minimum rate applies
     * @param maxRequestsPerClient  requests one client address may have on request threads at the same time; more
     *                       are answered 429 at once, without reading their bodies; 0 turns the cap off
     *                       (docs/BAD_INPUT.md, "Slow clients and connection floods", has the reasons for the
     *                       defaults)
     * @param maxWaitingBodyReads  request threads that may wait for body bytes at the same time, whatever the client
     *                       address; a request whose body read would wait beyond them is answered 503 at once and
     *                       its connection closed, so slow bodies from many addresses cannot hold the whole pool
     *                       either; 0 turns the bound off
     * @param maxPanelRows   most data rows in an uploaded long-format (many-series) CSV: 10,000 series of 200
     *                       points are 2,000,000 rows, within the default of 4,000,000 (docs/BAD_INPUT.md)
     * @param maxSeries      most series in one many-series dataset
     */
    public record Limits(
            @DefaultValue("1000") int maxHorizon,
            @DefaultValue("1000") int maxWindow,
            @DefaultValue("1000") int maxEpochs,
            @DefaultValue("8") int maxLayers,
            @DefaultValue("512") int maxLayerSize,
            @DefaultValue("200") int maxColumns,
            @DefaultValue("1000000") int maxRows,
            @DefaultValue("100") int maxNameLength,
            @DefaultValue("1024") long minBodyBytesPerSecond,
            @DefaultValue("5s") Duration bodyGrace,
            @DefaultValue("50") int maxRequestsPerClient,
            @DefaultValue("100") int maxWaitingBodyReads,
            @DefaultValue("4000000") int maxPanelRows,
            @DefaultValue("100000") int maxSeries) {

        /** The bound constructor (a record with a second constructor must name it). */
        @ConstructorBinding
        public Limits {
            if (minBodyBytesPerSecond < 0 || maxRequestsPerClient < 0 || maxWaitingBodyReads < 0 || bodyGrace.isNegative()) {
                throw new IllegalArgumentException("foresight.limits.min-body-bytes-per-second, body-grace,"
                        + " max-requests-per-client and max-waiting-body-reads must not be negative (0 turns the check off)");
            }
            if (maxPanelRows < 1 || maxSeries < 1) {
                throw new IllegalArgumentException("foresight.limits.max-panel-rows and max-series must be positive");
            }
        }

        /** The limits with the many-series defaults, for code written before many-series datasets existed. */
        public Limits(int maxHorizon, int maxWindow, int maxEpochs, int maxLayers, int maxLayerSize, int maxColumns,
                int maxRows, int maxNameLength, long minBodyBytesPerSecond, Duration bodyGrace,
                int maxRequestsPerClient, int maxWaitingBodyReads) {
            this(maxHorizon, maxWindow, maxEpochs, maxLayers, maxLayerSize, maxColumns, maxRows, maxNameLength,
                    minBodyBytesPerSecond, bodyGrace, maxRequestsPerClient, maxWaitingBodyReads, 4_000_000, 100_000);
        }
    }

    /**
     * @param queueCapacity  jobs that may wait before new ones are refused with 429
     * @param workers        jobs trained at the same time
     * @param jobTimeout     a running job is cancelled after this long
     * @param autoLayerSizes the units of the one-layer networks {@code architecture: AUTO} tries when a request does
     *                       not send {@code layers}: each size gets LSTM and SimpleRNN candidates on each encoding
     * @param seriesWorkers  threads that train the series of a many-series job (0: one per processor)
     * @param seriesNetworkPoints in a many-series job, a series of at least this many points also gets networks of
     *                       its own (as a single series would), besides the global networks
     * @param jobLease       replicas share {@code <data-dir>/jobs}: the process running a job refreshes its file
     *                       every sixth of this; a queued or running job whose file is older than this is marked
     *                       FAILED by any process (its owner stopped)
     * @param warmUp         when the service has started, train a small network once in the background (nothing is
     *                       stored) so that the first job does not pay for loading the libraries and compiling the
     *                       training code; a job submitted meanwhile waits for it
     */
    public record Training(
            @DefaultValue("16") int queueCapacity,
            @DefaultValue("1") int workers,
            @DefaultValue("30m") Duration jobTimeout,
            @DefaultValue("32") List<Integer> autoLayerSizes,
            @DefaultValue("0") int seriesWorkers,
            @DefaultValue("1000") int seriesNetworkPoints,
            @DefaultValue("30s") Duration jobLease,
            @DefaultValue("true") boolean warmUp) {

        /** The bound constructor (a record with a second constructor must name it). */
        @ConstructorBinding
        public Training {
            if (jobLease.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("foresight.training.job-lease must be at least 1s; got " + jobLease);
            }
            autoLayerSizes = List.copyOf(autoLayerSizes);
            if (seriesNetworkPoints < 1) {
                throw new IllegalArgumentException("foresight.training.series-network-points must be 1 or more; got "
                        + seriesNetworkPoints);
            }
            if (seriesWorkers < 0) {
                throw new IllegalArgumentException("foresight.training.series-workers must be 0 (one per processor) or more; got "
                        + seriesWorkers);
            }
        }

        /** The settings with the warm-up on, for code written before it existed. */
        public Training(int queueCapacity, int workers, Duration jobTimeout, List<Integer> autoLayerSizes,
                int seriesWorkers, int seriesNetworkPoints, Duration jobLease) {
            this(queueCapacity, workers, jobTimeout, autoLayerSizes, seriesWorkers, seriesNetworkPoints, jobLease, true);
        }

        /** The settings with the default job lease (30 s), for code written before the lease existed. */
        public Training(int queueCapacity, int workers, Duration jobTimeout, List<Integer> autoLayerSizes,
                int seriesWorkers, int seriesNetworkPoints) {
            this(queueCapacity, workers, jobTimeout, autoLayerSizes, seriesWorkers, seriesNetworkPoints,
                    Duration.ofSeconds(30));
        }

        /** Threads that train the series of a many-series job: {@code seriesWorkers}, or one per processor when 0. */
        public int seriesThreads() {
            return seriesWorkers > 0 ? seriesWorkers : Runtime.getRuntime().availableProcessors();
        }
    }

    /**
     * @param cacheSize  model versions kept loaded in memory (least recently used ones are evicted)
     */
    public record Serving(@DefaultValue("16") int cacheSize) {
    }

    /**
     * @param autoPromote   when a new version becomes {@code production} by itself: {@code better} (only when its
     *                      validation MASE is lower than the current production version's; the first version
     *                      always), {@code always}, or {@code never} (an operator sets the alias)
     * @param keepVersions  versions kept per model: after each new version the oldest ones beyond this many are
     *                      deleted, except aliased ones; 0 keeps every version
     * @param refreshInterval how often the service looks at the registry's generation marker for versions and
     *                      aliases that another process (a second replica, a Spark job) committed to the same data
     *                      directory; 0 looks only when a read misses
     */
    public record Registry(
            @DefaultValue("better") String autoPromote,
            @DefaultValue("10") int keepVersions,
            @DefaultValue("2s") Duration refreshInterval) {

        /** The bound constructor (a record with a second constructor must name it). */
        @ConstructorBinding
        public Registry {
            if (refreshInterval == null) {
                refreshInterval = Duration.ofSeconds(2);
            }
            if (refreshInterval.isNegative()) {
                throw new IllegalArgumentException("foresight.registry.refresh-interval is " + refreshInterval
                        + "; use a duration such as 2s, or 0 to look at the disk only when a read misses.");
            }
        }

        /** The settings with the default refresh interval (2s), for code written before it existed. */
        public Registry(String autoPromote, int keepVersions) {
            this(autoPromote, keepVersions, Duration.ofSeconds(2));
        }
    }
}
