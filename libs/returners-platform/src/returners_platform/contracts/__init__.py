"""Event contracts: the envelope, one model per event type, topics and the catalogue."""

from returners_platform.contracts.catalogue import CATALOGUE, EventSpec, spec_for, spec_for_type
from returners_platform.contracts.envelope import CloudEvent, EventData

__all__ = ["CATALOGUE", "CloudEvent", "EventData", "EventSpec", "spec_for", "spec_for_type"]
