"""The programme's outcome report: the training rules (idempotent, any order), what a
placement's facts mean, and the report's arithmetic (bands, rates, the exact median, CSV)."""

import csv
import io
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reporting.domain.facts import ApplicationFacts, CouncilFacts, VacancyFacts
from reporting.domain.outcome_report import (
    BAND_KEYS,
    OutcomeTable,
    PlacementRow,
    median,
    outcome_report,
    rate,
    table,
    to_csv,
)
from reporting.domain.outcomes import Band, band_of, effective_hours, placement_outcomes
from reporting.domain.views import OutcomeFigures
from reporting.projections import Store

from ..expected import EXPECTED_OUTCOMES, EXPECTED_OUTCOMES_WITH_EXTRA
from ..history import (
    APPLICATION_EVENTS,
    COUNCIL_A,
    COUNCIL_EVENTS,
    PLACEMENT_EVENTS,
    PROGRAMME,
    app_id,
    at,
    offer_id,
)
from ..training_history import (
    EXTRA_EVENTS,
    TRAINING_EVENTS,
    completed,
    d,
    entry_id,
    hours,
    left,
    opened,
    reregistered,
    started,
)
from .test_rules import fold

HISTORY = PLACEMENT_EVENTS + APPLICATION_EVENTS + COUNCIL_EVENTS


def report_of(events: list[Any]) -> dict[str, Any]:
    """The outcome report the folded facts give, joined as ``store.reports.placements`` does
    (region: the offer's, else the vacancy's; the council's name)."""
    facts = fold(events)
    vacancies = {k: f for (s, k), f in facts.items() if s is Store.VACANCIES}
    councils = {k: f for (s, k), f in facts.items() if s is Store.COUNCILS}
    rows = []
    for (store, _), application in facts.items():
        if store is not Store.APPLICATIONS:
            continue
        for p in placement_outcomes(application):
            if not p.counted or p.programme_id != PROGRAMME:
                continue
            vacancy: VacancyFacts | None = vacancies.get(p.vacancy_id)
            council: CouncilFacts | None = councils.get(p.council_id)
            rows.append(
                PlacementRow(
                    placement_id=p.placement_id,
                    council_id=p.council_id,
                    council_name=council.name if council else None,
                    band=p.band.value,
                    region=p.region or (vacancy.region if vacancy else None),
                    offer_withdrawn_condition=p.offer_withdrawn_condition,
                    offer_withdrawn_reason=p.offer_withdrawn_reason,
                    started=p.started,
                    completed=p.completed,
                    days_to_complete=p.days_to_complete,
                    withdrawal_reason=p.withdrawal_reason,
                    reregistered=p.reregistered,
                    hired=p.hired,
                    hours_by_kind=p.hours_by_kind,
                )
            )
    return outcome_report(PROGRAMME, rows).model_dump(mode="json")


def application(events: list[Any], n: int) -> ApplicationFacts:
    facts = fold(events)[(Store.APPLICATIONS, app_id(n))]
    assert isinstance(facts, ApplicationFacts)
    return facts


# -- the known history, without Kafka ------------------------------------------------------


def test_the_known_training_history_gives_the_hand_computed_outcome_report() -> None:
    assert report_of(TRAINING_EVENTS + HISTORY) == EXPECTED_OUTCOMES


def test_the_extra_placements_give_the_hand_computed_outcome_report_with_every_band() -> None:
    assert report_of(TRAINING_EVENTS + HISTORY + EXTRA_EVENTS) == EXPECTED_OUTCOMES_WITH_EXTRA


def test_the_whole_history_backwards_gives_the_same_outcome_report() -> None:
    events = TRAINING_EVENTS + HISTORY + EXTRA_EVENTS
    assert report_of(list(reversed(events))) == EXPECTED_OUTCOMES_WITH_EXTRA


APP1 = [e for e in TRAINING_EVENTS + HISTORY if getattr(e, "application_id", None) == app_id(1)]


@settings(max_examples=150, deadline=None)
@given(st.permutations(APP1), st.lists(st.sampled_from(APP1), max_size=6))
def test_any_order_of_one_applications_events_with_repeats_gives_the_same_facts(
    order: list[Any], repeats: list[Any]
) -> None:
    expected = application(APP1, 1)
    shuffled = application([*order, *repeats], 1)
    assert shuffled == expected
    assert placement_outcomes(shuffled) == placement_outcomes(expected)


@settings(max_examples=40, deadline=None)
@given(st.permutations(TRAINING_EVENTS + HISTORY + EXTRA_EVENTS))
def test_any_order_of_the_whole_history_gives_the_same_outcome_report(order: list[Any]) -> None:
    assert report_of(order) == EXPECTED_OUTCOMES_WITH_EXTRA


# -- the rules, one by one -------------------------------------------------------------------


