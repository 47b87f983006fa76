#!/usr/bin/env Rscript
# Exports the frozen judging set of issue 19 (benchmark/judging/ABOUT.md) to <dir>/series/<name>.csv
# (`timestamp,value`, ISO dates / date-times, missing values as empty cells), <dir>/sources.csv (name, package,
# version, dataset, licence, description) and <dir>/SHA256SUMS (over the series files, as `sha256sum` writes it).
#   Rscript scripts/export-judging.R benchmark/judging [root]
# The data come from six Debian packages of the versions below, fetched with `apt-get download` and unpacked with
# `dpkg-deb -x` into a temporary folder (needs apt-get and dpkg-deb; no root needed for the download itself when
# the folder is writable), or read from `root` when given: a folder into which those packages were unpacked
# (root/usr/share/gretl/data/..., root/usr/lib/R/site-library/...).
# Sources used by no earlier set of the project and not reserved for judging by PROTOCOL.md: gretl-data's textbook
# files (Ramanathan and gretl's "misc" collection; not its FRED database), and the R packages strucchange, uroot,
# Epi, carData and dslabs. Nothing from R's datasets, AER, boot, tseries, lmtest, MASS, npm, statsmodels,
# surveillance, ggplot2, waveslim, urca, evd, robustbase, mlbench or timeSeries.
# Long series are cut to a recent window (monthly: last 480 months; weekly: last 500 weeks; business-day: last 500
# weekdays; hourly counts: the last 6 weeks), as the earlier sets were.
suppressMessages(library(zoo))
script_dir <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))
source(file.path(script_dir, "export-common.R"))
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) >= 1) args[1] else "benchmark/judging"
root <- if (length(args) >= 2) args[2] else NA

debs <- c("gretl-data" = "2022c-1", "r-cran-strucchange" = "1.5-3-1", "r-cran-uroot" = "2.1-2-1",
          "r-cran-epi" = "2.47-1", "r-cran-cardata" = "3.0.5-1", "r-cran-dslabs" = "0.7.4-1")
if (is.na(root)) {
  tmp <- tempfile("judging"); dir.create(tmp)
  root <- file.path(tmp, "root")
  old <- setwd(tmp)                                   # apt-get download writes into the current folder
  for (p in names(debs)) {
    if (system2("apt-get", c("download", "-q", paste0(p, "=", debs[[p]])), stdout = FALSE) != 0)
      stop("apt-get download ", p, "=", debs[[p]], " failed (run apt-get update first?)")
  }
  setwd(old)
  for (deb in list.files(tmp, pattern = "\\.deb$", full.names = TRUE)) {
    if (system2("dpkg-deb", c("-x", shQuote(deb), shQuote(root))) != 0) stop("dpkg-deb -x ", deb, " failed")
  }
}
gretl <- file.path(root, "usr/share/gretl/data")
rlib <- file.path(root, "usr/lib/R/site-library")
stopifnot(dir.exists(gretl), dir.exists(rlib))
rdata <- function(name, package, file = name) {
  e <- new.env(); data(list = file, package = package, lib.loc = rlib, envir = e); get(name, e)
}

