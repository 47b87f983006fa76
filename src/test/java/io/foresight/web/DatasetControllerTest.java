package io.foresight.web;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.mock.web.MockPart;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import io.foresight.ForesightException;
import io.foresight.ForesightProperties;
import io.foresight.dataset.ColumnInfo;
import io.foresight.dataset.DatasetInfo;
import io.foresight.dataset.DatasetService;
import io.foresight.dataset.SeriesPage;
import io.foresight.dataset.SeriesSummary;

@WebMvcTest(DatasetController.class)
@Import({ApiExceptionHandler.class, DatasetControllerTest.Properties.class})
class DatasetControllerTest {

    /** The slice includes {@link ApiKeyFilter}, which reads the (default, key-less) settings. */
    @EnableConfigurationProperties(ForesightProperties.class)
    static class Properties {
    }

    private static final String ID = "ds-0123456789ab";
    private static final byte[] CSV = "timestamp,value\n2024-01-01,1\n2024-01-02,2\n2024-01-03,3\n"
            .getBytes(StandardCharsets.UTF_8);

    @Autowired
    MockMvc mvc;

    @MockitoBean
    DatasetService datasets;

    private static DatasetInfo info() {
        return new DatasetInfo(ID, "daily", 3,
                List.of(new ColumnInfo("timestamp", "TIMESTAMP"), new ColumnInfo("value", "NUMBER")), "timestamp",
                "P1D", "2024-01-01", "2024-01-03", 0, 0, "ab".repeat(32), Instant.parse("2024-05-01T10:00:00Z"));
    }

