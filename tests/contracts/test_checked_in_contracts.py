"""The checked-in contract files are current, compatible, and free of personal data."""

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from returners_cli import contracts
from returners_platform.contracts.catalogue import CATALOGUE
from returners_platform.contracts.personal_data import PERSONAL_DATA_FIELD_MARKERS

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "contracts" / "schemas"
EXAMPLES = ROOT / "contracts" / "examples"


def _load(path: Path) -> Any:
    return json.loads(path.read_text())


def test_every_checked_in_contract_file_matches_the_models() -> None:
    stale = [str(p.relative_to(ROOT)) for p in contracts.stale()]
    assert stale == [], "run `returners contracts export` and commit the result"


def test_every_catalogued_event_type_has_a_schema_and_an_example() -> None:
    for spec in CATALOGUE:
        assert (SCHEMAS / f"{spec.type}.json").is_file()
        assert list((EXAMPLES / spec.type).glob("*.json")), spec.type


def test_every_schema_still_accepts_the_examples_of_its_version_and_the_one_before() -> None:
    assert contracts.compatibility_problems(SCHEMAS, EXAMPLES) == []


def test_the_compatibility_check_catches_a_breaking_edit_and_a_replaced_version(
    tmp_path: Path,
) -> None:
    schemas, examples = tmp_path / "schemas", tmp_path / "examples" / "returners.x.y.v1"
    schemas.mkdir()
    examples.mkdir(parents=True)
    (examples / "v1-example.json").write_text(json.dumps({"a": 1}))
    strict = {"type": "object", "required": ["a", "b"]}
    (schemas / "returners.x.y.v1.json").write_text(json.dumps(strict))
    (schemas / "returners.z.w.v2.json").write_text(json.dumps({"type": "object"}))

    problems = contracts.compatibility_problems(schemas, tmp_path / "examples")
    assert len(problems) == 2
    assert "returners.x.y.v1 rejects v1-example.json" in problems[0]
    assert "returners.z.w.v2 replaced v1" in problems[1]


def _property_names(schema: Any) -> list[str]:
    names: list[str] = []
    if isinstance(schema, dict):
        names += list(schema.get("properties", {}))
        for value in schema.values():
            names += _property_names(value)
    elif isinstance(schema, list):
        for value in schema:
            names += _property_names(value)
    return names


@pytest.mark.parametrize(
    "schema_file", sorted(SCHEMAS.glob("returners.*.json")), ids=lambda p: p.stem
)
def test_no_checked_in_schema_has_a_personal_data_property(schema_file: Path) -> None:
    names = _property_names(_load(schema_file))
    allowed = {"name"} if "council.registered" in schema_file.stem else set()
    leaks = [
        n for n in names if n not in allowed and any(m in n for m in PERSONAL_DATA_FIELD_MARKERS)
    ]
    assert leaks == []


def test_the_asyncapi_document_is_self_consistent() -> None:
    document = yaml.safe_load((ROOT / "contracts" / "asyncapi.yaml").read_text())
    assert document["asyncapi"] == "3.0.0"

    def resolve(ref: str) -> Any:
        node: Any = document
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
        return node

    for channel in document["channels"].values():
        for message in channel["messages"].values():
            resolve(message["$ref"])
    for name, operation in document["operations"].items():
        assert operation["action"] in ("send", "receive"), name
        resolve(operation["channel"]["$ref"])
        for message in operation["messages"]:
            resolve(message["$ref"])
    for message in document["components"]["messages"].values():
        for part in message["payload"]["allOf"]:
            for ref in [part.get("$ref"), part.get("properties", {}).get("data", {}).get("$ref")]:
                if ref:
                    assert (ROOT / "contracts" / ref).resolve().is_file(), ref
    published = {m["name"] for m in document["components"]["messages"].values()}
    assert published == {spec.type for spec in CATALOGUE}


def test_a_service_that_consumes_one_version_of_an_event_consumes_every_version() -> None:
    """A consumer of ``programme.published`` v1 must take v2 and v3 too: the producer moves to
    the newest version once every consumer reads it."""
    by_stem: dict[str, set[str]] = {}
    for spec in CATALOGUE:
        stem, _, version = spec.type.rpartition(".v")
        by_stem.setdefault(stem, set()).add(version)
    for service, consumed in contracts.consumed_events().items():
        versions: dict[str, set[str]] = {}
        for model in consumed:
            stem, _, version = model.event_type.rpartition(".v")
            versions.setdefault(stem, set()).add(version)
        for stem, taken in versions.items():
            assert taken == by_stem[stem], (service, stem, sorted(taken))
