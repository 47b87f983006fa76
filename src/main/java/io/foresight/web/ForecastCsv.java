package io.foresight.web;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

import io.foresight.forecast.BatchForecast;
import io.foresight.forecast.Forecast;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Forecasts as a long-format CSV, {@code series,timestamp,value,lower_80,upper_80,...} (one pair of columns per
 * level, then {@code q_0.1,...}, one column per quantile, when the request asked for quantiles), one row per series and step, written to the response as the rows are formatted. Asked for with
 * {@code Accept: text/csv} on {@code POST .../forecast}.
 */
final class ForecastCsv {

    static final MediaType TEXT_CSV = MediaType.parseMediaType("text/csv");

    /** The header that counts the series left out (listed in {@code failed} of the JSON answer). */
    static final String FAILED_HEADER = "Foresight-Failed-Series";

    private ForecastCsv() {
    }

    /** Whether the Accept header names text/csv explicitly (a wildcard alone keeps JSON). */
    static boolean wanted(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream().anyMatch(m -> !m.isWildcardSubtype() && m.includes(TEXT_CSV));
        } catch (InvalidMediaTypeException e) {
            return false;
        }
    }

    /** Writes {@code batch} to the response as it formats the rows. */
    static void write(HttpServletResponse response, BatchForecast batch) throws IOException {
        Forecast.Point first = batch.series().isEmpty() || batch.series().get(0).points().isEmpty() ? null
                : batch.series().get(0).points().get(0);
        List<String> levels = first == null ? List.of() : List.copyOf(first.lower().keySet());
        List<String> quantiles = first == null || first.quantiles() == null ? List.of()
                : List.copyOf(first.quantiles().keySet());
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(FAILED_HEADER, Integer.toString(batch.failed().size()));
        Writer writer = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8), 1 << 16);
        StringBuilder row = new StringBuilder(128).append("series,timestamp,value");
        levels.forEach(level -> row.append(",lower_").append(level).append(",upper_").append(level));
        quantiles.forEach(quantile -> row.append(",q_").append(quantile));
        writer.write(row.append('\n').toString());
        for (BatchForecast.Series series : batch.series()) {
            String id = field(series.id());
            for (Forecast.Point point : series.points()) {
                row.setLength(0);
                row.append(id).append(',').append(point.timestamp()).append(',').append(point.value());
                for (String level : levels) {
                    row.append(',').append(point.lower().get(level)).append(',').append(point.upper().get(level));
                }
                for (String quantile : quantiles) {
                    row.append(',').append(point.quantiles().get(quantile));
                }
                writer.write(row.append('\n').toString());
            }
        }
        writer.flush();
    }

    /** A single-series forecast as the same CSV, its {@code series} column empty. */
    static void write(HttpServletResponse response, Forecast forecast) throws IOException {
        write(response, new BatchForecast(forecast.model(), forecast.version(), forecast.horizon(),
                List.of(new BatchForecast.Series("", forecast.method(), forecast.points())), List.of()));
    }

    /**
     * A CSV field: quoted (quotes doubled) when it holds a comma, quote or line break; prefixed with a quote when it
     * starts like a spreadsheet formula ({@code = + - @}), so that opening the file never runs one.
     */
    static String field(String value) {
        boolean formula = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return '"' + (formula ? "'" : "") + value.replace("\"", "\"\"") + '"';
            }
        }
        return formula ? "'" + value : value;
    }
}
