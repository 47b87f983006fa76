# The accuracy protocol in R (/work/shared/benchmark/PROTOCOL.md, mirrored by io.foresight.backtest.ProtocolRules):
# frequency, horizon and period rules, the MASE scale, scores, coverage, naive / seasonal-naive forecasts, R's
# reference methods on one series (evaluate) and reading a series CSV. Sourced by reference-scores.R and
# reference-rolling.R; the methods and their settings are described in reference-scores.R's header.

# Re-runs `script` with one BLAS / OpenMP thread when OPENBLAS_NUM_THREADS or OMP_NUM_THREADS is unset (the
# fits are then reproducible and comparable with the single-threaded backtest); returns when they are set.
run_single_threaded <- function(script) {
  if (Sys.getenv("OPENBLAS_NUM_THREADS") == "" || Sys.getenv("OMP_NUM_THREADS") == "") {
    status <- system2(file.path(R.home("bin"), "Rscript"), c(shQuote(script), shQuote(commandArgs(TRUE))),
                      env = c("OPENBLAS_NUM_THREADS=1", "OMP_NUM_THREADS=1", "MKL_NUM_THREADS=1"))
    quit(save = "no", status = status)
  }
}

all_methods <- c("naive", "snaive", "ets", "arima", "theta", "nnetar")

infer_frequency <- function(stamps) {
  if (all(nchar(stamps) == 10)) {
    d <- as.Date(stamps)
    lt <- as.POSIXlt(d)
    if (all(lt$mday == 1)) {
      mi <- (lt$year + 1900) * 12 + lt$mon
      steps <- unique(diff(mi))
      if (length(steps) == 1 && steps %in% c(1, 3, 12)) return(c("1" = "monthly", "3" = "quarterly", "12" = "yearly")[[as.character(steps)]])
    }
    dd <- as.numeric(diff(d))
    if (all(dd == 1)) return("daily")
    if (all(dd == 7)) return("weekly")
    if (all(lt$wday %in% 1:5) && any(dd == 3 & lt$wday[-1] == 1)) return("business-day")
    stop("irregular dates")
  }
  t <- as.POSIXct(sub("T", " ", stamps), tz = "UTC")
  secs <- unique(as.numeric(diff(t), units = "secs"))
  if (length(secs) != 1) stop("irregular timestamps")
  if (secs == 1800) return("half-hourly")
  if (secs == 3600) return("hourly")
  if (secs %% 60 == 0) sprintf("other (%g min)", secs / 60) else sprintf("other (%g s)", secs)
}
horizon <- function(freq) switch(sub(" .*", "", freq), monthly = 18, quarterly = 8, yearly = 6, weekly = 13,
                                 "business-day" = 14, daily = 14, hourly = 48, "half-hourly" = 48, 10)
# The protocol's m. `y` (the whole series' values) decides two cases: weekly series are seasonal (52) only when they
# span three years (156 weeks or more), business-day series (5) only when they show a weekly pattern in the training
# part of the protocol's origin (weekly_pattern).
period <- function(freq, y) switch(sub(" .*", "", freq), monthly = 12, quarterly = 4, "half-hourly" = 336,
                                   hourly = 24, daily = 7,
                                   weekly = if (length(y) >= 156) 52 else 1,
                                   "business-day" = if (weekly_pattern(head(as.numeric(y), -horizon(freq)))) 5 else 1,
                                   1)
# Whether the changes of `y` have a significant positive autocorrelation at lag 5 (a weekly pattern in business days), by
# thetaf's 90 % test (Bartlett limits), on the differences so that a trend or random walk does not pass for one.
weekly_pattern <- function(y) {
  d <- diff(y)
  d <- d[!is.na(d)]
  if (length(d) < 20) return(FALSE)
  r <- acf(d, lag.max = 5, plot = FALSE)$acf[-1]
  limit <- qnorm(0.95) / sqrt(length(d)) * sqrt(cumsum(c(1, 2 * r^2)))
  r[5] > limit[5]
}

mase_scale <- function(train, m) {
  d <- abs(diff(as.numeric(train), lag = m))
  s <- mean(d, na.rm = TRUE)
  if (!is.finite(s) || s == 0) NA_real_ else s
}
score <- function(actual, f, scale) {
  ok <- !is.na(actual)
  a <- actual[ok]; f <- as.numeric(f)[ok]
  e <- abs(a - f); den <- abs(a) + abs(f)
  c(mase = mean(e) / scale, smape = mean(ifelse(den == 0, 0, 200 * e / den)))
}
coverage <- function(actual, lower, upper) {
  ok <- !is.na(actual)
  mean(actual[ok] >= as.numeric(lower)[ok] & actual[ok] <= as.numeric(upper)[ok])
}
protocol_naive <- function(train, h) rep(tail(as.numeric(na.omit(as.numeric(train))), 1), h)
protocol_snaive <- function(train, h, m) {
  y <- as.numeric(train); n <- length(y)
  if (m <= 1 || n < m) return(protocol_naive(train, h))
  sapply(seq_len(h), function(k) {
    t <- n + k - m * ceiling(k / m)
    while (t >= 1 && is.na(y[t])) t <- t - m
    if (t >= 1) y[t] else protocol_naive(train, 1)
  })
}

