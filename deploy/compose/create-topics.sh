#!/bin/bash
# docker compose's one-shot topic step (service kafka-topics, run in the apache/kafka image):
# create every topic of topics.txt (generated from contracts/topics.py) if it is missing,
# then checks that they all exist. Idempotent: `docker compose up` runs it on every start.
#   usage: create-topics.sh <topics.txt>
#   env: BOOTSTRAP_SERVERS, REPLICATION_FACTOR, KAFKA_TOPICS_SH (the kafka-topics.sh to use)
set -euo pipefail

topics_file="${1:?usage: create-topics.sh <topics.txt>}"
bootstrap="${BOOTSTRAP_SERVERS:-kafka:9092}"
replication="${REPLICATION_FACTOR:-1}"
kafka_topics="${KAFKA_TOPICS_SH:-/opt/kafka/bin/kafka-topics.sh}"

names=()
while read -r name partitions configs; do
  case "${name}" in '' | '#'*) continue ;; esac
  config_args=()
  for config in ${configs}; do config_args+=(--config "${config}"); done
  "${kafka_topics}" --bootstrap-server "${bootstrap}" --create --if-not-exists \
    --topic "${name}" --partitions "${partitions}" --replication-factor "${replication}" \
    "${config_args[@]}"
  names+=("${name}")
done < "${topics_file}"

[ "${#names[@]}" -gt 0 ] || { echo "no topics in ${topics_file}" >&2; exit 1; }
existing="$("${kafka_topics}" --bootstrap-server "${bootstrap}" --list)"
for name in "${names[@]}"; do
  grep -qxF "${name}" <<<"${existing}" || { echo "topic ${name} was not created" >&2; exit 1; }
done
echo "${#names[@]} topics present: ${names[*]}"
