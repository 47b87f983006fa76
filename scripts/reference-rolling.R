#!/usr/bin/env Rscript
# R's reference methods at rolling origins, the way `backtest --origins=N` splits a series: at origin k of N
# the training part is the series up to size - (N - k + 1) * h and the test part the next h points (k = N is
# the protocol's single origin). Scores as scripts/reference-scores.R (scripts/protocol.R), without nnetar
# (slow, and not needed for the comparisons this is for). An origin whose training part is shorter than
# max(2 m, 8) points is left out.
#
#   Rscript scripts/reference-rolling.R <origins> <file.csv>...  > rolling.csv
# prints CSV: series,origin,n,h,m,method,mase (mase NA when a method failed).
# Runs single-threaded (re-runs itself with OPENBLAS_NUM_THREADS=1 / OMP_NUM_THREADS=1 if they are unset).

script <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
source(file.path(dirname(script), "protocol.R"))
run_single_threaded(script)

suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
origins <- suppressWarnings(as.integer(args[1]))
if (length(args) < 2 || is.na(origins) || origins < 1) {
  stop("usage: Rscript scripts/reference-rolling.R <origins> <file.csv>...")
}
methods <- setdiff(all_methods, "nnetar")

cat("series,origin,n,h,m,method,mase\n")
for (path in args[-1]) {
  s <- read_series(path)
  h <- horizon(s$freq); m <- s$m
  name <- sub("\\.csv$", "", basename(path))
  for (k in seq_len(origins)) {
    size <- length(s$y) - (origins - k) * h
    if (size - h < max(2 * m, 8)) next
    r <- evaluate(subset(s$y, end = size), h, m, methods)
    for (method in methods) {
      cat(sprintf("%s,%d,%d,%d,%d,%s,%s\n", name, k, size - h, h, m, method, format(r$scores[method, "mase"], digits = 6)))
    }
  }
}
