#!/usr/bin/env Rscript
# Issue 19's target figures for one set: Foresight's backtest results against R's reference scores.
#   Rscript scripts/judge.R RESULTS.csv SETDIR [--series]
# RESULTS.csv: what `java -jar target/foresight.jar backtest --out=RESULTS.csv SETDIR/series/*.csv` wrote (the
# protocol: one origin, default horizon, AUTO). SETDIR: a set with series/*.csv, reference.csv and coverage.csv as
# scripts/reference-scores.R writes them (benchmark/judging, benchmark/fresh, benchmark/heldout).
# Checks first, and stops with a message when they fail: every series of the set has exactly one result row, made
# with one origin; the result's horizon h, seasonal period m and number of training points are the protocol's for
# the series file (protocol.R: horizon(), period()); the naive MASE of the results equals reference.csv's (the same
# split and the same MASE scale on both sides); and, when SETDIR has a SHA256SUMS, the series files are unchanged.
# Then prints, over the series (a failed series, one whose result row has an error or no MASE, is left out of the
# medians and ratios, counted as not beating the classical methods and as worse than naive, and listed):
#   * median MASE of Foresight, ets, auto.arima, thetaf, nnetar and naive;
#   * geometric mean over the series of Foresight's MASE / ets's and / auto.arima's;
#   * share of series where Foresight's MASE is below each of ets, auto.arima, thetaf and nnetar ("beats every
#     classical method"), and share where it is above naive's ("worse than naive");
#   * mean 80 % / 95 % interval coverage (Foresight; ets and auto.arima from coverage.csv for comparison);
#   * the issue's targets, each met or not; and median MASE per frequency.
# --series also prints one line per series. Needs only base R (no forecast).

script <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])
source(file.path(dirname(script), "protocol.R"))
args <- commandArgs(trailingOnly = TRUE)
per_series <- "--series" %in% args
args <- setdiff(args, "--series")
if (length(args) != 2) {
  cat("usage: Rscript scripts/judge.R RESULTS.csv SETDIR [--series]\n", file = stderr())
  quit(save = "no", status = 2)
}
results_path <- args[1]; dir <- args[2]
fail <- function(...) { cat("judge: ", ..., "\n", sep = "", file = stderr()); quit(save = "no", status = 1) }
for (p in c(results_path, file.path(dir, "reference.csv"), file.path(dir, "coverage.csv"), file.path(dir, "series")))
  if (!file.exists(p)) fail(p, " not found")

# ---- the set: unchanged files, the protocol's h, m and training size per series -----------------------------
sums <- file.path(dir, "SHA256SUMS")
if (file.exists(sums)) {
  old <- setwd(dir)
  out <- suppressWarnings(system2("sha256sum", c("--check", "--quiet", "SHA256SUMS"), stdout = TRUE, stderr = TRUE))
  status <- attr(out, "status")
  setwd(old)
  if (!is.null(status) && status != 0) fail("series files differ from ", sums, ":\n", paste(out, collapse = "\n"))
}
files <- sort(list.files(file.path(dir, "series"), pattern = "\\.csv$", full.names = TRUE))
protocol <- do.call(rbind, lapply(files, function(f) {
  s <- read_series(f)
  h <- horizon(s$freq)
  data.frame(series = sub("\\.csv$", "", basename(f)), freq = sub(" .*", "", s$freq), h = h, m = s$m, n = length(s$y) - h)
}))

# ---- the results --------------------------------------------------------------------------------------------
res <- read.csv(results_path, colClasses = "character", na.strings = character())
need <- c("series", "origins", "n", "h", "m", "mase", "cov80", "cov95", "naive_mase", "error")
if (!all(need %in% names(res))) fail(results_path, " is not a backtest --out file: it lacks ", paste(setdiff(need, names(res)), collapse = ", "))
if (any(res$origins != "1")) fail(results_path, " was made with --origins=", res$origins[res$origins != "1"][1], "; the protocol (and this judge) uses one origin")
extra <- setdiff(res$series, protocol$series)
if (length(extra)) fail(results_path, " has series that are not in ", dir, "/series: ", paste(extra, collapse = ", "))
missing <- setdiff(protocol$series, res$series)
if (length(missing)) fail(results_path, " has no row for ", length(missing), " series of the set: ", paste(missing, collapse = ", "))
if (anyDuplicated(res$series)) fail(results_path, " has several rows for ", res$series[duplicated(res$series)][1])
res <- res[match(protocol$series, res$series), ]
num <- function(x) suppressWarnings(as.numeric(x))
for (k in c("n", "h", "m")) {
  bad <- which(num(res[[k]]) != protocol[[k]])
  if (length(bad)) fail(sprintf("%s: %s is %s in the results but %s by the protocol (was the backtest run with --horizon, or with an older ProtocolRules?)",
                                protocol$series[bad[1]], k, res[[k]][bad[1]], protocol[[k]][bad[1]]))
}

