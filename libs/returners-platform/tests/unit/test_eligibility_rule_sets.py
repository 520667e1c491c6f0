"""Eligibility rules as programme data, property-tested across rule sets: a rule that is
absent never refuses anyone, each rule refuses on its own account (taking one away takes away
exactly its reason), more rules never admit more people, reasons come in the vocabulary's
order, and a programme published without a rule set applies social work's seven."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from returners_platform.contracts.eligibility_rules import (
    SOCIAL_WORK_REASONS,
    Applies,
    CareerBreak,
    EligibilityRules,
    PreviouslyRegistered,
    RelevantExperience,
    StatutoryExperience,
    TimeOutOfPractice,
    reasons_applied,
    social_work_rules,
)
from returners_platform.contracts.events import ProgrammePublished
from returners_platform.contracts.examples import EXAMPLES
from returners_platform.contracts.vocabulary import BreakReason
from returners_platform.contracts.vocabulary import EligibilityReason as R
from returners_platform.eligibility import (
    Answers,
    Break,
    Experience,
    ProgrammeRules,
    failed_rules,
    missing_answers,
)

OPENS = datetime(2020, 9, 1, tzinfo=UTC)
CLOSES = datetime(2020, 11, 11, 12, tzinfo=UTC)
STARTS = date(2021, 1, 11)
FIELDS = ("town_planning", "architecture", "engineering", "cyber_security", "law")
BODIES = ("SWE", "HCPC", "SRA", "BSB", "CILEX")

rule_sets = st.builds(
    EligibilityRules,
    previously_registered=st.none()
    | st.builds(
        PreviouslyRegistered,
        bodies=st.lists(st.sampled_from(BODIES), min_size=1, unique=True).map(tuple),
    ),
    statutory_experience=st.none() | st.builds(StatutoryExperience, min_years=st.floats(0, 5)),
    relevant_experience=st.none()
    | st.builds(
        RelevantExperience,
        min_years=st.floats(0, 5),
        fields=st.lists(st.sampled_from(FIELDS), min_size=1, unique=True).map(tuple),
    ),
    career_break=st.none()
    | st.builds(
        CareerBreak,
        reasons=st.lists(st.sampled_from(list(BreakReason)), min_size=1, unique=True).map(tuple),
        min_months=st.integers(0, 36),
    ),
    not_currently_practising=st.none() | st.just(Applies()),
    time_out_of_practice=st.none()
    | st.builds(
        TimeOutOfPractice,
        min_years=st.none() | st.integers(0, 3),
        max_years=st.none() | st.integers(4, 20),
    ),
    right_to_work=st.none() | st.just(Applies()),
).flatmap(
    # no_conditions_of_practice only where there is a register
    lambda rules: (
        st.just(rules)
        if rules.previously_registered is None
        else st.sampled_from(
            [rules, rules.model_copy(update={"no_conditions_of_practice": Applies()})]
        )
    )
)

answers = st.builds(
    Answers,
    right_to_work_uk=st.booleans(),
    last_practised=st.dates(date(1995, 1, 1), date(2020, 12, 31)),
    currently_practising=st.booleans(),
    body=st.none() | st.sampled_from(BODIES),
    statutory_practice_years=st.none() | st.floats(0, 10),
    conditions_of_practice=st.none() | st.booleans(),
    experience=st.none()
    | st.lists(
        st.builds(Experience, field=st.sampled_from(FIELDS), years=st.floats(0, 10)), max_size=4
    ).map(tuple),
    career_break=st.none()
    | st.builds(Break, reason=st.sampled_from(list(BreakReason)), months=st.integers(0, 60)),
)

sent = st.datetimes(
    datetime(2020, 8, 1), datetime(2020, 12, 1), timezones=st.just(UTC)
)  # around the window


def programme(rules: EligibilityRules) -> ProgrammeRules:
    return ProgrammeRules(
        opens_at=OPENS, closes_at=CLOSES, starts_on=STARTS, updating_days=(), eligibility=rules
    )


def without(rules: EligibilityRules, code: str) -> EligibilityRules:
    dropped = {code: None}
    if code == "previously_registered":
        dropped["no_conditions_of_practice"] = None
    return rules.model_copy(update=dropped)


@given(rule_sets, answers, sent)
@settings(max_examples=300)
def test_only_a_rule_the_programme_applies_is_ever_reported(
    rules: EligibilityRules, given_answers: Answers, at: datetime
) -> None:
    failed = failed_rules(given_answers, at, programme(rules))
    assert set(failed) <= set(reasons_applied(rules))
    assert list(failed) == sorted(failed, key=list(R).index)


@given(rule_sets, answers, sent, st.sampled_from([c for c in EligibilityRules.model_fields]))
@settings(max_examples=300)
def test_taking_a_rule_away_takes_away_its_reason_and_no_other(
    rules: EligibilityRules, given_answers: Answers, at: datetime, code: str
) -> None:
    before = set(failed_rules(given_answers, at, programme(rules)))
    after = set(failed_rules(given_answers, at, programme(without(rules, code))))
    removed = {R(code)} | (
        {R.NO_CONDITIONS_OF_PRACTICE} if code == "previously_registered" else set()
    )
    assert after == before - removed


@given(rule_sets, rule_sets, answers, sent)
@settings(max_examples=200)
def test_more_rules_never_admit_more_people(
    rules: EligibilityRules, more: EligibilityRules, given_answers: Answers, at: datetime
) -> None:
    combined = rules.model_copy(
        update={code: rule for code, rule in rules if rule is not None}
        | {code: getattr(more, code) for code, rule in rules if rule is None}
    )
    assert set(failed_rules(given_answers, at, programme(rules))) <= set(
        failed_rules(given_answers, at, programme(combined))
    )


@given(answers, sent)
def test_with_no_rules_but_the_window_everyone_inside_it_is_eligible(
    given_answers: Answers, at: datetime
) -> None:
    failed = failed_rules(given_answers, at, programme(EligibilityRules()))
    assert failed == (() if OPENS <= at <= CLOSES else (R.WITHIN_WINDOW,))


@given(answers, st.sampled_from(FIELDS), st.floats(0, 10))
def test_experience_in_a_field_the_programme_does_not_count_changes_nothing(
    given_answers: Answers, field: str, years: float
) -> None:
    counted = tuple(f for f in FIELDS if f != field)
    rules = EligibilityRules(relevant_experience=RelevantExperience(min_years=2, fields=counted))
    more = given_answers.model_copy(
        update={
            "experience": (*(given_answers.experience or ()), Experience(field=field, years=years))
        }
    )
    assert failed_rules(more, OPENS, programme(rules)) == failed_rules(
        given_answers, OPENS, programme(rules)
    )


def test_relevant_years_add_up_across_the_fields_that_count() -> None:
    rules = EligibilityRules(
        relevant_experience=RelevantExperience(min_years=2, fields=("town_planning", "law"))
    )
    split = planner(
        experience=(
            Experience(field="town_planning", years=1.5),
            Experience(field="law", years=0.5),
        )
    )
    short = planner(
        experience=(
            Experience(field="town_planning", years=1.5),
            Experience(field="architecture", years=5),
        )
    )
    assert failed_rules(split, OPENS, programme(rules)) == ()
    assert failed_rules(short, OPENS, programme(rules)) == (R.RELEVANT_EXPERIENCE,)
    assert failed_rules(planner(experience=()), OPENS, programme(rules)) == (R.RELEVANT_EXPERIENCE,)


def test_a_career_break_counts_from_its_minimum_and_only_for_the_programmes_reasons() -> None:
    rules = EligibilityRules(
        career_break=CareerBreak(
            reasons=(BreakReason.CARING, BreakReason.CARER_UNEMPLOYED), min_months=12
        )
    )
    for reason, months, failed in (
        (BreakReason.CARING, 12, ()),
        (BreakReason.CARING, 11, (R.CAREER_BREAK,)),
        (BreakReason.CARER_UNEMPLOYED, 30, ()),
        (BreakReason.OTHER, 30, (R.CAREER_BREAK,)),
    ):
        taken = planner(career_break=Break(reason=reason, months=months))
        assert failed_rules(taken, OPENS, programme(rules)) == failed, (reason, months)
    assert failed_rules(planner(), OPENS, programme(rules)) == (R.CAREER_BREAK,)


def test_a_profession_without_a_register_asks_nothing_of_one() -> None:
    ict = EligibilityRules(
        career_break=CareerBreak(reasons=(BreakReason.CARING,), min_months=12),
        not_currently_practising=Applies(),
        right_to_work=Applies(),
    )
    never_registered = planner(career_break=Break(reason=BreakReason.CARING, months=18))
    assert failed_rules(never_registered, OPENS, programme(ict)) == ()
    assert missing_answers(never_registered, ict) == []


def test_the_answers_a_programmes_rules_read_and_were_not_given_are_named() -> None:
    planning = EligibilityRules(
        relevant_experience=RelevantExperience(min_years=2, fields=("town_planning",)),
        career_break=CareerBreak(reasons=(BreakReason.CARING,), min_months=12),
    )
    assert missing_answers(planner(), planning) == ["experience", "career_break"]
    assert missing_answers(planner(experience=()), planning) == ["career_break"]
    social_work = social_work_rules(
        recognised_bodies=("SWE",), min_statutory_years=2, min_years_out=2, max_years_out=10
    )
    assert missing_answers(planner(), social_work) == [
        "statutory_practice_years",
        "conditions_of_practice",
    ]


def test_a_programme_published_without_a_rule_set_applies_social_works_seven() -> None:
    published = EXAMPLES[ProgrammePublished]
    assert isinstance(published, ProgrammePublished)
    rules = ProgrammeRules.of(published)
    assert rules.eligibility == social_work_rules(
        recognised_bodies=tuple(b.upper() for b in published.recognised_bodies),
        min_statutory_years=published.min_statutory_years,
        min_years_out=published.min_years_out,
        max_years_out=published.max_years_out,
    )
    assert reasons_applied(rules.eligibility) == SOCIAL_WORK_REASONS
    assert len(SOCIAL_WORK_REASONS) == 7
    assert R.RELEVANT_EXPERIENCE not in SOCIAL_WORK_REASONS
    assert R.CAREER_BREAK not in SOCIAL_WORK_REASONS


def planner(**given: object) -> Answers:
    """Someone out of practice since 2018 with the right to work, and nothing else said."""
    return Answers(
        right_to_work_uk=True,
        last_practised=date(2018, 6, 30),
        currently_practising=False,
        **given,  # type: ignore[arg-type]
    )


def test_the_window_includes_both_ends() -> None:
    rules = programme(EligibilityRules())
    assert failed_rules(planner(), OPENS, rules) == ()
    assert failed_rules(planner(), CLOSES, rules) == ()
    assert failed_rules(planner(), CLOSES + timedelta(seconds=1), rules) == (R.WITHIN_WINDOW,)
