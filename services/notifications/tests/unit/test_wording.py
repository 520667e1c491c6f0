"""Reason codes and specialisms in plain words."""

from notifications.domain.wording import (
    CONDITION_NAMES,
    CONDITION_NOT_MET_SENTENCES,
    REASON_SENTENCES,
    REFEREE_KINDS,
    REFERENCE_NUMBERS,
    condition_name,
    condition_not_met_sentence,
    hours_as_days,
    reason_sentences,
    referee_kind,
    reference_number,
    service_area,
)
from returners_platform.contracts.vocabulary import (
    ConditionNotMetReason,
    EligibilityReason,
    PlacementCondition,
    RefereeKind,
    ReferenceNumber,
)


def test_every_eligibility_reason_has_a_sentence() -> None:
    assert set(REASON_SENTENCES) == set(EligibilityReason)
    for sentence in REASON_SENTENCES.values():
        assert sentence[0].isupper()
        assert sentence.endswith(".")
        assert "_" not in sentence


def test_sentences_follow_the_order_of_the_codes() -> None:
    sentences = reason_sentences(["right_to_work", "time_out_of_practice"])
    assert sentences == [
        REASON_SENTENCES[EligibilityReason.RIGHT_TO_WORK],
        REASON_SENTENCES[EligibilityReason.TIME_OUT_OF_PRACTICE],
    ]


def test_a_code_from_a_newer_contract_still_reads_as_a_sentence() -> None:
    assert reason_sentences(["brand_new_rule"]) == [
        "One of the programme's requirements was not met."
    ]


def test_specialisms_read_as_service_areas() -> None:
    assert service_area("children") == "children's services"
    assert service_area("adults") == "adults' services"
    assert service_area("planning") == "planning services"


def test_every_condition_and_every_reason_it_was_not_met_has_plain_words() -> None:
    assert set(CONDITION_NAMES) == set(PlacementCondition)
    assert set(CONDITION_NOT_MET_SENTENCES) == set(ConditionNotMetReason)
    assert condition_name("dbs") == "an enhanced DBS check"
    assert condition_not_met_sentence("reference_not_received") == (
        "A reference was not received in time."
    )


def test_a_condition_or_reason_from_a_newer_contract_or_none_still_reads_plainly() -> None:
    assert condition_name("driving_licence") == "one of the checks"
    assert condition_not_met_sentence(None) == "The council could not confirm this check."
    assert condition_not_met_sentence("new_code") == "The council could not confirm this check."


def test_hours_read_as_days_of_updating_as_the_regulator_states_them() -> None:
    assert hours_as_days(210) == "30 days (210 hours)"
    assert hours_as_days(420) == "60 days (420 hours)"
    assert hours_as_days(214.5) == "30.6 days (214.5 hours)"


def test_every_kind_of_referee_and_reference_reads_in_words() -> None:
    assert set(REFEREE_KINDS) == set(RefereeKind)
    assert set(REFERENCE_NUMBERS) == set(ReferenceNumber)
    assert referee_kind("character") == "a character reference"
    assert reference_number("reference_2") == "second"
    assert (referee_kind("newer_kind"), reference_number("reference_3")) == ("a reference", "one")
