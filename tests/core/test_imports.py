"""The core must stay framework-free: shells import the core, never the reverse."""

import subprocess
import sys

FORBIDDEN = ("django", "typer", "pydantic", "ninja", "click", "rich", "sqlalchemy", "fastapi")


def test_importing_the_core_loads_no_framework():
    code = (
        "import sys, unknot, unknot.core.api, unknot.core.language, unknot.core.screening;"
        "from unknot.core.kb import default_kb; from unknot.core.api import triage_text;"
        "triage_text('left calf swollen since my flight, 6/10');"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r}];"
        "print(','.join(sorted(bad)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
