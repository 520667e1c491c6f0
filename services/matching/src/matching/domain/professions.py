"""What differs between professions by default (everything else is programme data)."""

from returners_platform.contracts.vocabulary import SOCIAL_WORK_REGISTERS

# The registers that count as "previously registered" when a programme names none.
DEFAULT_RECOGNISED_BODIES: dict[str, tuple[str, ...]] = {"social_work": SOCIAL_WORK_REGISTERS}


def default_recognised_bodies(profession: str) -> tuple[str, ...] | None:
    return DEFAULT_RECOGNISED_BODIES.get(profession)