# Reads a gretl .gdt data file (XML, plain or gzipped): frequency, startobs and the variables as a data.frame.
read_gdt <- function(file) {
  con <- gzfile(file.path(gretl, file), "rb"); on.exit(close(con))
  txt <- paste(readLines(con, warn = FALSE, encoding = "UTF-8"), collapse = "\n")
  head_tag <- regmatches(txt, regexpr("<gretldata[^>]*>", txt))
  attr1 <- function(name) sub(sprintf('.* %s="([^"]*)".*', name), "\\1", head_tag)
  vars <- sub('<variable name="([^"]*)"', "\\1", regmatches(txt, gregexpr('<variable name="[^"]*"', txt))[[1]])
  obs <- regmatches(txt, gregexpr("<obs[^>]*>[^<]*</obs>", txt))[[1]]
  labels <- ifelse(grepl('label="', obs), sub('.*label="([^"]*)".*', "\\1", obs), NA)
  cells <- strsplit(trimws(sub("<obs[^>]*>([^<]*)</obs>", "\\1", obs)), "[[:space:]]+")
  stopifnot(all(lengths(cells) == length(vars)))
  d <- as.data.frame(matrix(suppressWarnings(as.numeric(unlist(cells))), ncol = length(vars), byrow = TRUE))
  names(d) <- vars
  list(frequency = as.numeric(attr1("frequency")), startobs = attr1("startobs"), labels = labels, data = d)
}
# A column of a yearly / quarterly / monthly .gdt file as a ts (startobs "1973:01", "1980.01", "1972.2", "1873").
gdt_ts <- function(file, column) {
  g <- read_gdt(file)
  stopifnot(g$frequency %in% c(1, 4, 12))
  s <- as.numeric(strsplit(g$startobs, "[:.]")[[1]])
  ts(g$data[[column]], start = if (g$frequency == 1) s[1] else s, frequency = g$frequency)
}
last_n <- function(x, k) if (length(x) <= k) x else ts(tail(as.numeric(x), k), end = end(x), frequency = frequency(x))
trim_na <- function(x) {
  ok <- which(!is.na(x))
  window(x, start = time(x)[min(ok)], end = time(x)[max(ok)])
}
licence_gretl <- "GPL-3 (the gretl-data package); historical observations redistributed as textbook data"
licence_r <- function(p) switch(p, strucchange = "GPL-2 | GPL-3", uroot = "GPL-2", Epi = "GPL-2",
                                carData = "GPL (>= 2)", dslabs = "Artistic-2.0")

# name, package, version, dataset, licence, description, and values with timestamps
added <- list()
put <- function(name, package, version, dataset, licence, description, values, timestamps) {
  add(name, package, dataset, description, values, timestamps)
  added[[name]] <<- c(version = version, licence = licence)
}
put_ts <- function(name, package, version, dataset, licence, description, x) {
  put(name, package, version, dataset, licence, description, x, ts_dates(x))
}
put_gretl <- function(name, file, column, description, cut = NULL) {
  x <- trim_na(gdt_ts(file, column))                 # without leading / trailing missing values
  if (!is.null(cut)) x <- last_n(x, cut)
  put_ts(name, "gretl-data", debs[["gretl-data"]], sprintf("%s, %s%s", file, column, if (is.null(cut)) "" else sprintf(" (last %d)", cut)),
         licence_gretl, description, x)
}
put_r <- function(name, package, dataset, description, x) {
  put_ts(name, package, sprintf("%s (Debian %s)", as.character(packageVersion(package, lib.loc = rlib)),
                                debs[[paste0("r-cran-", tolower(package))]]), dataset, licence_r(package), description, x)
}
put_r_dated <- function(name, package, dataset, description, values, timestamps) {
  put(name, package, sprintf("%s (Debian %s)", as.character(packageVersion(package, lib.loc = rlib)),
                             debs[[paste0("r-cran-", tolower(package))]]), dataset, licence_r(package), description, values, timestamps)
}

# --- monthly ------------------------------------------------------------------------------------------------
bdk <- rdata("B.dk", "Epi")
bdk <- bdk[order(bdk$year, bdk$month), ]
x <- ts(bdk$m + bdk$f, start = c(bdk$year[1], bdk$month[1]), frequency = 12)
stopifnot(length(x) == nrow(bdk), all(diff(bdk$year * 12 + bdk$month) == 1))
put_r("dk_births", "Epi", "B.dk, m + f (last 480)", "Live births in Denmark per month (boys + girls), 1979-2018: season, slow swings", last_n(x, 480))
put_r("us_expenditure", "strucchange", "USIncExp[, \"expenditure\"] (last 480)",
      "US personal consumption expenditures (billions USD), monthly, 1961-2001: smooth exponential trend",
      last_n(rdata("USIncExp", "strucchange")[, "expenditure"], 480))
put_r("boston_homicides", "strucchange", "BostonHomicide$homicides",
      "Youth homicides in Boston per month, 1992-01..1998-05: small counts, falling", rdata("BostonHomicide", "strucchange")$homicides)
