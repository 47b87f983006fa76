#!/usr/bin/env Rscript
# Writes src/test/resources/arima/reference.json: what R's forecast 8.20 auto.arima (and Arima, for given orders)
# chooses, estimates and forecasts for a few series of R's base `datasets` package (and one of package AER). ArimaReferenceTest compares
# the Java implementation (io.foresight.model.Arima, AutoArima) with it; the tests do not need R.
# Run from the repository root: Rscript scripts/arima-reference.R
suppressMessages(library(forecast))
stopifnot(packageVersion("forecast") == "8.20")

fitted_case <- function(name, y, fit, h, xreg = NULL, newxreg = NULL, kind = "auto") {
  fc <- if (is.null(newxreg)) forecast(fit, h = h) else forecast(fit, h = h, xreg = newxreg)
  a <- fit$arma # p q P Q m d D
  constant <- any(names(coef(fit)) %in% c("intercept", "drift"))
  list(
    name = name, kind = kind, y = as.numeric(y), frequency = frequency(y),
    xreg = if (is.null(xreg)) NULL else lapply(seq_len(ncol(xreg)), function(j) as.numeric(xreg[, j])),
    futureXreg = if (is.null(newxreg)) NULL else lapply(seq_len(ncol(newxreg)), function(j) as.numeric(newxreg[, j])),
    order = list(p = a[1], d = a[6], q = a[2], P = a[3], D = a[7], Q = a[4], period = a[5], constant = constant),
    coefNames = names(coef(fit)), coef = as.numeric(coef(fit)),
    loglik = fit$loglik, aicc = if (is.null(fit$aicc)) NA else fit$aicc, sigma2 = fit$sigma2,
    ndiffs = ndiffs(y), nsdiffs = if (frequency(y) > 1 && length(y) > 2 * frequency(y)) nsdiffs(y) else 0,
    seasonalStrength = if (frequency(y) > 1 && length(y) > 2 * frequency(y)) forecast:::seas.heuristic(y) else NA,
    h = h, forecast = as.numeric(fc$mean))
}

auto_case <- function(name, y, h = if (frequency(y) > 1) 2 * frequency(y) else 10) {
  fitted_case(name, y, auto.arima(y), h)
}

cases <- list(
  auto_case("AirPassengers", AirPassengers),
  auto_case("WWWusage", WWWusage),
  auto_case("lynx", lynx),
  auto_case("UKgas", UKgas),
  auto_case("Nile", Nile),
  auto_case("airmiles", airmiles),
  auto_case("log-airmiles", log(airmiles)),
  auto_case("ldeaths", ldeaths),
  auto_case("co2", co2),
  auto_case("USAccDeaths", USAccDeaths)
)
# over 150 points, so auto.arima compares approximate (CSS) fits; one of them, ARIMA(2,1,2)(0,0,1)[12] with drift,
# has an undefined coefficient variance and is discarded, which steers the stepwise search to R's choice. The series
# is AER's (not base R's): the first 444 of the last 480 months of US industrial production, as benchmark/fresh has
# it (USMacroSWM_production, origin 2 of 3)
data("USMacroSWM", package = "AER")
production <- USMacroSWM[, "production"]
production <- window(production, start = time(production)[length(production) - 479])
cases[[length(cases) + 1]] <- auto_case("USMacroSWM-production-444", window(production, end = time(production)[444]))
# given orders: coefficients, likelihood and forecasts of Arima() alone
cases[[length(cases) + 1]] <- fitted_case("AirPassengers-airline",
  AirPassengers, Arima(AirPassengers, order = c(0, 1, 1), seasonal = c(0, 1, 1)), 24, kind = "fixed")
cases[[length(cases) + 1]] <- fitted_case("lynx-ar2",
  lynx, Arima(lynx, order = c(2, 0, 0)), 10, kind = "fixed")
cases[[length(cases) + 1]] <- fitted_case("WWWusage-arma-drift",
  WWWusage, Arima(WWWusage, order = c(1, 1, 1), include.drift = TRUE), 10, kind = "fixed")
# regression with ARIMA errors: Fourier terms as xreg, non-seasonal search
K <- 2
cases[[length(cases) + 1]] <- fitted_case("nottem-fourier2", nottem,
  auto.arima(nottem, xreg = fourier(nottem, K = K), seasonal = FALSE), 24,
  xreg = fourier(nottem, K = K), newxreg = fourier(nottem, K = K, h = 24))

out <- "src/test/resources/arima/reference.json"
writeLines(jsonlite::toJSON(cases, auto_unbox = TRUE, digits = NA, null = "null", na = "null", pretty = FALSE), out)
cat("wrote", out, "\n")
