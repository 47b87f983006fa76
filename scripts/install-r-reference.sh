#!/usr/bin/env bash
# Installs R and the `forecast` package from Debian packages, for scripts/reference-scores.R
# (the reference scores in benchmark/heldout/REFERENCE.md):
#   r-base-core      -> Rscript (Debian bookworm: R 4.2.2)
#   r-cran-forecast  -> forecast 8.20 (ets, auto.arima, thetaf, nnetar, naive, snaive)
# r-cran-fpp2, r-cran-fma, r-cran-expsmooth and r-cran-mcomp are not packaged in Debian bookworm, so the
# held-out set uses only series shipped with R's `datasets` and with `forecast`.
# Idempotent: does nothing when `Rscript -e 'library(forecast)'` already works. Uses sudo only when not root.
set -euo pipefail

packages=(r-base-core r-cran-forecast)

if command -v Rscript >/dev/null 2>&1 && Rscript -e 'suppressMessages(library(forecast))' >/dev/null 2>&1; then
  echo "install-r-reference: forecast already installed ($(Rscript -e 'cat(R.version.string, "/ forecast", as.character(packageVersion("forecast")))'))"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-r-reference: apt-get not available; install these yourself: ${packages[*]}" >&2
  exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "install-r-reference: not root and no password-less sudo; install these yourself: ${packages[*]}" >&2
    exit 1
  fi
fi

echo "install-r-reference: installing ${packages[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y --no-install-recommends "${packages[@]}"

Rscript -e 'suppressMessages(library(forecast))' || { echo "install-r-reference: Rscript still cannot load forecast" >&2; exit 1; }
echo "install-r-reference: done ($(Rscript -e 'cat(R.version.string, "/ forecast", as.character(packageVersion("forecast")))'))"
