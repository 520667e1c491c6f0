#!/bin/bash
# The stand-in apache/kafka entrypoint: server.properties from KAFKA_* variables (as the
# official image: strip KAFKA_, lower-case, _ -> .), storage formatted with CLUSTER_ID once.
set -euo pipefail
props=/opt/kafka/config/server.properties
: > "${props}"
while IFS='=' read -r name value; do
  case "${name}" in
    KAFKA_HEAP_OPTS|KAFKA_OPTS) ;;
    KAFKA_*) key="${name#KAFKA_}"; key="${key,,}"; echo "${key//_/.}=${value}" >> "${props}" ;;
  esac
done < <(env)
grep -q '^log.dirs=' "${props}" || echo "log.dirs=/var/lib/kafka/data" >> "${props}"
echo "log.cleaner.dedupe.buffer.size=33554432" >> "${props}"
printf 'log4j.rootLogger=WARN, stdout\nlog4j.appender.stdout=org.apache.log4j.ConsoleAppender\nlog4j.appender.stdout.layout=org.apache.log4j.PatternLayout\nlog4j.appender.stdout.layout.ConversionPattern=[%%d] %%p %%m (%%c)%%n\nlog4j.logger.kafka.server.KafkaServer=INFO\nlog4j.logger.kafka.server.KafkaRaftServer=INFO\n' \
  > /opt/kafka/config/log4j.properties
heap="${KAFKA_HEAP_OPTS:--Xms256m -Xmx512m}"
java -Xmx256m -Dlog4j.configuration=file:/opt/kafka/config/tools-log4j.properties \
  -cp "/opt/kafka/libs/*" kafka.tools.StorageTool format -t "${CLUSTER_ID:?CLUSTER_ID is not set}" \
  -c "${props}" --ignore-formatted >/dev/null
# shellcheck disable=SC2086
exec java ${heap} -XX:+UseG1GC -Djava.awt.headless=true \
  -Dlog4j.configuration=file:/opt/kafka/config/log4j.properties \
  -cp "/opt/kafka/libs/*" kafka.Kafka "${props}"
