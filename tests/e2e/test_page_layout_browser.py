"""Layout in a real Chromium: the sessions table stays readable on a phone (375 px) and a desktop (1280 px), and the
403 page shows who is signed in with a Sign out button. Screenshots are saved for a person to look at
(.pytest_cache/e2e-artifacts/); the assertions are measured layout facts, so the test fails when the layout breaks."""

from pathlib import Path

import pytest

from tests.e2e.pages import sign_in_with_password
from tests.helpers import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / ".pytest_cache" / "e2e-artifacts"
FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
SAFARI = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.5 Mobile/15E148 Safari/604.1")

# How many lines of text an element's content occupies: distinct tops of its text's line boxes.
LINES = """(element) => {
  const range = document.createRange();
  range.selectNodeContents(element);
  return new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top))).size;
}"""


def browser_page(chromium, width, user_agent):
    context = chromium.new_context(viewport={"width": width, "height": 900}, user_agent=user_agent)
    context.set_default_timeout(15_000)
    return context, context.new_page()


def screenshot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)


@pytest.mark.parametrize("width", [375, 1280])
def test_the_sessions_table_stays_readable(chromium, site_url, width):
    make_user("layout@example.com")
    other_context, other = browser_page(chromium, 1280, FIREFOX)
    context, page = browser_page(chromium, width, SAFARI)
    try:
        sign_in_with_password(other, site_url, "layout@example.com")
        sign_in_with_password(page, site_url, "layout@example.com")
        page.goto(f"{site_url}/account/sessions/")
        screenshot(page, f"sessions-{width}.png")

        assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing sticks out sideways
        dates = page.locator("td.when")
        assert dates.count() == 4
        for index in range(dates.count()):
            assert dates.nth(index).evaluate(LINES) == 1, f"a date wraps at {width} px"
        sign_out = page.locator("td.action").get_by_role("button", name="Sign out")
        assert sign_out.count() == 1 and sign_out.evaluate(LINES) == 1
        button_box = sign_out.bounding_box()
        line_height = float(sign_out.evaluate("(b) => parseFloat(getComputedStyle(b).lineHeight)"))
        assert button_box["height"] < 1.5 * line_height, f'"Sign out" takes {button_box["height"]} px'
        for index in range(dates.count()):  # on screen, not clipped away
            box = dates.nth(index).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= width
    finally:
        context.close()
        other_context.close()


@pytest.mark.parametrize("width", [375, 1280])
def test_the_403_page_shows_who_is_signed_in_and_sign_out(chromium, site_url, width):
    make_user("plain@example.com")
    context, page = browser_page(chromium, width, FIREFOX)
    try:
        sign_in_with_password(page, site_url, "plain@example.com")
        response = page.goto(f"{site_url}/admin/")
        assert response.status == 403
        screenshot(page, f"forbidden-{width}.png")
        assert page.get_by_text("You are signed in as").is_visible()
        assert page.locator("main strong", has_text="plain@example.com").is_visible()
        sign_out = page.get_by_role("button", name="Sign out")
        assert sign_out.is_visible()
        sign_out.click()
        page.wait_for_url(f"{site_url}/login/")
        assert page.locator(".messages .info").inner_text() == "You have been signed out."
    finally:
        context.close()
