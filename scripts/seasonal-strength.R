#!/usr/bin/env Rscript
# Which series of a held-out set are clearly seasonal, and on how many of those a forecast beats seasonal naive.
#
#   Rscript scripts/seasonal-strength.R <dir> <backtest.csv> [threshold]
#
# <dir> is a held-out set (benchmark/heldout or benchmark/fresh: series/*.csv and reference.csv from
# scripts/reference-scores.R); <backtest.csv> is the backtest's --out file for the same series (it gives each
# series' m, h and Foresight's MASE). For every series with m > 1 the seasonal strength of its training part
# (all but the last h points) is F = max(0, 1 - var(remainder) / var(season + remainder)) from
# stl(s.window = "periodic", robust = TRUE), on the log scale when the series is positive (a multiplicative season),
# after forecast::na.interp (Wang, Smith & Hyndman 2006; Hyndman & Athanasopoulos, FPP3 section 4.3). A series is
# clearly seasonal when F >= threshold (default 0.6). Prints each series' F, then for Foresight and each R method
# on how many clearly seasonal series its MASE is below seasonal naive's.
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2) stop("usage: seasonal-strength.R <dir> <backtest.csv> [threshold]")
dir <- args[1]
threshold <- if (length(args) >= 3) as.numeric(args[3]) else 0.6
bt <- read.csv(args[2], stringsAsFactors = FALSE)
bt <- bt[bt$m > 1 & bt$origin == bt$origins, ]
ref <- read.csv(file.path(dir, "reference.csv"), stringsAsFactors = FALSE)
mase <- function(series, method) {
  v <- ref$mase[ref$series == series & ref$method == method]
  if (length(v) == 0) NA else suppressWarnings(as.numeric(v[1]))
}
rows <- data.frame()
for (i in seq_len(nrow(bt))) {
  d <- read.csv(file.path(dir, "series", paste0(bt$series[i], ".csv")))
  y <- na.interp(ts(d$value[1:(nrow(d) - bt$h[i])], frequency = bt$m[i]))
  if (all(y > 0)) y <- log(y)
  parts <- stl(y, s.window = "periodic", robust = TRUE)$time.series
  strength <- max(0, 1 - var(parts[, "remainder"]) / var(parts[, "seasonal"] + parts[, "remainder"]))
  rows <- rbind(rows, data.frame(series = bt$series[i], m = bt$m[i], strength = round(strength, 3),
                                 foresight = round(bt$mase[i], 3), snaive = round(mase(bt$series[i], "snaive"), 3),
                                 ets = round(mase(bt$series[i], "ets"), 3)))
}
print(rows[order(-rows$strength), ], row.names = FALSE)
clear <- rows[rows$strength >= threshold, ]
cat(sprintf("\n%d of %d seasonal series are clearly seasonal (F >= %.2f); below seasonal naive on them:\n",
            nrow(clear), nrow(rows), threshold))
for (method in c("foresight", "ets", "arima", "theta", "nnetar")) {
  scores <- if (method == "foresight") clear$foresight else sapply(clear$series, mase, method = method)
  below <- scores < clear$snaive
  cat(sprintf("  %-9s %2d of %d%s\n", method, sum(below, na.rm = TRUE), nrow(clear),
              if (any(!below, na.rm = TRUE)) paste0("  (not: ", paste(clear$series[!below], collapse = ", "), ")") else ""))
}
