#!/usr/bin/env bash
# Install what the offline validation of deploy/k8s needs, if it is missing (make test runs this;
# so does tests/deploy/test_kubernetes.py, which fails with this script's message if it fails):
#   kustomize v5.5.0   -> .returners/tools/bin/kustomize
#                         (go install from the Go module proxy; about a minute the first time)
#   Strimzi 0.45.0 CRDs -> .returners/strimzi/0.45.0/crds/{kafka,nodepool,topic}-crd.yaml
#                         (generated offline by Strimzi's own CRD generator, resolved from
#                          Maven Central with deploy/k8s/validation/pom.xml)
# Quiet and fast when everything is already there.
set -euo pipefail

root="$(cd "$(dirname "$0")/../../.." && pwd)"
KUSTOMIZE_VERSION="v5.5.0"
STRIMZI_VERSION="0.45.0"
bin="$root/.returners/tools/bin"
kustomize="$bin/kustomize"
strimzi="$root/.returners/strimzi/$STRIMZI_VERSION"
crds="$strimzi/crds"

find_go() {
  if command -v go >/dev/null 2>&1; then command -v go; return; fi
  for candidate in /usr/local/go/bin/go /usr/lib/go/bin/go "$HOME/go/bin/go"; do
    [ -x "$candidate" ] && { echo "$candidate"; return; }
  done
  return 1
}

kustomize_ok() {
  [ -x "$kustomize" ] || return 1
  local go
  go="$(find_go)" || return 0  # no Go to ask: trust the binary that is there
  "$go" version -m "$kustomize" 2>/dev/null \
    | grep -Eq "^[[:space:]]+mod[[:space:]]+sigs.k8s.io/kustomize/kustomize/v5[[:space:]]+$KUSTOMIZE_VERSION"
}

if ! kustomize_ok; then
  go="$(find_go)" || {
    echo "kustomize $KUSTOMIZE_VERSION is missing and there is no Go toolchain to install it" \
         "(install Go 1.22+, then: GOBIN=$bin go install sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION)" >&2
    exit 1
  }
  echo "installing kustomize $KUSTOMIZE_VERSION into $bin (go install; about a minute)"
  mkdir -p "$bin"
  GOBIN="$bin" GOFLAGS="" "$go" install "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION"
fi

crds_ok() {
  for name in kafka nodepool topic; do
    [ -s "$crds/$name-crd.yaml" ] || return 1
  done
}

if ! crds_ok; then
  for tool in mvn java; do
    command -v "$tool" >/dev/null 2>&1 || {
      echo "$tool is missing: the Strimzi CRD schemas are generated with Maven and Java" \
           "(deploy/local/ensure-system-packages.sh installs them)" >&2
      exit 1
    }
  done
  echo "generating the Strimzi $STRIMZI_VERSION CRD schemas into $crds"
  mkdir -p "$strimzi"
  mvn -q -B -Dstyle.color=never -f "$root/deploy/k8s/validation/pom.xml" \
    org.apache.maven.plugins:maven-dependency-plugin:3.6.1:copy-dependencies \
    -DoutputDirectory="$strimzi/libs" -DincludeScope=runtime
  work="$(mktemp -d "$strimzi/crds.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  java -cp "$strimzi/libs/*" io.strimzi.crdgenerator.CrdGenerator \
    --yaml --crd-api-version v1 --api-versions v1beta2 --storage-version v1beta2 \
    --target-kube 1.25+ \
    io.strimzi.api.kafka.model.kafka.Kafka="$work/kafka-crd.yaml" \
    io.strimzi.api.kafka.model.topic.KafkaTopic="$work/topic-crd.yaml" \
    io.strimzi.api.kafka.model.nodepool.KafkaNodePool="$work/nodepool-crd.yaml" \
    2> >(grep -v '^SLF4J' >&2)
  rm -rf "$crds"
  mv "$work" "$crds"
  crds_ok || { echo "the Strimzi CRD generator did not write every CRD into $crds" >&2; exit 1; }
fi