def test_a_placement_started_before_the_eligibility_decision_still_gets_its_band() -> None:
    before = application([started(1, d(5, 4))], 1)
    assert placement_outcomes(before)[0].band is Band.UNDECIDED
    after = application([started(1, d(5, 4)), *PLACEMENT_EVENTS], 1)
    [outcome] = placement_outcomes(after)
    assert (outcome.band, outcome.region, outcome.hired) == (Band.FROM_5_TO_10, "South East", True)


def test_a_placement_counts_once_its_application_submission_is_seen() -> None:
    [waiting] = placement_outcomes(application([started(1, d(5, 4))], 1))
    [counted] = placement_outcomes(application([started(1, d(5, 4)), *APPLICATION_EVENTS], 1))
    assert (waiting.counted, counted.counted) == (False, True)


def test_re_registration_reported_twice_counts_once_with_the_first_report() -> None:
    first = reregistered(1, d(10, 19), at(10, 20, 10))
    later = reregistered(1, d(10, 30), at(10, 31, 10))
    for order in ([first, later], [later, first], [first, first]):
        placement = application(order, 1).placements[offer_id(1)]
        assert placement.reregistered is not None
        assert placement.reregistered.decided_on == d(10, 19)
        [outcome] = placement_outcomes(application(order, 1))
        assert outcome.reregistered


def test_the_first_withdrawal_reason_reported_is_the_one_that_counts() -> None:
    health = left(6, "health", at(6, 1, 9))
    caring = left(6, "caring_responsibilities", at(6, 2, 9))
    for order in ([health, caring], [caring, health]):
        [outcome] = placement_outcomes(application(order, 7))
        assert outcome.withdrawal_reason == "health"


def test_days_to_complete_are_whole_days_from_the_start_to_completion() -> None:
    [outcome] = placement_outcomes(application([completed(1, d(5, 4), d(8, 28))], 1))
    assert (outcome.started, outcome.completed, outcome.days_to_complete) == (True, True, 116)


def test_an_opened_placement_alone_has_started_nothing() -> None:
    [outcome] = placement_outcomes(application([opened(1, at(4, 20, 9))], 1))
    assert (outcome.started, outcome.completed, outcome.reregistered) == (False, False, False)


# -- hours: a correction supersedes, never adds -------------------------------------------


def test_a_corrected_entry_counts_once_as_corrected_whatever_the_order() -> None:
    original = hours(1, 101, "placement", 7, d(5, 5))
    correction = hours(1, 102, "placement", 6.5, d(5, 5), supersedes=101)
    again = hours(1, 103, "placement", 7.25, d(5, 5), supersedes=102)
    for order in ([original, correction, again], [again, original, correction]):
        entries = application(order, 1).placements[offer_id(1)].hours
        assert effective_hours(entries) == {"placement": 7.25}
    redelivered = application([original, correction, correction, original], 1)
    assert effective_hours(redelivered.placements[offer_id(1)].hours) == {"placement": 6.5}


def test_a_correction_whose_original_has_not_arrived_counts_alone() -> None:
    correction = hours(1, 102, "placement", 6.5, d(5, 5), supersedes=101)
    workshop = hours(1, 103, "workshop", 3, d(5, 6))
    entries = application([correction, workshop], 1).placements[offer_id(1)].hours
    assert effective_hours(entries) == {"placement": 6.5, "workshop": 3.0}
    assert set(entries) == {entry_id(102), entry_id(103)}


# -- bands, rates, the median --------------------------------------------------------------


@pytest.mark.parametrize(
    ("years", "band"),
    [
        (None, Band.UNDECIDED),
        (0.0, Band.UNDER_2),
        (1.99, Band.UNDER_2),
        (2.0, Band.FROM_2_TO_5),
        (4.99, Band.FROM_2_TO_5),
        (5.0, Band.FROM_5_TO_10),
        (9.99, Band.FROM_5_TO_10),
        (10.0, Band.FROM_10),
        (30.0, Band.FROM_10),
    ],
)
def test_each_band_runs_from_its_lower_bound_inclusive(years: float | None, band: Band) -> None:
    assert band_of(years) is band


def test_rates_are_rounded_to_four_decimals_and_unknown_without_a_denominator() -> None:
    assert (rate(2, 3), rate(3, 4), rate(0, 5), rate(4, 4), rate(1, 0)) == (
        0.6667,
        0.75,
        0.0,
        1.0,
        None,
    )


def test_the_median_is_exact() -> None:
    assert median([]) is None
    assert median([116]) == 116.0
    assert median([116, 42, 91]) == 91.0
    assert median([116, 42, 91, 84]) == 87.5


@given(st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=60))
def test_the_median_has_as_many_values_at_or_below_as_at_or_above(days: list[int]) -> None:
    m = median(days)
    assert m is not None
    assert sum(v <= m for v in days) * 2 >= len(days)
    assert sum(v >= m for v in days) * 2 >= len(days)
    assert (m * 2).is_integer()


