"""The learned German weights and their trainers (issue 18, session 10): the trainers refuse the frozen test part with a
clear error even under ``python -O`` (an ``assert`` was all that stood there), and each weights file carries a stamp of
the examples it was fitted on, so that ``bench/check_extract_weights.py`` can say when it is stale. Whether the shipped
weights are fresh is that command's answer, not asserted here: the learned layer is off by default, and a rule change
that alters what it reads makes them stale until someone retrains."""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kingmaker.errors import UserError
from kingmaker.extract import learned, learned_names
from kingmaker.extract.evaluate import refuse_frozen
from kingmaker.extract.learned import staleness, training_stamp

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def frozen(tmp_path) -> Path:
    """A stand-in for the sealed folder (the real one is never touched by these tests): any folder named "frozen"."""
    d = tmp_path / "real" / "frozen"
    d.mkdir(parents=True)
    return d


def _bench(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    mod = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(ROOT / "bench"))
    spec.loader.exec_module(mod)
    return mod


def test_refuse_frozen_is_a_user_error_naming_the_folder(tmp_path, frozen):
    with pytest.raises(UserError, match="frozen test part is never read"):
        refuse_frozen(tmp_path, frozen)
    sealed = tmp_path / "frozen" / "x"
    sealed.mkdir(parents=True)
    with pytest.raises(UserError, match=str(sealed)):
        refuse_frozen(sealed)
    refuse_frozen(tmp_path)  # a folder outside it is fine


def test_refuse_frozen_sees_a_gold_file_linked_from_the_frozen_part(tmp_path):
    sealed = tmp_path / "frozen"
    sealed.mkdir()
    (sealed / "x.gold.yaml").write_text("text: x.de.txt\n")
    practice = tmp_path / "practice"
    practice.mkdir()
    (practice / "x.gold.yaml").symlink_to(sealed / "x.gold.yaml")
    with pytest.raises(UserError):
        refuse_frozen(practice)


@pytest.mark.parametrize("script,args", [
    ("train_extract_names.py", ["--report", "--also"]),
    ("train_extract_pairs.py", ["--eval"]),
    ("train_extract_pairs.py", ["--by-folder", "--also"]),
])
def test_trainers_refuse_the_frozen_part_under_python_O(script, args, frozen):
    """``python -O`` drops asserts: the trainers' only guard was one. They now stop with a message and status 2 (a user's error) before
    reading any folder."""
    run = subprocess.run([sys.executable, "-O", str(ROOT / "bench" / script), *args, str(frozen)], capture_output=True, text=True,
                         timeout=120, env={"PYTHONPATH": str(ROOT / "src"), "PATH": ""})
    assert run.returncode == 2, run.stderr
    assert "frozen test part is never read" in run.stderr and "Traceback" not in run.stderr, run.stderr


def test_trainer_texts_refuse_the_frozen_part(frozen):
    for name in ("train_extract_names", "train_extract_pairs"):
        with pytest.raises(UserError):
            _bench(name).texts(frozen)


def test_a_stamp_says_which_training_texts_changed():
    inputs = {"dev/a": [(["w=Quillon", "legal-end"], 1), (["w=Der"], 0)], "dev-s8/b": [(["x"], 0)]}
    stamp = training_stamp(inputs)
    assert staleness(stamp, {k: list(v) for k, v in inputs.items()}) is None
    relabelled = {**inputs, "dev/a": [(["w=Quillon", "legal-end"], 0), (["w=Der"], 0)]}  # a gold file edited
    assert "dev/a" in staleness(stamp, relabelled) and "dev-s8/b" not in staleness(stamp, relabelled)
    reread = {**inputs, "dev-s8/b": [(["x", "rule=exact"], 0)]}  # a rule that reads the text differently
    assert "1 of 2 training texts changed" in staleness(stamp, reread)
    assert "1 new (dev-s9/c)" in staleness(stamp, {**inputs, "dev-s9/c": []})
    assert "1 gone (dev-s8/b)" in staleness(stamp, {"dev/a": inputs["dev/a"]})
    assert staleness(None, inputs).startswith("no stamp")


@pytest.mark.parametrize("path,trainer", [(learned.MODEL_PATH, "train_extract_pairs"),
                                          (learned_names.MODEL_PATH, "train_extract_names")])
def test_shipped_weights_carry_a_stamp_over_the_development_folders(path, trainer):
    stamp = json.loads(path.read_text(encoding="utf-8"))["trained_on"]
    folders = {name.split("/")[0] for name in stamp["texts"]}
    assert folders == {d.name for d in _bench(trainer).DEV}, folders
    assert len(stamp["inputs"]) == 64 and all(len(h) == 16 for h in stamp["texts"].values())


def test_the_check_names_each_weights_file_and_how_to_retrain(monkeypatch):
    """``bench/check_extract_weights.py``: one line per weights file, fresh or STALE with the reason and the command."""
    check = _bench("check_extract_weights")
    monkeypatch.setattr(check, "staleness", lambda stamp, inputs: None if stamp else "no stamp")
    lines = check.check()
    assert [p for p, _, _ in lines] == ["src/kingmaker/data/extract/pairs-de.json", "src/kingmaker/data/extract/names-de.json"]
    assert all(why is None for _, why, _ in lines)
    assert all(cmd.startswith("python bench/train_extract_") for _, _, cmd in lines)
