#!/usr/bin/env Rscript
# R's reference on a many-series panel: the accuracy protocol (../shared/benchmark/PROTOCOL.md, functions of
# scripts/protocol.R) applied to every series of a long-format CSV `series,timestamp,value`, each on its own:
# frequency inferred from its timestamps, horizon h and seasonal period m by the protocol, the last h points held
# out; naive, seasonal naive (m > 1), ets() and auto.arima() from R's forecast package with its defaults (ets on a
# training part with missing values filled by na.interp, as in reference-scores.R).
#   Rscript scripts/panel-reference.R PANEL.csv [OUT.csv] [--limit=N]
# writes OUT.csv (default PANEL-reference.csv beside PANEL.csv), one row per series: series, frequency, n, h, m,
# mase_* and smape_* for naive, snaive, ets, arima, best (per series the better of ets and arima by test MASE: an
# oracle, only a bar to compare with), coverage of the 80 / 95 % intervals of ets and arima, seconds_* (elapsed)
# and cpu_* (CPU: user + system) of ets and arima (fit plus forecast) and notes; prints the medians (and means) of
# MASE, sMAPE and coverage, the count of series where each method beats naive, and the total time of ets and of
# auto.arima (CPU and elapsed: on a shared machine the CPU time is the one to compare).
# --limit=N: only the first N series (a quick check). Single-threaded (re-runs itself with one BLAS / OpenMP
# thread, like reference-scores.R). Install R first: scripts/install-r-reference.sh.
script <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
source(file.path(dirname(script), "protocol.R"))
run_single_threaded(script)
suppressMessages(library(forecast))

argv <- commandArgs(trailingOnly = TRUE)
limit_arg <- grep("^--limit=", argv, value = TRUE)
args <- setdiff(argv, limit_arg)
if (length(args) < 1) stop("usage: Rscript scripts/panel-reference.R PANEL.csv [OUT.csv] [--limit=N]")
input <- args[1]
out <- if (length(args) >= 2) args[2] else sub("(\\.csv)?$", "-reference.csv", input)
methods <- c("naive", "snaive", "ets", "arima")

panel <- read_panel(input)
if (length(limit_arg)) panel <- head(panel, as.integer(sub("^--limit=", "", limit_arg)))
cat(sprintf("%s: %d series; frequencies: %s\n", input, length(panel),
            paste(names(table(sapply(panel, `[[`, "freq"))), table(sapply(panel, `[[`, "freq")), sep = " ", collapse = ", ")))

started <- proc.time()[["elapsed"]]
rows <- vector("list", length(panel))
for (i in seq_along(panel)) {
  s <- panel[[i]]
  h <- horizon(s$freq); m <- s$m
  r <- evaluate(s$y, h, m, methods)
  mase <- r$scores[, "mase"]; smape <- r$scores[, "smape"]
  best <- if (all(is.na(mase[c("ets", "arima")]))) NA_character_ else c("ets", "arima")[which.min(c(
    if (is.na(mase[["ets"]])) Inf else mase[["ets"]], if (is.na(mase[["arima"]])) Inf else mase[["arima"]]))]
  cov <- function(k) if (k %in% names(r$coverage)) r$coverage[[k]] else NA_real_
  sec <- function(k) if (k %in% names(r$seconds)) r$seconds[[k]] else NA_real_
  cpu <- function(k) if (k %in% names(r$cpu)) r$cpu[[k]] else NA_real_
  rows[[i]] <- data.frame(series = names(panel)[i], frequency = s$freq, n = r$n, h = h, m = m,
    mase_naive = mase[["naive"]], mase_snaive = mase[["snaive"]], mase_ets = mase[["ets"]], mase_arima = mase[["arima"]],
    mase_best = if (is.na(best)) NA_real_ else mase[[best]],
    smape_naive = smape[["naive"]], smape_snaive = smape[["snaive"]], smape_ets = smape[["ets"]], smape_arima = smape[["arima"]],
    smape_best = if (is.na(best)) NA_real_ else smape[[best]], best = best,
    coverage80_ets = cov("ets_80"), coverage95_ets = cov("ets_95"), coverage80_arima = cov("arima_80"), coverage95_arima = cov("arima_95"),
    seconds_ets = sec("ets"), seconds_arima = sec("arima"), cpu_ets = cpu("ets"), cpu_arima = cpu("arima"), notes = paste(r$notes, collapse = "; "))
  if (i %% 50 == 0 || i == length(panel)) {
    message(sprintf("%d/%d series, %.0f s", i, length(panel), proc.time()[["elapsed"]] - started))
  }
}
res <- do.call(rbind, rows)
write.csv(res, out, row.names = FALSE, na = "")
cat(sprintf("per-series results written to %s\n\n", out))

num <- function(x) ifelse(is.na(x), "-", sprintf("%.3f", x))
cat(sprintf("%-8s %8s %8s %8s %8s %8s %8s %10s\n", "method", "medMASE", "meanMASE", "medsMAPE", "cov80", "cov95", "<naive", "scored"))
for (k in c(methods, "best")) {
  mase <- res[[paste0("mase_", k)]]; smape <- res[[paste0("smape_", k)]]
  c80 <- if (k %in% c("ets", "arima")) mean(res[[paste0("coverage80_", k)]], na.rm = TRUE) else NA
  c95 <- if (k %in% c("ets", "arima")) mean(res[[paste0("coverage95_", k)]], na.rm = TRUE) else NA
  ok <- !is.na(mase) & is.finite(mase)
  cat(sprintf("%-8s %8s %8s %8s %8s %8s %8s %10d\n", k, num(median(mase[ok])), num(mean(mase[ok])),
              num(median(smape, na.rm = TRUE)), num(c80), num(c95),
              if (k == "naive") "-" else sprintf("%d", sum(mase < res$mase_naive, na.rm = TRUE)), sum(ok)))
}
best_median <- min(median(res$mase_ets, na.rm = TRUE), median(res$mase_arima, na.rm = TRUE))
cat(sprintf("\nbar: the better median of ets and arima %.3f; median of the per-series better of the two (oracle) %.3f\n",
            best_median, median(res$mase_best, na.rm = TRUE)))
tot <- function(k) sum(res[[k]], na.rm = TRUE)
cat(sprintf("time, single-threaded (%s, forecast %s), fit + forecast of all %d series:\n", R.version.string,
            packageVersion("forecast"), nrow(res)))
cat(sprintf("  ets        CPU %7.1f s, elapsed %7.1f s (median %.3f s CPU a series)\n", tot("cpu_ets"), tot("seconds_ets"), median(res$cpu_ets, na.rm = TRUE)))
cat(sprintf("  auto.arima CPU %7.1f s, elapsed %7.1f s (median %.3f s CPU a series)\n", tot("cpu_arima"), tot("seconds_arima"), median(res$cpu_arima, na.rm = TRUE)))
cat(sprintf("  whole run elapsed %.1f s; load average at the end %s (elapsed times grow with other work on the machine, CPU times much less)\n",
            proc.time()[["elapsed"]] - started, if (file.exists("/proc/loadavg")) paste(strsplit(readLines("/proc/loadavg"), " ")[[1]][1:3], collapse = " ") else "?"))
failed <- res[nzchar(res$notes), c("series", "notes")]
if (nrow(failed)) { cat(sprintf("\n%d series with notes:\n", nrow(failed))); print(failed, row.names = FALSE) }
