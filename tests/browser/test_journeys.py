"""End-to-end journeys in a real browser: what a person of each role sees and does.

Each test seeds the demo region (the live server's database is flushed between
transactional tests), so they are few and each covers a whole journey.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from demo.region import DEMO_LOGINS, DEMO_PASSWORD
from tests.browser.conftest import PHONE

pytestmark = pytest.mark.browser

LOGIN_PATH = "/accounts/login/"

# What each demo login must see on its home page: the role section(s) (data-role) and real
# demo data inside that section; and what must never appear anywhere on the page.
LIMBURG_ONLY = ["Limburg", "Campus De Lindeboom", "Kindernest", "Emma Aerts"]
ANTWERPEN_ONLY = ["Antwerpen", "Campus Scheldezicht", "Speelvogel", "Lucas Van Damme"]
EXPECTED_HOME = {
    "coordinator@uniform.demo": ("coordinator", ["Uniform Limburg", "Netwerkdashboard"], ANTWERPEN_ONLY),
    "schooladmin@uniform.demo": ("school_admin", ["Emma Aerts", "7BKO-A"], ANTWERPEN_ONLY + ["Atheneum Kempenland"]),
    "teacher@uniform.demo": ("teacher", ["Emma Aerts", "7BKO-A"], ANTWERPEN_ONLY),
    "teacher2@uniform.demo": ("teacher", ["7 Kinderzorg", "Atheneum Kempenland"], ANTWERPEN_ONLY + ["Emma Aerts"]),
    "childcare@uniform.demo": ("childcare_admin", ["KDV Zonnebloem", "Emma Aerts"], ANTWERPEN_ONLY + ["BKO De Ravotter"]),
    "coach@uniform.demo": ("coach", ["An Vermeulen", "Emma Aerts"], ANTWERPEN_ONLY + ["BKO De Ravotter"]),
    "mentor@uniform.demo": ("mentor", ["Emma Aerts", "KDV 't Nestje"], ANTWERPEN_ONLY),
    "mentor2@uniform.demo": ("mentor", ["BKO De Ravotter"], ANTWERPEN_ONLY + ["Emma Aerts"]),
    "student@uniform.demo": ("student", ["KDV 't Nestje", "An Vermeulen"], ANTWERPEN_ONLY),
    "coordinator@other.demo": ("coordinator", ["Uniform Antwerpen", "Netwerkdashboard"], LIMBURG_ONLY),
    "teacher@other.demo": ("teacher", ["Lucas Van Damme"], LIMBURG_ONLY),
    "mentor@other.demo": ("mentor", ["Lucas Van Damme"], LIMBURG_ONLY),
    "student@other.demo": ("student", ["KDV Speelvogel"], LIMBURG_ONLY),
}


# ---------------------------------------------------------------------------- helpers
def log_in(page: Page, base_url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(LOGIN_PATH)
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")


def log_out(page: Page, base_url: str) -> None:
    """Log out the way a person does: open the user menu in the navbar, click "Afmelden"."""
    page.locator("#account-menu").click()
    logout = page.locator("nav .dropdown-menu form[action$='/logout/'] button[type=submit]")
    expect(logout).to_be_visible()
    logout.click()
    page.wait_for_url(f"{base_url}{LOGIN_PATH}")
    expect(page.locator("input[name=login]")).to_be_visible()


def html_lang(page: Page) -> str:
    return page.locator("html").get_attribute("lang") or ""


def wait_for_mail(outbox, to: str, timeout: float = 10.0):
    """The live server sends mail from its own thread; wait for the message to ``to``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in outbox:
            if to in message.to:
                return message
        time.sleep(0.05)
    raise AssertionError(f"no mail to {to}; outbox: {[(m.to, m.subject) for m in outbox]}")


