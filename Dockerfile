# syntax=docker/dockerfile:1
# One image definition for the five Returners services and the applicant portal; the build argument
# SERVICE picks the service (its package and dependencies only, installed from uv.lock):
#
#   docker build --build-arg SERVICE=applications -t returners/applications .
#   docker run --env-file ... returners/applications            # runs `python -m applications`
#
# SERVICE is one of applications, matching, notifications, reporting, selection, training, portal. The
# reporting image also runs the projections worker: command `python -m reporting.worker`.
# docker-compose.yml builds every service from this file; deploy/k8s uses the same images.

ARG PYTHON_IMAGE=python:3.11-slim-bookworm
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- the portal's GOV.UK Frontend, from services/portal/package-lock.json ----------------
FROM ${NODE_IMAGE} AS portal-assets
WORKDIR /assets
COPY services/portal/package.json services/portal/package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && test -f node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.css

# ---- build: a virtual environment with the service and its locked dependencies ------------
FROM ${PYTHON_IMAGE} AS build
ARG SERVICE
ARG UV_VERSION=0.13.9
RUN case "${SERVICE}" in \
      applications|matching|notifications|reporting|selection|training|portal) ;; \
      *) echo "build with --build-arg SERVICE=applications|matching|notifications|reporting|selection|training|portal" >&2; exit 1 ;; \
    esac
RUN pip install --no-cache-dir "uv==${UV_VERSION}"
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3 \
    UV_PROJECT_ENVIRONMENT=/opt/returners/venv
WORKDIR /src
# The whole workspace (see .dockerignore): uv resolves members from the root pyproject.toml.
COPY pyproject.toml uv.lock ./
COPY libs/ libs/
COPY services/ services/
COPY tools/ tools/
# --frozen: exactly uv.lock, never re-resolved; --no-editable: the venv does not need /src.
RUN uv sync --frozen --no-dev --no-editable --package "returners-${SERVICE}" \
 && /opt/returners/venv/bin/python -c "import ${SERVICE}.config, ${SERVICE}.bootstrap"

# ---- runtime: slim, non-root, only the virtual environment ----------------------------------
FROM ${PYTHON_IMAGE} AS runtime
ARG SERVICE
ENV RETURNERS_SERVICE=${SERVICE} \
    PATH=/opt/returners/venv/bin:${PATH} \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    APPLICATIONS_HOST=0.0.0.0 \
    MATCHING_HOST=0.0.0.0 \
    NOTIFICATIONS_HOST=0.0.0.0 \
    REPORTING_HOST=0.0.0.0 \
    PORTAL_HOST=0.0.0.0 \
    PORTAL_GOVUK_FRONTEND_DIR=/opt/returners/govuk-frontend
RUN groupadd --system --gid 10001 returners \
 && useradd --system --uid 10001 --gid returners --home-dir /var/lib/returners \
      --create-home --shell /usr/sbin/nologin returners
COPY --from=build /opt/returners/venv /opt/returners/venv
# GOV.UK Frontend's built files (a few MB), served by the portal itself.
COPY --from=portal-assets /assets/node_modules/govuk-frontend/dist/govuk /opt/returners/govuk-frontend
# Numeric user, so that Kubernetes' runAsNonRoot can verify it. The working directory is the
# only writable place the services need (faust keeps its small data directory there).
USER 10001:10001
WORKDIR /var/lib/returners
EXPOSE 8000 8001 8002 8003 8004
# Liveness of the HTTP process, on the port its settings give (<SERVICE>_PORT or the default).
# Shell form (CMD-SHELL once built), which Docker and podman both run as written; podman 4.3's
# Docker-compatible API splits an exec-form check's arguments on spaces.
# docker-compose.yml checks /readyz instead, and the worker's own metrics port for the worker.
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
  CMD python -c "import importlib, os, urllib.request; s = os.environ['RETURNERS_SERVICE']; c = importlib.import_module(s + '.config').Settings; p = os.environ.get(c.model_config['env_prefix'] + 'PORT') or c.model_fields['port'].default; urllib.request.urlopen(f'http://127.0.0.1:{p}/healthz', timeout=4)"
CMD ["/bin/sh", "-c", "exec python -m \"${RETURNERS_SERVICE}\""]
