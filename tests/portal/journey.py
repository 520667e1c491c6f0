"""A person using the portal in Chromium: every page they reach is screenshotted (kept in
test-artifacts/portal/<mode>/) and checked with axe-core (0 violations), and a Content
Security Policy report on any page fails the journey."""

import email
import re
import time
import uuid
from collections.abc import Callable
from email.message import Message
from email.policy import default
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from playwright.sync_api import Browser, ConsoleMessage, Page

T = TypeVar("T")
AXE = Path(__file__).resolve().parents[2] / "services/portal/node_modules/axe-core/axe.min.js"
LINK = re.compile(r"https?://[^\s\"<>]+/sign-in/(rtl_[A-Za-z0-9_-]+)")
# axe-core's every rule (WCAG 2.0-2.2 A and AA, and best practice), not the experimental.
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)
  }));
}"""


def wait_for(probe: Callable[[], T | None], *, timeout: float, what: str, every: float = 0.2) -> T:
    """``probe()`` until it answers something, or fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(every)


ZOOMED = {"width": 320, "height": 256}  # a 1280 x 1024 screen at 400 % zoom
SCRIPT = re.compile(r"<script\b[^>]*>.*?</script>", re.S | re.I)


class Journey:
    """``axe_page``: for a page with JavaScript off (where axe-core cannot run), a page with
    it on that is served the same document, its scripts taken out, at the same address (so
    the same styles load): axe-core checks exactly what the person saw."""

    def __init__(
        self, page: Page, base_url: str, artefacts: Path, axe: str, axe_page: Page | None = None
    ) -> None:
        self.page = page
        self.axe_page = axe_page
        self.base_url = base_url
        self.artefacts = artefacts
        self.axe = axe
        self.visited: list[str] = []
        self.csp_reports: list[str] = []
        artefacts.mkdir(parents=True, exist_ok=True)
        page.on("console", self._console)

    def _console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.csp_reports.append(message.text)

    def check(self, name: str) -> None:
        """Screenshot the page, then assert axe-core finds nothing wrong with it and that it
        reflows at 400 % zoom (320 CSS pixels wide) without scrolling sideways."""
        self.visited.append(name)
        number = len(self.visited)
        self.page.screenshot(path=self.artefacts / f"{number:02d}-{name}.png", full_page=True)
        self._reflows(name)
        checked = self.page if self.axe_page is None else self._as_seen_without_scripts()
        checked.evaluate(self.axe)  # by the DevTools protocol: not subject to the CSP
        violations = checked.evaluate(AXE_RUN)
        assert violations == [], f"axe-core on {name} ({self.page.url}): {violations}"
        assert self.csp_reports == [], f"CSP reports on {name}: {self.csp_reports}"

    def _reflows(self, name: str) -> None:
        """WCAG 1.4.10: at 1280 px and 400 % zoom the page is 320 CSS pixels wide."""
        seen = self.page.viewport_size
        self.page.set_viewport_size(ZOOMED)
        try:
            wider = self.page.evaluate("document.documentElement.scrollWidth")
            assert wider <= ZOOMED["width"], f"{name} scrolls sideways at 400 % zoom: {wider}px"
        finally:
            if seen is not None:
                self.page.set_viewport_size(seen)

    def _as_seen_without_scripts(self) -> Page:
        assert self.axe_page is not None
        document = SCRIPT.sub("", self.page.content())
        url = self.page.url
        self.axe_page.route(
            url, lambda route: route.fulfill(body=document, content_type="text/html")
        )
        self.axe_page.goto(url)
        self.axe_page.unroute(url)
        return self.axe_page

    def open(self, path: str, name: str) -> None:
        response = self.page.goto(self.base_url + path)
        assert response is not None, path
        assert response.status < 500, path
        self.check(name)

    def press(self, button: str, name: str) -> None:
        """Press a button (a form's submit) and check the page it leads to."""
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=button, exact=True).click()
        self.check(name)

    def follow(self, link: str, name: str) -> None:
        with self.page.expect_navigation():
            self.page.get_by_role("link", name=link, exact=True).first.click()
        self.check(name)

    def heading(self) -> str:
        return self.page.locator("h1").first.inner_text().strip()

    def choose(self, label: str) -> None:
        self.page.get_by_label(label, exact=True).check()

    def fill(self, label: str, value: str) -> None:
        self.page.get_by_label(label, exact=True).fill(value)

    def fill_date(self, name: str, day: int, month: int, year: int) -> None:
        for part, value in (("day", day), ("month", month), ("year", year)):
            self.page.locator(f"#{name}-{part}").fill(str(value))


def emails_to(maildir: Path, address: str) -> list[Message]:
    found = []
    for path in sorted((maildir / "new").glob("*")):
        message = email.message_from_bytes(path.read_bytes(), policy=default)
        if address in str(message["To"]):
            found.append(message)
    return found


def link_in(message: Message) -> str:
    """The token of the sign-in link in an email's plain-text part."""
    assert message.is_multipart()
    text = next(p for p in message.walk() if p.get_content_type() == "text/plain")
    match = LINK.search(text.get_payload(decode=True).decode())
    assert match, "no sign-in link in the email"
    return match.group(1)


