"""Operations staff register councils and rotate (revoke and reissue) their keys."""

from uuid import UUID

from fastapi import status

from matching.api.deps import SettingsDep, UnitOfWorkDep
from matching.api.schemas.councils import CouncilKey, CouncilRegistration, RegisteredCouncil
from matching.use_cases import councils
from returners_platform.service.deps import operations_router
from returners_platform.service.problems import responses

router = operations_router("/admin/councils", tags=["councils"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=responses({409: "A council of that name exists"}),
    summary="Register a council; its API key is shown once",
)
async def register(
    body: CouncilRegistration, uow: UnitOfWorkDep, settings: SettingsDep
) -> RegisteredCouncil:
    registered = await councils.register_council(uow, body.name, settings.council_key_secret)
    return RegisteredCouncil.model_validate(registered, from_attributes=True)


@router.post(
    "/{council_id}/keys",
    status_code=status.HTTP_201_CREATED,
    responses=responses({404: "No such council"}),
    summary="Revoke the council's current keys and issue a new one (shown once)",
)
async def rotate_key(council_id: UUID, uow: UnitOfWorkDep, settings: SettingsDep) -> CouncilKey:
    issued = await councils.rotate_key(uow, council_id, settings.council_key_secret)
    return CouncilKey.model_validate(issued, from_attributes=True)
