"""A small, fast JSON Schema checker, compiled once into closures.

It implements the keywords the BODS 0.4 schema uses (JSON Schema 2020-12: ``type``, ``enum``, ``const``,
``required``, ``properties``, ``additionalProperties``, ``items``, ``minItems``, ``uniqueItems``,
``minProperties``, ``minLength``, ``maxLength``, ``pattern``, ``minimum``, ``maximum``, ``format``
(date, date-time, uri, email), ``anyOf``, ``oneOf``, ``allOf``, ``not``, ``if``/``then``/``else`` and
``$ref`` across documents by ``$id``). A general validator costs about a millisecond per BODS
statement; this one a few tens of microseconds, which is what lets a 10⁶-statement file be checked
record by record while it streams. The conformance oracle stays ``libcovebods jsv`` (tests compare).
"""
from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any, Callable

Error = tuple[tuple, str, str]  # (path inside the instance, validator keyword, message)
Check = Callable[[Any, tuple, list], None]

_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
    "null": lambda v: v is None,
}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


def _is_date(v: str) -> bool:
    if not _DATE.match(v):
        return False
    try:
        date.fromisoformat(v)
        return True
    except ValueError:
        return False


def _is_datetime(v: str) -> bool:
    if not _DATETIME.match(v):
        return False
    try:
        datetime.fromisoformat(v.replace("z", "Z").replace("Z", "+00:00"))
        return True
    except ValueError:
        return False


FORMATS: dict[str, Callable[[str], bool]] = {
    "date": _is_date, "date-time": _is_datetime, "uri": lambda v: bool(_URI.match(v)),
    "email": lambda v: bool(_EMAIL.match(v)),
}


def _json_text(v: Any) -> str:
    """``v`` in JSON, as the file wrote it (``null``, ``false``, ``"IE"``: not Python's ``None``, ``False``, ``'IE'``)."""
    try:
        return json.dumps(v, ensure_ascii=False)
    except (TypeError, ValueError):  # pragma: no cover - what a JSON parser gives always dumps
        return repr(v)


def _describe(v: Any) -> str:
    text = _json_text(v)
    return text if len(text) <= 60 else text[:57] + "…"


