package io.foresight.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.foresight.ForesightException;
import io.foresight.dataset.DatasetInfo;
import io.foresight.dataset.DatasetService;
import io.foresight.dataset.SeriesPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Uploading, listing and deleting datasets (CSV time series). */
@Tag(name = "Datasets")
@RestController
@RequestMapping("/api/v1/datasets")
class DatasetController {

    private final DatasetService datasets;

    DatasetController(DatasetService datasets) {
        this.datasets = datasets;
    }

    /**
     * Multipart part {@code file} (the CSV) and optional parts or parameters {@code name}, {@code idColumns} and
     * {@code seriesFromColumns}.
     */
    @Operation(operationId = "uploadDataset", summary = "Upload a CSV as a dataset",
            description = "Multipart part `file`: a CSV whose first row is a header, with one timestamp column and one"
                    + " or more numeric columns. The frequency is inferred (`P1M`, `P1D`, `PT30M`, business days ...);"
                    + " gaps in the grid are filled with missing values. `curl -F file=@AirPassengers.csv -F name=air`."
                    + "\n\n**Many series.** A long-format CSV (`store,item,date,sales,price`) with `idColumns=store,item`"
                    + " holds one series per distinct combination of the id columns' values; a series' id is those"
                    + " values joined with `/` in the given order (`7/3`). The dataset has one frequency, the one most of"
                    + " its five longest series follow; each series is regularised on it from its own first timestamp."
                    + " A duplicate timestamp within a series, a series off the grid or with more than 20% of it"
                    + " missing are errors naming the series and row; a series with fewer than 3 rows is left out and"
                    + " listed under `tooShort`. Up to `foresight.limits.max-panel-rows` (4,000,000) rows and"
                    + " `foresight.limits.max-series` (100,000) series. A wide CSV with `seriesFromColumns=true` holds"
                    + " one series per numeric column instead (id: the column name, values in column `value`, each"
                    + " from its first to its last value). The answer's `series` counts the series, `idColumns` names"
                    + " the id columns; `GET /api/v1/datasets/{id}/series` lists them.")
    @Parameter(name = "name", description = "A name for the dataset (letters, digits, `.`, `_`, `-`); default: the"
            + " file name", example = "air")
    @Parameter(name = "idColumns", description = "For a long-format CSV of many series: the id columns,"
            + " comma-separated, in the order their values form a series id", example = "store,item")
    @Parameter(name = "seriesFromColumns", description = "`true` for a wide CSV of many series: each numeric column"
            + " is its own series (not with `idColumns`); default `false`", example = "true")
    @Answers(status = "201", description = "Stored; `Location` is the dataset's URL", example = "dataset",
            problems = {ApiProblem.BAD_CSV, ApiProblem.TOO_LARGE})
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<DatasetInfo> create(@RequestPart(name = "file", required = false) MultipartFile file,
            @RequestParam(name = "name", required = false) String name,
            @RequestParam(name = "idColumns", required = false) String idColumns,
            @RequestParam(name = "seriesFromColumns", required = false) Boolean seriesFromColumns) {
        List<String> ids = idColumns(idColumns);
        if (file == null) {
            throw ForesightException.badInput("The request has no part 'file'; send the CSV as multipart/form-data"
                    + " part 'file' (curl -F file=@data.csv).");
        }
        if (file.isEmpty()) {
            throw ForesightException.badInput("The uploaded file '" + file.getOriginalFilename() + "' is empty; send"
                    + " a CSV with a header line and one line per observation.");
        }
        byte[] csv;
        try {
            csv = file.getBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the uploaded file", e);
        }
        DatasetInfo info = store(datasets, name, file.getOriginalFilename(), csv, ids, seriesFromColumns);
        return ResponseEntity.created(URI.create("/api/v1/datasets/" + info.id())).body(info);
    }

    /**
     * Stores an uploaded CSV: one series, or many with {@code ids} (long format) or {@code seriesFromColumns} (wide);
     * for this upload and for the one-call upload-and-train.
     */
    static DatasetInfo store(DatasetService datasets, String name, String filename, byte[] csv, List<String> ids,
            Boolean seriesFromColumns) {
        boolean wide = Boolean.TRUE.equals(seriesFromColumns);
        return ids.isEmpty() && !wide ? datasets.create(name, filename, csv)
                : datasets.create(name, filename, csv, ids, wide);
    }

    /** {@code store, item} as [store, item]; null: none. */
    static List<String> idColumns(String given) {
        if (given == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String name : given.split(",", -1)) {
            String stripped = name.strip();
            if (stripped.isEmpty()) {
                throw ForesightException.badInput("'idColumns' has an empty name ('" + JsonProblems.shown(given)
                        + "'); list the id columns' header names separated by commas, e.g. idColumns=store,item.");
            }
            names.add(stripped);
        }
        return names;
    }

    @Operation(operationId = "listDatasetSeries", summary = "The series of a many-series dataset",
            description = "Each series with its rows on the dataset's grid (`points`, gaps included), first and last"
                    + " timestamp, inserted `gaps` and `missingValues`, ordered by id, a page at a time. A dataset of"
                    + " one series is answered 400.")
    @Parameter(name = "id", description = "The dataset's id", example = "ds-0d4408fada49")
    @Parameter(name = "query", description = "Only series whose id contains this text", example = "7/")
    @Answers(description = "A page of the dataset's series", example = "datasetSeries",
            problems = {ApiProblem.BAD_REQUEST, ApiProblem.DATASET_NOT_FOUND})
    @GetMapping("/{id}/series")
    SeriesPage series(@PathVariable String id, @RequestParam(name = "query", required = false) String query,
            @RequestParam(name = "page", required = false, defaultValue = "0") int page,
            @RequestParam(name = "size", required = false, defaultValue = "100") int size) {
        return datasets.listSeries(id, query, page, size);
    }

    @Operation(operationId = "listDatasets", summary = "List the datasets")
    @Answers(description = "Every stored dataset", example = "dataset", list = true)
    @GetMapping
    List<DatasetInfo> list() {
        return datasets.list();
    }

    @Operation(operationId = "getDataset", summary = "One dataset's description")
    @Answers(description = "The dataset", example = "dataset", problems = ApiProblem.DATASET_NOT_FOUND)
    @GetMapping("/{id}")
    DatasetInfo get(@PathVariable String id) {
        return datasets.get(id);
    }

    @Operation(operationId = "deleteDataset", summary = "Delete a dataset",
            description = "Removes the dataset and its uploaded CSV.")
    @Answers(status = "204", description = "Deleted", problems = ApiProblem.DATASET_NOT_FOUND)
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        if (!datasets.delete(id)) {
            throw ForesightException.notFound("No dataset with id '" + id + "'; GET /api/v1/datasets lists the"
                    + " datasets there are.");
        }
        return ResponseEntity.noContent().build();
    }
}
