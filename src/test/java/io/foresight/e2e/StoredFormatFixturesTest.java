package io.foresight.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Registries already on disk keep working: a copy of versions written at schema version 1
 * ({@code src/test/resources/fixtures/registry-schema-1}, see its README) is served, and every forecast is the one the
 * service that wrote them answered, byte for byte.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StoredFormatFixturesTest {

    static final Path FIXTURE = Path.of("src/test/resources/fixtures/registry-schema-1");
    static final Path DATA_DIR;

    static {
        try {
            DATA_DIR = Files.createTempDirectory("foresight-fixtures").resolve("data");
            copy(FIXTURE.resolve("models"), DATA_DIR.resolve("models"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("foresight.data-dir", DATA_DIR::toString);
    }

    @LocalServerPort
    int port;

    @ParameterizedTest(name = "{0} horizon {1}")
    @CsvSource({"air, 24, air-24.json", "dax, 5, dax-5.json", "short, 6, short-6.json", "tiny, 3, tiny-3.json"})
    void forecastsFromTheEndOfTheDataAreUnchanged(String model, int horizon, String expected) throws IOException {
        Http.Response response = new Http(port).get("/api/v1/models/" + model + "/forecast?horizon=" + horizon);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(Files.readString(FIXTURE.resolve("expected").resolve(expected)));
    }

    @Test
    void aForecastFromSentHistoryIsUnchanged() throws IOException {
        String request = Files.readString(FIXTURE.resolve("expected/air-history-request.json"));
        Http.Response response = new Http(port).postJson("/api/v1/models/air/forecast", request);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(Files.readString(FIXTURE.resolve("expected/air-history.json")));
    }

    @Test
    void everyStoredVersionIsListedAndNoneUnavailable() {
        Http.Response models = new Http(port).get("/api/v1/models");
        assertThat(models.status()).isEqualTo(200);
        assertThat(models.json().findValuesAsString("name")).contains("air", "dax", "short", "tiny");
        for (String model : new String[] {"air", "dax", "short", "tiny"}) {
            Http.Response one = new Http(port).get("/api/v1/models/" + model);
            assertThat(one.json().path("versions").size()).as(one.body()).isEqualTo(1);
            assertThat(one.json().path("unavailable").isArray()).as(one.body()).isTrue();
            assertThat(one.json().path("unavailable").isEmpty()).as(one.body()).isTrue();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
