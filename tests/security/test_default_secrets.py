"""Outside local mode every service refuses to start with a missing or default secret."""

import importlib
import os
import subprocess
import sys

import pytest
from pydantic import ValidationError

from returners_cli.testing.cluster import INSTALLED_SERVICES


@pytest.mark.parametrize("service", INSTALLED_SERVICES)
def test_settings_refuse_default_secrets_in_production(service: str) -> None:
    settings_class = importlib.import_module(f"{service}.config").Settings
    with pytest.raises(ValidationError, match="refusing to start in production mode"):
        settings_class(environment="production")


@pytest.mark.parametrize("service", INSTALLED_SERVICES)
def test_the_service_process_exits_at_once_with_default_secrets_in_production(
    service: str,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(service.upper())}
    result = subprocess.run(
        [sys.executable, "-m", service],
        env={**env, "RETURNERS_ENV": "production"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "refusing to start in production mode" in result.stdout + result.stderr
