package io.foresight.monitoring;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.foresight.forecast.Forecast;
import io.foresight.forecast.ForecastsAnswered;
import io.foresight.registry.IntervalCalibration;

/**
 * The monitoring thread: records forecasts in the {@link ForecastLedger} and scores models when observations arrive,
 * off the request threads. A forecast is handed over through a bounded queue ({@link #offer}, never blocking: when the
 * queue is full the forecast is not recorded and {@link #dropped} counts it); a forecast already recorded for the same
 * (model, version, series, origin) with at least as many steps is not queued at all, so a hot GET costs a map look-up.
 * Scoring requests ({@link #rescore}) are coalesced per model and run after the forecasts queued before them are
 * recorded.
 */
public final class LedgerRecorder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LedgerRecorder.class);
    private static final int BATCH = 4096;

    private final ForecastLedger ledger;
    private final LiveAccuracy accuracy;
    private final BlockingQueue<ForecastsAnswered> queue;
    private final Set<String> toScore = ConcurrentHashMap.newKeySet();
    /** Deleted models whose ledger goes, after the forecasts queued before. */
    private final Set<String> toForget = ConcurrentHashMap.newKeySet();
    /** {@link LedgerEntry#key} -> the horizon recorded, for every entry of the models loaded so far. */
    private final Map<Long, Integer> recorded = new ConcurrentHashMap<>();
    /** Models whose ledger was read into {@link #recorded} (monitoring thread only). */
    private final Set<String> indexed = new HashSet<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong entries = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;

    public LedgerRecorder(ForecastLedger ledger, LiveAccuracy accuracy, int queueCapacity) {
        this(ledger, accuracy, queueCapacity, true);
    }

    /** With {@code start} false the thread waits for {@link #start} (tests fill the queue first). */
    LedgerRecorder(ForecastLedger ledger, LiveAccuracy accuracy, int queueCapacity, boolean start) {
        this.ledger = ledger;
        this.accuracy = accuracy;
        this.queue = new ArrayBlockingQueue<>(Math.max(1, queueCapacity));
        this.thread = new Thread(this::run, "forecast-ledger");
        thread.setDaemon(true);
        if (start) {
            thread.start();
        }
    }

    void start() {
        thread.start();
    }

    /** Hands a forecast to the ledger without waiting; false when the queue was full (then it is dropped, counted). */
    public boolean offer(ForecastsAnswered answered) {
        if (answered.answers().size() == 1) {
            ForecastsAnswered.Answer a = answered.answers().get(0);
            Integer horizon = recorded.get(LedgerEntry.key(answered.model(), answered.version(), a.series(),
                    LedgerEntry.seconds(a.origin())));
            if (horizon != null && horizon >= a.points().size()) {
                return true;
            }
        }
        if (queue.offer(answered)) {
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    /** Asks for {@code model} to be scored again, after the forecasts queued so far are recorded. */
    public void rescore(String model) {
        toScore.add(model);
    }

    /**
     * Deletes {@code model}'s ledger (the model was deleted), after the forecasts queued so far are recorded, and scores
     * it again (a model that is gone publishes no version).
     */
    public void forget(String model) {
        toForget.add(model);
        toScore.add(model);
    }

    /** Forecasts not recorded because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Entries this process added to the ledger. */
    public long recordedEntries() {
        return entries.get();
    }

    /** Whether nothing is waiting to be recorded or scored (for tests and shutdown). */
    public boolean idle() {
        return queue.isEmpty() && toScore.isEmpty() && toForget.isEmpty();
    }

    private void run() {
        List<ForecastsAnswered> batch = new ArrayList<>();
        while (running) {
            try {
                List<String> models = new ArrayList<>(toScore);
                toScore.removeAll(models);
                if (models.isEmpty() && queue.isEmpty()) {
                    ForecastsAnswered first = queue.poll(200, TimeUnit.MILLISECONDS);
                    if (first != null) {
                        batch.add(first);
                    }
                }
                queue.drainTo(batch, BATCH);
                record(batch);
                batch.clear();
                List<String> gone = new ArrayList<>(toForget);
                toForget.removeAll(gone);
                for (String model : gone) {
                    ledger.delete(model);
                    indexed.remove(model);
                }
                for (String model : models) {
                    accuracy.score(model);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                batch.clear();
                log.warn("Forecast ledger: {}", e.toString());
            }
        }
    }

    /** Appends the new entries of {@code batch}, one frame per model. */
    private void record(List<ForecastsAnswered> batch) {
        Map<String, List<LedgerEntry>> byModel = new LinkedHashMap<>();
        for (ForecastsAnswered answered : batch) {
            index(answered.model());
            float[] levels = new float[answered.levels().size()];
            String[] keys = new String[levels.length];
            for (int j = 0; j < levels.length; j++) {
                levels[j] = answered.levels().get(j).floatValue();
                keys[j] = IntervalCalibration.levelKey(answered.levels().get(j));
            }
            for (ForecastsAnswered.Answer a : answered.answers()) {
                long origin = LedgerEntry.seconds(a.origin());
                long key = LedgerEntry.key(answered.model(), answered.version(), a.series(), origin);
                Integer horizon = recorded.get(key);
                if ((horizon != null && horizon >= a.points().size()) || a.points().size() > 0xffff
                        || a.series().getBytes(StandardCharsets.UTF_8).length > 0xffff) {
                    continue;
                }
                recorded.put(key, a.points().size());
                byModel.computeIfAbsent(answered.model(), m -> new ArrayList<>())
                        .add(entry(answered, a, origin, levels, keys));
            }
        }
        byModel.forEach((model, list) -> {
            if (ledger.append(model, list)) {
                recorded.clear(); // the retention dropped old entries: index what is kept afresh
                indexed.clear();
            }
            entries.addAndGet(list.size());
        });
    }

    private void index(String model) {
        if (indexed.add(model)) {
            for (LedgerEntry e : ledger.entries(model)) {
                recorded.merge(LedgerEntry.key(model, e.version(), e.series(), e.origin()), e.horizon(), Math::max);
            }
        }
    }

    private static LedgerEntry entry(ForecastsAnswered answered, ForecastsAnswered.Answer a, long origin, float[] levels,
            String[] keys) {
        int horizon = a.points().size();
        float[] values = new float[horizon];
        float[][] lower = new float[levels.length][horizon];
        float[][] upper = new float[levels.length][horizon];
        for (int k = 0; k < horizon; k++) {
            Forecast.Point p = a.points().get(k);
            values[k] = (float) p.value();
            for (int j = 0; j < levels.length; j++) {
                lower[j][k] = p.lower().get(keys[j]).floatValue();
                upper[j][k] = p.upper().get(keys[j]).floatValue();
            }
        }
        return LedgerEntry.of(answered.version(), a.series(), answered.frequency(), origin, (float) a.maseScale(),
                (float) a.validationMase(), levels, values, lower, upper);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