put_gretl("italy_exrate", "misc/hamilton.gdt", "EXRITL", "Lira per US dollar exchange rate, monthly, 1973-01..1989-10 (Hamilton)")
put_gretl("italy_prices", "misc/hamilton.gdt", "PC6IT", "Italian consumer price index, monthly, 1973-01..1989-10 (Hamilton): high inflation")
put_gretl("us_car_spending", "ramanathan/data9-12.gdt", "pcecars",
          "US personal consumption expenditure on new cars, monthly, 1975-01..1991-10 (Ramanathan): cycles")
put_gretl("nyse_volume", "ramanathan/data9-11.gdt", "volume", "NYSE volume of shares sold, monthly, 1980-01..1995-09 (Ramanathan): trend, noisy")
put_gretl("sealing_shipments", "ramanathan/data3-5.gdt", "Q", "Shipments of a sealing compound, monthly, 1983-01..1990-05 (Ramanathan)")
put_gretl("dem_exrate", "ramanathan/data10-3.gdt", "exchrate", "Deutsche mark / US dollar exchange rate, monthly, 1973-01..1986-01 (Ramanathan)")

# --- quarterly ----------------------------------------------------------------------------------------------
put_gretl("ea_gdp", "misc/AWM18.gdt", "YER", "Euro area real GDP (chain-linked volume), quarterly, 1970-2017 (ECB Area-Wide Model database)")
put_gretl("ea_unemployment", "misc/AWM18.gdt", "URX", "Euro area unemployment rate, quarterly, 1970-2017 (ECB Area-Wide Model database)")
put_gretl("swiss_pharma", "misc/swisspharma.gdt", "salesq", "Swiss pharmaceutical sales, quarterly, 1975-2011: trend, season")
put_gretl("wg_investment", "misc/wgmacro.gdt", "investment", "West German fixed investment, quarterly, 1960-1982 (Lutkepohl): trend + season")
put_gretl("chomage", "misc/chomage.gdt", "y", "Swiss unemployment, quarterly, 1980-1996 (D.S.G. Pollock): the early-1990s surge")
put_gretl("us_unemployment_q", "misc/sw_ch14.gdt", "LHUR", "US civilian unemployment rate (%), quarterly, 1959-1999 (Stock and Watson)")
put_gretl("us_electricity", "ramanathan/data9-3.gdt", "reskwh", "Residential electricity sales of a US utility, quarterly, 1972-1993 (Ramanathan): strong season")
put_gretl("us_new_cars", "ramanathan/data9-7.gdt", "QNC", "US new car sales, quarterly, 1975-1990 (Ramanathan): season + cycle")
ch <- rdata("ch.data", "uroot", "ch-data")
put_r("us_durables_nsa", "uroot", "ch.data$cdur", "US consumption of durables, not seasonally adjusted, quarterly, 1946-1985 (Canova-Hansen data)", ch$cdur)
put_r("us_unemployment_nsa", "uroot", "ch.data$unemp", "US unemployment, not seasonally adjusted, quarterly, 1948-1985 (Canova-Hansen data)", ch$unemp)
bgt <- rdata("bgt.data", "uroot", "bgt-data")
put_r("uk_wine", "uroot", "bgt.data$LHHCONSWINECU", "UK household consumption of wine (log), quarterly, 1983-2001: season", bgt$LHHCONSWINECU)
put_r("uk_fuel_power", "uroot", "bgt.data$LHHCONSFUELPOWCU", "UK household consumption of fuel and power (log), quarterly, 1983-2001: strong season", bgt$LHHCONSFUELPOWCU)
put_r("us_real_interest", "strucchange", "RealInt", "US ex-post real interest rate (%), quarterly, 1961-1986: regime shifts", rdata("RealInt", "strucchange"))
put_r("de_m1", "strucchange", "GermanM1$m", "German M1 money stock (log), quarterly, 1961-1995: trend + season, unification jump",
      rdata("GermanM1", "strucchange")$m)

# --- yearly -------------------------------------------------------------------------------------------------
gross <- rdata("Grossarl", "strucchange")
put_r("grossarl_births", "strucchange", "Grossarl$legitimate", "Legitimate births in Grossarl (Salzburg), yearly, 1700-1899", gross$legitimate)
put_r("uk_unemployment_y", "strucchange", "PhillipsCurve[, \"u\"]", "UK unemployment rate (fraction of the labour force), yearly, 1857-1987",
      rdata("PhillipsCurve", "strucchange")[, "u"])