class SchemaSet:
    """Schemas indexed by ``$id``; :meth:`checker` compiles one into a function returning errors."""

    def __init__(self, documents: list[dict]):
        self.docs = {d["$id"]: d for d in documents}
        self._compiled: dict[tuple[str, str], Check] = {}

    def checker(self, doc_id: str, pointer: str = "") -> Callable[[Any], list[Error]]:
        check = self._ref(doc_id, pointer)

        def run(instance: Any) -> list[Error]:
            errors: list[Error] = []
            check(instance, (), errors)
            # the same error found through two subschemas (a property typed both in a statement's schema and in the
            # one its type selects: "recordDetails": [] failed "object" twice) is one error
            return list(dict.fromkeys(errors)) if len(errors) > 1 else errors

        return run

    # -- compilation ------------------------------------------------------------------------------
    def _resolve(self, doc_id: str, pointer: str) -> dict:
        node: Any = self.docs[doc_id]
        for part in [p for p in pointer.split("/") if p]:
            node = node[part.replace("~1", "/").replace("~0", "~")]
        return node

    def _ref(self, doc_id: str, pointer: str) -> Check:
        key = (doc_id, pointer)
        if key not in self._compiled:
            slot: list[Check] = []
            self._compiled[key] = lambda v, p, e: slot[0](v, p, e)  # recursion guard
            slot.append(self._compile(self._resolve(doc_id, pointer), doc_id))
            self._compiled[key] = slot[0]
        return self._compiled[key]

    def _compile(self, schema: Any, base: str) -> Check:
        if schema is True or schema == {}:
            return lambda v, p, e: None
        if schema is False:
            return lambda v, p, e: e.append((p, "false", "no value is allowed here"))
        checks: list[Check] = []
        add = checks.append
        if "$ref" in schema:
            ref = schema["$ref"]
            doc, _, pointer = ref.partition("#")
            target = self._ref(doc or base, pointer)
            add(target)
        if "type" in schema:
            add(self._type(schema["type"]))
        if "enum" in schema:
            allowed = schema["enum"]

            strings = frozenset(a for a in allowed if isinstance(a, str))

            def enum(v, p, e, allowed=allowed):
                if isinstance(v, str) and v in strings:
                    return
                if not any(_json_equal(a, v) for a in allowed):
                    e.append((p, "enum", f"{_describe(v)} is not one of {_json_text(allowed)}"))
            add(enum)
        if "const" in schema:
            const = schema["const"]

            def const_(v, p, e, const=const):
                if not _json_equal(const, v):
                    e.append((p, "const", f"{_describe(v)} must be {_json_text(const)}"))
            add(const_)
        self._object_keywords(schema, base, add)
        self._array_keywords(schema, base, add)
        self._scalar_keywords(schema, add)
        self._combinators(schema, base, add)
        if len(checks) == 1:
            return checks[0]

        def all_checks(v, p, e, checks=tuple(checks)):
            for c in checks:
                c(v, p, e)
        return all_checks

    @staticmethod
    def _type(spec) -> Check:
        names = spec if isinstance(spec, list) else [spec]
        tests = [_TYPES[n] for n in names]
        label = " or ".join(names)
        simple = {"string": str, "object": dict, "array": list}
        if len(names) == 1 and names[0] in simple:
            cls = simple[names[0]]

            def type_simple(v, p, e):
                if v.__class__ is not cls and not isinstance(v, cls):
                    e.append((p, "type", f"{_describe(v)} is not of type {label}"))
            return type_simple

        def type_(v, p, e):
            if not any(t(v) for t in tests):
                e.append((p, "type", f"{_describe(v)} is not of type {label}"))
        return type_

    def _object_keywords(self, schema: dict, base: str, add) -> None:
        props = {k: self._compile(s, base) for k, s in schema.get("properties", {}).items()}
        required = tuple(schema.get("required", ()))
        extra = schema.get("additionalProperties", True)
        extra_check = None if extra is True else self._compile(extra, base)
        min_props = schema.get("minProperties")
        if not (props or required or extra_check or min_props):
            return

        def obj(v, p, e):
            if not isinstance(v, dict):
                return
            for name in required:
                if name not in v:
                    e.append((p + (name,), "required", f"{name!r} is a required property"))
            for k, item in v.items():
                c = props.get(k)
                if c is not None:
                    c(item, p + (k,), e)
                elif extra_check is not None:
                    extra_check(item, p + (k,), e)
            if min_props is not None and len(v) < min_props:
                e.append((p, "minProperties", f"needs at least {min_props} properties"))
        add(obj)

    def _array_keywords(self, schema: dict, base: str, add) -> None:
        items = self._compile(schema["items"], base) if "items" in schema else None
        min_items = schema.get("minItems")
        unique = schema.get("uniqueItems", False)
        if items is None and min_items is None and not unique:
            return

        def arr(v, p, e):
            if not isinstance(v, list):
                return
            if items is not None:
                for i, item in enumerate(v):
                    items(item, p + (i,), e)
            if min_items is not None and len(v) < min_items:
                e.append((p, "minItems", f"needs at least {min_items} items"))
            if unique and len({repr(x) for x in v}) != len(v):
                e.append((p, "uniqueItems", "has repeated items"))
        add(arr)

    @staticmethod
    def _scalar_keywords(schema: dict, add) -> None:
        lo, hi = schema.get("minLength"), schema.get("maxLength")
        if lo is not None or hi is not None:
            def length(v, p, e):
                if isinstance(v, str):
                    if lo is not None and len(v) < lo:
                        e.append((p, "minLength", f"{_describe(v)} is too short (at least {lo} characters)"))
                    if hi is not None and len(v) > hi:
                        e.append((p, "maxLength", f"{_describe(v)} is too long (at most {hi} characters)"))
            add(length)
        if "pattern" in schema:
            rx = re.compile(schema["pattern"])

            def pattern(v, p, e):
                if isinstance(v, str) and not rx.search(v):
                    e.append((p, "pattern", f"{_describe(v)} does not match {rx.pattern!r}"))
            add(pattern)
        mn, mx = schema.get("minimum"), schema.get("maximum")
        xmn, xmx = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
        if any(b is not None for b in (mn, mx, xmn, xmx)):
            def bounds(v, p, e):
                if not _TYPES["number"](v):
                    return
                if mn is not None and v < mn:
                    e.append((p, "minimum", f"{v} is less than the minimum of {mn}"))
                if mx is not None and v > mx:
                    e.append((p, "maximum", f"{v} is greater than the maximum of {mx}"))
                if xmn is not None and v <= xmn:
                    e.append((p, "exclusiveMinimum", f"{v} must be greater than {xmn}"))
                if xmx is not None and v >= xmx:
                    e.append((p, "exclusiveMaximum", f"{v} must be less than {xmx}"))
            add(bounds)
        if schema.get("format") in FORMATS:
            fmt_name = schema["format"]
            test = FORMATS[fmt_name]

            def fmt(v, p, e):
                if isinstance(v, str) and not test(v):
                    e.append((p, "format", f"{_describe(v)} is not a valid {fmt_name}"))
            add(fmt)

    def _combinators(self, schema: dict, base: str, add) -> None:
        for kw in ("anyOf", "oneOf"):
            if kw in schema:
                subs = [self._compile(s, base) for s in schema[kw]]

                def combo(v, p, e, subs=subs, kw=kw):
                    passing = sum(1 for s in subs if not _errors(s, v, p))
                    if kw == "anyOf" and passing == 0:
                        e.append((p, "anyOf", f"{_describe(v)} matches none of the allowed forms"))
                    elif kw == "oneOf" and passing != 1:
                        e.append((p, "oneOf", f"{_describe(v)} must match exactly one allowed form ({passing} match)"))
                add(combo)
        for sub in schema.get("allOf", ()):
            add(self._compile(sub, base))
        if "not" in schema:
            neg = self._compile(schema["not"], base)

            def not_(v, p, e):
                if not _errors(neg, v, p):
                    e.append((p, "not", f"{_describe(v)} is not allowed here"))
            add(not_)
        if "if" in schema:
            cond = self._compile(schema["if"], base)
            then = self._compile(schema["then"], base) if "then" in schema else None
            other = self._compile(schema["else"], base) if "else" in schema else None

            def if_(v, p, e):
                branch = then if not _errors(cond, v, p) else other
                if branch is not None:
                    branch(v, p, e)
            add(if_)


