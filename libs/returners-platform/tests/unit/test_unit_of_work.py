"""A unit of work's outbox rows, the locks it holds, and what a single-statement one refuses."""

from typing import Any, cast

import pytest

from returners_platform.contracts.events import ApplicationSubmitted
from returners_platform.contracts.examples import EXAMPLES
from returners_platform.messaging.unit_of_work import UnitOfWork


def _uow(*, in_transaction: bool) -> UnitOfWork:
    return UnitOfWork(
        cast(Any, None),  # never reached: neither call below runs SQL
        source="/returners/test",
        correlation_id=None,
        causation_id=None,
        in_transaction=in_transaction,
    )


def test_an_outbox_row_holds_the_enveloped_event_in_the_outbox_columns_order() -> None:
    data = EXAMPLES[ApplicationSubmitted]
    uow = _uow(in_transaction=False)
    row = uow.outbox_row(data)
    event_id, topic, key, event_type, payload = row.values()
    assert (event_id, key, event_type) == (row.event.id, str(data.application_id), data.event_type)
    assert topic == "returners.applications"
    assert row.event.data == data
    assert f'"id":"{event_id}"' in payload
    assert uow.published == [row.event]


async def test_a_single_statement_unit_of_work_refuses_to_publish_alone() -> None:
    with pytest.raises(RuntimeError, match="single statement"):
        await _uow(in_transaction=False).publish(EXAMPLES[ApplicationSubmitted])


def test_a_unit_of_work_holds_the_locks_taken_in_its_transaction() -> None:
    uow = _uow(in_transaction=True)
    assert not uow.holds_lock("matching:p")
    uow.lock_taken("matching:p")
    assert uow.holds_lock("matching:p")
    assert not uow.holds_lock("matching:q")


def test_a_single_statement_unit_of_work_holds_no_lock_after_its_statement() -> None:
    uow = _uow(in_transaction=False)
    uow.lock_taken("matching:p")
    assert not uow.holds_lock("matching:p")
