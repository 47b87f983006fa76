#!/usr/bin/env Rscript
# Exports the sets with known drivers (benchmark/drivers/ABOUT.md) to <dir>/<name>.csv (`timestamp,<targets>,<drivers>`,
# ISO dates, missing values as empty cells) with a sidecar <dir>/<name>.drivers that `backtest --drivers` reads
# (targets, futureFeatures, calendar, holidays).
#   Rscript scripts/export-drivers.R benchmark/drivers   (R and its packages: scripts/install-r-reference.sh)
# Sources: R's `datasets` (Seatbelts, airquality; ships with r-base-core) and `tseries` (ice.river; Debian
# r-cran-tseries, installed with `forecast`'s dependencies), and the development set's taylor.csv (sample-data/,
# from `forecast`), summed per day; and `bayesm`'s orangeJuice (Dominick's Finer Foods, Debian r-cran-bayesm) into
# <dir>/orange_juice/, one file per store and brand; and `modeldata`'s Chicago (Debian r-cran-modeldata). None is from
# a source reserved for judging
# (../shared/benchmark/PROTOCOL.md) or from the judging set's packages (benchmark/judging/sources.csv).
suppressMessages({
  library(tseries)
  library(bayesm)
  library(modeldata)
})
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) >= 1) args[1] else "benchmark/drivers"
dir.create(dir, showWarnings = FALSE, recursive = TRUE)

write_set <- function(name, frame, drivers) {
  write.csv(frame, file.path(dir, paste0(name, ".csv")), row.names = FALSE, na = "", quote = FALSE)
  writeLines(drivers, file.path(dir, paste0(name, ".drivers")))
}
num <- function(x) format(x, scientific = FALSE, trim = TRUE, drop0trailing = TRUE)

# UK road casualties, monthly 1969-01..1984-12; the seat-belt law of 1983-01-31 (law = 1 from 1983-02) was planned
data(Seatbelts)
months <- seq(as.Date("1969-01-01"), by = "month", length.out = nrow(Seatbelts))
write_set("seatbelts", data.frame(timestamp = format(months), DriversKilled = as.numeric(Seatbelts[, "DriversKilled"]),
                                  front = as.numeric(Seatbelts[, "front"]), rear = as.numeric(Seatbelts[, "rear"]),
                                  law = as.numeric(Seatbelts[, "law"])),
          c("# the seat-belt law (in force from 1983-02) was known before it came: a planned driver",
            "targets=DriversKilled,front,rear", "futureFeatures=law"))

# New York ozone, daily 1973-05-01..09-30, with the day's temperature and wind (as a weather forecast would give them)
data(airquality)
days <- as.Date(sprintf("1973-%02d-%02d", airquality$Month, airquality$Day))
write_set("airquality", data.frame(timestamp = format(days), Ozone = airquality$Ozone, Temp = airquality$Temp,
                                   Wind = airquality$Wind),
          c("# the day's maximum temperature and mean wind speed, as a weather forecast gives them in advance",
            "targets=Ozone", "futureFeatures=Temp,Wind"))

# Icelandic rivers (Vatnsdalsa, Jokulsa Eystri), daily flow 1972-1974, with precipitation and temperature
data(ice.river)
days <- seq(as.Date("1972-01-01"), by = "day", length.out = nrow(ice.river))
write_set("ice_river", data.frame(timestamp = format(days), flow_vat = as.numeric(ice.river[, "flow.vat"]),
                                  flow_jok = as.numeric(ice.river[, "flow.jok"]), prec = as.numeric(ice.river[, "prec"]),
                                  temp = as.numeric(ice.river[, "temp"])),
          c("# the day's precipitation and temperature, as a weather forecast gives them in advance",
            "targets=flow_vat,flow_jok", "futureFeatures=prec,temp"))

# England and Wales electricity demand (taylor, half-hourly MW, 2000-06-05..08-27) summed per day (GWh):
# the day of the week and England's bank holidays, known from the calendar alone
taylor <- read.csv("sample-data/taylor.csv")
day <- substr(taylor[[1]], 1, 10)
daily <- aggregate(taylor[[2]] / 1000, by = list(day = day), FUN = sum)
write_set("taylor_daily", data.frame(timestamp = daily$day, demand = round(daily$x, 3)),
          c("# the day of the week and England's bank holidays, from the calendar", "targets=demand",
            "calendar=dayOfWeek", "holidays=GB-ENG"))

