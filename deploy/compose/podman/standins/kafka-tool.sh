#!/bin/sh
# Run a Kafka command-line class (the stand-in's bin/*.sh): kafka-tool.sh <main class> <args>
main="$1"; shift
exec java -Xmx256m -Dlog4j.configuration=file:/opt/kafka/config/tools-log4j.properties \
  -cp "/opt/kafka/libs/*" "${main}" "$@"