# ---------------------------------------------------------------------------- journeys
def test_every_demo_login_lands_on_its_role_home(browser, new_context, demo_region, live_server):
    assert set(EXPECTED_HOME) == set(DEMO_LOGINS), "every demo login of DEVELOPERS.md has an expectation"
    page = new_context().new_page()
    failures: list[str] = []
    for email, (role, must_see, must_not_see) in EXPECTED_HOME.items():
        try:
            log_in(page, live_server.url, email)
            assert html_lang(page) == "nl", f"html[lang] is {html_lang(page)!r}, expected the Dutch default"
            roles = page.locator("section[data-role]").evaluate_all("els => els.map(e => e.dataset.role)")
            assert set(roles) == {role}, f"role sections {roles}, expected only {role!r}"
            section = page.locator(f"section[data-role={role}]").first
            expect(section).to_be_visible()
            for text in must_see:
                expect(section).to_contain_text(text)
            body = page.locator("body").inner_text()
            leaked = [text for text in must_not_see if text in body]
            assert not leaked, f"sees {leaked}, which is not theirs"
            name = DEMO_LOGINS[email][0]
            expect(page.locator("#account-menu")).to_have_text(name)
            log_out(page, live_server.url)
        except (AssertionError, PlaywrightError) as error:
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
            failures.append(f"{email}: {first_line} (at {page.url})")
            page.context.clear_cookies()  # start the next login from scratch
    assert not failures, "demo logins that do not land on their role home:\n  " + "\n  ".join(failures)


def test_login_by_emailed_code(page, live_server, mailoutbox):
    page.goto(LOGIN_PATH)
    page.locator("a[href*='/accounts/login/code/']").click()
    page.wait_for_url(re.compile(r"/accounts/login/code/$"))
    page.locator("input[name=email]").fill("mentor@uniform.demo")
    page.locator("input[name=email]").press("Enter")
    page.wait_for_url(re.compile(r"/accounts/login/code/confirm/"))

    message = wait_for_mail(mailoutbox, "mentor@uniform.demo")
    codes = re.findall(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]+)*)\s*$", message.body, re.MULTILINE)
    assert len(codes) == 1, f"expected one login code in the mail body:\n{message.body}"

    page.locator("input[name=code]").fill(codes[0])
    page.locator("input[name=code]").press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.locator("section[data-role=mentor]")).to_contain_text("Emma Aerts")
    expect(page.locator("#account-menu")).to_have_text("An Vermeulen")


def test_wrong_password_shows_error_and_keeps_email(page, live_server):
    page.goto(LOGIN_PATH)
    page.locator("input[name=login]").fill("mentor@uniform.demo")
    page.locator("input[name=password]").fill("not-the-password")
    page.locator("main form:has(input[name=password]) button[type=submit]").click()
    page.wait_for_load_state()

    assert page.url == f"{live_server.url}{LOGIN_PATH}", f"still on the login page, not {page.url}"
    error = page.locator("main form .alert-danger, main form .invalid-feedback, main form .errorlist")
    expect(error.first).to_be_visible()
    expect(error.first).not_to_be_empty()
    expect(page.locator("input[name=login]")).to_have_value("mentor@uniform.demo")
    expect(page.locator("input[name=password]")).to_have_value("")
    expect(page.locator("section[data-role]")).to_have_count(0)


