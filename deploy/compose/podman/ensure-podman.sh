#!/usr/bin/env bash
# Podman, its Docker-compatible socket and the stand-in base images, so that the compose test
# (tests/compose, `make test-compose`) runs docker-compose.yml here, where no Docker engine
# runs and no container registry is reachable (shared facts: PODMAN.md).
#
#   ensure-podman.sh            install what is missing, build the stand-ins that are missing
#   ensure-podman.sh --rebuild  build every stand-in again
#
# Stand-ins are made from Debian's packages and tagged with the names docker-compose.yml and
# the Dockerfile use (python:3.11-slim-bookworm, postgres:15, apache/kafka:3.9.1,
# axllent/mailpit:v1.31.1, prom/prometheus:v3.5.0), so that both build and run unchanged.
# Grafana has no Debian package, so no stand-in here: the compose test leaves it out. Images live in podman's own store
# (/var/lib/containers), so a second run on the same machine builds nothing.
set -euo pipefail
cd "$(dirname "$0")"
here="$(pwd)"
repo="$(cd ../../.. && pwd)"
rebuild="${1:-}"

missing=()
for tool in podman buildah runc fuse-overlayfs slirp4netns mmdebstrap docker-compose; do
  command -v "${tool}" >/dev/null 2>&1 || missing+=("${tool}")
done
# Container names resolve (kafka, postgres, ...) on podman's CNI networks only with dnsname.
[ -x /usr/lib/cni/dnsname ] || missing+=(golang-github-containernetworking-plugin-dnsname)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# crun fails here on rlimits and hybrid cgroups; runc works. No systemd: cgroupfs, file events.
conf=/etc/containers/containers.conf
if ! grep -q '^runtime = "runc"' "${conf}" 2>/dev/null; then
  mkdir -p /etc/containers
  cat > "${conf}" <<'CONF'
# Written by deploy/compose/podman/ensure-podman.sh (Returners compose test).
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
fi

have() { [ "${rebuild}" != "--rebuild" ] && podman image exists "$1"; }

# The base: Debian bookworm from Debian's packages, with this machine's CA certificates (the
# package downloads of a build go through a proxy that has its own).
if ! have localhost/debian:bookworm; then
  echo "building localhost/debian:bookworm (mmdebstrap)"
  work="$(mktemp -d)"
  trap 'rm -rf "${work}"' EXIT
  sources=/etc/apt/sources.list.d/debian.sources
  [ -f "${sources}" ] || sources=/etc/apt/sources.list
  mkdir -p "${work}/ca"
  cp /usr/local/share/ca-certificates/*.crt "${work}/ca/" 2>/dev/null || true
  mmdebstrap --quiet --variant=minbase --include=ca-certificates,passwd \
    --customize-hook="cp -r ${work}/ca/. \"\$1/usr/local/share/ca-certificates/\" 2>/dev/null || true" \
    --customize-hook='chroot "$1" update-ca-certificates >/dev/null' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
    bookworm "${work}/rootfs.tar" "${sources}"
  podman import --quiet "${work}/rootfs.tar" localhost/debian:bookworm >/dev/null
fi

# A stand-in is built again when a file of standins/ changed since (the label says which).
digest="$(cat "${here}"/standins/* | sha256sum | cut -c1-16)"
current() {
  have "$1" && [ "$(podman image inspect --format '{{index .Labels "returners.standins"}}' "$1")" = "${digest}" ]
}
build() {  # build <image> <Containerfile> <context>
  if ! current "$1"; then
    echo "building stand-in $1"
    podman build --quiet --network host --format docker --label "returners.standins=${digest}" \
      -t "$1" -f "$2" "$3" >/dev/null
  fi
}

build docker.io/library/python:3.11-slim-bookworm "${here}/standins/python.Containerfile" "${here}/standins"
build docker.io/library/node:20-bookworm-slim "${here}/standins/node.Containerfile" "${here}/standins"
build docker.io/library/postgres:15 "${here}/standins/postgres.Containerfile" "${here}/standins"
build docker.io/axllent/mailpit:v1.31.1 "${here}/standins/mailpit.Containerfile" "${here}/standins"
build docker.io/prom/prometheus:v3.5.0 "${here}/standins/prometheus.Containerfile" "${here}/standins"

# Kafka: a JRE and the very jars the local stack runs (.returners/kafka/libs, from Maven).
if ! current docker.io/apache/kafka:3.9.1; then
  libs="$("${repo}/.venv/bin/python" -c 'from returners_cli.stack.kafka import ensure_jars; from returners_cli.stack.paths import cache_dir; print(ensure_jars(cache_dir() / "kafka"))')"
  context="$(mktemp -d)"
  cp -r "${libs}" "${context}/libs"
  cp "${here}/standins/kafka-entrypoint.sh" "${here}/standins/kafka-tool.sh" "${context}/"
  build docker.io/apache/kafka:3.9.1 "${here}/standins/kafka.Containerfile" "${context}"
  rm -rf "${context}"
fi
echo "podman and the stand-in images are ready"
