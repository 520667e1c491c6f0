import uuid

import pytest
from fastapi import HTTPException
from pydantic import SecretStr

from returners_platform.errors import NotFound
from returners_platform.service.auth import council_of_key, issue_council_key, require_council

SECRET = SecretStr("s" * 32)


def test_a_council_key_names_its_council() -> None:
    council = uuid.uuid4()
    assert council_of_key(issue_council_key(council, SECRET), SECRET) == council


def test_a_key_signed_with_another_secret_is_not_accepted() -> None:
    key = issue_council_key(uuid.uuid4(), SecretStr("x" * 32))
    assert council_of_key(key, SECRET) is None


def test_a_key_edited_to_name_another_council_is_not_accepted() -> None:
    mine, theirs = uuid.uuid4(), uuid.uuid4()
    prefix, _, nonce, signature = issue_council_key(mine, SECRET).split(".")
    assert council_of_key(f"{prefix}.{theirs}.{nonce}.{signature}", SECRET) is None


@pytest.mark.parametrize("key", [None, "", "rtc", "rtc.a.b.c", "Bearer nonsense"])
def test_garbage_is_not_a_council_key(key: str | None) -> None:
    assert council_of_key(key, SECRET) is None


def test_another_councils_key_is_told_not_found_and_no_key_unauthorised() -> None:
    mine, theirs = uuid.uuid4(), uuid.uuid4()
    with pytest.raises(NotFound):
        require_council(issue_council_key(theirs, SECRET), mine, SECRET)
    with pytest.raises(HTTPException) as missing:
        require_council(None, mine, SECRET)
    assert missing.value.status_code == 401
    require_council(issue_council_key(mine, SECRET), mine, SECRET)
