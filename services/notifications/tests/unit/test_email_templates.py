"""Every applicant email renders as plain text and HTML, with the right words."""

import html
import uuid
from typing import Any

import pytest

from notifications.emails.render import (
    TEMPLATE_NAMES,
    EmailRenderer,
    RenderedEmail,
    template_variables,
)

OFFER_CONTEXT = {
    "programme_id": "rtsw-2020",
    "offer_id": str(uuid.uuid4()),
    "council_id": str(uuid.uuid4()),
    "region": "South East",
    "specialism": "children",
    "updating_days": 60,
    "starts_on": "2020-05-04",
    "expires_at": "2020-03-09T09:30:00+00:00",
}
INTERVIEW_CONTEXT = {
    "programme_id": "rtsw-2020",
    "slot_id": str(uuid.uuid4()),
    "starts_at": "2020-04-21T09:30:00+00:00",
}
CONTEXTS: dict[str, dict[str, Any]] = {
    "submitted": {"programme_id": "rtsw-2020", "submitted_at": "2020-03-02T09:30:00+00:00"},
    "eligible": {"programme_id": "rtsw-2020", "updating_days": 30},
    "ineligible": {"programme_id": "rtsw-2020", "reasons": ["time_out_of_practice"]},
    "assessment_invited": {"programme_id": "rtsw-2020", "closes_at": "2020-04-14T22:59:59+00:00"},
    "interview_invited": {"programme_id": "rtsw-2020"},
    "interview_booked": INTERVIEW_CONTEXT,
    "interview_reminder": INTERVIEW_CONTEXT,
    "interview_slot_unavailable": {"programme_id": "rtsw-2020", "unavailable_reason": "slot_full"},
    "selection_result": {
        "programme_id": "rtsw-2020",
        "outcome": "rejected",
        "rank": None,
        "selection_reasons": ["assessment_below_pass_mark"],
    },
    "waitlist_promoted": {"programme_id": "rtsw-2020"},
    "offered": OFFER_CONTEXT,
    "offer_expiring": OFFER_CONTEXT,
    "hired": {
        "programme_id": "rtsw-2020",
        "council_id": str(uuid.uuid4()),
        "hired_at": "2020-05-04T08:00:00+00:00",
    },
    "sign_in_link": {"purpose": "sign_in", "expires_at": "2020-03-02T10:30:00+00:00"},
    "placement_conditions": {
        "programme_id": "rtsw-2020",
        "council_id": str(uuid.uuid4()),
        "conditions": ["dbs", "identity", "right_to_work", "references"],
        "starts_on": "2020-05-04",
        "required_hours": 420,
        "updating_days": 60,
    },
    "offer_withdrawn": {
        "programme_id": "rtsw-2020",
        "council_id": str(uuid.uuid4()),
        "condition": "dbs",
        "condition_reason": "dbs_disclosure",
    },
    "placement_started": {
        "programme_id": "rtsw-2020",
        "council_id": str(uuid.uuid4()),
        "starts_on": "2020-05-04",
        "required_hours": 210,
    },
    "placement_completed": {
        "programme_id": "rtsw-2020",
        "council_id": str(uuid.uuid4()),
        "completed_on": "2020-08-28",
        "total_hours": 214,
        "required_hours": 210,
    },
    "reregistered": {
        "programme_id": "rtsw-2020",
        "council_id": str(uuid.uuid4()),
        "decided_on": "2020-10-19",
    },
    "reference_request": {
        "reference": "reference_2",
        "referee_kind": "character",
        "expires_at": "2020-03-16T10:30:00+00:00",
    },
    "reference_received": {"programme_id": "rtsw-2020", "reference": "reference_1"},
}
renderer = EmailRenderer()


def render(
    template: str,
    given_name: str = "Ada",
    council: str | None = "Buckinghamshire Council",
    context: dict[str, Any] | None = None,
) -> RenderedEmail:
    variables = template_variables(
        context or CONTEXTS[template],
        given_name=given_name,
        programme_title="Return to Social Work 2020",
        council_name=council,
    )
    variables["link"] = "http://portal.example/sign-in/rtl_token"
    variables["applicant_name"] = "Grace Hopper"
    return renderer.render(template, variables)


@pytest.mark.parametrize("template", TEMPLATE_NAMES)
def test_every_template_renders_a_subject_text_and_html_greeting_the_applicant(
    template: str,
) -> None:
    email = render(template)
    assert email.subject
    assert "\n" not in email.subject
    assert email.text.startswith("Dear Ada,")
    assert "Dear Ada," in email.html
    assert "<html" in email.html
    assert "<html" not in email.text
    assert "{{" not in email.text + email.html


def test_the_offer_says_when_it_expires_in_uk_time_and_where_the_placement_is() -> None:
    email = render("offered")
    assert email.subject == "You have been offered a placement with Buckinghamshire Council"
    for text in (email.text, html.unescape(email.html)):
        assert "Monday 9 March 2020 at 9:30am (GMT)" in text
        assert "children's services" in text
        assert "Monday 4 May 2020" in text
        assert "60 days of updating" in text


def test_the_reminder_repeats_the_expiry() -> None:
    email = render("offer_expiring")
    assert "expires soon" in email.subject
    assert "Monday 9 March 2020 at 9:30am (GMT)" in email.text


