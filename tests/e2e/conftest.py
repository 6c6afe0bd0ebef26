"""Real headless Chromium (Debian's binary) driven by Playwright against the live test server."""

import os
import shutil

import pytest

# Playwright's sync API keeps an event loop running in this thread; Django would take the test's own database
# calls for async code. They are plain synchronous calls, so tell Django so.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed: run `apt-get install chromium` (.ci/run does).")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site_url(live_server):
    # Secure cookies are accepted on http://localhost (a secure context), never on http://127.0.0.1.
    return live_server.url.replace("127.0.0.1", "localhost")


@pytest.fixture
def page(chromium):
    context = chromium.new_context()
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def new_page(chromium):
    """A factory of pages in separate browser contexts: separate cookie jars, like separate browsers."""
    contexts = []

    def make():
        context = chromium.new_context()
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