def _json_equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


def _errors(check: Check, v: Any, p: tuple) -> list:
    errs: list = []
    check(v, p, errs)
    return errs


def format_path(path: tuple) -> str:
    """``("recordDetails", "interests", 0, "share")`` → ``recordDetails.interests[0].share``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# -- the fast path: a yes/no validator -----------------------------------------------------------------
Valid = Callable[[Any], bool]


class FastSchemaSet(SchemaSet):
    """The same keywords compiled into closures that only answer *valid or not* (no paths, no messages,
    first failure wins). ``validator(...)(v)`` is True exactly when ``checker(...)(v)`` finds no error;
    readers run the precise checker only for the instances this one rejects (tests compare the two on
    every corpus file)."""

    def __init__(self, documents: list[dict]):
        super().__init__(documents)
        self._valid: dict[tuple[str, str], Valid] = {}

    def validator(self, doc_id: str, pointer: str = "") -> Valid:
        return self._vref(doc_id, pointer)

    def _vref(self, doc_id: str, pointer: str) -> Valid:
        key = (doc_id, pointer)
        if key not in self._valid:
            slot: list[Valid] = []
            self._valid[key] = lambda v: slot[0](v)  # recursion guard
            slot.append(self._vcompile(self._resolve(doc_id, pointer), doc_id))
            self._valid[key] = slot[0]
        return self._valid[key]

    def _vcompile(self, schema: Any, base: str) -> Valid:
        if schema is True or schema == {}:
            return lambda v: True
        if schema is False:
            return lambda v: False
        tests: list[Valid] = []
        add = tests.append
        if "$ref" in schema:
            doc, _, pointer = schema["$ref"].partition("#")
            add(self._vref(doc or base, pointer))
        if "type" in schema:
            names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
            simple = {"string": str, "object": dict, "array": list, "boolean": bool}
            if len(names) == 1 and names[0] in simple:
                cls = simple[names[0]]
                add(lambda v, cls=cls: isinstance(v, cls))
            else:
                type_tests = tuple(_TYPES[n] for n in names)
                add(lambda v, ts=type_tests: any(t(v) for t in ts))
        if "enum" in schema:
            allowed = schema["enum"]
            strings = frozenset(a for a in allowed if isinstance(a, str))
            add(lambda v, allowed=allowed, strings=strings: (isinstance(v, str) and v in strings)
                or any(_json_equal(a, v) for a in allowed))
        if "const" in schema:
            add(lambda v, const=schema["const"]: _json_equal(const, v))
        props = {k: self._vcompile(s, base) for k, s in schema.get("properties", {}).items()}
        required = tuple(schema.get("required", ()))
        extra = schema.get("additionalProperties", True)
        extra_test = None if extra is True else self._vcompile(extra, base)
        min_props = schema.get("minProperties")
        if props or required or extra_test or min_props:
            def obj(v, props=props, required=required, extra_test=extra_test, min_props=min_props):
                if not isinstance(v, dict):
                    return True
                for name in required:
                    if name not in v:
                        return False
                get = props.get
                for k, item in v.items():
                    t = get(k)
                    if t is not None:
                        if not t(item):
                            return False
                    elif extra_test is not None and not extra_test(item):
                        return False
                return min_props is None or len(v) >= min_props
            add(obj)
        items = self._vcompile(schema["items"], base) if "items" in schema else None
        min_items = schema.get("minItems")
        unique = schema.get("uniqueItems", False)
        if items is not None or min_items is not None or unique:
            def arr(v, items=items, min_items=min_items, unique=unique):
                if not isinstance(v, list):
                    return True
                if items is not None:
                    for item in v:
                        if not items(item):
                            return False
                if min_items is not None and len(v) < min_items:
                    return False
                return not unique or len({repr(x) for x in v}) == len(v)
            add(arr)
        lo, hi = schema.get("minLength"), schema.get("maxLength")
        if lo is not None or hi is not None:
            add(lambda v, lo=lo, hi=hi: not isinstance(v, str) or (
                (lo is None or len(v) >= lo) and (hi is None or len(v) <= hi)))
        if "pattern" in schema:
            rx = re.compile(schema["pattern"])
            add(lambda v, search=rx.search: not isinstance(v, str) or search(v) is not None)
        mn, mx = schema.get("minimum"), schema.get("maximum")
        xmn, xmx = schema.get("exclusiveMinimum"), schema.get("exclusiveMaximum")
        if any(b is not None for b in (mn, mx, xmn, xmx)):
            number = _TYPES["number"]
            add(lambda v: not number(v) or (
                (mn is None or v >= mn) and (mx is None or v <= mx) and (xmn is None or v > xmn)
                and (xmx is None or v < xmx)))
        if schema.get("format") in FORMATS:
            fmt_test = FORMATS[schema["format"]]
            add(lambda v, f=fmt_test: not isinstance(v, str) or f(v))
        if "anyOf" in schema:
            subs = tuple(self._vcompile(s, base) for s in schema["anyOf"])
            add(lambda v, subs=subs: any(s(v) for s in subs))
        if "oneOf" in schema:
            subs = tuple(self._vcompile(s, base) for s in schema["oneOf"])
            add(lambda v, subs=subs: sum(1 for s in subs if s(v)) == 1)
        for sub in schema.get("allOf", ()):
            add(self._vcompile(sub, base))
        if "not" in schema:
            neg = self._vcompile(schema["not"], base)
            add(lambda v, neg=neg: not neg(v))
        if "if" in schema:
            cond = self._vcompile(schema["if"], base)
            then = self._vcompile(schema["then"], base) if "then" in schema else None
            other = self._vcompile(schema["else"], base) if "else" in schema else None

            def if_(v, cond=cond, then=then, other=other):
                branch = then if cond(v) else other
                return branch is None or branch(v)
            add(if_)
        if not tests:
            return lambda v: True
        if len(tests) == 1:
            return tests[0]
        if len(tests) == 2:
            a, b = tests
            return lambda v: a(v) and b(v)
        frozen = tuple(tests)
        return lambda v: all(t(v) for t in frozen)
