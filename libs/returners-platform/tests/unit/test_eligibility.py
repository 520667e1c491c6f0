"""A programme's rules read the same from ``programme.published`` as from its JSON (the
applications service's ``GET /programmes/{id}``), the two places the rules are read from."""

from returners_platform.contracts.events import ProgrammePublished, ProgrammePublishedV2
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
