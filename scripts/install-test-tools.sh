#!/usr/bin/env bash
# Installs the Debian packages that the packaging tests (PackagingFilesTest) and the browser tests
# (WebPageBrowserTest, WebPageApiKeyBrowserTest) need, when they are missing:
#   docker-compose  -> `docker-compose config -q` validates docker-compose.yml (no Docker engine needed)
#   prometheus      -> `promtool check config` validates config/prometheus/prometheus.yml
#   chromium        -> /usr/bin/chromium, the headless browser that drives the web page
#   chromium-driver -> /usr/bin/chromedriver, Selenium's driver for it (same version as chromium)
#   haproxy         -> `haproxy -c` validates config/haproxy/haproxy.cfg (docker-compose profile "replicas")
#   nodejs, npm     -> only where node/npm are missing; then `npm ci` in scripts/kubernetes-validate installs
#                      kubernetes-models (the Kubernetes API's schemas, offline) for KubernetesManifestsTest
# Idempotent: does nothing when all commands are already on PATH and the npm packages are installed.
# Runs `apt-get update` at most once.
# Skips (exit 0, with a message) where apt-get or root/sudo is unavailable; the tests then fail and say why.
# Takes about 30 s for docker-compose and prometheus (apt-get update + 28 packages), about a minute more for
# chromium and chromium-driver (some 30-100 packages, depending on what is there), a few ms when all are present.
set -euo pipefail

declare -A tool_pkg=( [docker-compose]=docker-compose [promtool]=prometheus [chromium]=chromium
                      [chromedriver]=chromium-driver [haproxy]=haproxy [node]=nodejs [npm]=npm )
tools=(docker-compose promtool chromium chromedriver haproxy node npm)
validator="$(cd "$(dirname "$0")" && pwd)/kubernetes-validate"

# The Kubernetes manifest validator's npm packages, pinned by package-lock.json (npm ci: exactly those).
install_validator() {
  if [ ! -d "$validator/node_modules/kubernetes-models" ] || [ ! -d "$validator/node_modules/yaml" ]; then
    echo "install-test-tools: npm ci in scripts/kubernetes-validate"
    npm ci --prefix "$validator" --no-audit --no-fund --loglevel=error >/dev/null
  fi
}

missing=()
for tool in "${tools[@]}"; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    missing+=("${tool_pkg[$tool]}")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  install_validator
  echo "install-test-tools: ${tools[*]} already installed"
  exit 0
fi

source "$(dirname "$0")/apt-lib.sh"
apt_prepare install-test-tools 0 "${missing[@]}"
# The prometheus package's postinst would start a Prometheus server where an init system runs;
# policy-rc.d (exit 101) stops maintainer scripts from starting services: we only want promtool.
policy=/usr/sbin/policy-rc.d
added_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$policy" >/dev/null
  $SUDO chmod +x "$policy"
  added_policy=1
fi
cleanup() { if [ "$added_policy" -eq 1 ]; then $SUDO rm -f "$policy"; fi; }
trap cleanup EXIT
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "install-test-tools: $tool still missing after install" >&2; exit 1; }
done
install_validator
echo "install-test-tools: done ($(docker-compose version --short 2>/dev/null || docker-compose --version), $(promtool --version 2>&1 | head -1), $(chromium --version 2>/dev/null | head -1), $(haproxy -v 2>/dev/null | head -1 | cut -d' ' -f1-3), node $(node --version))"