# Scores `methods` on one series (a ts of frequency m), with horizon h. naive, snaive (when m > 1), ets and
# arima are always fitted, theta and nnetar only when in `methods`. Returns n, h, m, scores (method x mase/smape),
# coverage (ets_80, ets_95, arima_80, arima_95), seconds and cpu (elapsed and CPU seconds per method, fit and
# forecast) and notes.
evaluate <- function(y, h, m, methods = all_methods) {
  n <- length(y)
  train <- subset(y, end = n - h)
  actual <- as.numeric(y)[(n - h + 1):n]
  scale <- mase_scale(train, m)
  filled <- if (anyNA(train)) na.interp(train) else train
  notes <- character()
  if (anyNA(train)) notes <- c(notes, sprintf("%d missing in training (ets/theta fitted on na.interp)", sum(is.na(train))))
  if (anyNA(actual)) notes <- c(notes, sprintf("%d missing in test (not scored)", sum(is.na(actual))))
  fc <- list(); cov <- list(); seconds <- c(); cpu <- c()
  run <- function(name, expr) {
    t0 <- proc.time()
    r <- tryCatch(expr, error = function(e) { notes <<- c(notes, sprintf("%s failed: %s", name, conditionMessage(e))); NULL })
    if (!is.null(r)) fc[[name]] <<- r
    t <- proc.time() - t0
    seconds[[name]] <<- t[["elapsed"]]
    cpu[[name]] <<- t[["user.self"]] + t[["sys.self"]]
  }
  run("naive", protocol_naive(train, h))
  if (m > 1) run("snaive", protocol_snaive(train, h, m))
  interval_cov <- function(name, f) {
    for (lv in c(80, 95)) {
      i <- which(f$level == lv)
      cov[[sprintf("%s_%d", name, lv)]] <<- coverage(actual, f$lower[, i], f$upper[, i])
    }
    f$mean
  }
  run("ets", interval_cov("ets", forecast(ets(filled), h = h, level = c(80, 95))))
  run("arima", interval_cov("arima", forecast(auto.arima(train), h = h, level = c(80, 95))))
  if ("theta" %in% methods) run("theta", thetaf(filled, h = h)$mean)
  if ("nnetar" %in% methods) run("nnetar", suppressWarnings(tryCatch({ set.seed(42); forecast(nnetar(train), h = h)$mean }, error = function(e) {
    # nnetar cannot forecast when the last lags it needs are missing: then it is fitted on na.interp too.
    if (!anyNA(train)) stop(e)
    notes <<- c(notes, sprintf("nnetar fitted on na.interp (%s)", conditionMessage(e)))
    set.seed(42); forecast(nnetar(filled), h = h)$mean
  })))  # (nnetar's "Missing values in x, omitting rows" warning is expected with gaps)
  scores <- t(sapply(methods, function(k) if (is.null(fc[[k]])) c(mase = NA, smape = NA) else score(actual, fc[[k]], scale)))
  list(n = n, h = h, m = m, scores = scores, coverage = unlist(cov), seconds = seconds, cpu = cpu, notes = notes)
}

# One series from its timestamps and values: the ts (frequency m by the protocol), its frequency, m and span.
as_series <- function(timestamp, value) {
  freq <- infer_frequency(timestamp)
  m <- period(freq, value)
  start <- if (m %in% c(4, 12)) {
    lt <- as.POSIXlt(as.Date(timestamp[1])); c(lt$year + 1900, lt$mon %/% (12 / m) + 1)
  } else 1
  list(y = ts(value, start = start, frequency = m), freq = freq, m = m, first = timestamp[1], last = tail(timestamp, 1))
}
read_series <- function(path) {
  d <- read.csv(path, colClasses = c("character", "numeric"), na.strings = "")
  stopifnot(identical(names(d), c("timestamp", "value")))
  as_series(d$timestamp, d$value)
}
# The series of a long-format CSV `series,timestamp,value` (rows of a series in time order; series in file order).
read_panel <- function(path) {
  d <- read.csv(path, colClasses = c("character", "character", "numeric"), na.strings = "")
  stopifnot(identical(names(d), c("series", "timestamp", "value")))
  ids <- unique(d$series)
  parts <- split(seq_len(nrow(d)), factor(d$series, levels = ids))
  lapply(parts, function(i) as_series(d$timestamp[i], d$value[i]))
}

