from datetime import UTC, datetime, timedelta

import pytest
from pydantic import SecretStr, ValidationError

from returners_platform.clock import ShiftableClock, system_clock
from returners_platform.service.app import service_clock
from returners_platform.service.settings import CouncilKeySettings, ServiceSettings

STRONG = SecretStr("a-long-random-production-secret-0123456789")


def test_local_mode_runs_with_default_secrets() -> None:
    assert ServiceSettings(service_name="x", port=1, RETURNERS_ENV="local").is_local


def test_production_refuses_default_secrets_naming_them() -> None:
    with pytest.raises(ValidationError, match="council_key_secret, operations_token"):
        CouncilKeySettings(service_name="x", port=1, RETURNERS_ENV="production")


def test_production_refuses_a_short_secret() -> None:
    with pytest.raises(ValidationError, match="operations_token"):
        CouncilKeySettings(
            service_name="x",
            port=1,
            RETURNERS_ENV="production",
            operations_token=SecretStr("short"),
            council_key_secret=STRONG,
        )


def test_production_starts_with_real_secrets() -> None:
    settings = CouncilKeySettings(
        service_name="x",
        port=1,
        RETURNERS_ENV="production",
        operations_token=STRONG,
        council_key_secret=STRONG,
    )
    assert not settings.is_local


def test_an_adjustable_clock_may_start_in_the_past_and_only_an_adjustable_one() -> None:
    settings = ServiceSettings(
        service_name="x", port=1, clock_adjustable=True, clock_start_days=-150
    )
    clock = service_clock(settings)
    assert isinstance(clock, ShiftableClock)
    assert clock.offset == timedelta(days=-150)
    assert abs(clock() - (datetime.now(UTC) - timedelta(days=150))) < timedelta(minutes=1)
    assert service_clock(ServiceSettings(service_name="x", port=1)) is system_clock
    with pytest.raises(ValidationError, match="clock_start_days"):
        ServiceSettings(service_name="x", port=1, clock_start_days=-150)
