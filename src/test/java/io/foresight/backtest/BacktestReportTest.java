package io.foresight.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

class BacktestReportTest {

    private static BacktestReport.Line line(String series, int points, double cov80, double cov95) {
        ProtocolRules.Scores scores = new ProtocolRules.Scores(1.0, 10.0, 1.0, 1.0, points);
        return new BacktestReport.Line(series, 1, 1, "P1M", "2000-01-01", 100, points, 12, "THETA", scores, cov80, cov95,
                scores, scores, 0.1, 0.2, null);
    }

    @Test
    void coverageIsReportedPerSeriesOnAverageAndOverAllTestPointsTogether() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BacktestReport report = new BacktestReport(new PrintStream(bytes, true, StandardCharsets.UTF_8), List.of("long", "short"), false);
        // 18 points all inside, 6 points none inside: 0.5 per series on average, 18 of 24 points
        report.add(line("long", 18, 1.0, 1.0));
        report.add(line("short", 6, 0.0, 0.5));
        report.summary(1, 2);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("mean coverage: 80% interval 0.500, 95% interval 0.750");
        assertThat(out).contains("coverage of all test points together: 80% interval 0.750, 95% interval 0.875");
    }
}
