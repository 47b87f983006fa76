package io.foresight.e2e;

import static io.foresight.e2e.BadInputSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Values a client sends cannot forge log lines (docs/BAD_INPUT.md, "Log injection"): a CSV column name, a training
 * target and a query parameter with line breaks, carriage returns and Unicode line separators reach the log on the
 * line of the message that quotes them, escaped.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class LogInjectionTest {

    static final Path DATA_DIR = TestDataDir.create("foresight-log-injection").resolve("data");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    /** A daily series of 80 days whose value column is named {@code column}. */
    static byte[] csvWithColumn(String column) {
        StringBuilder csv = new StringBuilder("date,\"" + column + "\",w\n");
        LocalDate day = LocalDate.of(2020, 1, 1);
        for (int i = 0; i < 80; i++) {
            csv.append(day.plusDays(i)).append(',').append(i % 7 + 1).append(',').append(i).append('\n');
        }
        return utf8(csv.toString());
    }

    @Test
    void aColumnNameWithLineBreaksStaysOnTheLineThatQuotesIt(CapturedOutput output) {
        String column = "v\nFORGED-A ERROR fake\rFORGED-B\u2028FORGED-C\u001b[31m";
        Http.Response upload = new Http(port).postMultipart("/api/v1/datasets",
                Map.of("file", csvWithColumn(column), "name", "injected"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);

        // the CSV reader reads a quoted CR as a line break; either way it is escaped
        assertThat(output.getOut()).contains("v\\nFORGED-A ERROR fake\\").contains("FORGED-B\\u2028FORGED-C\\u001b[31m");
        assertNoForgedLines(output);
    }

    @Test
    void aTrainingUploadWithAnInjectedTargetLogsItEscaped(CapturedOutput output) {
        String column = "v\nFORGED-D";
        Http.Response submitted = BadInputSupport.postFile(port, "/api/v1/models/injected/training-jobs", "x.csv",
                csvWithColumn(column), Map.of("spec", "{\"target\":\"v\\nFORGED-D\",\"horizon\":3,\"features\":[\"w\"],"
                        + "\"architecture\":\"LSTM\",\"layers\":[4],\"epochs\":2}"));
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(202);
        BadInputSupport.awaitJob(new Http(port), submitted.json().get("id").asString(), Duration.ofMinutes(2));

        assertThat(output.getOut()).contains("v\\nFORGED-D");
        assertNoForgedLines(output);
    }

    @Test
    void aQueryParameterWithAnEncodedLineBreakForgesNoLine(CapturedOutput output) {
        for (String query : List.of("h%0aFORGED-E%zz=1", "horizon=%0d%0aFORGED-F%ff", "x%0aFORGED-G=%e2%80%a8FORGED-H%")) {
            BadInputSupport.RawResponse response = BadInputSupport.raw(port, "GET", "/api/v1/models/none/forecast?" + query, null);
            assertThat(response.status()).as(response.body()).isBetween(400, 599);
        }
        assertNoForgedLines(output);
    }

    /** No line of the log starts with a forged text: each stayed on the line of the message that quoted it. */
    private static void assertNoForgedLines(CapturedOutput output) {
        List<String> forged = Arrays.stream(output.getOut().split("\r\n|\r|\n|\u2028|\u2029|\u0085", -1))
                .filter(line -> line.startsWith("FORGED")).toList();
        assertThat(forged).as("log lines a client forged").isEmpty();
    }
}
