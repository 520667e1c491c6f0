#!/usr/bin/env bash
# Build vegeta, the open-loop HTTP load of `make bench`, from the Go module proxy:
#   deploy/local/install-vegeta.sh <version> <bin directory>
# vegeta's go.mod asks for Go 1.22. A Go from 1.21 on takes that toolchain from the module
# proxy by itself (GOTOOLCHAIN=auto); an older one (Debian 12's golang-go is 1.19) cannot, so
# the same toolchain module is fetched here with `go mod download` and used from beside the bin
# directory.
set -euo pipefail
version=$1
bin=$(mkdir -p "$2" && cd "$2" && pwd)
go=go
minor=$(go env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')
if [ "${minor:-0}" -lt 21 ]; then
  toolchain=go1.22.12
  dir="$(dirname "$bin")/$toolchain"
  if [ ! -x "$dir/bin/go" ]; then
    module="golang.org/toolchain@v0.0.1-$toolchain.$(go env GOOS)-$(go env GOARCH)"
    source=$(GOFLAGS=-modcacherw go mod download -json "$module" | sed -n 's/^\s*"Dir": "\(.*\)",$/\1/p')
    rm -rf "$dir"
    cp -r "$source" "$dir"
    chmod -R u+w "$dir"
    chmod +x "$dir"/bin/* "$dir"/pkg/tool/*/*
  fi
  go="$dir/bin/go"
fi
GOBIN="$bin" GOTOOLCHAIN=auto "$go" install "github.com/tsenart/vegeta/v12@$version"
