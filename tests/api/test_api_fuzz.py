"""The API's inputs fuzzed (issue 20): whatever the query or the JSON body, the answer is 2xx or 4xx (a
problem document), never a 500, and a refused write leaves the store as it was. A few dozen requests by
default; 10⁴ with KINGMAKER_SLOW=1."""
from __future__ import annotations

import json
import os

import pytest
from api_support import flagship_client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from io_support import SLOW

from kingmaker.api.guard import GuardSettings

TOKEN = "fuzz-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
N = int(os.environ.get("KINGMAKER_FUZZ_EXAMPLES", 10_000 if SLOW else 25))
FUZZ = settings(max_examples=N, deadline=None, suppress_health_check=list(HealthCheck), derandomize=not SLOW)

SCALARS = (st.none() | st.booleans() | st.integers(-2**70, 2**70) | st.floats() | st.text(max_size=12)
           | st.sampled_from(["openai-inc", "microsoft", "2023-11-17", "9999-12-31", "shareholding", "board_seat",
                              "../x", "zz/api-foo", "50%", "x" * 300]))
JSON = st.recursive(SCALARS, lambda c: st.lists(c, max_size=4) | st.dictionaries(
    st.sampled_from(["id", "kind", "holder", "subject", "share", "from", "to", "evidence", "source", "quote",
                     "title", "scenario", "target", "as_of", "interventions", "relation", "sources", "valid_to",
                     "type", "value", "actor", "weights"]) | st.text(max_size=6), c, max_size=6), max_leaves=25)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    with flagship_client(tmp_path_factory.mktemp("api-fuzz") / "k.duckdb", TOKEN, guard=GuardSettings(rate=0)) as c:
        yield c


def test_post_bodies_never_give_a_500_and_refusals_write_nothing(client):
    @FUZZ
    @given(st.sampled_from(["/api/relations", "/api/relations/msft-observer/close", "/api/scenarios/run"]), JSON)
    def prop(url, body):
        with client.state.read() as km:
            before = km.store.fingerprint()
        # Python's json writes NaN and Infinity, which strict JSON has not: the server must cope with them too
        r = client.post(url, content=json.dumps(body), headers={**AUTH, "content-type": "application/json"})
        assert r.status_code < 500, (url, body, r.text[:300])
        if r.status_code >= 400:
            assert r.headers["content-type"] == "application/problem+json"
            with client.state.read() as km:
                assert km.store.fingerprint() == before

    prop()


def test_query_values_never_give_a_500(client):
    spec = client.get("/openapi.json").json()
    gets = [(p, [q["name"] for q in ops["get"].get("parameters", []) if q["in"] == "query"])
            for p, ops in spec["paths"].items() if "get" in ops]

    @FUZZ
    @given(st.sampled_from(gets), st.text(max_size=30) | st.sampled_from(["9" * 30, "-1", "1e999", "2023-13-01"]),
           st.sampled_from(["openai-inc", "nobody", "x" * 500, "%2e%2e", "a b"]))
    def prop(route, value, actor):
        path, params = route
        url = path.replace("{actor_id}", actor).replace("{relation_id}", actor).replace("{scenario_id}", actor)
        r = client.get(url, params={p: value for p in params})
        assert r.status_code < 500, (url, value, r.text[:300])

    prop()
