"""A stand-in for Kafka's ``kafka-topics.sh`` that talks to a real broker through aiokafka.

tests/deploy/test_compose.py runs deploy/compose/create-topics.sh with it (there is no Kafka
distribution with its shell scripts here, only the broker jars). It accepts exactly the options
the script uses, spelled as the real tool spells them, and refuses anything else:

    --bootstrap-server HOST:PORT --create [--if-not-exists] --topic NAME --partitions N
        --replication-factor N [--config KEY=VALUE]...
    --bootstrap-server HOST:PORT --list
"""

import argparse
import asyncio
import sys

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError, for_code


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kafka-topics.sh", allow_abbrev=False)
    parser.add_argument("--bootstrap-server", required=True)
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--create", action="store_true")
    action.add_argument("--list", action="store_true")
    parser.add_argument("--if-not-exists", action="store_true")
    parser.add_argument("--topic")
    parser.add_argument("--partitions", type=int)
    parser.add_argument("--replication-factor", type=int)
    parser.add_argument("--config", action="append", default=[])
    args = parser.parse_args(argv)
    if args.create and not (args.topic and args.partitions and args.replication_factor):
        parser.error("--create needs --topic, --partitions and --replication-factor")
    if any("=" not in c for c in args.config):
        parser.error("--config takes KEY=VALUE")
    return args


async def run(args: argparse.Namespace) -> int:
    admin = AIOKafkaAdminClient(bootstrap_servers=args.bootstrap_server)
    await admin.start()
    try:
        if args.list:
            for name in sorted(await admin.list_topics()):
                print(name)
            return 0
        configs = dict(c.split("=", 1) for c in args.config)
        topic = NewTopic(
            args.topic, args.partitions, args.replication_factor, topic_configs=configs
        )
        response = await admin.create_topics([topic])
        for _name, code, *details in response.topic_errors:
            if code == TopicAlreadyExistsError.errno and args.if_not_exists:
                print(f"Topic {args.topic} exists.")
                return 0
            if code != 0:
                print(f"Error creating {args.topic}: {for_code(code).__name__} {details}")
                return 1
        print(f"Created topic {args.topic}.")
        return 0
    finally:
        await admin.close()


if __name__ == "__main__":
    sys.exit(asyncio.run(run(parse(sys.argv[1:]))))
