"""Shared test fixtures and helpers."""

from __future__ import annotations

import os

import pytest


def vereis_libreoffice() -> str:
    """Return the soffice path; skip the test when LibreOffice is missing, but fail when CI is set (not 0/false).

    CI must never silently skip the LibreOffice tests.
    """
    from xl_opgave.werkboek.libreoffice import soffice_pad

    pad = soffice_pad()
    if pad is None:
        melding = "LibreOffice (soffice) is niet geïnstalleerd"
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(f"{melding}, maar CI is gezet: LibreOffice-tests mogen in CI niet overgeslagen worden.",
                        pytrace=False)
        pytest.skip(melding)
    return pad


@pytest.fixture
def soffice() -> str:
    """Path of soffice (see vereis_libreoffice)."""
    return vereis_libreoffice()


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests marked ``libreoffice`` get the skip/fail rule of vereis_libreoffice, before any fixture is set up."""
    if item.get_closest_marker("libreoffice") is not None:
        vereis_libreoffice()
