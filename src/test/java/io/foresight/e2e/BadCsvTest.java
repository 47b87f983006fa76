package io.foresight.e2e;

import static io.foresight.e2e.BadInputSupport.assertNoInternals;
import static io.foresight.e2e.BadInputSupport.assertProblem;
import static io.foresight.e2e.BadInputSupport.sample;
import static io.foresight.e2e.BadInputSupport.snapshot;
import static io.foresight.e2e.BadInputSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * The CSV part of the bad-input catalogue (docs/BAD_INPUT.md), over real HTTP: every broken file is a 400 (413 over
 * the upload limit) whose detail says what to fix, on {@code POST /api/v1/datasets} and on the multipart training
 * upload alike, and nothing stored changes; awkward but valid files are accepted.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BadCsvTest {

    /** The upload limit of this test: small, so that a "too large" file is cheap to send. */
    static final int LIMIT_BYTES = 2 * 1024 * 1024;
    static final Path DATA_DIR = TestDataDir.create("foresight-badcsv").resolve("data");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
        registry.add("spring.servlet.multipart.max-file-size", () -> "2MB");
        registry.add("spring.servlet.multipart.max-request-size", () -> "3MB");
    }

    @LocalServerPort
    int port;

    /** Health and metrics have their own port (management.server.port; random in tests). */
    @LocalManagementPort
    int managementPort;

    Http management() {
        return new Http(managementPort);
    }

    static String goodDatasetId;
    static Map<String, String> before;

    Http http() {
        return new Http(port);
    }

    /** name, CSV bytes, expected status, fragments the detail must contain. */
    static Stream<Arguments> badFiles() {
        return Stream.of(
                bad("empty file", new byte[0], "empty"),
                bad("blank lines only", utf8("\n \n\n"), "empty"),
                bad("header only", utf8("timestamp,value\n"), "no data rows"),
                bad("too few rows", utf8("timestamp,value\n2024-01-01,1\n2024-01-02,2\n"), "at least 3"),
                bad("no timestamp column", utf8("name,value\nalpha,1\nbeta,2\ngamma,3\n"), "no timestamp column"),
                bad("no numeric column", utf8("timestamp,label\n2024-01-01,a\n2024-01-02,b\n2024-01-03,c\n"), "no numeric column"),
                bad("text in a numeric column", utf8(daily(6).replace("2024-01-04,4", "2024-01-04,four")),
                        "row 4", "line 5", "'value'", "four"),
                bad("decimal comma in a numeric column", utf8("timestamp;value\n2024-01-01;1\n2024-01-02;1,5\n2024-01-03;2\n"),
                        "row 2", "'value'", "1,5"),
                bad("unparseable timestamp", utf8(daily(6).replace("2024-01-03", "2024-13-45")), "row 3", "not a timestamp"),
                bad("timestamp in another format", utf8(daily(6).replace("2024-01-03", "03/01/2024")), "row 3", "not a timestamp"),
                bad("timestamp of 9 characters", utf8(daily(6).replace("2024-01-03", "2024-1-03")), "row 3", "not a timestamp"),
                bad("timestamp of 12 characters", utf8(daily(6).replace("2024-01-03", "2024-01-03T1")), "row 3", "not a timestamp"),
                bad("empty timestamp", utf8(daily(6).replace("2024-01-03", "")), "row 3", "timestamp is empty"),
                bad("duplicate timestamps", utf8(daily(6).replace("2024-01-05", "2024-01-02")), "same timestamp", "2024-01-02"),
                bad("irregular spacing", utf8("timestamp,value\n2024-01-01,1\n2024-01-02,2\n2024-01-05,3\n2024-01-11,4\n"
                        + "2024-01-30,5\n2024-03-07,6\n"), "irregularly spaced"),
                bad("NaN", utf8(daily(6).replace("2024-01-04,4", "2024-01-04,NaN")), "row 4", "not a finite number"),
                bad("Infinity", utf8(daily(6).replace("2024-01-04,4", "2024-01-04,Infinity")), "row 4", "not a finite number"),
                bad("-inf", utf8(daily(6).replace("2024-01-04,4", "2024-01-04,-inf")), "row 4", "not a finite number"),
                bad("hex float", utf8(daily(6).replace("2024-01-04,4", "2024-01-04,0x1p3")), "row 4", "not a finite number"),
                bad("number overflowing a double", utf8(daily(6).replace("2024-01-04,4", "2024-01-04,1e400")), "row 4", "too large"),
                bad("Java float suffix", utf8(daily(6).replace("2024-01-04,4", "2024-01-04,4d")), "row 4", "not a finite number"),
                bad("ragged row (extra field)", utf8(daily(6).replace("2024-01-04,4", "2024-01-04,4,9")), "fields", "header has 2"),
                bad("ragged row (missing field)", utf8("timestamp,value,other\n2024-01-01,1,1\n2024-01-02,2\n2024-01-03,3,3\n"),
                        "fields", "header has 3"),
                bad("unclosed quote", utf8("timestamp,value\n2024-01-01,1\n\"2024-01-02,2\n2024-01-03,3\n"), "never closed"),
                bad("empty header name", utf8("timestamp,,value\n2024-01-01,1,1\n2024-01-02,2,2\n2024-01-03,3,3\n"), "no name"),
                bad("duplicate header name", utf8("timestamp,value,value\n2024-01-01,1,1\n2024-01-02,2,2\n2024-01-03,3,3\n"),
                        "more than once"),
                bad("one-megabyte field", oneMegabyteField(), "longer than"),
                bad("binary garbage", garbage(), "not a UTF-8 text CSV"),
                bad("NUL bytes in UTF-8 text", utf8("timestamp,value\n2024-01-01,1\u0000\n2024-01-02,2\n2024-01-03,3\n"), "NUL"),
                bad("UTF-16 file", "timestamp,value\n2024-01-01,1\n2024-01-02,2\n2024-01-03,3\n".getBytes(
                        java.nio.charset.StandardCharsets.UTF_16), "not a UTF-8 text CSV"),
                bad("10,000 columns", tenThousandColumns(), "more than 200 columns", "max-columns"),
                bad("a zip archive", zipHeader(), "not a UTF-8 text CSV"),
                // year-boundary timestamps (issue 15, family 10): only 0001-01-01 to 9999-12-31T23:59:59 (UTC) round-trip
                bad("year 0000 through a +18:00 offset", utf8("timestamp,value\n0000-01-01T00:00:00+18:00,1\n"
                        + "0000-01-02T00:00:00+18:00,2\n0000-01-03T00:00:00+18:00,3\n"), "row 1", "outside the timestamps",
                        "0001-01-01T00:00:00 to 9999-12-31T23:59:59", "-0001-12-31T06:00"),
                bad("year 10000 through a -18:00 offset", utf8("timestamp,value\n9999-12-29T20:00-18:00,1\n"
                        + "9999-12-30T20:00-18:00,2\n9999-12-31T20:00-18:00,3\n"), "row 3", "outside the timestamps",
                        "+10000-01-01T14:00"),
                bad("the date 0000-01-01", utf8("timestamp,value\n0000-01-01,1\n0000-01-02,2\n0000-01-03,3\n"), "row 1",
                        "'0000-01-01' is outside the timestamps"),
                bad("the month 0000-03", utf8("timestamp,value\n0000-03,1\n0000-04,2\n0000-05,3\n"), "row 1",
                        "outside the timestamps"));
    }

    /** Accepted although awkward: name, CSV bytes, rows, missing values. */
    static Stream<Arguments> awkwardButValidFiles() {
        return Stream.of(
                Arguments.of("UTF-8 byte-order mark", bom(daily(6)), 6, 0),
                Arguments.of("CRLF line ends", utf8(daily(6).replace("\n", "\r\n")), 6, 0),
                Arguments.of("quoted fields", utf8("\"timestamp\",\"value\",\"note\"\n\"2024-01-01\",\"1.5\",\"a, b\"\n"
                        + "\"2024-01-02\",\"2\",\"say \"\"hi\"\"\"\n\"2024-01-03\",\"3\",\"line\nbreak\"\n2024-01-04,4,plain\n"), 4, 0),
                Arguments.of("empty cells as missing values", utf8(daily(6).replace("2024-01-03,3", "2024-01-03,")
                        .replace("2024-01-05,5", "2024-01-05,NA")), 6, 2),
                Arguments.of("semicolon delimiter", utf8(daily(6).replace(',', ';')), 6, 0),
                Arguments.of("tab delimiter", utf8(daily(6).replace(',', '\t')), 6, 0),
                Arguments.of("blank lines and trailing spaces", utf8("timestamp,value\n\n2024-01-01, 1 \n2024-01-02,2\n\n"
                        + "2024-01-03,3\n\n"), 3, 0),
                Arguments.of("missing final newline", utf8(daily(6).strip()), 6, 0));
    }

    private static Arguments bad(String name, byte[] csv, String... detail) {
        return Arguments.of(name, csv, detail);
    }

    @Test
    @Order(1)
    void storesAGoodDatasetFirst() {
        Http.Response response = http().postMultipart("/api/v1/datasets", Map.of("file", sample("AirPassengers.csv"), "name", "air"));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        goodDatasetId = response.json().get("id").asString();
        before = snapshot(DATA_DIR);
        assertThat(before).isNotEmpty();
    }

    @Order(2)
    @ParameterizedTest(name = "dataset upload rejects {0}")
    @MethodSource("badFiles")
    void datasetUploadRejects(String name, byte[] csv, String[] detail) {
        Http.Response response = BadInputSupport.postFile(port, "/api/v1/datasets", "upload.csv", csv, Map.of());
        assertProblem(response, 400, detail);
        assertThat(snapshot(DATA_DIR)).as("nothing stored changes").isEqualTo(before);
    }

    @Order(3)
    @ParameterizedTest(name = "training upload rejects {0}")
    @MethodSource("badFiles")
    void trainingUploadRejects(String name, byte[] csv, String[] detail) {
        Http.Response response = BadInputSupport.postFile(port, "/api/v1/models/from-upload/training-jobs", "upload.csv", csv,
                Map.of("spec", "{\"target\": \"value\", \"horizon\": 2, \"epochs\": 1}"));
        assertProblem(response, 400, detail);
        assertThat(snapshot(DATA_DIR)).as("nothing stored changes").isEqualTo(before);
    }

    @Test
    @Order(4)
    void aFileOverTheUploadLimitIs413OnBothEndpoints() {
        byte[] big = bigCsv(LIMIT_BYTES + 512 * 1024);
        assertProblem(http().postMultipart("/api/v1/datasets", Map.of("file", big)), 413, "larger than the limit of 2 MB per file", "max-file-size");
        assertProblem(http().postMultipart("/api/v1/models/big/training-jobs", Map.of("file", big,
                "spec", "{\"target\": \"value\", \"horizon\": 2}")), 413, "max-file-size");
        assertThat(snapshot(DATA_DIR)).isEqualTo(before);
        // the connection is still usable and the service still answers
        assertThat(http().get("/api/v1/datasets/" + goodDatasetId).status()).isEqualTo(200);
    }

    @Test
    @Order(5)
    void aSeriesTooShortForTheWindowAndHorizonIsRejectedWhenTraining() {
        Http.Response upload = http().postMultipart("/api/v1/datasets", Map.of("file", utf8(daily(10)), "name", "short"));
        assertThat(upload.status()).as(upload.body()).isEqualTo(201);
        String id = upload.json().get("id").asString();
        Map<String, String> withShort = snapshot(DATA_DIR);
        assertProblem(http().postJson("/api/v1/models/short/training-jobs",
                "{\"datasetId\": \"" + id + "\", \"target\": \"value\", \"horizon\": 12}"), 400, "10 points", "horizon 12");
        assertProblem(http().postJson("/api/v1/models/short/training-jobs",
                "{\"datasetId\": \"" + id + "\", \"target\": \"value\", \"horizon\": 2, \"window\": 8}"), 400, "10 points",
                "window 8");
        // the one-call upload stores nothing when the series cannot be trained on
        assertProblem(http().postMultipart("/api/v1/models/short/training-jobs", Map.of("file", utf8(daily(10)),
                "spec", "{\"target\": \"value\", \"horizon\": 12}")), 400, "10 points");
        assertThat(snapshot(DATA_DIR)).isEqualTo(withShort);
        assertThat(http().delete("/api/v1/datasets/" + id).status()).isEqualTo(204);
        assertThat(snapshot(DATA_DIR)).isEqualTo(before);
    }

    @Order(6)
    @ParameterizedTest(name = "accepts {0}")
    @MethodSource("awkwardButValidFiles")
    void acceptsAwkwardButValidFiles(String name, byte[] csv, int rows, int missing) {
        Http.Response response = BadInputSupport.postFile(port, "/api/v1/datasets", "awkward.csv", csv, Map.of());
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode body = response.json();
        assertThat(body.get("rows").asInt()).isEqualTo(rows);
        assertThat(body.get("missingValues").asInt()).isEqualTo(missing);
        assertThat(body.get("frequency").asString()).isEqualTo("P1D");
        assertThat(body.get("start").asString()).isEqualTo("2024-01-01");
        assertThat(body.get("timestampColumn").asString()).isEqualTo("timestamp");
        assertThat(http().delete("/api/v1/datasets/" + body.get("id").asString()).status()).isEqualTo(204);
    }

    /** Issue 15, family 10: the edges of the representable range are accepted and shown as sent. */
    @Test
    @Order(6)
    void theFirstAndLastRepresentableTimestampsAreAccepted() {
        Http.Response first = BadInputSupport.postFile(port, "/api/v1/datasets", "first.csv",
                utf8("timestamp,value\n0001-01-01,1\n0001-01-02,2\n0001-01-03,3\n"), Map.of());
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.json().get("start").asString()).isEqualTo("0001-01-01");
        Http.Response last = BadInputSupport.postFile(port, "/api/v1/datasets", "last.csv", utf8("timestamp,value\n"
                + "9999-12-31T21:59:57-02:00,1\n9999-12-31T23:59:58+00:00,2\n9999-12-31T23:59:59Z,3\n"), Map.of());
        assertThat(last.status()).as(last.body()).isEqualTo(201);
        assertThat(last.json().get("end").asString()).isEqualTo("9999-12-31T23:59:59");
        assertThat(http().delete("/api/v1/datasets/" + first.json().get("id").asString()).status()).isEqualTo(204);
        assertThat(http().delete("/api/v1/datasets/" + last.json().get("id").asString()).status()).isEqualTo(204);
    }

    @Test
    @Order(7)
    void unsortedTimestampsAreAcceptedAndSorted() {
        String shuffled = "timestamp,value\n2024-01-03,3\n2024-01-01,1\n2024-01-05,5\n2024-01-02,2\n2024-01-04,4\n";
        Http.Response response = http().postMultipart("/api/v1/datasets", Map.of("file", utf8(shuffled)));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode body = response.json();
        assertThat(body.get("start").asString()).isEqualTo("2024-01-01");
        assertThat(body.get("end").asString()).isEqualTo("2024-01-05");
        assertThat(body.get("rows").asInt()).isEqualTo(5);
        assertThat(body.get("frequency").asString()).isEqualTo("P1D");
        assertThat(http().delete("/api/v1/datasets/" + body.get("id").asString()).status()).isEqualTo(204);
    }

    @Test
    @Order(8)
    void missingPartsAreExplained() {
        assertProblem(http().postMultipart("/api/v1/datasets", Map.of("name", "nofile")), 400, "part 'file'");
        assertProblem(http().postJson("/api/v1/datasets", "{\"name\": \"x\"}"), 415, "multipart/form-data");
        assertProblem(http().postMultipart("/api/v1/models/m/training-jobs", Map.of("spec", "{\"target\": \"value\"}")),
                400, "'file'");
        assertProblem(http().postMultipart("/api/v1/models/m/training-jobs", Map.of("file", sample("AirPassengers.csv"))),
                400, "'spec'");
        assertThat(snapshot(DATA_DIR)).isEqualTo(before);
    }

    @Test
    @Order(8)
    void aPartSentTwiceIsRefusedNotPickedOrJoined() {
        byte[] csv = sample("AirPassengers.csv");
        String spec = "{\"target\": \"value\", \"horizon\": 12}";
        assertProblem(BadInputSupport.postParts(port, "/api/v1/datasets", new Object[][] {{"file", csv}, {"file", csv}}),
                400, "more than one part 'file'");
        assertProblem(BadInputSupport.postParts(port, "/api/v1/datasets", new Object[][] {{"file", csv}, {"name", "a"},
                {"name", "b"}}), 400, "more than one part 'name'");
        assertProblem(BadInputSupport.postParts(port, "/api/v1/models/twice/training-jobs", new Object[][] {{"file", csv},
                {"spec", spec}, {"spec", spec.replace("12", "6")}}), 400, "more than one part 'spec'");
        assertThat(snapshot(DATA_DIR)).isEqualTo(before);
    }

    @Test
    @Order(9)
    void theGoodDatasetIsUnchangedAndTheServiceHealthy() {
        assertThat(snapshot(DATA_DIR)).isEqualTo(before);
        JsonNode list = http().get("/api/v1/datasets").json();
        assertThat(list.size()).isEqualTo(1);
        assertThat(list.get(0).get("id").asString()).isEqualTo(goodDatasetId);
        assertThat(list.get(0).get("sha256").asString()).isEqualTo(BadInputSupport.sha256(sample("AirPassengers.csv")));
        Http.Response health = management().get("/actuator/health");
        assertThat(health.body()).contains("\"status\":\"UP\"");
        assertNoInternals(health.body());
    }

    static String daily(int days) {
        StringBuilder csv = new StringBuilder("timestamp,value\n");
        LocalDate start = LocalDate.parse("2024-01-01");
        for (int i = 0; i < days; i++) {
            csv.append(start.plusDays(i)).append(',').append(i + 1).append('\n');
        }
        return csv.toString();
    }

    private static byte[] bom(String csv) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        out.writeBytes(utf8(csv));
        return out.toByteArray();
    }

    private static byte[] oneMegabyteField() {
        return utf8("timestamp,value,note\n2024-01-01,1,\"" + "x".repeat(1024 * 1024) + "\"\n2024-01-02,2,y\n2024-01-03,3,z\n");
    }

    private static byte[] garbage() {
        byte[] bytes = new byte[64 * 1024];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    private static byte[] zipHeader() {
        byte[] bytes = new byte[2048];
        new Random(7).nextBytes(bytes);
        bytes[0] = 'P';
        bytes[1] = 'K';
        bytes[2] = 3;
        bytes[3] = 4;
        return bytes;
    }

    private static byte[] tenThousandColumns() {
        StringBuilder csv = new StringBuilder("timestamp");
        for (int c = 0; c < 10_000; c++) {
            csv.append(",c").append(c);
        }
        csv.append('\n');
        for (int r = 0; r < 3; r++) {
            csv.append("2024-01-0").append(r + 1);
            for (int c = 0; c < 10_000; c++) {
                csv.append(",1");
            }
            csv.append('\n');
        }
        return utf8(csv.toString());
    }

    private static byte[] bigCsv(int bytes) {
        StringBuilder csv = new StringBuilder(bytes + 64).append("timestamp,value\n");
        java.time.LocalDateTime t = java.time.LocalDateTime.parse("2000-01-01T00:00:00");
        while (csv.length() < bytes) {
            csv.append(t).append(":00,1.0\n");
            t = t.plusMinutes(1);
        }
        return utf8(csv.toString());
    }
}
