#!/usr/bin/env bash
# The test command (README, .ci/run): installs the Debian tools the packaging tests use when they are
# missing (docker-compose, promtool, haproxy, chromium; the npm packages of scripts/kubernetes-validate), then
# runs the whole Maven build with its tests, installing the core artifact (foresight-<version>-core.jar) that the
# Spark job's own build (spark/pom.xml) depends on, and then that build with its tests.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-test-tools.sh
./mvnw -B install "$@"
exec ./mvnw -B -f spark/pom.xml verify
