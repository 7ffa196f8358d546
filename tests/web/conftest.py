from pathlib import Path

import pytest


@pytest.fixture(autouse=True, scope="session")
def static_root_exists():
    """whitenoise warns (an error under filterwarnings) when STATIC_ROOT is missing;
    a fresh UNKNOT_DATA_DIR has none until collectstatic runs."""
    from django.conf import settings

    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
