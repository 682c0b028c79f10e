"""Browser tests: Playwright for Python driving Debian's Chromium (never a downloaded browser).

Chromium comes from Debian (`apt-get install -y chromium`) and is launched headless by its
executable path. The app is served by pytest-django's `live_server` (transactional database).
Each journey saves screenshots of its key pages to `test-artifacts/screenshots/`.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ARTIFACTS = (
    Path(os.environ.get("TEST_ARTIFACTS_DIR", Path.cwd() / "test-artifacts")) / "screenshots"
)
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's Chromium is missing at {CHROMIUM}: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


class Journey:
    """A browser context for one person, with a screenshot helper."""

    def __init__(self, browser, base_url: str, name: str, viewport: dict, mobile: bool = False):
        self.context = browser.new_context(
            viewport=viewport,
            locale="id-ID",
            timezone_id="Asia/Jakarta",
            is_mobile=mobile,
            has_touch=mobile,
            device_scale_factor=1,
        )
        self.context.set_default_timeout(15_000)
        self.page = self.context.new_page()
        self.base_url = base_url.rstrip("/")
        self.name = name
        self.shots: list[Path] = []
        self.console_errors: list[str] = []
        self.page.on("pageerror", lambda exc: self.console_errors.append(str(exc)))

    def goto(self, path: str):
        return self.page.goto(self.base_url + path)

    def shot(self, label: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9-]+", "-", f"{self.name}-{len(self.shots) + 1:02d}-{label}".lower())
        path = ARTIFACTS / f"{slug}.png"
        self.page.screenshot(path=str(path), full_page=True)
        self.shots.append(path)
        return path

    def close(self):
        self.context.close()


@pytest.fixture
def journey(browser, live_server):
    opened: list[Journey] = []

    def open_journey(name: str, *, mobile: bool = False) -> Journey:
        j = Journey(browser, live_server.url, name, MOBILE if mobile else DESKTOP, mobile=mobile)
        opened.append(j)
        return j

    yield open_journey
    for j in opened:
        j.close()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe_url(tmp_path_factory):
    """One localstripe per run on loopback (it keeps its state in one file, in a temp dir)."""
    import subprocess
    import sys
    import time
    import urllib.request

    port = _free_port()
    workdir = tmp_path_factory.mktemp("localstripe")
    process = subprocess.Popen(
        [sys.executable, "-m", "localstripe", "--port", str(port), "--from-scratch"],
        cwd=workdir,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(f"{url}/js.stripe.com/v3/", timeout=1).read()
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("localstripe did not start")
            time.sleep(0.2)
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def stripe_settings(settings, localstripe_url):
    """Point the Stripe gateway and the page's Stripe.js at localstripe."""
    settings.STRIPE_API_BASE = localstripe_url
    settings.STRIPE_SECRET_KEY = "sk_test_galeri"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_galeri"
    settings.STRIPE_JS_URL = f"{localstripe_url}/js.stripe.com/v3/"
    return settings
