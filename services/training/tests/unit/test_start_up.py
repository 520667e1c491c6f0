"""What the service loads to start."""

import subprocess
import sys
import textwrap

PROBE = textwrap.dedent(
    """
    import sys
    from datetime import UTC, datetime
    from uuid import uuid4

    import training.bootstrap
    from training.documents.updating_record import UpdatingRecord, render

    assert "fpdf" not in sys.modules, "the PDF library was loaded at start"
    record = UpdatingRecord(
        placement_id=uuid4(), application_id=uuid4(), programme_id="rtsw-2020",
        council_id=uuid4(), region="London", updating_days=30, required_hours=210.0,
        started_on=None, ended_on=None, completed_on=None, lines=[], by_kind={},
        total_hours=0.0, signed_off_by=None, signed_off_at=None,
        generated_at=datetime.now(UTC),
    )
    assert render(record).startswith(b"%PDF")
    assert "fpdf" in sys.modules
    """
)


def test_the_service_starts_without_the_pdf_library_which_loads_at_the_first_record() -> None:
    """fpdf brings Pillow, fontTools and cryptography: about 34 MiB of an idle service's
    memory, for a document asked for now and then."""
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
