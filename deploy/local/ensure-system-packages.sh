#!/usr/bin/env bash
# Install the system packages the local platform needs, if any is missing (Debian/Ubuntu).
#   java + maven  -> the Kafka broker (jars from Maven Central)
#   postgresql    -> the database server binaries
#   nodejs + npm  -> the portal's front-end packages (GOV.UK Frontend, axe-core)
#   with --for-tests: chromium (the dashboard's browser test), docker-compose
#   (validates docker-compose.yml) and prometheus (promtool checks the alert rules; a real
#   server evaluates them in tests/operations); with --for-bench: wrk (closed-loop HTTP load) and Go
#   (the Makefile builds vegeta, the open-loop HTTP load, with it)
set -euo pipefail

missing=()
command -v java >/dev/null 2>&1 || missing+=(openjdk-17-jre-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)
if ! command -v pg_ctl >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  missing+=(postgresql)
fi
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
if [ "${1:-}" = "--for-tests" ]; then
  [ -x /usr/bin/chromium ] || missing+=(chromium fonts-liberation)
  command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
  { [ -x /usr/bin/prometheus ] && [ -x /usr/bin/promtool ]; } || missing+=(prometheus)
fi
if [ "${1:-}" = "--for-bench" ]; then
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v go >/dev/null 2>&1 || missing+=(golang-go)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing missing system packages: ${missing[*]}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "no apt-get here: please install ${missing[*]} with your package manager" >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# Debian starts the prometheus package's own server (on :9090) where systemd runs; the tests
# start their own, and nothing of ours should keep running after make test.
if [[ " ${missing[*]} " == *" prometheus "* ]] && [ -d /run/systemd/system ]; then
  $sudo systemctl disable --now prometheus >/dev/null 2>&1 || true
fi
