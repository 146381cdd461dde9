"""The shipped JSON Schema of the case format: current, and it accepts/rejects like the loader."""
import json
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

import kingmaker
from kingmaker.io.case_schema import case_json_schema

from conftest import FLAGSHIP

SHIPPED = Path(kingmaker.__file__).parent / "schemas" / "case.schema.json"


def load_yaml(path):
    from kingmaker.io.case_yaml import parse_yaml

    return json.loads(json.dumps(parse_yaml(path), default=str))


def test_shipped_schema_is_current():
    assert json.loads(SHIPPED.read_text(encoding="utf-8")) == case_json_schema(), \
        "regenerate: python -m kingmaker.io.case_schema > src/kingmaker/schemas/case.schema.json"


def test_schema_is_valid_and_accepts_the_flagship():
    schema = json.loads(SHIPPED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(load_yaml(FLAGSHIP), schema)


def test_schema_accepts_the_case_library():
    from kingmaker.data import LIBRARY_DIR

    schema = json.loads(SHIPPED.read_text(encoding="utf-8"))
    files = sorted(LIBRARY_DIR.glob("*.yaml"))
    assert len(files) >= 8
    for path in files:  # every new field (acquisitions, turnouts, warrants, ranks, ranges) is in the schema
        jsonschema.validate(load_yaml(path), schema)


@pytest.mark.parametrize("old,new", [
    ("role: chair", "role: king"),                 # not a seat role
    ("resource: compute", "resourse: compute"),    # misspelt attribute
    ("kind: shareholding", "kind: sharehold"),     # unknown kind
    ("share: 100", "share: 140"),                  # out of range
])
def test_schema_rejects_what_the_loader_rejects(tmp_path, old, new):
    from kingmaker.errors import InvalidInput
    from kingmaker.io.case_yaml import read_case

    bad = tmp_path / "bad.yaml"
    bad.write_text(FLAGSHIP.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    schema = json.loads(SHIPPED.read_text(encoding="utf-8"))
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(load_yaml(bad), schema)
    with pytest.raises(InvalidInput):
        read_case(bad)
