"""Shared fixtures: a headless Chromium page that records console errors (browser tests).

The browser comes from :mod:`browser` (found, or installed from Debian's packages); tests that
use ``page`` are skipped without one, unless ``PM_REQUIRE_BROWSER=1`` (CI), where they fail.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from browser import require_chromium


@pytest.fixture(scope="session")
def chromium():
    """One headless browser for the session."""
    path = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=["--no-sandbox", "--disable-gpu"])
        yield browser
        browser.close()


class Page:
    """A browser tab plus what went wrong in it: console errors, uncaught exceptions, dialogs."""

    def __init__(self, tab) -> None:
        self.tab = tab
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        tab.on("console", lambda m: self.errors.append(f"console: {m.text}") if m.type == "error" else None)
        tab.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        tab.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:  # an alert() from injected text would land here
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def page(chromium) -> Iterator[Page]:
    """A fresh tab, 1280 pixels wide."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    yield Page(tab)
    context.close()