def test_an_ineligible_applicant_reads_the_reasons_in_plain_words() -> None:
    email = render("ineligible")
    assert "time out of practice" in email.text
    assert "time_out_of_practice" not in email.text + email.html
    assert "<li>Your time out of practice" in email.html


def test_eligibility_without_updating_says_none_is_needed() -> None:
    variables = template_variables(
        {"programme_id": "p", "updating_days": 0},
        given_name="Ada",
        programme_title="P",
        council_name=None,
    )
    email = renderer.render("eligible", variables)
    assert "You do not need a period of updating" in email.text


def test_html_escapes_names_and_plain_text_keeps_them_as_written() -> None:
    email = render("submitted", given_name="Zoë <O'Brien & co>")
    assert "Dear Zoë <O'Brien & co>," in email.text
    assert "Zoë &lt;O&#39;Brien &amp; co&gt;" in email.html


def test_an_unknown_council_reads_as_the_council() -> None:
    assert "with the council" in render("offered", council=None).subject


def test_the_sign_in_link_says_what_it_opens_until_when_and_greets_someone_unnamed() -> None:
    email = render("sign_in_link")
    assert email.subject == "Sign in to your application to Return to Social Work 2020"
    for text in (email.text, html.unescape(email.html)):
        assert "http://portal.example/sign-in/rtl_token" in text
        assert "Monday 2 March 2020 at 10:30am (GMT)" in text
    resume = render(
        "sign_in_link", given_name="", context={**CONTEXTS["sign_in_link"], "purpose": "resume"}
    )
    assert resume.subject == "Continue your application to Return to Social Work 2020"
    assert resume.text.startswith("Hello,")


def test_an_interview_email_gives_the_time_in_london() -> None:
    email = render("interview_booked")
    assert "21 April 2020" in email.text
    assert "10:30" in email.text or "10.30" in email.text


@pytest.mark.parametrize(
    ("outcome", "words"),
    [
        ("selected", "you have been selected"),
        ("waitlisted", "You are number 12 in the ranking"),
        ("rejected", "Your online assessment score was below the pass mark."),
    ],
)
def test_the_selection_result_says_the_outcome_in_plain_words(outcome: str, words: str) -> None:
    context = {**CONTEXTS["selection_result"], "outcome": outcome, "rank": 12}
    variables = template_variables(
        context, given_name="Ada", programme_title="Return to Social Work 2020", council_name=None
    )
    email = renderer.render("selection_result", variables)
    assert words in email.text
    assert (
        html.escape(words, quote=False) in email.html or words.replace("'", "&#39;") in email.html
    )


def test_the_footer_gives_the_portal_address_where_it_is_known() -> None:
    variables = template_variables(
        CONTEXTS["eligible"],
        given_name="Ada",
        programme_title="Return to Social Work 2020",
        council_name=None,
    )
    with_address = renderer.render("eligible", {**variables, "portal_url": "https://apply.example"})
    assert "applicant portal:\nhttps://apply.example" in with_address.text
    assert '<a href="https://apply.example"' in with_address.html
    without = renderer.render("eligible", variables)
    assert "in your applicant portal." in without.text
    assert "https://" not in without.text


def test_the_conditions_email_lists_each_check_in_plain_words_and_the_requirement_in_days() -> None:
    email = render("placement_conditions")
    for words in ("an enhanced DBS check", "proof of your identity", "your two references"):
        assert words in email.text
        assert words in email.html
    assert "Monday 4 May 2020" in email.text
    assert "60 days (420 hours)" in email.text


def test_the_conditions_email_asks_for_referees_in_the_portal_before_they_are_emailed() -> None:
    email = render("placement_conditions")
    for body in (" ".join(email.text.split()), email.html):
        assert "give us the names and email addresses of two referees in your applicant" in body
        assert "each of them will then get an email from us" in body


def test_a_withdrawn_offer_says_which_check_failed_and_why_in_plain_words() -> None:
    email = render("offer_withdrawn")
    assert "an enhanced DBS check" in email.text
    assert "Your DBS check disclosed information" in email.text
    assert "dbs_disclosure" not in email.text + email.html
    assert "Buckinghamshire Council" in email.subject


def test_completion_says_the_updating_record_is_ready_and_re_registration_congratulates() -> None:
    completed = render("placement_completed")
    assert "updating record" in completed.subject
    assert "30.6 days (214 hours)" in completed.text
    assert "30 days (210 hours)" in completed.text
    reregistered = render("reregistered")
    assert "Congratulations" in reregistered.subject
    assert "Monday 19 October 2020" in reregistered.text


def test_a_referee_is_asked_for_their_kind_of_reference_by_a_link_that_works_once() -> None:
    email = render("reference_request", given_name="Rosalind Quenby")
    assert email.subject == "Reference request for Grace Hopper: Return to Social Work 2020"
    for text in (email.text, html.unescape(email.html)):
        assert text.count("Dear Rosalind Quenby,") == 1
        assert "a character reference" in text
        assert "http://portal.example/sign-in/rtl_token" in text
        assert "Monday 16 March 2020 at 10:30am (GMT)" in text
        assert "you applied" not in text  # the referee did not apply: not the applicant footer


def test_the_applicant_hears_a_reference_arrived_but_not_what_it_says() -> None:
    email = render("reference_received")
    assert email.subject == "One of your references has arrived"
    assert "Your first referee has sent us their reference" in email.text
    for word in ("satisfactory", "recommend"):
        assert word not in email.text + email.html
