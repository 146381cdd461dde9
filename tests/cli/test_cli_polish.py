"""The small things a first-time user meets: --version, partial dates, suggestions for a mistyped id, a
hint on an empty store, names (not ids) in ownership chains, whole relation ids."""
from __future__ import annotations

import json

from typer.testing import CliRunner

import kingmaker
from kingmaker.cli.app import app, main

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args))


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"kingmaker {kingmaker.__version__}"


def test_partial_dates_as_the_api_reads_them(flagship_store):
    db = str(flagship_store.path)
    month = json.loads(run("show", "openai-inc", "--as-of", "2023-11", "--db", db, "--json").stdout)
    assert month["as_of"] == "2023-11-01"
    year = json.loads(run("show", "openai-inc", "--as-of", "2024", "--db", db, "--json").stdout)
    assert year["as_of"] == "2024-01-01"
    bad = run("show", "openai-inc", "--as-of", "Nov 2023", "--db", db)
    assert bad.exit_code != 0


def test_a_typo_gets_a_suggestion(flagship_store, capsys):
    assert main(["show", "microsft", "--db", str(flagship_store.path)]) == 2
    err = capsys.readouterr().err
    assert "did you mean microsoft (Microsoft Corporation)?" in " ".join(err.split())
    assert main(["power", "--board", "opneai-inc", "--db", str(flagship_store.path)]) == 2
    assert "openai-inc" in capsys.readouterr().err


def test_an_empty_store_says_how_to_fill_it(tmp_path, capsys):
    db = str(tmp_path / "empty.duckdb")
    assert main(["actors", "--db", db]) == 2  # no store there: said so (how to fill it too), none created
    assert "kingmaker load FILE" in " ".join(capsys.readouterr().err.split()) and not (tmp_path / "empty.duckdb").exists()
    import kingmaker

    kingmaker.open(db).close()  # an empty store
    assert main(["actors", "--db", db]) == 0
    err = " ".join(capsys.readouterr().err.split())
    assert "the store is empty" in err and "kingmaker load FILE" in err and "kingmaker demo" in err
    assert main(["show", "openai-inc", "--db", db]) == 2
    assert "kingmaker demo" in capsys.readouterr().err


def test_chains_name_the_owners(tmp_path):
    case = tmp_path / "chain.yaml"
    case.write_text("case: {id: chain, title: chain}\nactors:\n  - {id: alice, kind: person, name: Alice Example}\n"
                    "  - {id: holdco, kind: company, name: Holdco Ltd}\n  - {id: target, kind: company, name: Target plc}\n"
                    "relations:\n  - {id: a-h, kind: shareholding, holder: alice, subject: holdco, share: 60}\n"
                    "  - {id: h-t, kind: shareholding, holder: holdco, subject: target, share: 50}\n")
    db = str(tmp_path / "c.duckdb")
    assert run("load", str(case), "--db", db).exit_code == 0
    out = run("ubo", "target", "--db", db).stdout
    assert "Alice Example —60 %→ Holdco Ltd —50 %→ Target plc = 30 %" in out


def test_relation_ids_are_never_cut(flagship_store):
    out = run("show", "openai-global-llc", "--as-of", "2023-11-20", "--db", str(flagship_store.path)).stdout
    flat = "".join(ch for ch in out if ch not in " │\n")
    ties = flagship_store.ties("openai-global-llc", "2023-11-20")
    assert ties and all(r.id in flat for r in ties)
