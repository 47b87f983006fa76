package io.foresight.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
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

    /** Multipart part {@code file} (the CSV) and optional part or parameter {@code name}. */
    @Operation(operationId = "uploadDataset", summary = "Upload a CSV as a dataset",
            description = "Multipart part `file`: a CSV whose first row is a header, with one timestamp column and one"
                    + " or more numeric columns. The frequency is inferred (`P1M`, `P1D`, `PT30M`, business days ...);"
                    + " gaps in the grid are filled with missing values. `curl -F file=@AirPassengers.csv -F name=air`.")
    @Parameter(name = "name", description = "A name for the dataset (letters, digits, `.`, `_`, `-`); default: the"
            + " file name", example = "air")
    @Answers(status = "201", description = "Stored; `Location` is the dataset's URL", example = "dataset",
            problems = {ApiProblem.BAD_CSV, ApiProblem.TOO_LARGE})
    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<DatasetInfo> create(@RequestPart(name = "file", required = false) MultipartFile file,
            @RequestParam(name = "name", required = false) String name) {
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
        DatasetInfo info = datasets.create(name, file.getOriginalFilename(), csv);
        return ResponseEntity.created(URI.create("/api/v1/datasets/" + info.id())).body(info);
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
