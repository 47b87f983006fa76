# Writes the fixtures EtsTest pins io.foresight.model.Ets against: for each series, every ETS form R's ets()
# (forecast 8.20, defaults) considers with its fitted AICc, log-likelihood, Nelder-Mead evaluations and point
# forecasts, and the model ets(y) chooses with its parameters,
# initial state, log-likelihood, AICc, Nelder-Mead evaluations and point forecasts (forecast.ets).
# Run: Rscript scripts/ets-reference.R [out-dir]   (default src/test/resources/fixtures/ets-reference)
# Series come from R's base datasets only.
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
out <- if (length(args) > 0) args[1] else "src/test/resources/fixtures/ets-reference"
dir.create(out, showWarnings = FALSE, recursive = TRUE)
stopifnot(packageVersion("forecast") == "8.20")

series <- list(
  AirPassengers = AirPassengers,                         # monthly, multiplicative season and trend
  UKgas = UKgas,                                         # quarterly, growing season
  nottem = nottem,                                       # monthly temperatures, stable additive season
  USAccDeaths = USAccDeaths,                             # monthly, 72 points
  JohnsonJohnson = JohnsonJohnson,                       # quarterly, exponential growth
  WWWusage = WWWusage,                                   # non-seasonal, 100 points
  lynx = lynx,                                           # yearly cycles, no period
  Nile = Nile,                                           # yearly, level shift
  BJsales = BJsales,                                     # non-seasonal trend
  sunspot.year = sunspot.year,                           # yearly with zeros: additive errors only
  USAccDeathsChanges = diff(USAccDeaths),                # monthly, negative values: additive only
  AirPassengersShort = window(AirPassengers, end = c(1951, 6)) # fewer than three seasons: initstate's regression
)

num <- function(x) paste(formatC(as.numeric(x), digits = 17, format = "g"), collapse = " ")

for (name in names(series)) {
  y <- series[[name]]
  m <- frequency(y)
  h <- if (m > 1) 2 * m else 10
  lines <- c(paste("series", name), paste("period", m), paste("horizon", h), paste("y", num(y)))
  # every form ets(y) would try, fitted on its own
  fit <- ets(y)
  positive <- min(y) > 0
  seasonal <- m > 1 && m <= 24 && length(y) > m
  for (e in c("A", "M")) for (t in c("N", "A")) for (s in if (seasonal) c("N", "A", "M") else "N")
    for (d in c(TRUE, FALSE)) {
      if ((t == "N" && d) || (e == "A" && s == "M") || (!positive && e == "M")) next
      f <- tryCatch(ets(y, model = paste0(e, t, s), damped = d), error = function(err) NULL)
      label <- paste0("ETS(", e, ",", t, if (d) "d" else "", ",", s, ")")
      lines <- c(lines, paste("form", label, if (is.null(f)) "Inf Inf 0" else
        paste(num(f$aicc), num(f$loglik), f$fit$fncount, num(forecast(f, h = h)$mean))))
    }
  p <- fit$par
  get <- function(k, default) if (k %in% names(p)) p[[k]] else default
  lines <- c(lines,
    paste("model", fit$method),
    paste("alpha", num(get("alpha", 0))), paste("beta", num(get("beta", 0))),
    paste("gamma", num(get("gamma", 0))), paste("phi", num(get("phi", 1))),
    paste("initial", num(fit$initstate)),
    paste("loglik", num(fit$loglik)), paste("aicc", num(fit$aicc)), paste("sigma2", num(fit$sigma2)),
    # R's Nelder-Mead stops after 2000 evaluations; a fit that used them all has not converged
    paste("evaluations", fit$fit$fncount),
    paste("forecast", num(forecast(fit, h = h)$mean)))
  writeLines(lines, file.path(out, paste0(name, ".txt")))
  cat(name, fit$method, "\n")
}
