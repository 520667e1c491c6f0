"""Publishing programmes.

A published programme is immutable: decisions and offers were made against it. Posting the
same definition again (as ``make up`` does on every run) returns the stored programme and
publishes nothing; posting a different definition under a published id is refused (409)
— a changed programme is a new programme id.
"""

from matching.domain.programme_definition import ProgrammeDefinition
from matching.store import applicants, programmes
from matching.store.applicants import CandidateCounts
from returners_platform.contracts.events import PublishedProgramme
from returners_platform.errors import NotFound, Refused
from returners_platform.messaging.unit_of_work import UnitOfWork


async def publish_programme(
    uow: UnitOfWork, definition: ProgrammeDefinition
) -> tuple[PublishedProgramme, bool]:
    """Store and publish the programme; (programme, created)."""
    programme = definition.published(uow.now())
    if await programmes.insert(uow, programme):
        await uow.publish(programme)
        return programme, True
    existing = await programmes.get(uow, programme.programme_id)
    assert existing is not None
    if _definition(existing) != _definition(programme):
        raise Refused(
            "programme_exists",
            f"programme {programme.programme_id!r} is already published with another "
            "definition; a changed programme needs a new id",
        )
    return existing, False


async def programme(uow: UnitOfWork, programme_id: str) -> PublishedProgramme:
    published = await programmes.get(uow, programme_id)
    if published is None:  # (``found`` would widen the union to EventData for mypy)
        raise NotFound(f"no programme {programme_id!r}")
    return published


async def candidates(uow: UnitOfWork, programme_id: str) -> CandidateCounts:
    """Matching's own count of the programme's applicants (what it has heard so far)."""
    await programme(uow, programme_id)
    return await applicants.counts(uow, programme_id)


async def all_programmes(uow: UnitOfWork) -> list[PublishedProgramme]:
    return await programmes.all_programmes(uow)


def _definition(programme: PublishedProgramme) -> dict[str, object]:
    return programme.model_dump(exclude={"published_at"})
