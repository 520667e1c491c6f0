"""Bodies of the programme API beyond the programme itself (its contract model)."""

from pydantic import BaseModel, Field


class CandidateCountsView(BaseModel):
    """Matching's view of a programme's applicants, as of the events it has handled."""

    decided: int = Field(description="Eligibility decided")
    eligible: int
    selected: int = Field(
        description="Selected (or promoted from the waitlist) and still holding the place; "
        "0 in a programme without selection"
    )
    withdrawn: int