# ---- R's reference --------------------------------------------------------------------------------------------
ref <- read.csv(file.path(dir, "reference.csv"))
ref <- ref[ref$series != "MEDIAN", ]
classical <- c("ets", "arima", "theta", "nnetar")
r_mase <- sapply(c("naive", classical), function(meth) ref$mase[match(paste(protocol$series, meth), paste(ref$series, ref$method))])
rownames(r_mase) <- protocol$series
if (anyNA(r_mase[, "naive"])) fail("reference.csv has no naive MASE for ", paste(protocol$series[is.na(r_mase[, "naive"])], collapse = ", "))
naive_results <- num(res$naive_mase)
off <- which(is.na(naive_results) | abs(naive_results - r_mase[, "naive"]) > 1e-5 * pmax(1, abs(r_mase[, "naive"])))
if (length(off)) fail(sprintf("%s: naive MASE %s in the results but %.6f in reference.csv: not the same split or MASE scale (is reference.csv older than the protocol code? rerun scripts/reference-scores.R)",
                              protocol$series[off[1]], res$naive_mase[off[1]], r_mase[off[1], "naive"]))
cov_ref <- read.csv(file.path(dir, "coverage.csv"))

# ---- the figures -----------------------------------------------------------------------------------------------
fs <- num(res$mase)
failed <- nzchar(res$error) | is.na(fs)
ok <- !failed
n_all <- nrow(protocol); n_ok <- sum(ok)
med <- function(x) median(x[ok], na.rm = TRUE)
medians <- c(Foresight = med(fs), sapply(c(classical, "naive"), function(k) med(r_mase[, k])))
gmean_ratio <- function(k) {
  r <- fs[ok] / r_mase[ok, k]
  r <- r[is.finite(r) & r > 0]
  c(value = exp(mean(log(r))), n = length(r))
}
g_ets <- gmean_ratio("ets"); g_arima <- gmean_ratio("arima")
best_classical <- apply(r_mase[, classical], 1, min, na.rm = TRUE)
beats_all <- ok & fs < best_classical
# against the results' own naive MASE (unrounded, the same scale): a forecast equal to naive's is not worse
worse_naive <- failed | (ok & fs > naive_results * (1 + 1e-9))
cov80 <- mean(num(res$cov80)[ok], na.rm = TRUE); cov95 <- mean(num(res$cov95)[ok], na.rm = TRUE)
ref_cov <- function(meth, level) {
  v <- cov_ref$coverage[cov_ref$method == meth & cov_ref$level == level & cov_ref$series %in% protocol$series[ok]]
  mean(v, na.rm = TRUE)
}

f3 <- function(x) ifelse(is.na(x), "-", sprintf("%.3f", x))
cat(sprintf("Judging %s: %d series, %d with a result, %d failed\n", dir, n_all, n_ok, sum(failed)))
if (any(failed)) cat(sprintf("  failed (left out of medians and ratios; counted as worse than naive): %s\n",
                            paste(protocol$series[failed], collapse = ", ")))
cat("\nmedian MASE\n")
cat(sprintf("  %-10s %s\n", c("Foresight", "ets", "auto.arima", "thetaf", "nnetar", "naive"), f3(medians)), sep = "")
cat(sprintf("\ngeometric mean of Foresight's MASE ratio: vs ets %s (%d series), vs auto.arima %s (%d series)\n",
            f3(g_ets[["value"]]), g_ets[["n"]], f3(g_arima[["value"]]), g_arima[["n"]]))
