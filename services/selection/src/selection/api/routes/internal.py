"""Internal endpoints for other services (the internal token): a candidate's feedback, for
the applications service to show the applicant."""

from uuid import UUID

from fastapi import APIRouter

from returners_platform.service.auth import token_matches, unauthenticated
from selection.api.deps import BearerToken, SettingsDep, UnitOfWorkDep
from selection.api.schemas import Feedback
from selection.use_cases import feedback

router = APIRouter(prefix="/internal", tags=["internal"])


@router.get(
    "/applications/{application_id}/feedback",
    response_model=Feedback,
    responses={401: {"description": "Internal token required"}, 404: {"description": "Unknown"}},
)
async def candidate_feedback(
    application_id: UUID, uow: UnitOfWorkDep, token: BearerToken, settings: SettingsDep
) -> Feedback:
    if not token_matches(token, settings.internal_token):
        raise unauthenticated("internal token")
    return Feedback(feedback=await feedback.feedback_for(uow, application_id))
