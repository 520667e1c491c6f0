#!/bin/bash
# The stand-in postgres:15 entrypoint: initdb and the init scripts on an empty data
# directory (as the official image does), then the server on every address.
set -euo pipefail
: "${PGDATA:=/var/lib/postgresql/data}"
: "${POSTGRES_USER:=postgres}"
mkdir -p "${PGDATA}" && chown -R postgres:postgres "${PGDATA}" && chmod 700 "${PGDATA}"
as_postgres() { runuser -u postgres -- "$@"; }
if [ ! -s "${PGDATA}/PG_VERSION" ]; then
  pwfile="$(mktemp)" && chown postgres "${pwfile}"
  printf '%s' "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is not set}" > "${pwfile}"
  # As the official image: the socket inside the container trusts (the init scripts run on
  # it, without a password), every network connection needs its password.
  as_postgres initdb -D "${PGDATA}" -U "${POSTGRES_USER}" --pwfile="${pwfile}" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 >/dev/null
  rm -f "${pwfile}"
  echo "host all all all scram-sha-256" >> "${PGDATA}/pg_hba.conf"
  # Init scripts against a server on the socket only, as the official image runs them.
  as_postgres pg_ctl -D "${PGDATA}" -o "-c listen_addresses=''" -w start >/dev/null
  for f in /docker-entrypoint-initdb.d/*; do
    case "$f" in
      *.sh) echo "running $f"; POSTGRES_USER="${POSTGRES_USER}" bash "$f" ;;
      *.sql) echo "running $f"; psql -v ON_ERROR_STOP=1 -U "${POSTGRES_USER}" -f "$f" ;;
      *) ;;
    esac
  done
  as_postgres pg_ctl -D "${PGDATA}" -m fast -w stop >/dev/null
fi
exec runuser -u postgres -- postgres -D "${PGDATA}" -c listen_addresses='*'
