#!/bin/bash
# Postgres first-start script (mounted into /docker-entrypoint-initdb.d): one database per
# service, each owned by its own login role, which no other role may connect to.
#   env: SERVICE_DATABASES   "applications matching notifications reporting"
#        <SERVICE>_DB_PASSWORD for each of them (docker-compose.yml takes them from .env)
# Runs only when the data volume is empty (`docker compose down -v` to start over).
set -euo pipefail

for service in ${SERVICE_DATABASES:?SERVICE_DATABASES is not set}; do
  password_var="${service^^}_DB_PASSWORD"
  password="${!password_var:?${password_var} is not set}"
  echo "creating role and database ${service}"
  psql -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    -v name="${service}" -v password="${password}" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"name" TO :"name";
SQL
done