hart <- rdata("Hartnagel", "carData")
put_r("ca_convictions", "carData", "Hartnagel$mconvict", "Canadian male indictable-offence conviction rate per 100,000, yearly, 1931-1968",
      ts(hart$mconvict, start = hart$year[1]))
tc <- rdata("temp_carbon", "dslabs")
tc <- tc[order(tc$year), ]
stopifnot(all(diff(tc$year) == 1))
put_r("global_temperature", "dslabs", "temp_carbon$temp_anomaly", "Global temperature anomaly (deg C, NOAA), yearly, 1880-2018",
      trim_na(ts(tc$temp_anomaly, start = tc$year[1])))
put_r("carbon_emissions", "dslabs", "temp_carbon$carbon_emissions (last 200)", "Global fossil-fuel carbon emissions (Mt C), yearly, 1815-2014: accelerating",
      last_n(trim_na(ts(tc$carbon_emissions, start = tc$year[1])), 200))
put_gretl("uk_gdp", "misc/hendry_jae.gdt", "gdp", "UK real GDP, yearly, 1873-1991 (Hendry, JAE 2001)")
put_gretl("broiler_consumption", "misc/broiler.gdt", "Q", "US per-capita consumption of chicken, yearly, 1950-2001 (Epple-McCallum)")
put_gretl("tuna_catch", "ramanathan/data6-2.gdt", "catch", "White tuna fishery catch, yearly, 1961-1994 (Ramanathan)")
put_gretl("us_farm_population", "ramanathan/data6-6.gdt", "farmpop", "US farm population (% of total), yearly, 1948-1991 (Ramanathan): steady decline")
put_gretl("us_military", "ramanathan/data10-4.gdt", "um", "US military expenditures, yearly, 1940-1987 (Ramanathan): war peaks")

# --- weekly -------------------------------------------------------------------------------------------------
g <- read_gdt("misc/nysewk.gdt")
stopifnot(g$frequency == 52)
d <- as.Date(gsub("/", "-", g$startobs)) + 7 * (seq_len(nrow(g$data)) - 1)
stopifnot(format(tail(d, 1)) == "2006-07-26")
k <- tail(seq_along(d), 500)
put("nyse_weekly", "gretl-data", debs[["gretl-data"]], "misc/nysewk.gdt, close (last 500 weeks)", licence_gretl,
    "NYSE composite index, weekly (Wednesday) close, 1997-2006 (last 500 weeks)", g$data$close[k], format(d[k]))
dj <- rdata("DJIA", "strucchange")
stopifnot(all(diff(index(dj)) == 7))
put_r_dated("djia_weekly", "strucchange", "DJIA", "Dow Jones Industrial Average, weekly close, 1971-1974 (162 weeks)",
            coredata(dj), format(index(dj)))
g <- read_gdt("ramanathan/data9-10.gdt")
d <- as.Date(g$startobs) + 7 * (seq_len(nrow(g$data)) - 1)
put("supermarket_sales", "gretl-data", debs[["gretl-data"]], "ramanathan/data9-10.gdt, Y", licence_gretl,
    "Weekly sales of a supermarket, 1991-01-06..1992-04-26 (Ramanathan)", g$data$Y, format(d))

# --- daily, business-day ------------------------------------------------------------------------------------
g <- read_gdt("misc/bikesharing.gdt")
d <- seq(as.Date(g$startobs), by = "day", length.out = nrow(g$data))
stopifnot(format(tail(d, 1)) == "2012-12-31")
put("bikes_casual", "gretl-data", debs[["gretl-data"]], "misc/bikesharing.gdt, casual", licence_gretl,
    "Capital Bikeshare (Washington DC) rentals by casual users per day, 2011-2012: weekend peaks, season", g$data$casual, format(d))
put("bikes_registered", "gretl-data", debs[["gretl-data"]], "misc/bikesharing.gdt, registered", licence_gretl,
    "Capital Bikeshare (Washington DC) rentals by registered users per day, 2011-2012: weekday commuting, season", g$data$registered, format(d))
