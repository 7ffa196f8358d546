"""unknot: privacy-first self-care for muscle knots.

The public core API is re-exported here lazily, so `unknot --help` does not
pay for loading the knowledge base; importing it pulls in no web, CLI or
database framework.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["__version__", "rank_text", "triage_facts", "triage_text", "where"]


def __getattr__(name: str) -> Any:
    if name in {"rank_text", "triage_facts", "triage_text", "where"}:
        from unknot.core import api

        return getattr(api, name)
    raise AttributeError(f"module 'unknot' has no attribute {name!r}")