def _row(n: int, **fields: Any) -> PlacementRow:
    values: dict[str, Any] = dict(
        placement_id=offer_id(n),
        council_id=COUNCIL_A,
        council_name="A",
        band="2_to_5",
        region="London",
        offer_withdrawn_condition=None,
        offer_withdrawn_reason=None,
        started=True,
        completed=False,
        days_to_complete=None,
        withdrawal_reason=None,
        reregistered=False,
        hired=False,
        hours_by_kind={},
    )
    return PlacementRow(**(values | fields))


ROWS = st.lists(
    st.builds(
        lambda n, band, region, done, days, rereg, hired: _row(
            n,
            band=band,
            region=region,
            completed=done,
            days_to_complete=days if done else None,
            reregistered=rereg and done,
            hired=hired,
            hours_by_kind={"placement": 7.0},
        ),
        st.integers(0, 10**6),
        st.sampled_from([b.value for b in Band]),
        st.sampled_from(["London", "South East", None]),
        st.booleans(),
        st.integers(0, 200),
        st.booleans(),
        st.booleans(),
    ),
    max_size=30,
    unique_by=lambda r: r.placement_id,
)


@given(ROWS, st.randoms())
def test_the_report_does_not_depend_on_the_order_of_its_rows(
    rows: list[PlacementRow], rnd: Any
) -> None:
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    assert outcome_report(PROGRAMME, shuffled) == outcome_report(PROGRAMME, rows)


@given(ROWS)
def test_every_breakdown_adds_up_to_the_totals(rows: list[PlacementRow]) -> None:
    report = outcome_report(PROGRAMME, rows)
    for breakdown in (report.by_band, report.by_region, report.by_council):
        for figure in ("opened", "started", "completed", "reregistered", "hired", "withdrawn"):
            assert sum(getattr(g, figure) for g in breakdown.values()) == getattr(report, figure)
    order = [BAND_KEYS[b] for b in Band]
    bands = list(report.by_band)
    assert bands == sorted(bands, key=order.index)
    assert {"2-5", "5-10"} <= set(bands)
    assert report.hours_by_kind["placement"] == 7.0 * len(rows)


def test_the_reported_bands_appear_even_with_no_placement_in_them() -> None:
    report = outcome_report(PROGRAMME, [_row(1, band="10_plus")])
    assert list(report.by_band) == ["2-5", "5-10", "10+"]
    assert report.by_band["2-5"].completion_rate is None


# -- CSV: the same numbers as the JSON -----------------------------------------------------


def _read_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_every_csv_table_holds_the_json_reports_numbers() -> None:
    report = outcome_report(
        PROGRAMME,
        [
            _row(1, completed=True, days_to_complete=42, reregistered=True),
            _row(2, band="5_to_10", region=None, withdrawal_reason="health"),
            _row(3, started=False, offer_withdrawn_condition="dbs", offer_withdrawn_reason="other"),
        ],
    )
    summary = _read_csv(to_csv(*table(report, OutcomeTable.SUMMARY)))
    assert summary == [
        {
            k: "" if getattr(report, k) is None else str(getattr(report, k))
            for k in OutcomeFigures.model_fields
        }
    ]
    by_band = _read_csv(to_csv(*table(report, OutcomeTable.BY_BAND)))
    assert [r["band"] for r in by_band] == ["2-5", "5-10"]
    assert [float(r["completion_rate"]) for r in by_band] == [1.0, 0.0]
    by_region = _read_csv(to_csv(*table(report, OutcomeTable.BY_REGION)))
    assert [(r["region"], r["opened"]) for r in by_region] == [("London", "2"), ("unknown", "1")]
    withdrawals = _read_csv(to_csv(*table(report, OutcomeTable.WITHDRAWALS)))
    assert {r["reason"]: int(r["placements"]) for r in withdrawals} == report.withdrawals_by_reason
    for name in OutcomeTable:
        header, rows = table(report, name)
        assert all(len(row) == len(header) for row in rows), name
    assert to_csv(*table(report, OutcomeTable.HOURS)).endswith("\r\n")


def test_a_placement_of_another_council_is_its_own_row() -> None:
    other = replace(_row(2), council_id=offer_id(99), council_name=None)
    report = outcome_report(PROGRAMME, [_row(1), other])
    assert [(c.name, c.opened) for c in report.by_council.values()] == [("A", 1), (None, 1)]
    assert list(report.by_council) == [str(COUNCIL_A), str(offer_id(99))]


def test_placement_facts_survive_their_json_document() -> None:
    from reporting.domain.facts import application_from_document, application_to_document

    for n in (1, 2, 6, 7, 11, 12, 13, 14):
        facts = application(TRAINING_EVENTS + HISTORY + EXTRA_EVENTS, n)
        assert facts.placements
        assert application_from_document(app_id(n), application_to_document(facts)) == facts


def test_a_document_written_before_training_existed_has_no_placements() -> None:
    from reporting.domain.facts import application_from_document, application_to_document

    document = application_to_document(application(HISTORY, 2))
    del document["placements"]
    assert application_from_document(app_id(2), document).placements == {}
