# What scripts/export-heldout.R, scripts/export-fresh.R and scripts/export-panel.R share: timestamps of R ts
# objects, the list of series being exported and how it is written (<dir>/series/<name>.csv as `timestamp,value`
# with missing values as empty cells, and <dir>/sources.csv; or one long-format CSV `series,timestamp,value` with
# write_long). Sourced by them; not run on its own.

# Timestamps of a ts with frequency 12, 4 or 1 (calendar years): first day of the month / quarter / year.
ts_dates <- function(x) {
  f <- frequency(x); s <- start(x)
  if (f == 1) return(sprintf("%04d-01-01", s[1] + seq_along(x) - 1))
  step <- 12 / f                                   # months per observation
  m0 <- s[1] * 12 + (s[2] - 1) * step              # month index of the first observation
  mi <- m0 + (seq_along(x) - 1) * step
  sprintf("%04d-%02d-01", mi %/% 12, mi %% 12 + 1)
}
fmt <- function(v) vapply(v, function(x) if (is.na(x)) "" else format(x, digits = 15, scientific = FALSE), "")

series <- list()
add <- function(name, package, dataset, description, values, timestamps) {
  stopifnot(length(values) == length(timestamps), !anyDuplicated(timestamps))
  series[[name]] <<- list(name = name, package = package, dataset = dataset, description = description,
                          values = as.numeric(values), timestamps = timestamps)
}
add_ts <- function(name, package, dataset, description, x) add(name, package, dataset, description, x, ts_dates(x))

# Writes every added series and sources.csv into `dir`.
write_series <- function(dir) {
  dir.create(file.path(dir, "series"), showWarnings = FALSE, recursive = TRUE)
  for (s in series) {
    writeLines(c("timestamp,value", paste0(s$timestamps, ",", fmt(s$values))), file.path(dir, "series", paste0(s$name, ".csv")))
  }
  src <- data.frame(name = names(series), package = sapply(series, `[[`, "package"),
                    dataset = sapply(series, `[[`, "dataset"), description = sapply(series, `[[`, "description"))
  write.csv(src, file.path(dir, "sources.csv"), row.names = FALSE)
  cat(sprintf("exported %d series to %s\n", length(series), dir))
}

# Writes the series of `lst` (default: every added series) as one long-format CSV `series,timestamp,value`
# (one row per observation, missing values as empty cells, series in the order of `lst`) and returns the
# number of series written. Series names must not need quoting (no comma, quote or line break).
write_long <- function(path, lst = series) {
  stopifnot(!any(grepl("[,\"\n]", names(lst))))
  dir.create(dirname(path), showWarnings = FALSE, recursive = TRUE)
  rows <- unlist(lapply(lst, function(s) paste0(s$name, ",", s$timestamps, ",", fmt(s$values))), use.names = FALSE)
  writeLines(c("series,timestamp,value", rows), path)
  cat(sprintf("wrote %d series (%d rows) to %s\n", length(lst), length(rows), path))
  invisible(length(lst))
}
