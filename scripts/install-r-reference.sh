#!/usr/bin/env bash
# Installs R and the R packages from Debian packages, for scripts/reference-scores.R (the reference scores in
# benchmark/heldout/REFERENCE.md and benchmark/fresh/REFERENCE.md), scripts/reference-rolling.R (the same at
# rolling origins), scripts/panel-reference.R (ets and auto.arima per series of a long-format panel) and the
# exports scripts/export-heldout.R and scripts/export-fresh.R (scripts/export-panel.R needs only base R; it fetches
# Debian's gretl-data itself with `apt-get download`, without installing it and the gretl program it depends on):
#   r-base-core      -> Rscript (Debian bookworm: R 4.2.2; MASS ships with it)
#   r-cran-forecast  -> forecast 8.20 (ets, auto.arima, thetaf, nnetar, naive, snaive); pulls in tseries,
#                       lmtest and zoo, which export-fresh.R also reads
#   r-cran-boot      -> boot 1.3-28.1 (export-fresh.R: boot::manaus)
#   r-cran-bayesm    -> bayesm 3.1-5 (export-drivers.R: orangeJuice, benchmark/drivers/orange_juice/)
#   r-cran-modeldata -> modeldata 1.1.0 (export-drivers.R: Chicago, benchmark/drivers/chicago_*.csv)
#   r-cran-aer       -> AER 1.2-10 (export-fresh.R: DutchSales, FrozenJuice, USMacroSWM, MSCISwitzerland, ...;
#                       pulls in car, sandwich, survival, ...)
# r-cran-fpp2, r-cran-fma, r-cran-expsmooth and r-cran-mcomp are not packaged in Debian bookworm, so no M3
# series is used. export-fresh.R also needs npm on PATH for the US births (it runs `npm pack`), unless it is
# given an unpacked copy of the npm package's data.csv; this script does not install npm.
# Idempotent: does nothing when `Rscript -e 'library(forecast); library(boot); library(AER)'` already works.
# Uses sudo only when not root.
set -euo pipefail

packages=(r-base-core r-cran-forecast r-cran-boot r-cran-aer r-cran-bayesm r-cran-modeldata)
load='suppressMessages({ library(forecast); library(boot); library(AER); library(bayesm); library(modeldata) })'
versions='cat(R.version.string, "/ forecast", as.character(packageVersion("forecast")), "/ boot", as.character(packageVersion("boot")), "/ AER", as.character(packageVersion("AER")))'

if command -v Rscript >/dev/null 2>&1 && Rscript -e "$load" >/dev/null 2>&1; then
  echo "install-r-reference: forecast, boot and AER already installed ($(Rscript -e "$versions"))"
  exit 0
fi

source "$(dirname "$0")/apt-lib.sh"
apt_prepare install-r-reference 1 "${packages[@]}"
$SUDO apt-get install -y --no-install-recommends "${packages[@]}"

Rscript -e "$load" || { echo "install-r-reference: Rscript still cannot load forecast, boot and AER" >&2; exit 1; }
echo "install-r-reference: done ($(Rscript -e "$versions"))"