    @Test
    void uploadAnswers201WithLocationAndTheDescription() throws Exception {
        when(datasets.create(eq("daily"), eq("daily.csv"), any())).thenReturn(info());

        mvc.perform(multipart("/api/v1/datasets")
                        .file(new MockMultipartFile("file", "daily.csv", "text/csv", CSV))
                        .param("name", "daily"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", "/api/v1/datasets/" + ID))
                .andExpect(jsonPath("$.id").value(ID))
                .andExpect(jsonPath("$.frequency").value("P1D"))
                .andExpect(jsonPath("$.rows").value(3))
                .andExpect(jsonPath("$.columns[1].type").value("NUMBER"))
                .andExpect(jsonPath("$.start").value("2024-01-01"));
        verify(datasets).create(eq("daily"), eq("daily.csv"), eq(CSV));
    }

    @Test
    void nameMayBeAMultipartPart() throws Exception {
        when(datasets.create(eq("from-part"), any(), any())).thenReturn(info());

        mvc.perform(multipart("/api/v1/datasets")
                        .file(new MockMultipartFile("file", "daily.csv", "text/csv", CSV))
                        .part(new MockPart("name", "from-part".getBytes(StandardCharsets.UTF_8))))
                .andExpect(status().isCreated());
        verify(datasets).create(eq("from-part"), eq("daily.csv"), eq(CSV));
    }

    @Test
    void uploadWithoutNameLeavesItToTheService() throws Exception {
        when(datasets.create(isNull(), eq("daily.csv"), any())).thenReturn(info());

        mvc.perform(multipart("/api/v1/datasets").file(new MockMultipartFile("file", "daily.csv", "text/csv", CSV)))
                .andExpect(status().isCreated());
    }

    @Test
    void idColumnsAsAPartOrParameterAreSplitAtCommasAndTrimmed() throws Exception {
        when(datasets.create(any(), any(), any(), any(), eq(false))).thenReturn(info());

        mvc.perform(multipart("/api/v1/datasets")
                        .file(new MockMultipartFile("file", "daily.csv", "text/csv", CSV))
                        .part(new MockPart("idColumns", "store, item".getBytes(StandardCharsets.UTF_8))))
                .andExpect(status().isCreated());
        verify(datasets).create(isNull(), eq("daily.csv"), eq(CSV), eq(List.of("store", "item")), eq(false));
        mvc.perform(multipart("/api/v1/datasets")
                        .file(new MockMultipartFile("file", "daily.csv", "text/csv", CSV))
                        .param("idColumns", "store"))
                .andExpect(status().isCreated());
        verify(datasets).create(isNull(), eq("daily.csv"), eq(CSV), eq(List.of("store")), eq(false));
    }

    @Test
    void seriesFromColumnsMustBeTrueOrFalse() throws Exception {
        when(datasets.create(any(), any(), any(), any(), eq(true))).thenReturn(info());

        mvc.perform(multipart("/api/v1/datasets")
                        .file(new MockMultipartFile("file", "daily.csv", "text/csv", CSV))
                        .param("seriesFromColumns", "true"))
                .andExpect(status().isCreated());
        verify(datasets).create(isNull(), eq("daily.csv"), eq(CSV), eq(List.of()), eq(true));
        mvc.perform(multipart("/api/v1/datasets")
                        .file(new MockMultipartFile("file", "daily.csv", "text/csv", CSV))
                        .param("seriesFromColumns", "on"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("'seriesFromColumns' must be true or false")));
        mvc.perform(multipart("/api/v1/datasets")
                        .file(new MockMultipartFile("file", "daily.csv", "text/csv", CSV))
                        .param("idColumns", "store,,item"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("'idColumns' has an empty name")));
        verify(datasets, never()).create(any(), any(), any(), eq(List.of("store", "", "item")), eq(false));
    }

    @Test
    void seriesListingPassesQueryPageAndSizeWithDefaults() throws Exception {
        when(datasets.listSeries(ID, null, 0, 100)).thenReturn(new SeriesPage(ID, "", 0, 100, 1,
                List.of(new SeriesSummary("7/3", 200, "2020-01-01", "2020-07-18", 1, 2))));
        when(datasets.listSeries(ID, "7/", 2, 5)).thenReturn(new SeriesPage(ID, "7/", 2, 5, 0, List.of()));

        mvc.perform(get("/api/v1/datasets/" + ID + "/series"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(1))
                .andExpect(jsonPath("$.series[0].id").value("7/3"))
                .andExpect(jsonPath("$.series[0].gaps").value(1));
        mvc.perform(get("/api/v1/datasets/" + ID + "/series").param("query", "7/").param("page", "2")
                        .param("size", "5"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.page").value(2));
        mvc.perform(get("/api/v1/datasets/" + ID + "/series").param("size", "1.5"))
                .andExpect(status().isBadRequest());
    }

    @Test
    void missingFileIs400Problem() throws Exception {
        mvc.perform(multipart("/api/v1/datasets").param("name", "x"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(400))
                .andExpect(jsonPath("$.detail").value(containsString("part 'file'")));
        verify(datasets, never()).create(any(), any(), any());
    }

    @Test
    void emptyFileIs400Problem() throws Exception {
        mvc.perform(multipart("/api/v1/datasets").file(new MockMultipartFile("file", "e.csv", "text/csv",
                        new byte[0])))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail").value(containsString("empty")));
        verify(datasets, never()).create(any(), any(), any());
    }

    @Test
    void invalidCsvIs400ProblemWithTheServiceDetail() throws Exception {
        when(datasets.create(any(), any(), any())).thenThrow(ForesightException.badInput(
                "row 2 (line 3), column 'value': 'abc' is not a finite number"));

        mvc.perform(multipart("/api/v1/datasets").file(new MockMultipartFile("file", "d.csv", "text/csv", CSV)))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value(containsString("row 2 (line 3)")));
    }

    @Test
    void listAndGet() throws Exception {
        when(datasets.list()).thenReturn(List.of(info()));
        when(datasets.get(ID)).thenReturn(info());

        mvc.perform(get("/api/v1/datasets"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value(ID))
                .andExpect(jsonPath("$.length()").value(1));
        mvc.perform(get("/api/v1/datasets/" + ID))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("daily"))
                .andExpect(jsonPath("$.sha256").value("ab".repeat(32)));
    }

    @Test
    void unknownDatasetIs404Problem() throws Exception {
        when(datasets.get("ds-ffffffffffff")).thenThrow(ForesightException.notFound("No dataset with id"
                + " 'ds-ffffffffffff'"));

        mvc.perform(get("/api/v1/datasets/ds-ffffffffffff"))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(404))
                .andExpect(jsonPath("$.title").value("Not found"))
                .andExpect(jsonPath("$.detail").value(containsString("ds-ffffffffffff")));
    }

    @Test
    void deleteAnswers204AndUnknownIs404() throws Exception {
        when(datasets.delete(ID)).thenReturn(true);
        when(datasets.delete("ds-ffffffffffff")).thenReturn(false);

        mvc.perform(delete("/api/v1/datasets/" + ID)).andExpect(status().isNoContent());
        mvc.perform(delete("/api/v1/datasets/ds-ffffffffffff"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.status").value(404));
    }
}
