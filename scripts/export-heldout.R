#!/usr/bin/env Rscript
# Exports the held-out evaluation series (benchmark/heldout/REFERENCE.md) from R's `datasets` and `forecast`
# packages to <dir>/series/<name>.csv (`timestamp,value`, ISO dates, missing values as empty cells), full series,
# and writes <dir>/sources.csv (name, package, dataset, description) that reference-scores.R reads.
#   Rscript scripts/export-heldout.R benchmark/heldout
# Excluded on purpose: AirPassengers, EuStockMarkets, taylor (development series).
suppressMessages(library(forecast))
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])), "export-common.R"))
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) >= 1) args[1] else "benchmark/heldout"

# n consecutive Monday-to-Friday dates ending on `last`.
business_days_ending <- function(last, n) {
  d <- seq(as.Date(last) - ceiling(n * 7 / 5) - 14, as.Date(last), by = "day")
  d <- d[as.POSIXlt(d)$wday %in% 1:5]
  format(tail(d, n))
}


# --- monthly -------------------------------------------------------------------------------------------
add_ts("co2", "datasets", "co2", "Mauna Loa CO2 concentration (ppm), 1959-1997: trend + additive season", co2)
add_ts("nottem", "datasets", "nottem", "Average monthly air temperature at Nottingham (F), 1920-1939: pure additive season", nottem)
add_ts("UKDriverDeaths", "datasets", "UKDriverDeaths", "UK car drivers killed or seriously injured, 1969-1984: season + level shift (1983 seat-belt law)", UKDriverDeaths)
add_ts("USAccDeaths", "datasets", "USAccDeaths", "US accidental deaths, 1973-1978: short, seasonal", USAccDeaths)
add_ts("ldeaths", "datasets", "ldeaths", "UK deaths from lung diseases (both sexes), 1974-1979: short, strongly seasonal", ldeaths)
add_ts("Seatbelts_front", "datasets", "Seatbelts[, \"front\"]", "UK front-seat passengers killed or seriously injured, 1969-1984", Seatbelts[, "front"])
add_ts("Seatbelts_kms", "datasets", "Seatbelts[, \"kms\"]", "UK distance driven (km), 1969-1984: trend + season", Seatbelts[, "kms"])
add_ts("Seatbelts_PetrolPrice", "datasets", "Seatbelts[, \"PetrolPrice\"]", "UK real petrol price, 1969-1984: level shifts, weak season", Seatbelts[, "PetrolPrice"])
add_ts("Seatbelts_VanKilled", "datasets", "Seatbelts[, \"VanKilled\"]", "UK van drivers killed, 1969-1984: small noisy counts", Seatbelts[, "VanKilled"])
add_ts("wineind", "forecast", "wineind", "Australian total wine sales by wine makers (litres), 1980-1994: multiplicative season", wineind)
add_ts("gas", "forecast", "gas", "Australian monthly gas production, 1956-1995: exponential trend, growing season", gas)
# --- quarterly -----------------------------------------------------------------------------------------
add_ts("UKgas", "datasets", "UKgas", "UK quarterly gas consumption, 1960-1986: multiplicative season", UKgas)
add_ts("JohnsonJohnson", "datasets", "JohnsonJohnson", "Johnson & Johnson quarterly earnings per share, 1960-1980: exponential trend", JohnsonJohnson)
add_ts("austres", "datasets", "austres", "Australian residents (thousands), 1971-1993: smooth trend", austres)
add_ts("presidents", "datasets", "presidents", "US presidential approval rating (%), 1945-1974: missing values, no season", presidents)
add_ts("freeny_y", "datasets", "freeny.y", "Freeny's quarterly revenue, 1962Q2-1971Q4: short, trending", freeny.y)
add_ts("woolyrnq", "forecast", "woolyrnq", "Australian woollen yarn production (tonnes), 1965-1994: noisy season", woolyrnq)
# --- yearly --------------------------------------------------------------------------------------------
add_ts("Nile", "datasets", "Nile", "Annual Nile flow at Aswan, 1871-1970: level shift (1898)", Nile)
add_ts("LakeHuron", "datasets", "LakeHuron", "Lake Huron level (ft), 1875-1972: autocorrelated, slight trend", LakeHuron)
add_ts("lynx", "datasets", "lynx", "Canadian lynx trappings, 1821-1934: ~10-year cycle", lynx)
add_ts("sunspot_year", "datasets", "sunspot.year", "Yearly sunspot numbers, 1700-1988: ~11-year cycle", sunspot.year)
add_ts("nhtemp", "datasets", "nhtemp", "Average yearly temperature in New Haven (F), 1912-1971: noisy, slight trend", nhtemp)
add_ts("discoveries", "datasets", "discoveries", "Yearly number of great inventions and discoveries, 1860-1959: small counts", discoveries)
# --- daily / business-day ------------------------------------------------------------------------------
aq_dates <- format(seq(as.Date("1973-05-01"), as.Date("1973-09-30"), by = "day"))
add("airquality_Temp", "datasets", "airquality$Temp", "Daily max temperature at La Guardia (F), 1973-05-01..09-30", airquality$Temp, aq_dates)
add("airquality_Ozone", "datasets", "airquality$Ozone", "Daily mean ozone in New York (ppb), 1973-05-01..09-30: 37 of 153 missing", airquality$Ozone, aq_dates)
# gold: 1108 weekday prices ending Friday 1989-03-31; holidays are missing values (NA), e.g. Good Friday and
# Easter Monday 1989 are the two NAs at positions 1103-1104. Dates are numbered back from 1989-03-31.
add("gold", "forecast", "gold", "Daily morning gold price (USD), business days 1985-01-02..1989-03-31: 34 missing (holidays)", gold, business_days_ending("1989-03-31", length(gold)))
# --- other (sub-daily, no calendar) --------------------------------------------------------------------
add("WWWusage", "datasets", "WWWusage", "Users connected to an Internet server, one-minute steps (nominal times from 2000-01-01T00:00)", WWWusage,
    format(as.POSIXct("2000-01-01 00:00:00", tz = "UTC") + 60 * (seq_along(WWWusage) - 1), "%Y-%m-%dT%H:%M:%S", tz = "UTC"))
add("lh", "datasets", "lh", "Luteinizing hormone in blood samples, 10-minute steps (nominal times from 2000-01-01T00:00)", lh,
    format(as.POSIXct("2000-01-01 00:00:00", tz = "UTC") + 600 * (seq_along(lh) - 1), "%Y-%m-%dT%H:%M:%S", tz = "UTC"))

write_series(dir)
