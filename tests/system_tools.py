"""Tests that drive system programs (scripts/system-deps.sh installs them)."""

from __future__ import annotations

import os
import shutil

import pytest


def needs_tools(*tools: str) -> pytest.MarkDecorator:
    """Away from CI a missing program skips the test; in CI (CI set) the test runs and fails
    instead, so that nothing is skipped there."""
    missing = [t for t in tools if shutil.which(t) is None]
    return pytest.mark.skipif(
        bool(missing) and not os.environ.get("CI"),
        reason=f"needs {', '.join(missing)} (scripts/system-deps.sh installs them)",
    )
