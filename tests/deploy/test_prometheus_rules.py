"""deploy/prometheus/rules.yml is valid for Prometheus itself, and its alerts fire when, and
only when, its unit tests (deploy/prometheus/rules_test.yml) say so.

Both run Debian's ``promtool`` (package ``prometheus``; make test installs it). That the
delivery-failure alert fires against the real notifications service is proven end to end by
tests/operations/test_broken_mail_server.py.
"""

import subprocess
from pathlib import Path

from returners_cli.testing.prometheus import PROMTOOL, require

PROMETHEUS_DIR = Path(__file__).resolve().parents[2] / "deploy" / "prometheus"


def promtool(*args: str) -> subprocess.CompletedProcess[str]:
    require(PROMTOOL)
    return subprocess.run(
        [str(PROMTOOL), *args],
        cwd=PROMETHEUS_DIR,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_alert_rules_are_valid() -> None:
    checked = promtool("check", "rules", "rules.yml")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_alert_rules_pass_their_unit_tests() -> None:
    tested = promtool("test", "rules", "rules_test.yml")
    assert tested.returncode == 0, tested.stdout + tested.stderr
