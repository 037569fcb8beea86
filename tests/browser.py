"""A headless Chromium for the browser tests: found, or installed from Debian's packages.

Playwright drives the browser, but its own browser download comes from a CDN that CI cannot
reach; Debian's ``chromium`` package comes from a package registry, which it can. So:

1. ``PM_CHROMIUM`` (a path), else ``chromium``, ``chromium-browser`` or ``google-chrome`` on
   the PATH;
2. if none is found and this is a Debian-like machine where we are root (or have password-less
   sudo), ``apt-get install chromium`` (once per session; a few minutes on a fresh machine);
3. if there is still none, the browser tests are skipped with the reason, unless
   ``PM_REQUIRE_BROWSER=1`` (set by ``.ci/run``), which makes them fail instead: CI must
   never pass by skipping them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache

import pytest

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
INSTALL_TIMEOUT_SECONDS = 900  # apt-get update and install on a fresh machine


@cache
def chromium_path() -> str | None:
    """The browser executable, installing Debian's chromium when we can; None if there is none."""
    given = os.environ.get("PM_CHROMIUM")
    if given:
        return given if os.path.exists(given) else None
    found = next((shutil.which(c) for c in CANDIDATES if shutil.which(c)), None)
    if found or not _can_install():
        return found
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n", "--preserve-env=DEBIAN_FRONTEND"]
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", "chromium"]):
        done = subprocess.run([*prefix, *command], env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_SECONDS, check=False)
        if done.returncode != 0:
            return None
    return shutil.which("chromium")


def _can_install() -> bool:
    """apt-get as root, or through password-less sudo."""
    if shutil.which("apt-get") is None or not hasattr(os, "geteuid"):
        return False
    if os.geteuid() == 0:
        return True
    return shutil.which("sudo") is not None and subprocess.run(["sudo", "-n", "true"], capture_output=True, check=False).returncode == 0


def require_chromium() -> str:
    """The browser's path, or skip (fail when ``PM_REQUIRE_BROWSER=1``) with the reason."""
    path = chromium_path()
    if path is None:
        reason = "no Chromium: set PM_CHROMIUM, install Debian's chromium, or run as root on Debian so the tests install it"
        if os.environ.get("PM_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return path
