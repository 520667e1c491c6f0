"""The interview panel (each member with their own key): the candidates to interview,
scores, no-shows, conflicts of interest."""

from uuid import UUID

from fastapi import APIRouter, Response, status

from returners_platform.contracts.vocabulary import ProgrammeId
from returners_platform.service.problems import responses
from selection.api.deps import PanelMember, UnitOfWorkDep
from selection.api.schemas import PanelCandidateView, PanelScores, Scored
from selection.use_cases import panel

# Every route takes the panel member (PanelMember): their key, and only their candidates.
router = APIRouter(
    prefix="/programmes/{programme_id}/interviews",
    tags=["interviews"],
    responses=responses(
        {
            401: "A panel member's key required",
            404: "Not a candidate of this panel member's (another programme's, or one they "
            "declared a conflict with)",
        }
    ),
)


@router.get("")
async def candidates(
    programme_id: ProgrammeId, assessor: PanelMember, uow: UnitOfWorkDep
) -> list[PanelCandidateView]:
    found = await panel.candidates_for(uow, assessor, programme_id)
    return [PanelCandidateView.model_validate(c, from_attributes=True) for c in found]


@router.post(
    "/{application_id}/scores",
    status_code=status.HTTP_201_CREATED,
    responses=responses(
        {409: "Scored by this member already, the interview is complete, or selection is closed"}
    ),
    summary="Score every criterion (the last of the panel completes the interview)",
)
async def score(
    programme_id: ProgrammeId,
    application_id: UUID,
    body: PanelScores,
    assessor: PanelMember,
    uow: UnitOfWorkDep,
) -> Scored:
    complete = await panel.record_scores(
        uow, assessor, programme_id, application_id, body.scores, body.feedback
    )
    return Scored(application_id=application_id, interview_complete=complete)


@router.post(
    "/{application_id}/no-show",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=responses({409: "Already scored, or complete"}),
    summary="Record that the candidate did not attend",
)
async def no_show(
    programme_id: ProgrammeId, application_id: UUID, assessor: PanelMember, uow: UnitOfWorkDep
) -> Response:
    await panel.record_no_show(uow, assessor, programme_id, application_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{application_id}/conflict",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Declare a conflict of interest: the member will not see or score the candidate",
)
async def conflict(
    programme_id: ProgrammeId, application_id: UUID, assessor: PanelMember, uow: UnitOfWorkDep
) -> Response:
    await panel.declare_conflict(uow, assessor, programme_id, application_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