def wait_for_link(maildir: Path, address: str, subject: str, seen: int, timeout: float) -> str:
    """The link in the first email to ``address`` about ``subject`` after ``seen`` of them."""

    def arrived() -> str | None:
        matching = [m for m in emails_to(maildir, address) if subject in str(m["Subject"])]
        return link_in(matching[seen]) if len(matching) > seen else None

    return wait_for(arrived, timeout=timeout, what=f"an email '{subject}' to {address}")


REFERENCE_LINK = re.compile(r"/references/([0-9a-f-]{36}/\S+)")


def give_referees_and_one_answers(you: Journey, maildir: Path, address: str) -> None:
    """The applicant gives two referees, an employer and a character referee (refused while
    they say they had paid work lately); the first referee opens the emailed link, answers
    once (a second use is refused), and the applicant's page shows that reference received,
    the other asked for."""
    page = you.page
    you.follow("Give your referees", "referees")
    referees = [address.replace("@", f"+referee{n}@") for n in (1, 2)]
    for n, (name, referee) in enumerate(
        zip(("Rosalind Quenby", "Thaddeus Wolvercote"), referees, strict=True), 1
    ):
        page.locator(f"#referee{n}-name").fill(name)
        page.locator(f"#referee{n}-email").fill(referee)
    page.locator("#referee1-relationship").check()  # employer
    page.locator("#referee1-organisation").fill("Bucks Council, 1 Walton Street, Aylesbury")
    page.locator("#referee2-relationship-3").check()  # character
    page.locator("#employed").check()  # yes: paid work in the last 3 years
    you.press("Send requests to your referees", "referees-character-refused")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "A professional or character referee is only for" in summary
    page.locator("#employed-2").check()  # no paid work: a character referee may be given
    you.press("Send requests to your referees", "referees-given")
    rows = page.locator("#references .govuk-summary-list__row").all_inner_texts()
    assert [" ".join(row.split()) for row in rows] == [
        "First reference Asked for",
        "Second reference Asked for",
    ]

    def referee_link() -> str | None:
        for message in emails_to(maildir, referees[0]):
            text = next(p for p in message.walk() if p.get_content_type() == "text/plain")
            if match := REFERENCE_LINK.search(text.get_payload(decode=True).decode()):
                return match.group(1)
        return None

    link = wait_for(referee_link, timeout=60, what=f"a reference request to {referees[0]}")
    you.open(f"/references/{link}", "reference")
    assert you.heading().startswith("Reference for ")
    you.press("Send your reference", "reference-empty")
    assert "Enter your reference" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Yes, I can recommend them", exact=True).check()
    page.get_by_label("Your reference", exact=True).fill("A careful, kind social worker.")
    you.press("Send your reference", "reference-sent")
    assert you.heading() == "Reference sent"
    you.open(f"/references/{link}", "reference-link-used")
    assert you.heading() == "This reference link does not work"
    you.open("/application", "application-references")
    rows = page.locator("#references .govuk-summary-list__row").all_inner_texts()
    assert [" ".join(row.split()) for row in rows] == [
        "First reference Received",
        "Second reference Asked for",
    ]


