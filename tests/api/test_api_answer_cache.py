"""Repeated GETs answered by URL on the event loop (kingmaker.api.answers): the same bytes, status and
headers as the application gives; nothing kept across a change of the store or of today's date; errors and
unmarked answers never kept. On the flagship case."""
from __future__ import annotations

from datetime import date

import pytest

fastapi = pytest.importorskip("fastapi")

from api_support import flagship_client  # noqa: E402

from kingmaker.api import answers  # noqa: E402

TOKEN = "test-token-answers"
URLS = ["/api/actors/openai-global-llc", "/api/actors/OpenAI%20Global%2C%20LLC/ties?as_of=2023-11-20",
        "/api/actors/openai-global-llc/ubo?as_of=2023-11-20", "/api/actors/openai-global-llc/assessment?as_of=2023-11-20",
        "/api/actors/openai-global-llc/owners?as_of=2023-11-20"]


@pytest.fixture()
def api(tmp_path):
    with flagship_client(tmp_path / "k.duckdb", TOKEN) as client:
        yield client


def _counting(api, monkeypatch) -> list:
    """Each computation or result-cache look-up the application makes (ResultCache.result), by key."""
    calls = []
    cache = api.state.results
    real = cache.result

    def counted(key, make):
        calls.append(key)
        return real(key, make)
    monkeypatch.setattr(cache, "result", counted)
    return calls


def _same(a, b) -> None:
    assert a.status_code == b.status_code == 200
    assert a.content == b.content
    assert a.headers.items() == b.headers.items()


@pytest.mark.parametrize("url", URLS)
def test_a_repeated_question_is_answered_without_the_application(api, monkeypatch, url):
    calls = _counting(api, monkeypatch)
    first = api.get(url)
    assert len(calls) == 1
    again = api.get(url)
    assert len(calls) == 1  # not routed, not looked up again: the kept answer
    _same(first, again)
    # the same answer as the application gives when nothing is kept by URL
    api.app.middleware_stack = None  # rebuilt on the next request, with an empty answer cache
    fresh = api.get(url)
    _same(first, fresh)
    assert len(calls) == 2


def test_errors_and_unmarked_answers_are_not_kept(api, monkeypatch):
    calls = _counting(api, monkeypatch)
    for _ in range(2):
        assert api.get("/api/actors/no-such-actor-here").status_code == 404
    assert api.get("/api/actors/openai-global-llc/ubo?threshold=300").status_code == 400
    stack = _answer_cache(api)
    assert stack.items == {}
    api.get("/api/actors?limit=5")
    api.get("/api/actors?limit=5")
    assert stack.items == {} and calls == []


def test_nothing_kept_across_a_change_of_the_store(api):
    url = "/api/actors/openai-inc/ties?as_of=2024-02-01"
    before = api.get(url).json()
    assert "satya-nadella" not in {s["holder"] for s in before["board"]}
    new = {"relation": {"id": "nadella-observer-cache", "kind": "board_seat", "holder": "satya-nadella",
                        "subject": "openai-inc", "role": "observer", "from": "2024-01-01"},
           "evidence": [{"source": "src-cache", "quote": "Nadella observes"}],
           "sources": [{"id": "src-cache", "title": "A test source"}]}
    r = api.post("/api/relations", json=new, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201, r.text
    after = api.get(url).json()
    assert "satya-nadella" in {s["holder"] for s in after["board"]}


def test_nothing_kept_across_a_change_of_today(api, monkeypatch):
    calls = _counting(api, monkeypatch)
    url = "/api/actors/openai-global-llc/ties"  # no date: today's ties
    api.get(url)
    api.get(url)
    assert len(calls) == 1

    class Tomorrow(date):
        @classmethod
        def today(cls):
            return date.fromordinal(date.today().toordinal() + 1)
    monkeypatch.setattr(answers, "date", Tomorrow)
    api.get(url)
    assert len(calls) == 2


def _answer_cache(api) -> answers.AnswerCache:
    stack = api.app.middleware_stack
    while not isinstance(stack, answers.AnswerCache):
        stack = stack.app
    return stack


def test_answers_of_an_earlier_store_version_or_day_are_dropped(api, monkeypatch):
    """Each write used to leave a copy of every answer asked before it (up to 4096, however large): never
    asked for again, never freed."""
    url = "/api/actors/openai-global-llc/assessment?as_of=2023-11-20"
    api.get(url)
    cache = _answer_cache(api)
    assert len(cache.items) == 1
    new = {"relation": {"id": "nadella-observer-drop", "kind": "board_seat", "holder": "satya-nadella",
                        "subject": "openai-inc", "role": "observer", "from": "2024-01-01"},
           "evidence": [{"source": "src-drop", "quote": "Nadella observes"}],
           "sources": [{"id": "src-drop", "title": "A test source"}]}
    assert api.post("/api/relations", json=new, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 201
    api.get("/api/actors/openai-global-llc")
    assert {key[0] for key in cache.items} == {api.state.version}

    class Tomorrow(date):
        @classmethod
        def today(cls):
            return date.fromordinal(date.today().toordinal() + 1)
    monkeypatch.setattr(answers, "date", Tomorrow)
    api.get("/api/actors/openai-global-llc")
    assert {key[1] for key in cache.items} == {Tomorrow.today()}
