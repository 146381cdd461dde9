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


#: files up to this size are parsed a second time to find the line of a problem found after a plain load
LOCATE_MAX_BYTES = 1 << 20


def line_at(path: Path | str, keys: tuple) -> int | None:
    """The line (1-based) of the value at ``keys`` (mapping keys and list positions, from the top) in the
    YAML or JSON file ``path``, or of the deepest of them found; ``None`` when it cannot be told. For an
    error found after :func:`read_yaml` handed back plain data: the file is parsed again, keeping lines
    (only when it is at most :data:`LOCATE_MAX_BYTES`, and only then — errors are rare).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "g.yaml"; _ = p.write_text("players: [A, B]\\nweights:\\n- 1\\n- x\\n")
    >>> line_at(p, ("weights", 1)), line_at(p, ("players",))
    (4, 1)
    """
    try:
        if Path(path).stat().st_size > LOCATE_MAX_BYTES:
            return None
        node = read_yaml(path, typ="rt")
    except (OSError, InvalidInput):
        return None
    line = None
    for k in keys:
        try:
            if isinstance(node, dict) and k in node:
                line = node.lc.key(k)[0] + 1
            elif isinstance(node, list) and isinstance(k, int) and 0 <= k < len(node):
                line = node.lc.item(k)[0] + 1
            else:
                break
            node = node[k]
        except (AttributeError, KeyError, TypeError, IndexError):
            break
    return line


def located_problem(path: Path | str, data: Any, message: str, *, record: str | None = None, within: tuple = (),
                    parts: tuple[tuple[str, str], ...] = ()) -> Problem:
    """``message``, about the value at ``within`` of the YAML/JSON document ``data`` read from ``path``, as a
    :class:`Problem` naming the file, the line and the field: the field is the value the message quotes
    (``weights[2]`` for "'x' is not a number"), else the first key of ``parts`` — (word, key) pairs —
    whose word the message uses, else ``within`` itself; the line is that field's (:func:`line_at`).

    >>> located_problem("g.yaml", {"weights": [1, "x"], "quota": 2}, "weight: 'x' is not a number").field
    'weights[1]'
    """
    node: Any = data
    for k in within:
        try:
            node = node[k]
        except (KeyError, IndexError, TypeError):
            node = None
            break
    keys: tuple = ()
    stack: list[tuple[tuple, Any]] = [(within, node)]
    while stack and not keys:
        at, here = stack.pop()
        items = here.items() if isinstance(here, dict) else enumerate(here) if isinstance(here, list) else ()
        for k, v in items:
            if isinstance(v, (dict, list)):
                stack.append((at + (k,), v))
            elif isinstance(v, str) and repr(v) in message:
                keys = at + (k,)
                break
    if not keys:
        keys = next((within + (key,) for word, key in parts if word in message.lower()
                     and isinstance(node, dict) and key in node), within)
    field = "".join(f"[{k}]" if isinstance(k, int) else f".{k}" for k in keys).lstrip(".") or None
    return Problem(str(path), message, line_at(path, keys) if keys else None, record, field)
