"""Internal endpoints for other services (the internal token): a candidate's feedback, for
the applications service to show the applicant."""

from uuid import UUID

from returners_platform.service.deps import internal_router
from returners_platform.service.problems import responses
from selection.api.deps import UnitOfWorkDep
from selection.api.schemas import Feedback
from selection.use_cases import feedback

router = internal_router()


@router.get(
    "/applications/{application_id}/feedback",
    responses=responses({404: "Unknown"}),
)
async def candidate_feedback(application_id: UUID, uow: UnitOfWorkDep) -> Feedback:
    return Feedback(feedback=await feedback.feedback_for(uow, application_id))
