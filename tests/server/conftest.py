"""Fixtures of the language-server tests: a client connected to `python -m server`, a project."""
from __future__ import annotations

from pathlib import Path

import pytest
import pytest_lsp

from lsp_harness import BLOG, CONFIG, RecordingClient, write_project


@pytest_lsp.fixture(config=CONFIG)
async def client(lsp_client: RecordingClient):
    """A client whose server process is started per test (shut down cleanly afterwards)."""
    yield
    await lsp_client.shutdown_session()


@pytest.fixture
def blog(tmp_path: Path) -> dict[str, Path]:
    """The BLOG project written under a temporary root; keys are relative paths, plus "root"."""
    files = write_project(tmp_path, BLOG)
    files["root"] = tmp_path
    return files
