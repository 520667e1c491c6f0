"""A draft: the application form answered a part at a time, to come back to later.

Each part is checked as it is saved, field by field, by the same rules as the whole form
(``Submission``): the draft's models are the form's own with every field optional, so a rule
is written once. What needs every answer (a history that cannot be true, consent, a field
left out) is checked when the draft is sent, by ``Submission`` itself.
"""

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, create_model

from applications.domain.equality import EqualityAnswers
from applications.domain.submission import Consent, Contact, Submission
from returners_platform.contracts.events import Preferences, RegistrationHistory


def _optional(model: type[BaseModel], name: str) -> type[BaseModel]:
    """``model`` with every field optional (None: not answered yet), each still validated by
    its own type and constraints when given."""
    fields: dict[str, Any] = {}
    for field_name, info in model.model_fields.items():
        annotation: Any = info.annotation
        if info.metadata:
            annotation = Annotated[(annotation, *info.metadata)]
        fields[field_name] = (annotation | None, None)
    config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    return create_model(name, __config__=config, **fields)


DraftContact = _optional(Contact, "DraftContact")
DraftRegistration = _optional(RegistrationHistory, "DraftRegistration")
DraftPreferences = _optional(Preferences, "DraftPreferences")
DraftConsent = _optional(Consent, "DraftConsent")

if TYPE_CHECKING:  # a model made at run time: to the type checker, a model
    DraftAnswers = BaseModel
else:
    DraftAnswers = create_model(
        "DraftAnswers",
        __config__=ConfigDict(extra="forbid"),
        __doc__="Some of the application form's answers; a part left out is left as it was.",
        contact=(DraftContact | None, None),
        right_to_work_uk=(bool | None, None),
        registration=(DraftRegistration | None, None),
        preferences=(DraftPreferences | None, None),
        consent=(DraftConsent | None, None),
        equality=(EqualityAnswers | None, None),
    )


def merged(answers: dict[str, Any], change: BaseModel) -> dict[str, Any]:
    """The answers with ``change`` applied: each part given replaces the fields it names."""
    result = dict(answers)
    for part, value in change.model_dump(mode="json", exclude_unset=True).items():
        if isinstance(value, dict) and isinstance(result.get(part), dict):
            result[part] = {**result[part], **value}
        else:
            result[part] = value
    return result


def as_submission(programme_id: str, answers: dict[str, Any]) -> Submission:
    """The whole form from a draft's answers (pydantic's ValidationError naming every field
    missing or refused)."""
    return Submission.model_validate({"programme_id": programme_id, **answers})


def email_to_write_to(answers: dict[str, Any], given: str | None) -> str | None:
    """Where a link to come back is sent: the address given for it, else the draft's own."""
    contact = answers.get("contact") or {}
    return given or contact.get("email")


def expiry(now: datetime, days: int) -> datetime:
    """A draft is kept ``days`` after it was last saved."""
    return now + timedelta(days=days)
