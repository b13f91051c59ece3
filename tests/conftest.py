"""Shared fixtures: paths to ../shared, the seed report, small graphs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED_TEXT = SHARED / "reports" / "redbridge-2016.txt"
SEED_PDF = SHARED / "reports" / "corpus" / "80512_redbridge_2016-11-25.pdf"
CORPUS = SHARED / "reports" / "corpus"
SEED_GOLD = SHARED / "gold" / "redbridge-2016.yaml"
EXAMPLE_TEXT = ROOT / "examples" / "redbridge-2016.txt"


def needs_shared() -> pytest.MarkDecorator:
    """Skip when ../shared is absent, except in CI where its absence is a failure."""
    present = (SHARED / "reports").is_dir()
    if not present and os.environ.get("KG_REQUIRE_SHARED"):
        raise RuntimeError("../shared is required (KG_REQUIRE_SHARED is set) but missing")
    return pytest.mark.skipif(not present, reason="../shared is not beside this clone")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return SHARED
