"""Every event reaches a projection, and each projection finds the record it is about."""

from reporting.domain.facts import application_from_document, application_to_document
from reporting.projections import PROJECTIONS
from returners_platform.contracts.catalogue import CATALOGUE
from returners_platform.contracts.examples import EXAMPLES

from ..history import APPLICATION_EVENTS, PLACEMENT_EVENTS, app_id


def test_reporting_projects_every_event_type_of_the_catalogue() -> None:
    assert set(PROJECTIONS) == {spec.model for spec in CATALOGUE}


def test_each_projection_keys_its_events_and_builds_facts_from_nothing() -> None:
    for model, projection in PROJECTIONS.items():
        example = EXAMPLES[model]
        assert projection.key(example) is not None
        assert projection.rule(None, example) is not None


def test_application_facts_survive_their_json_document() -> None:
    facts = None
    for data in [*PLACEMENT_EVENTS, *APPLICATION_EVENTS]:
        if getattr(data, "application_id", None) == app_id(2):
            facts = PROJECTIONS[type(data)].rule(facts, data)
    assert facts is not None
    assert application_from_document(app_id(2), application_to_document(facts)) == facts
