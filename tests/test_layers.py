"""The layers run one way: model < store < io < analysis < assess < scenario < report < api / cli / web.

Every ``import kingmaker.…`` in src/ is parsed (ast, so imports inside functions count too) and must not
reach a higher layer, nor a sibling at the same rank. A violation names the file and line.
"""
from __future__ import annotations

import ast
from pathlib import Path

import kingmaker

PACKAGE = Path(kingmaker.__file__).parent

#: rank of every top-level module or package of kingmaker; a module may import only lower ranks and its own
LAYERS = {
    "errors": 0, "data": 0, "jsonschema": 0,
    "model": 1, "serialize": 1.5,
    "store": 2,
    "io": 3, "extract": 3.5, "synth": 3.5,   # extract sits beside io, above model: it may read case files
    "analysis": 4, "distributed": 4.5,
    "assess": 5,
    "scenario": 6,
    "report": 7,
    "session": 8,
    "api": 9, "web": 9, "cli": 10,            # cli serve starts the api
}


def _layer_of(parts: list[str]) -> str:
    return parts[0].removesuffix(".py")


def violations(root: Path = PACKAGE, layers: dict = LAYERS) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root).parts
        if rel == ("__init__.py",) or rel == ("__main__.py",):
            continue
        here = _layer_of(list(rel))
        if here not in layers:
            found.append(f"{path}: module {here!r} has no layer in tests/test_layers.py LAYERS")
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets = []
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                targets = [node.module]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            for target in targets:
                parts = target.split(".")
                if parts[0] != "kingmaker" or len(parts) < 2:
                    continue
                there = parts[1]
                if there == here:
                    continue
                if there not in layers:
                    found.append(f"{path}:{node.lineno}: imports {target}, which has no layer")
                elif layers[there] >= layers[here]:
                    found.append(f"{path}:{node.lineno}: {here} (layer {layers[here]}) imports {target} "
                                 f"(layer {layers[there]}): imports must run downwards")
    return found


def test_imports_run_downwards():
    assert violations() == []


def test_a_reversed_import_is_caught(tmp_path):
    """The check can fail: a model module importing the analysis layer is reported with its file and line."""
    pkg = tmp_path / "kingmaker"
    (pkg / "model").mkdir(parents=True)
    (pkg / "analysis").mkdir()
    (pkg / "model" / "bad.py").write_text("import os\n\nfrom kingmaker.analysis.ownership import ubo\n")
    (pkg / "analysis" / "fine.py").write_text("def f():\n    from kingmaker.model import Actor\n")
    found = violations(pkg)
    assert len(found) == 1
    assert "model/bad.py:3: model (layer 1) imports kingmaker.analysis.ownership (layer 4)" in found[0]


def test_every_module_has_a_layer():
    tops = {p.name.removesuffix(".py") for p in PACKAGE.iterdir()
            if (p.suffix == ".py" or (p / "__init__.py").exists()) and p.name not in ("__init__.py", "__main__.py")}
    assert tops <= set(LAYERS), sorted(tops - set(LAYERS))