# Chicago "L" train ridership at Clark/Lake (thousands of entries a day; the City of Chicago's open data, with game
# schedules, as modeldata publishes it), its last three years (2013-08-30..2016-08-28, decided before any backtest):
# the day of the week, US federal holidays and the home games of the city's five teams, all known in advance
data(Chicago)
recent <- Chicago[Chicago$date > max(Chicago$date) - 3 * 365, ]
stopifnot(all(diff(recent$date) == 1))
games <- c("Blackhawks_Home", "Bulls_Home", "Bears_Home", "WhiteSox_Home", "Cubs_Home")
write_set("chicago_ridership", data.frame(timestamp = format(recent$date), ridership = num(recent$ridership),
                                          recent[, games]),
          c("# the day of the week, US holidays and the home games of Chicago's teams, scheduled in advance",
            "targets=ridership", paste0("futureFeatures=", paste(games, collapse = ",")), "calendar=dayOfWeek",
            "holidays=US"))

# The same source's 19 other stations (modeldata gives each as its ridership 14 days before the row's date, which is
# checked and undone here), the same three years up to their last day (2016-08-14): one panel of 19 daily series with
# the day of the week and US holidays only, for `backtest --drivers --many` (what the calendar and holidays cost a
# many-series model and what they give it)
n <- nrow(Chicago)
stopifnot(all(Chicago$Clark_Lake[15:n] == Chicago$ridership[1:(n - 14)]))
stations <- setdiff(names(Chicago)[2:21], "Clark_Lake")
dated <- data.frame(date = Chicago$date - 14, Chicago[, stations])
dated <- dated[dated$date > max(dated$date) - 3 * 365, ]
stopifnot(all(diff(dated$date) == 1))
write_set("chicago_stations", data.frame(timestamp = format(dated$date), lapply(dated[, stations], num)),
          c("# the day of the week and US holidays, from the calendar", paste0("targets=", paste(stations, collapse = ",")),
            "calendar=dayOfWeek", "holidays=US"))

# Refrigerated orange juice at Dominick's Finer Foods (Chicago): weekly unit sales of 11 brands in 83 stores, weeks
# 40-160 (week 1 began on 1989-09-14), with each brand's shelf price (dollars per ounce), in-store deal (0/1) and
# feature advertising (share of the week): all three planned by the retailer before the week. Kept: the stores with
# every week of every brand (no missing week), decided before any backtest; each store's 11 brands form one panel
# (`backtest --drivers --many`). Units are exp(logmove), rounded.
data(orangeJuice)
oj <- orangeJuice$yx
counts <- table(oj$store, oj$brand)
stores <- as.integer(rownames(counts)[apply(counts == 121, 1, all)])
ojdir <- file.path(dir, "orange_juice")
dir.create(ojdir, showWarnings = FALSE)
for (store in stores) {
  for (brand in 1:11) {
    rows <- oj[oj$store == store & oj$brand == brand, ]
    rows <- rows[order(rows$week), ]
    stopifnot(nrow(rows) == 121, all(diff(rows$week) == 1))
    name <- sprintf("oj_s%d_b%02d", store, brand)
    frame <- data.frame(timestamp = format(as.Date("1989-09-14") + 7 * (rows$week - 1)),
                        units = round(exp(rows$logmove)), price = num(rows[[paste0("price", brand)]]),
                        deal = rows$deal, feat = num(rows$feat))
    write.csv(frame, file.path(ojdir, paste0(name, ".csv")), row.names = FALSE, na = "", quote = FALSE)
    writeLines(c(sprintf("# store %d, brand %d: its shelf price, in-store deal and feature advertising, planned by the retailer",
                         store, brand), "targets=units", "futureFeatures=price,deal,feat", sprintf("panel=oj_s%d", store)),
               file.path(ojdir, paste0(name, ".drivers")))
  }
}
cat("wrote", length(list.files(dir, pattern = "\\.csv$")), "sets to", dir, "and", length(list.files(ojdir, pattern = "\\.csv$")),
    "to", ojdir, "\n")
