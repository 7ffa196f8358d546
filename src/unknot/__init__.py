"""unknot: privacy-first self-care for muscle knots.

The public core API is re-exported here; importing it pulls in no web, CLI or
database framework.
"""

__version__ = "0.1.0"

from unknot.core.api import rank_text, triage_facts, triage_text, where

__all__ = ["__version__", "rank_text", "triage_facts", "triage_text", "where"]