stops <- rdata("MplsStops", "carData")$date
day <- seq(as.Date("2017-01-01"), as.Date("2017-12-31"), by = "day")
n_day <- as.numeric(table(factor(format(stops, "%Y-%m-%d", tz = "America/Chicago"), levels = format(day))))
put_r_dated("mpls_stops_daily", "carData", "MplsStops$date, stops per local day",
            "Minneapolis police stops per day, 2017 (local days): weekly pattern", n_day, format(day))
g <- read_gdt("misc/djclose.gdt")
d <- as.Date(g$labels)
stopifnot(!anyNA(d), all(as.POSIXlt(d)$wday %in% 1:5))
grid <- seq(min(d), max(d), by = "day")
grid <- tail(grid[as.POSIXlt(grid)$wday %in% 1:5], 500)
v <- g$data$djclose[match(grid, d)]
put("djclose_1980s", "gretl-data", debs[["gretl-data"]], "misc/djclose.gdt (last 500 weekdays)", licence_gretl,
    sprintf("Dow Jones Industrial Average daily close, weekdays %s..%s, %d missing (holidays)", grid[1], tail(grid, 1), sum(is.na(v))),
    v, format(grid))

# --- hourly -------------------------------------------------------------------------------------------------
g <- read_gdt("ramanathan/data10-2.gdt")
stopifnot(g$frequency == 24, nrow(g$data) == 31 * 24)
hours <- format(seq(as.POSIXct("1992-01-01 00:00:00", tz = "UTC"), by = 3600, length.out = 744), "%Y-%m-%dT%H:%M:%S", tz = "UTC")
put("nw_electric_load", "gretl-data", debs[["gretl-data"]], "ramanathan/data10-2.gdt, load", licence_gretl,
    "Hourly electricity load (MW) of a utility in the US Northwest, January 1992 (hour 1..24 of each day as 00:00..23:00)", g$data$load, hours)
put("nw_temperature", "gretl-data", debs[["gretl-data"]], "ramanathan/data10-2.gdt, temp", licence_gretl,
    "Hourly temperature (deg F) in the US Northwest, January 1992 (hour 1..24 of each day as 00:00..23:00)", g$data$temp, hours)
grid <- seq(as.POSIXct("2017-11-20 06:00:00", tz = "UTC"), by = 3600, length.out = 6 * 7 * 24)
n_hour <- as.numeric(table(factor(format(stops, "%Y-%m-%dT%H:00:00", tz = "UTC"), levels = format(grid, "%Y-%m-%dT%H:%M:%S", tz = "UTC"))))
put_r_dated("mpls_stops_hourly", "carData", "MplsStops$date, stops per UTC hour (last 6 weeks)",
            "Minneapolis police stops per hour (UTC), 2017-11-20 06:00 .. 2018-01-01 05:00 (the last 6 local weeks of 2017): daily cycle",
            n_hour, format(grid, "%Y-%m-%dT%H:%M:%S", tz = "UTC"))

# every series starts and ends with an observation
for (s in series) if (is.na(s$values[1]) || is.na(tail(s$values, 1))) stop(s$name, " starts or ends with a missing value")
write_series(dir)
# sources.csv with version and licence (rewrites the one write_series wrote)
src <- data.frame(name = names(series), package = sapply(series, `[[`, "package"),
                  version = sapply(names(series), function(n) added[[n]][["version"]]),
                  dataset = sapply(series, `[[`, "dataset"),
                  licence = sapply(names(series), function(n) added[[n]][["licence"]]),
                  description = sapply(series, `[[`, "description"))
write.csv(src, file.path(dir, "sources.csv"), row.names = FALSE)
files <- sort(paste0("series/", names(series), ".csv"), method = "radix")
old <- setwd(dir)
sums <- system2("sha256sum", files, stdout = TRUE)
setwd(old)
stopifnot(length(sums) == length(files))
writeLines(sums, file.path(dir, "SHA256SUMS"))
cat(sprintf("wrote %s/sources.csv and %s/SHA256SUMS\n", dir, dir))
