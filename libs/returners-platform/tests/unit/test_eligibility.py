"""A programme's rules read the same from ``programme.published`` as from its JSON (the
applications service's ``GET /programmes/{id}``), the two places the rules are read from; and
every version of ``programme.published`` reads as v3."""

from returners_platform.contracts.events import (
    ProgrammePublished,
    ProgrammePublishedV2,
    ProgrammePublishedV3,
    as_v3,
    programme_from_json,
)
from returners_platform.contracts.examples import EXAMPLES
from returners_platform.eligibility import ProgrammeRules


def test_the_rules_of_a_published_programme_are_those_of_its_json() -> None:
    for model in (ProgrammePublished, ProgrammePublishedV2):
        published = EXAMPLES[model]
        rules = ProgrammeRules.of(published)
        assert rules == ProgrammeRules.of(published.model_dump(mode="json"))
        registered = rules.eligibility.previously_registered
        assert registered is not None
        assert set(registered.bodies) == {"SWE", "HCPC", "GSCC", "SCW", "CCW", "SSSC", "NISCC"}
        assert [(b.from_years, b.days) for b in rules.updating_days] == [(2, 30), (5, 60)]


def test_a_social_work_programme_of_any_version_reads_as_v3_with_its_two_families() -> None:
    for model in (ProgrammePublished, ProgrammePublishedV2):
        published = EXAMPLES[model]
        v3 = as_v3(published)
        assert [(f.code, f.label) for f in v3.job_families] == [
            ("children", "Children's services"),
            ("adults", "Adults' services"),
        ]
        assert v3.eligibility == ProgrammeRules.of(published).eligibility
        assert v3.programme_id == published.programme_id
        assert v3.updating_days == published.updating_days
        assert programme_from_json(published.model_dump(mode="json")) == v3
    assert as_v3(EXAMPLES[ProgrammePublishedV2]).selection is not None


def test_a_v3_programme_keeps_its_own_families_and_rules() -> None:
    planning = EXAMPLES[ProgrammePublishedV3]
    assert isinstance(planning, ProgrammePublishedV3)
    assert as_v3(planning) is planning
    assert programme_from_json(planning.model_dump(mode="json")) == planning
    rules = ProgrammeRules.of(planning)
    assert rules.eligibility == planning.eligibility
    assert rules.eligibility.previously_registered is None
    assert planning.job_family_codes == ["development_management", "planning_policy"]