def apply_and_see_it_through(
    browser: Browser, portal_url: str, maildir: Path, artefacts: Path, *, javascript: bool
) -> list[str]:
    """The whole journey of the issue: check eligibility, apply as a task list with a save
    and come back later in the middle (by the emailed link), send, sign out, sign in by the
    emailed link, see the decision, accept an offer, withdraw, erase. The pages visited."""
    mode = "js-on" if javascript else "js-off"
    address = f"ada.{mode}.{uuid.uuid4().hex[:8]}@example.org"
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    axe_context = None if javascript else browser.new_context()
    hosts: set[str] = set()
    page.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
    you = Journey(
        page,
        portal_url,
        artefacts,
        AXE.read_text(),
        axe_page=None if axe_context is None else axe_context.new_page(),
    )

    # Find the programme and check eligibility, one question a page.
    you.open("/", "start")
    assert you.heading().startswith("Apply to Return to Social Work")
    you.press("Start now", "check-register")
    you.press("Continue", "check-register-error")  # nothing chosen: the error summary
    assert (
        "Select the register you were last on" in page.locator(".govuk-error-summary").inner_text()
    )
    you.choose("Health and Care Professions Council (HCPC)")
    you.press("Continue", "check-last-practised")
    you.fill_date("last_practised", 30, 6, 2019)
    you.press("Continue", "check-statutory-years")
    you.fill("How many years did you practise in statutory social work?", "6")
    you.press("Continue", "check-currently-practising")
    you.choose("No")
    you.press("Continue", "check-conditions")
    you.choose("No")
    you.press("Continue", "check-right-to-work")
    you.choose("Yes")
    you.press("Continue", "check-result")
    assert you.heading() == "You can apply"

    # Apply as a task list; save and come back later in the middle.
    csrf_before = page.locator("input[name=csrf_token]").first.get_attribute("value")
    you.press("Start your application", "task-list")
    assert "Not yet started" in page.locator(".govuk-task-list").inner_text()
    you.follow("Your contact details", "contact")
    you.fill("First name", "Ada")
    you.fill("Last name", "Lovelace")
    you.fill("Email address", address)
    you.fill("UK phone number", "07700 900123")
    you.fill("Postcode", "HP20 1UA")
    you.press("Save and continue", "task-list-contact-done")
    you.follow("Your social work registration", "registration-register")
    you.press("Save and continue", "first-registered")
    you.fill_date("first_registered", 1, 9, 2004)
    you.press("Save and come back later", "save-for-later")
    assert page.get_by_label("Save your application and come back later").input_value() == address
    you.press("Send me a link", "saved")
    resume = wait_for_link(maildir, address, "Continue your application", 0, 60)
    you.open("/sign-out", "sign-out")
    you.press("Sign out", "signed-out")

    you.open(f"/sign-in/{resume}", "resume-link")
    you.press("Continue", "task-list-resumed")
    assert you.heading() == "Your application"
    # Every registration answer is saved: from the check, and from before coming back.
    tasks = page.locator(".govuk-task-list").inner_text()
    assert re.search(r"Your social work registration\s+Completed", tasks), tasks
    you.follow("Your right to work", "right-to-work")
    you.press("Save and continue", "task-list-right-to-work-done")
    you.follow("Where and what you would like to work in", "regions")
    you.choose("South East")
    you.press("Save and continue", "specialisms")
    you.choose("Children and families")
    you.press("Save and continue", "task-list-complete")
    # The optional equality questions: why they are asked; one answered, one "Prefer not to
    # say", one left unanswered; the application could have been sent without them.
    tasks = page.locator(".govuk-task-list").inner_text()
    assert re.search(r"Equality monitoring\s+Optional\.[^\n]*\s+Optional", tasks), tasks
    you.follow("Equality monitoring", "equality")
    assert "Government Equalities Office" in page.locator("main").inner_text()
    you.press("Answer the questions", "equality-career-break")
    you.choose("Caring for an adult, such as a partner, parent or relative")
    you.press("Save and continue", "equality-sex")
    you.press("Save and continue", "equality-age")  # left unanswered
    you.choose("Prefer not to say")
    you.press("Save and continue", "equality-ethnicity")
    you.press("Save and continue", "equality-disability")
    you.choose("No")
    you.press("Save and continue", "task-list-equality-done")
    tasks = page.locator(".govuk-task-list").inner_text()
    assert re.search(r"Equality monitoring\s+Optional\.[^\n]*\s+Completed", tasks), tasks
    you.follow("Check and send your application", "check-answers")
    you.press("Accept and send", "check-answers-no-consent")
    assert "Select that you agree" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("I agree to you using my information in this way").check()
    you.press("Accept and send", "sent")
    assert you.heading() == "Application sent"

    # Sign out; sign in by the emailed link.
    you.open("/sign-out", "sign-out-after-sending")
    you.press("Sign out", "signed-out-after-sending")
    you.open("/sign-in", "sign-in")
    you.fill("Sign in with a link sent to your email", address)
    you.press("Send me a link", "check-your-email")
    sign_in = wait_for_link(maildir, address, "Sign in to your application", 0, 60)
    you.open(f"/sign-in/{sign_in}", "sign-in-link")
    you.press("Continue", "application")

    # The eligibility decision, then an offer (matching decides and offers in seconds).
    def decided_and_offered() -> bool:
        page.reload()
        return page.get_by_role("link", name="Accept this placement").count() > 0

    wait_for(decided_and_offered, timeout=90, what="the decision and an offer on the page", every=1)
    you.check("application-offered")
    assert "You are eligible" in page.locator("#decision").inner_text()
    you.follow("Accept this placement", "accept-confirm")
    # Signing in gave this browser a new session, CSRF token included (no fixation).
    assert page.locator("input[name=csrf_token]").first.get_attribute("value") != csrf_before
    you.press("Yes, accept this placement", "application-accepted")
    assert page.locator("#status").inner_text() == "Placement accepted"
    give_referees_and_one_answers(you, maildir, address)

    # Withdraw, then delete the personal details (each with a confirmation page).
    you.follow("Withdraw your application", "withdraw-confirm")
    you.press("Yes, withdraw my application", "application-withdrawn")
    assert page.locator("#status").inner_text() == "Withdrawn"
    you.follow("Delete your personal details", "delete-confirm")
    you.press("Yes, delete my personal details", "deleted")
    assert you.heading() == "Your personal details have been deleted"
    you.open("/application", "after-deleting")  # signed out: the sign-in page
    assert you.heading() == "Sign in with a link sent to your email"

    assert hosts == {urlsplit(portal_url).netloc}, f"requests to other hosts: {hosts}"
    assert len(emails_to(maildir, address)) >= 2
    context.close()
    if axe_context is not None:
        axe_context.close()
    return you.visited
