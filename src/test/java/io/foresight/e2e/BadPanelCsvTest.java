package io.foresight.e2e;

import static io.foresight.e2e.BadInputSupport.assertProblem;
import static io.foresight.e2e.BadInputSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;

/**
 * Many-series datasets over real HTTP with the default limits: a long-format upload with {@code idColumns} answers
 * {@code series} and {@code idColumns}, {@code GET /datasets/{id}/series} lists the series, a wide upload with
 * {@code seriesFromColumns} makes a series per column, and every broken upload is a 400 naming the series and row
 * (docs/BAD_INPUT.md, "Many series").
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BadPanelCsvTest {

    static final Path DATA_DIR = TestDataDir.create("foresight-panel").resolve("data");


    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    Http http() {
        return new Http(port);
    }

    private Http.Response upload(byte[] csv, String... params) {
        Map<String, Object> parts = new LinkedHashMap<>();
        parts.put("file", csv);
        for (int i = 0; i < params.length; i += 2) {
            parts.put(params[i], params[i + 1]);
        }
        return http().postMultipart("/api/v1/datasets", parts);
    }

    private static final String SHOPS = """
            store,item,date,sales,price
            7,3,2020-01-01,1,2.5
            7,3,2020-02-01,2,2.5
            7,3,2020-04-01,4,
            7,3,2020-05-01,5,2.5
            7,3,2020-06-01,6,2.5
            12,1,2020-03-01,30,1
            12,1,2020-01-01,10,1
            12,1,2020-02-01,20,1
            9,9,2020-01-01,1,1
            """;

    @Test
    void aLongFormatUploadAnswersItsSeriesAndListsThem() {
        Http.Response created = upload(utf8(SHOPS), "idColumns", "store,item", "name", "shops");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode info = created.json();
        assertThat(info.get("series").asInt()).isEqualTo(2);
        assertThat(info.get("idColumns").toString()).isEqualTo("[\"store\",\"item\"]");
        assertThat(info.get("frequency").asString()).isEqualTo("P1M");
        assertThat(info.get("rows").asInt()).isEqualTo(6 + 3);
        assertThat(info.get("gaps").asInt()).isEqualTo(1);
        assertThat(info.get("tooShort").get(0).get("id").asString()).isEqualTo("9/9");
        assertThat(info.get("seriesLength").get("max").asInt()).isEqualTo(6);
        String id = info.get("id").asString();
        assertThat(http().get("/api/v1/datasets/" + id).json().get("series").asInt()).isEqualTo(2);

        JsonNode page = http().get("/api/v1/datasets/" + id + "/series?size=1").json();
        assertThat(page.get("total").asInt()).isEqualTo(2);
        assertThat(page.get("series").size()).isEqualTo(1);
        JsonNode first = page.get("series").get(0);
        assertThat(first.get("id").asString()).isEqualTo("12/1");
        assertThat(first.get("points").asInt()).isEqualTo(3);
        JsonNode second = http().get("/api/v1/datasets/" + id + "/series?query=7/&page=0&size=10").json()
                .get("series").get(0);
        assertThat(second.get("id").asString()).isEqualTo("7/3");
        assertThat(second.get("start").asString()).isEqualTo("2020-01-01");
        assertThat(second.get("end").asString()).isEqualTo("2020-06-01");
        assertThat(second.get("gaps").asInt()).isEqualTo(1);
        assertThat(second.get("missingValues").asInt()).isEqualTo(2 + 1);

        assertProblem(http().get("/api/v1/datasets/" + id + "/series?page=-1"), 400, "'page' must be a whole number", "got '-1'");
        assertProblem(http().get("/api/v1/datasets/" + id + "/series?size=5000"), 400, "'size' must be 1 to 1000");
        assertProblem(http().get("/api/v1/datasets/" + id + "/series?page=x"), 400, "'page' must be a whole number");
        assertProblem(http().get("/api/v1/datasets/" + id + "/series?sise=3"), 400, "'sise' is not known here");
        assertProblem(http().get("/api/v1/datasets/ds-000000000000/series"), 404, "No dataset with id");
    }

    @Test
    void theIdColumnsMayComeAsAQueryParameter() {
        Http.Response created = http().postMultipart("/api/v1/datasets?idColumns=store,item", Map.of("file", utf8(SHOPS)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("series").asInt()).isEqualTo(2);
    }

    @Test
    void aSingleSeriesUploadIsUnchangedAndHasNoSeriesListing() {
        Http.Response created = upload(utf8("timestamp,value\n2020-01-01,1\n2020-01-02,2\n2020-01-03,3\n"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("series").asInt()).isEqualTo(1);
        assertThat(created.json().get("idColumns").size()).isZero();
        assertProblem(http().get("/api/v1/datasets/" + created.json().get("id").asString() + "/series"), 400,
                "holds one series");
    }

    @Test
    void aWideUploadWithSeriesFromColumnsIsASeriesPerColumn() {
        Http.Response created = upload(utf8("date,a,b\n2020-01-01,1,5\n2020-01-02,2,6\n2020-01-03,3,7\n"),
                "seriesFromColumns", "true");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("series").asInt()).isEqualTo(2);
        assertThat(created.json().get("seriesFromColumns").asBoolean()).isTrue();
        JsonNode page = http().get("/api/v1/datasets/" + created.json().get("id").asString() + "/series").json();
        assertThat(page.get("series").get(1).get("id").asString()).isEqualTo("b");
    }

    @Test
    void brokenUploadsNameTheSeriesAndRow() {
        assertProblem(upload(utf8(SHOPS), "idColumns", "Store,item"), 400,
                "idColumns names a column the CSV does not have: Store;", "its columns are store, item, date, sales, price");
        assertProblem(upload(utf8(SHOPS), "idColumns", "store,,item"), 400, "'idColumns' has an empty name");
        assertProblem(upload(utf8(SHOPS), "idColumns", ""), 400, "'idColumns' is empty");
        assertProblem(upload(utf8(SHOPS), "idColumns", "store", "seriesFromColumns", "true"), 400, "not both");
        assertProblem(upload(utf8(SHOPS), "seriesFromColumns", "yes"), 400, "'seriesFromColumns' must be true or false");
        assertProblem(upload(utf8(SHOPS + "7,3,2020-02-01,9,1\n"), "idColumns", "store,item"), 400,
                "Series 7/3: duplicate timestamp 2020-02-01 at row 2 (line 3) and row 10 (line 11)");
        assertProblem(upload(utf8(SHOPS + "12,,2020-04-01,9,1\n"), "idColumns", "store,item"), 400,
                "row 10 (line 11), column 'item': the id is empty");
        assertProblem(upload(utf8(SHOPS + "12,1,2020-04-15,9,1\n"), "idColumns", "store,item"), 400,
                "Series 12/1: 2020-04-15 at row 10 (line 11) is not on the P1M grid", "inferred from series 7/3");
        assertProblem(upload(utf8(SHOPS + "12,1,2020-04-01,lots,1\n"), "idColumns", "store,item"), 400,
                "series 12/1, row 10 (line 11), column 'sales': 'lots' is not a finite number");
    }

    @Test
    void tenThousandSeriesOfTwoHundredPointsAreAcceptedWithTheDefaultLimits() {
        ByteArrayOutputStream csv = new ByteArrayOutputStream(64 << 20);
        csv.writeBytes("store,item,date,sales,price\n".getBytes(StandardCharsets.US_ASCII));
        LocalDate start = LocalDate.parse("2020-01-01");
        String[] dates = new String[200];
        for (int d = 0; d < dates.length; d++) {
            dates[d] = start.plusDays(d).toString();
        }
        for (int store = 1; store <= 100; store++) {
            for (int item = 1; item <= 100; item++) {
                for (int d = 0; d < dates.length; d++) {
                    csv.writeBytes((store + "," + item + "," + dates[d] + "," + (store * item + d % 7) + ".25,"
                            + (1 + item % 10) + ".99\n").getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
        assertThat(csv.size()).isGreaterThan(50 << 20);

        Http.Response created = upload(csv.toByteArray(), "idColumns", "store,item");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("series").asInt()).isEqualTo(10_000);
        assertThat(created.json().get("rows").asInt()).isEqualTo(2_000_000);
        assertThat(created.json().get("seriesLength").get("min").asInt()).isEqualTo(200);
        assertThat(created.json().get("frequency").asString()).isEqualTo("P1D");
    }
}
