package io.foresight.training;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.foresight.dataset.Frequency;
import io.foresight.dataset.SeriesColumn;
import io.foresight.dataset.TimeSeries;

/**
 * What calendar and holiday inputs cost a training job (issue 21's target: under 10 % more time): the job's steps
 * (windows, then Trainer.fitAndChoose: AUTO's networks and the statistical methods on their rolling origins and, with a
 * known future, the regression on it and the best network shape fitted with it, the choice) on
 * the half-hourly electricity demand of {@code taylor.csv} (4,032 points, horizon 48), without and with
 * {@code calendar: [hourOfDay, dayOfWeek]} and {@code holidays: "GB-ENG"}, alternately, in process CPU seconds (the
 * development machine is shared: wall-clock time would measure the neighbours). A measurement, not a check of the
 * build: run with {@code -Dknown-future.cost=true}.
 */
@EnabledIfSystemProperty(named = "known-future.cost", matches = "true")
class KnownFutureCostTest {


    static TimeSeries taylor() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("sample-data", "taylor.csv"));
        List<LocalDateTime> times = new ArrayList<>();
        double[] values = new double[lines.size() - 1];
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            times.add(LocalDateTime.parse(cells[0]));
            values[i - 1] = Double.parseDouble(cells[1]);
        }
        return new TimeSeries(times, List.of(new SeriesColumn("value", values)), Frequency.parse("PT30M"), false);
    }

    /** Process CPU seconds of one job's training steps; {@code mase} receives the chosen candidate's held-back MASE. */
    static double train(TimeSeries series, TrainingRequest request, double[] mase) {
        com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean();
        long start = os.getProcessCpuTime();
        FreshJob job = FreshJob.of(series, request, List.of(32));
        Selection selection = job.choose();
        System.out.printf(Locale.ROOT, "known-future cost, %s: %.1f s, winner %s%n", job.prepared().known().channelNames(),
                (os.getProcessCpuTime() - start) / 1e9, selection.winner().name());
        mase[0] = selection.winner().mase();
        return (os.getProcessCpuTime() - start) / 1e9;
    }

    @Test
    void calendarAndHolidayInputsCostLittleTrainingTime() throws IOException {
        TimeSeries series = taylor();
        TrainingRequest plain = new TrainingRequest(null, "value", null, 48, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null);
        TrainingRequest known = new TrainingRequest(null, "value", null, 48, null, null, null, null, null, null, null,
                null, null, null, null, null, null, List.of("hourOfDay", "dayOfWeek"), "GB-ENG");
        double[] mase = new double[1];
        train(series, plain, mase); // warm-up: class loading, JIT
        double without = 0;
        double with = 0;
        double maseWithout = 0;
        double maseWith = 0;
        int rounds = Integer.getInteger("known-future.rounds", 2);
        for (int r = 0; r < rounds; r++) {
            without += train(series, plain, mase);
            maseWithout = mase[0];
            with += train(series, known, mase);
            maseWith = mase[0];
        }
        System.out.printf(Locale.ROOT, "known-future cost: without %.1f s, with calendar+holidays %.1f s (%+.1f %%);"
                + " held-back MASE %.4f without, %.4f with%n", without / rounds, with / rounds,
                100 * (with - without) / without, maseWithout, maseWith);
        assertThat(with).isPositive();
    }
}