def test_invitation_journey(page, new_context, live_server, mailoutbox):
    invitee = "nieuw.leerkracht@example.org"
    log_in(page, live_server.url, "schooladmin@uniform.demo")
    page.locator("nav a[href='/invitations/']").click()
    page.wait_for_url(f"{live_server.url}/invitations/")

    form = page.locator("main form:has(select[name=target])")
    form.locator("input[name=email]").fill(invitee)
    form.locator("input[name=full_name]").fill("Nieuwe Leerkracht")
    options = form.locator("select[name=target] option").evaluate_all(
        "os => os.map(o => ({value: o.value, label: o.textContent.trim()}))"
    )
    teacher_options = [
        o for o in options
        if "Lindeboom" in o["label"] and ("Stagebegeleider" in o["label"] or "Internship teacher" in o["label"])
    ]
    assert len(teacher_options) == 1, f"one teacher target at Campus De Lindeboom expected, options: {options}"
    form.locator("select[name=target]").select_option(teacher_options[0]["value"])
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/invitations/")

    expect(page.locator(".messages .alert-success")).to_contain_text(invitee)
    row = page.locator("main table tbody tr", has_text=invitee)
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Nieuwe Leerkracht")
    expect(row).to_contain_text("Stagebegeleider")

    message = wait_for_mail(mailoutbox, invitee)
    links = re.findall(r"https?://\S+/invite/\S+?/", message.body)
    assert len(links) == 1, f"one accept link expected in the mail body:\n{message.body}"
    accept_url = links[0]
    assert accept_url.startswith(live_server.url), f"{accept_url} is not on the live server {live_server.url}"

    log_out(page, live_server.url)

    newcomer = new_context().new_page()
    newcomer.goto(accept_url)
    expect(newcomer.locator("main")).to_contain_text("Campus De Lindeboom")
    newcomer.locator("input[name=full_name]").fill("Nele Leerkracht")
    newcomer.locator("input[name=password1]").fill("een-sterk-wachtwoord-2026")
    newcomer.locator("input[name=password2]").fill("een-sterk-wachtwoord-2026")
    newcomer.locator("main form button[type=submit]").click()
    newcomer.wait_for_url(f"{live_server.url}/")
    expect(newcomer.locator("section[data-role=teacher]")).to_be_visible()
    expect(newcomer.locator("section[data-role=teacher]")).to_contain_text("Campus De Lindeboom")
    expect(newcomer.locator(".messages .alert-success")).to_contain_text("Nele")
    expect(newcomer.locator("#account-menu")).to_have_text("Nele Leerkracht")

    # The link is single-use: opening it again says so instead of offering a new account.
    newcomer.goto(accept_url)
    expect(newcomer.locator("input[name=password1]")).to_have_count(0)


def test_language_switch_to_english_and_back(page, live_server):
    log_in(page, live_server.url, "teacher@uniform.demo")
    assert html_lang(page) == "nl"
    expect(page.locator("section[data-role=teacher] h2")).to_have_text("Mijn leerlingen op stage")

    switch = page.locator("footer form.language-switch")
    switch.locator("select#language-select").select_option("en")
    switch.locator("button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url == f"{live_server.url}/", f"stays on the same page, not {page.url}"
    expect(page.locator("section[data-role=teacher] h2")).to_have_text("My students in internship")
    expect(page.locator("select#language-select")).to_have_value("en")

    # The choice sticks on the next page.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    switch.locator("select#language-select").select_option("nl")
    switch.locator("button[type=submit]").click()
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("section[data-role=teacher] h2")).to_have_text("Mijn leerlingen op stage")


def test_mentor_home_on_a_phone(new_context, demo_region, live_server):
    page = new_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    log_in(page, live_server.url, "mentor@uniform.demo")

    cards = page.locator("section[data-role=mentor] .intern-card")
    expect(cards.first).to_be_visible()
    assert cards.count() >= 2, "the demo mentor has several interns"
    overflow = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert overflow[0] <= overflow[1], f"home scrolls sideways on a phone: scrollWidth {overflow[0]} > {overflow[1]}"

    emma = cards.filter(has_text="Emma Aerts")
    expect(emma).to_have_count(1)
    status = emma.locator(".status-badge").inner_text().strip()
    emma.locator("a.stretched-link").tap()  # the card opens the intern; its button starts a sheet
    page.wait_for_url(re.compile(r"/internships/[0-9a-f-]{36}/$"))

    expect(page.locator("h1")).to_have_text("Emma Aerts")
    stepbar = page.locator("ol.stepbar")
    expect(stepbar).to_be_visible()
    current = stepbar.locator("li[aria-current=step]")
    expect(current).to_have_count(1)
    expect(current).to_have_class(re.compile(r"\bcurrent\b"))
    expect(current).to_have_text(re.compile(re.escape(status), re.IGNORECASE))
    expect(current).to_be_visible()
    assert stepbar.locator("li.done").count() >= 1, "a running internship has steps behind it"
    overflow = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert overflow[0] <= overflow[1], f"internship page scrolls sideways: scrollWidth {overflow[0]} > {overflow[1]}"
