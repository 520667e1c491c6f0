"""The 2020 programme's selection rules (SPEC.md), for the unit tests: the catalogue's
example programme's."""

from returners_platform.contracts.events import ProgrammePublishedV2, SelectionRules
from returners_platform.contracts.examples import EXAMPLES

_PROGRAMME = EXAMPLES[ProgrammePublishedV2]
assert isinstance(_PROGRAMME, ProgrammePublishedV2)
assert _PROGRAMME.selection is not None
RULES: SelectionRules = _PROGRAMME.selection