cat(sprintf("beats every classical method (ets, auto.arima, thetaf, nnetar): %d of %d series (%.1f %%)\n",
            sum(beats_all), n_all, 100 * mean(beats_all)))
cat(sprintf("worse than naive: %d of %d series (%.1f %%)\n", sum(worse_naive), n_all, 100 * mean(worse_naive)))
cat(sprintf("mean interval coverage: 80 %% %s, 95 %% %s (R ets %s / %s, auto.arima %s / %s)\n", f3(cov80), f3(cov95),
            f3(ref_cov("ets", 80)), f3(ref_cov("ets", 95)), f3(ref_cov("arima", 80)), f3(ref_cov("arima", 95))))

bar <- 0.95 * min(medians[["ets"]], medians[["arima"]])
targets <- data.frame(
  target = c(sprintf("median MASE at least 5 %% below auto.arima's and ets's (<= %.3f)", bar),
             "geometric mean of the MASE ratio vs ets below 0.95",
             "geometric mean of the MASE ratio vs auto.arima below 0.95",
             "beats every classical method on at least a quarter of the series",
             "worse than naive on at most one series in ten",
             "80 % intervals cover 0.78-0.84", "95 % intervals cover 0.93-0.96"),
  value = c(f3(medians[["Foresight"]]), f3(g_ets[["value"]]), f3(g_arima[["value"]]),
            sprintf("%d/%d", sum(beats_all), n_all), sprintf("%d/%d", sum(worse_naive), n_all), f3(cov80), f3(cov95)),
  met = c(medians[["Foresight"]] <= bar, g_ets[["value"]] < 0.95, g_arima[["value"]] < 0.95,
          sum(beats_all) >= n_all / 4, sum(worse_naive) <= n_all / 10,
          cov80 >= 0.78 && cov80 <= 0.84, cov95 >= 0.93 && cov95 <= 0.96))
cat("\nissue 19's targets\n")
cat(sprintf("  %-4s %-68s %s\n", ifelse(targets$met %in% TRUE, "MET", "NOT"), targets$target, targets$value), sep = "")
cat(sprintf("  %d of %d met\n", sum(targets$met %in% TRUE), nrow(targets)))

cat("\nmedian MASE per frequency (series with a result)\n")
cat(sprintf("  %-13s %3s %9s %7s %7s %7s %7s %7s\n", "frequency", "n", "Foresight", "ets", "arima", "theta", "nnetar", "naive"))
freq_order <- c("monthly", "quarterly", "yearly", "weekly", "business-day", "daily", "hourly", "half-hourly", "other")
for (fq in c(intersect(freq_order, protocol$freq), setdiff(unique(protocol$freq), freq_order))) {
  i <- ok & protocol$freq == fq
  if (!any(i)) next
  cat(sprintf("  %-13s %3d %9s %7s %7s %7s %7s %7s\n", fq, sum(i), f3(median(fs[i])), f3(median(r_mase[i, "ets"])),
              f3(median(r_mase[i, "arima"])), f3(median(r_mase[i, "theta"], na.rm = TRUE)),
              f3(median(r_mase[i, "nnetar"], na.rm = TRUE)), f3(median(r_mase[i, "naive"]))))
}
if (per_series) {
  cat("\nper series: MASE (h, m); * = below every classical method, ! = above naive\n")
  cat(sprintf("  %-24s %-13s %3s %3s %9s %7s %7s %7s %7s %7s  %s\n", "series", "frequency", "h", "m", "Foresight", "ets",
              "arima", "theta", "nnetar", "naive", "method"))
  for (i in seq_len(n_all)) {
    cat(sprintf("  %-24s %-13s %3d %3d %9s %7s %7s %7s %7s %7s  %s%s%s\n", protocol$series[i], protocol$freq[i], protocol$h[i],
                protocol$m[i], f3(fs[i]), f3(r_mase[i, "ets"]), f3(r_mase[i, "arima"]), f3(r_mase[i, "theta"]),
                f3(r_mase[i, "nnetar"]), f3(r_mase[i, "naive"]), res$method[i], if (beats_all[i]) " *" else "",
                if (worse_naive[i]) " !" else ""))
  }
}
