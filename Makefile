# The two commands: `make up` (run the platform and its demo) and `make test` (the whole suite).
# Everything they need is installed on first use: uv (into .returners/tools), the Python
# workspace (.venv, from uv.lock), and missing system packages (Java, Maven, PostgreSQL,
# Chromium for the browser test, Prometheus for the alert rules' tests).

SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.9
TOOLS := .returners/tools
UV := $(TOOLS)/bin/uv
# The open-loop HTTP load generator of `make bench` (bench/submission_throughput.py), built from
# the Go module proxy into .returners/tools/bin (Go itself: deploy/local/ensure-system-packages.sh).
VEGETA_VERSION := v12.13.0
VEGETA := $(TOOLS)/bin/vegeta
VENV := .venv
RUN := $(VENV)/bin
# The portal's front-end packages (GOV.UK Frontend; axe-core for the browser tests), from
# services/portal/package-lock.json with npm (node and npm come with the system packages).
PORTAL_NPM := services/portal/node_modules/.package-lock.json
# The suite mostly waits on brokers and services, so three workers (one test file each at a
# time, each with its own Kafka and Postgres) finish it in about a third of the time. The files
# go out in collection order, longest first (returners_cli.testing.order), not pytest-xdist's
# own (most tests first). A worker that dies (a test over its time limit ends its process)
# ends the run: pytest-xdist's replacement worker can wait forever under --dist loadfile
# (pytest-dev/pytest-xdist#784).
PARALLEL ?= -n 3 --dist loadfile --no-loadscope-reorder --max-worker-restart=0

.PHONY: up down status demo test test-faults lint unit bench contracts clean help install bytecode system-packages test-packages bench-packages
.PHONY: test-brokers test-network test-compose compose-packages test-production soak

help:
	@echo "make up      start Kafka, Postgres, mail, the six services and the portal; run the demo"
	@echo "make down    stop everything make up started"
	@echo "make test    install what is missing, then lint and run the whole suite"
	@echo "make bench   run the benchmarks (JSON results in bench/results/)"
	@echo "make test-production  three-broker Kafka faults, network faults, compose with podman"
	@echo "make soak    twenty minutes at a steady rate (bench/results/soak.json, README figures)"
	@echo "make status  health of every component"

$(UV):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	@$(PYTHON) -m venv $(TOOLS)
	@$(TOOLS)/bin/pip install -q "uv==$(UV_VERSION)"

# Python compiles each module it imports unless a cached .pyc is there, and an environment with
# PYTHONDONTWRITEBYTECODE=1 (this machine's) never writes one: every service, test worker and
# command would compile the whole stack again, 1.3 s of CPU an applications process. So the
# packages are compiled when installed (uv's --compile-bytecode) and the repository's own code
# by `bytecode` before each run (only what changed: compileall skips an up-to-date .pyc).
$(VENV)/.synced: $(UV) uv.lock pyproject.toml $(wildcard */*/pyproject.toml)
	@$(UV) sync --frozen --compile-bytecode --python $(PYTHON) -q
	@touch $@

bytecode: $(VENV)/.synced
	@$(RUN)/python -m compileall -q -j 0 -x /node_modules/ services libs tools tests bench

system-packages:
	@deploy/local/ensure-system-packages.sh

test-packages:
	@deploy/local/ensure-system-packages.sh --for-tests

bench-packages: $(VEGETA)
	@deploy/local/ensure-system-packages.sh --for-bench

$(VEGETA):
	@deploy/local/ensure-system-packages.sh --for-bench
	@deploy/local/install-vegeta.sh $(VEGETA_VERSION) $(TOOLS)/bin
	@$@ -version >/dev/null

$(PORTAL_NPM): services/portal/package.json services/portal/package-lock.json
	@deploy/local/ensure-system-packages.sh
	@npm ci --prefix services/portal --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.synced bytecode system-packages $(PORTAL_NPM)

.PHONY: deploy-tools
deploy-tools:  # kustomize and the Strimzi CRD schemas, for tests/deploy/test_kubernetes.py
	@deploy/k8s/validation/ensure-tools.sh

up: install
	@$(RUN)/returners up
	@$(RUN)/returners demo

down: $(VENV)/.synced
	@$(RUN)/returners down

status: $(VENV)/.synced
	@$(RUN)/returners status

demo: $(VENV)/.synced
	@$(RUN)/returners demo

lint: $(VENV)/.synced
	@$(RUN)/ruff check .
	@$(RUN)/ruff format --check . >/dev/null || (echo "ruff format would change files: run '$(RUN)/ruff format .'"; exit 1)
	@$(RUN)/mypy

test: install test-packages deploy-tools lint
	@$(RUN)/returners contracts check
	@$(RUN)/pytest $(PARALLEL) --durations=25 --ignore=tests/reliability

# The fault-injection suite times recoveries, so it runs alone, on a machine nothing else
# loads: about seven minutes on two CPUs. CI runs it after `make test`.
test-faults: install test-packages
	@$(RUN)/pytest tests/reliability --durations=10

unit: $(VENV)/.synced bytecode $(PORTAL_NPM)
	@$(RUN)/pytest -m "not integration and not browser"

# Production-shaped reliability, apart from `make test` and `.ci/run` (minutes each): three
# KRaft brokers losing a leader, the controller, a broker for a minute; Toxiproxy between
# every service and Kafka/Postgres; docker-compose.yml built and run with podman.
test-brokers: install
	@$(RUN)/pytest tests/reliability/test_three_brokers.py -m three_brokers

test-network: install
	@$(RUN)/pytest tests/reliability/test_network_faults.py -m network_faults

compose-packages:  # podman, docker-compose and the stand-in images (deploy/compose/podman/)
	@deploy/compose/podman/ensure-podman.sh

test-compose: install test-packages compose-packages
	@$(RUN)/pytest tests/compose -m compose -s

test-production: test-brokers test-network test-compose

soak: install
	@$(RUN)/pytest tests/reliability/test_soak.py -m soak -s

bench: install bench-packages
	@$(RUN)/python -m bench.run_all

contracts: $(VENV)/.synced
	@$(RUN)/returners contracts export

clean: down
	rm -rf .returners/kafka/data .returners/postgres .returners/logs .returners/run
