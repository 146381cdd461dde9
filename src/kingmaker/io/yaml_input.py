"""Reading YAML (and JSON, which is YAML) that a user gives, within the limits (:mod:`kingmaker.io.limits`).

ruamel.yaml builds its tree recursively and shares aliased nodes, so a file a few KB long can nest
thousands of levels deep (a ``RecursionError``) or, through anchors and aliases, expand to billions of
nodes once anything walks it (the "billion laughs" attack). Before constructing anything, the parser's
event stream is walked once, iteratively: nesting deeper than ``max_depth`` or more than ``max_yaml_nodes``
nodes after alias expansion is refused with the line where it happens. Text that is not UTF-8 (UTF-16
without a byte-order mark, stray NUL bytes) is named as such.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "x.yaml"; _ = p.write_text("a: [1, 2]")
>>> read_yaml(p)
{'a': [1, 2]}
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, ScalarEvent

from kingmaker.errors import InvalidInput, LimitExceeded, Problem
from kingmaker.io.compressed import READ_ERRORS, input_problem, open_input, utf16_name
from kingmaker.io.limits import current, depth_of


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_text(path: Path | str, data: bytes) -> str:
    """``data`` as text: UTF-8 (a byte-order mark is dropped) or UTF-16 with its byte-order mark;
    anything else — UTF-16 without a mark, NUL bytes, bad UTF-8 — is an :class:`InvalidInput` naming it."""
    file = str(path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InvalidInput([Problem(file, f"not valid UTF-16 text ({exc.reason} at byte {exc.start})")]) from None
    nul = data.find(b"\x00")
    if nul >= 0:
        encoding = utf16_name(data)
        if encoding:
            raise InvalidInput([Problem(file, f"the text looks like {encoding}", hint="re-save the file as UTF-8")])
        raise InvalidInput([Problem(file, f"a NUL byte at offset {nul}: this is not a text file",
                                    _line_of(data, nul), hint="remove the NUL bytes, or check it is the right file")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput([Problem(file, f"not UTF-8 text ({exc.reason} at byte {exc.start})",
                                    _line_of(data, exc.start),
                                    hint="re-save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)")]) from None


def check_events(yaml: YAML, text: str, file: str) -> None:
    """Walk the parser's events once (no tree is built): refuse nesting deeper than ``max_depth`` and
    more than ``max_yaml_nodes`` nodes once aliases are expanded, naming the line."""
    limits = current()
    sizes: dict[str, int] = {}  # anchor -> expanded node count of its node
    stack: list[list] = [[None, 0]]  # [anchor, node count so far] per open collection
    for event in yaml.parse(text):
        if isinstance(event, CollectionStartEvent):
            if len(stack) > limits.max_depth:
                raise LimitExceeded(file, f"nested {len(stack)} levels deep", "max_depth", limits.max_depth,
                                    line=event.start_mark.line + 1)
            stack.append([event.anchor, 1])
            continue
        if isinstance(event, CollectionEndEvent):
            anchor, size = stack.pop()
        elif isinstance(event, AliasEvent):
            anchor, size = None, sizes.get(event.anchor, 1)
        elif isinstance(event, ScalarEvent):
            anchor, size = event.anchor, 1
        else:
            continue
        if anchor is not None:
            sizes[anchor] = size
        stack[-1][1] += size
        if stack[-1][1] > limits.max_yaml_nodes:
            mark = getattr(event, "start_mark", None)
            raise LimitExceeded(file, f"the YAML expands to over {limits.max_yaml_nodes} nodes through its "
                                "aliases (*name)", "max_yaml_nodes", limits.max_yaml_nodes,
                                line=mark.line + 1 if mark else None)


def _as_json(text: str, file: str) -> Any:
    """``text`` parsed as JSON when it is JSON (YAML's parser takes ~100 times as long on it), else ``_NOT_JSON``."""
    limits = current()
    try:
        value = json.loads(text)
    except ValueError:
        return _NOT_JSON
    except RecursionError:
        raise LimitExceeded(file, "nested too deep", "max_depth", limits.max_depth) from None
    depth = depth_of(value, limits.max_depth)
    if depth > limits.max_depth:
        raise LimitExceeded(file, f"nested over {limits.max_depth} levels deep", "max_depth", limits.max_depth)
    return value


_NOT_JSON = object()


def load_yaml_text(text: str, file: str, *, typ: str = "safe", constructor: type | None = None) -> Any:
    """Parse ``text`` (from ``file``) within the limits; :class:`InvalidInput` for bad YAML. A "safe"
    load of text that is JSON (as an API client or a script writes it) takes the JSON parser."""
    if typ == "safe" and text.lstrip()[:1] in ("{", "["):
        value = _as_json(text, file)
        if value is not _NOT_JSON:
            return value
    yaml = YAML(typ=typ)
    if constructor is not None:
        yaml.Constructor = constructor
    try:
        check_events(yaml, text, file)
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise InvalidInput([Problem(file, f"YAML syntax: {exc.problem or exc.context}", line)]) from None
    except YAMLError as exc:  # e.g. the reader's "unacceptable character"
        raise InvalidInput([Problem(file, f"YAML: {str(exc).splitlines()[0]}")]) from None
    except RecursionError:  # pragma: no cover - check_events bounds the depth first
        limits = current()
        raise LimitExceeded(file, "nested too deep", "max_depth", limits.max_depth) from None


def read_yaml(path: Path | str, *, typ: str = "safe", constructor: type | None = None) -> Any:
    """Read a YAML (or JSON) file a user gave, plain or compressed (``.gz``, ``.zip``): at most
    ``max_record_bytes``, then :func:`decode_text` and :func:`load_yaml_text`."""
    path = Path(path)
    if path.is_dir():
        raise InvalidInput([Problem(str(path), "is a directory, not a file")])
    limit = current().max_record_bytes
    try:
        with open_input(path) as fh:
            data = fh.read(limit + 1)
    except READ_ERRORS as exc:
        problem = input_problem(path, exc) or Problem(str(path), str(exc))
        raise InvalidInput([problem]) from None
    if len(data) > limit:
        raise LimitExceeded(str(path), f"the file is over {limit} bytes", "max_record_bytes", limit)
    return load_yaml_text(decode_text(path, data), str(path), typ=typ, constructor=constructor)
