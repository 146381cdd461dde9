"""The yes/no JSON Schema check of :mod:`kingmaker.jsonschema.checker` as one DuckDB SQL boolean expression.

:meth:`SqlSchemaSet.predicate` compiles a schema into an expression over a column holding one JSON
document per row (raw text, VARCHAR or JSON), which DuckDB evaluates vectorised. The contract is
one-sided: the expression is TRUE only for documents that :class:`~kingmaker.jsonschema.checker.FastSchemaSet`
accepts (as read by Python's ``json``); FALSE means *not vouched for*, and the caller runs the precise
Python checker on those rows. Use it in a SELECT list (``… AS ok``) with a row key beside it: it holds a
correlated scalar subquery, and DuckDB may return the rows in another order.

Method
  * Values are canonical JSON text. The document is parsed once by ``json_transform`` into a nested
    STRUCT of every member any subschema names (a member whose schema requires an object becomes a nested
    STRUCT, anything else its minified JSON text), and once by ``json_keys`` into the key list of every such
    object. A scalar subquery gives each of these a column, so the checks bind and run on short column
    references. A value's type is read off its first character (``{ [ "``, ``true``/``false``, ``null``; a
    number starts with ``-`` or a digit and ends with a digit); strings are compared as canonical text (or
    unescaped with ``->>'$'``), numbers through ``TRY_CAST(CAST(… AS VARCHAR) AS DOUBLE)``.
  * DuckDB keeps the *first* of repeated keys (Python the last) and reads a JSON null member as an absent
    one; so each object is checked against its key list: every member the schema names must occur once,
    with a non-NULL value (else the object is "unknown"), and a nested member must be an object.
  * Every subschema compiles two ways: *accept* (TRUE ⇒ valid) and *reject* (TRUE ⇒ invalid); NULL or FALSE
    means "unknown". ``not`` swaps them, ``oneOf`` needs both (one accepted, all others rejected), ``if``
    becomes ``CASE WHEN accept(if) THEN then WHEN reject(if) THEN else ELSE FALSE``; exact tests (type,
    enum, lengths, dates…) give reject = NOT accept, the others FALSE on the side they cannot vouch for.
    Reject forms are built only where ``not``, ``oneOf`` or ``if`` need them. ``CASE`` guards each optional
    member, so DuckDB evaluates a test only on the rows that have the member.
  * Arrays: strings of an enum by one regular expression over the array's text; objects by one
    ``json_transform`` to a LIST of STRUCTs and one ``json_keys(…, '$[*]')``, zipped, under a lambda; other
    items by a lambda over the items' texts. An object given as text (an array item, ``oneOf`` string or
    object…) is parsed and bound the same way as the document. ``$ref`` is expanded inline (a ref met again
    more than :attr:`SqlSchemaSet.max_depth` times while it is being expanded gives "unknown").

Conservative cases (never TRUE, although FastSchemaSet may accept):
  * a JSON null or a repeated key as a member the schema names (anywhere the schema looks: in BODS, where
    no member may be null, this refuses only invalid statements); NaN/Infinity/1e400 where the schema looks
    at the number; a document DuckDB's reader cannot read;
  * ``pattern``: only a plain syntax subset (literals, classes, groups, ``(?:``, ``|``, ``^ $ .``, ``\\d \\w
    \\s`` and negations, ``\\b``, counted repetition up to 999; no lookaround, backreference, flag…), and
    for patterns with negated classes or ``\\b`` only printable-ASCII strings (RE2 and Python differ beyond);
  * ``uniqueItems`` over objects or arrays; ``enum``/``const`` objects or arrays unless they are the same
    minified text (key order, ``1`` vs ``1.0``); numeric bounds and constants beyond ±2⁵³;
    ``additionalProperties`` given as a schema (true, false and {} are supported); members whose names
    differ only in case (DuckDB's STRUCT fields are case-insensitive) or the empty name;
  * strings ending in a newline, where Python's ``$`` matches before it: ``pattern`` accepts, and the
    ``date-time``/``uri``/``email`` rejections.

Not the schema's business: DuckDB's reader also takes trailing commas and NaN/Infinity in any spelling;
where the schema does not look at such a value the expression can be TRUE, although Python's ``json``
would not read the text (orjson reads neither NaN nor Infinity).
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, replace
from typing import Any

from kingmaker.jsonschema.checker import _TYPES, SchemaSet

TRUE, FALSE = "true", "false"

#: The characters Python's ``re`` matches with ``\s`` in a str pattern, as an RE2 class body (tests compare
#: against Python over every code point).
WS_CLASS = (r"\t\n\x{0B}\f\r\x{1C}-\x{20}\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}"
            r"\x{205F}\x{3000}")
_DATE_RX = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_TIME_RX = r"[Tt ]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})"
#: SQL regexes (full match on the unescaped string) equivalent to checker.FORMATS for "uri", "email"
_FORMAT_RX = {"uri": rf"[A-Za-z][A-Za-z0-9+.\-]*:[^{WS_CLASS}]*", "email": rf"[^@{WS_CLASS}]+@[^@{WS_CLASS}]+"}
_PATTERN_TOKEN = re.compile(r"""
    \\[dDwWsSbB.\\/\-+*?()\[\]{}|^$]          # escapes with the same meaning in Python re and RE2
  | \(\?: | \((?!\?) | [)|^$.*+?]             # groups (no flags, lookarounds, names), operators
  | \{\d{1,3}(?:,\d{0,3})?\}                  # counted repetition {m} {m,} {m,n}
  | \[\^?(?:\\[dDwWsS.\\\-\]\[^]|[^\\\[\]])+\]  # a class without nesting, POSIX names or other escapes
  | [^\\(){}\[\]|^$.*+?]                      # a literal character
""", re.VERBOSE)
_MARK = "\x01"  # brackets object placeholders in SQL under construction
_PRINTABLE = "regexp_full_match({s}, '[ -~]*')"
_NEGATED = re.compile(r"\\[DWSbB]|\[\^")


def _lit(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _and(parts: list[str]) -> str:
    parts = [p for p in parts if p != TRUE]
    if FALSE in parts:
        return FALSE
    return TRUE if not parts else parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"


def _or(parts: list[str]) -> str:
    parts = [p for p in parts if p != FALSE]
    if TRUE in parts:
        return TRUE
    return FALSE if not parts else parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"


def _case(cond: str, then: str, other: str) -> str:
    """``then`` where ``cond`` is TRUE, else ``other`` (DuckDB evaluates each branch only on its rows)."""
    if cond in (TRUE, FALSE) or then == other:
        return then if cond == TRUE or then == other else other
    return f"(CASE WHEN {cond} THEN {then} ELSE {other} END)"


def _not(e: str) -> str:
    return FALSE if e == TRUE else TRUE if e == FALSE else f"(NOT {e})"


def _simple_string(s: str) -> bool:
    """Strings whose canonical JSON text is just the string in quotes."""
    return all(ch not in '"\\' and ord(ch) >= 0x20 for ch in s)


def _pattern_supported(pattern: str) -> bool:
    pos = 0
    while pos < len(pattern):
        m = _PATTERN_TOKEN.match(pattern, pos)
        if not m:
            return False
        pos = m.end()
    return True


def _double(text: str) -> str:
    """A JSON number's text as DOUBLE, NULL for other text (a JSON-typed value would be *converted*:
    ``'"12"'::JSON`` casts to 12, ``true`` to 1, hence the VARCHAR in between)."""
    return f"TRY_CAST(CAST({text} AS VARCHAR) AS DOUBLE)"


def _finite(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) and abs(x) < 2 ** 53


_KEYWORDS = {"$ref", "type", "enum", "const", "properties", "required", "additionalProperties", "minProperties",
             "items", "minItems", "uniqueItems", "minLength", "maxLength", "pattern", "minimum", "maximum",
             "exclusiveMinimum", "exclusiveMaximum", "format", "anyOf", "oneOf", "allOf", "not", "if", "then", "else"}
_SAFE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")  # members that may be nested STRUCT fields and path steps


class _Scope:
    """One JSON text, parsed once into a nested STRUCT of every member the schema names (canonical JSON
    text, or a nested STRUCT where the member's schema requires an object) and once into the key list of
    each object in it (``nodes``, by path). Placeholders in the SQL under construction stand for member
    values (L), member presence (P), key lists (K), "is an object with keys" (G) and the member check (C);
    :meth:`SqlSchemaSet._close` fills them in."""

    def __init__(self, n: int, text: str, raw: bool, lam: bool, items: bool = False):
        self.n, self.text, self.raw, self.lam, self.items = n, text, raw, lam, items
        self.nodes: dict[tuple, dict[str, str]] = {(): {}}  # object path -> member -> "leaf"/"nest"/"any"
        self.bad: set[tuple] = set()  # objects with members DuckDB cannot tell apart (case)

    def mark(self, what: str, path: tuple, name: str | None = None) -> str:
        i = list(self.nodes).index(path)
        k = "" if name is None else f":{list(self.nodes[path]).index(name)}"
        return f"{_MARK}{what}{self.n}:{i}{k}{_MARK}"

    def check(self, path: tuple) -> str:
        """TRUE when no member the schema names in the object at ``path`` is repeated or null."""
        return self.mark("C", path)

    def gate(self, path: tuple) -> str:
        """TRUE when the nested member at ``path`` is an object with keys."""
        return self.mark("G", path)

    def keys(self, path: tuple) -> str:
        return self.mark("K", path)


def _field(path: tuple) -> str:
    """SQL selecting the member at ``path`` in a STRUCT."""
    return "".join(f".{_ident(p)}" for p in path)


def _json_path(path: tuple) -> str:
    return _lit("$" + _field(path))


@dataclass(frozen=True)
class _Val:
    """A value under test. ``v``: SQL of its canonical JSON text (the raw column when ``raw``; None for a
    nested member). ``kind``: None (unknown), "other" (not an object), "object" (an object, members in
    ``scope`` at ``path``) or "struct" (a member of ``scope`` at ``path`` whose schema requires an object:
    every claim about it is made under its gate, see :meth:`SqlSchemaSet._entered`)."""
    v: str | None
    raw: bool = False
    kind: str | None = None
    scope: _Scope | None = None
    path: tuple = ()
    stack: tuple = ()
    lam: bool = False  # inside a lambda (an array item), where DuckDB shares no repeated subexpression


class SqlSchemaSet(SchemaSet):
    """Schemas indexed by ``$id`` (as :class:`SchemaSet`); :meth:`predicate` compiles one into SQL."""

    max_depth = 2  # times a $ref may be re-entered while it is being expanded

    def __init__(self, documents: list[dict]):
        super().__init__(documents)
        self._n = 0
        self._leaf_only: set[tuple] = set()  # (scope text, member path) to keep as text, not a nested STRUCT
        self._retry = False
        self._anchors: list[str] = []  # SQL whose subexpressions DuckDB should compute once (see predicate)

    def predicate(self, doc_id: str, pointer: str, column: str) -> str:
        """SQL that is TRUE only where ``column`` holds a JSON document valid against the schema at
        ``doc_id#pointer`` (same semantics as ``FastSchemaSet(docs).validator(doc_id, pointer)``)."""
        self._leaf_only = set()
        for _ in range(50):  # a member nested in one subschema but not in another is redone as text
            self._n, self._retry, self._anchors = 0, False, []
            body = self._sql(self._resolve(doc_id, pointer), doc_id, _Val(f"({column})", raw=True), True)
            if not self._retry:
                break
        else:
            return FALSE
        if not self._anchors:
            return f"coalesce({body}, false)"
        # DuckDB computes a repeated subexpression of a projection once, if its first occurrence is not
        # behind a CASE, AND or OR: the parsed STRUCTs and key lists are named first, here.
        return f"coalesce(list_value({', '.join(self._anchors)}) IS NOT NULL AND {body}, false)"

    def relation(self, doc_id: str, pointer: str, column: str, source: str, carry: list[str]) -> str:
        """The check as a query over ``source`` (a SELECT with ``column`` and the ``carry`` columns): its rows
        give ``carry`` and ``ok``. Unlike :meth:`predicate`, the document is parsed in a derived table, not a
        correlated subquery — DuckDB decorrelates that by hashing every distinct document, so memory grows
        with the input (1.7 GB for a 10⁶-statement file) or, under a memory limit, it spills."""
        carry = list(dict.fromkeys([*carry, column]))
        self._root = None
        expr = self.predicate(doc_id, pointer, column)
        c = ", ".join(carry)
        if self._root is None:
            return f"SELECT {c}, {expr} AS ok FROM ({source})"
        body, columns, struct, key_lists = self._root
        return (f"SELECT {c}, coalesce({body}, false) AS ok FROM (SELECT {c}, {', '.join(columns)} FROM "
                f"(SELECT {c}, {struct} AS km__r, {key_lists} AS km__keys FROM ({source})))")

    # -- scopes ---------------------------------------------------------------------------------------
    def _var(self, prefix: str) -> str:
        self._n += 1
        return f"km_{prefix}{self._n}"

    def _member(self, x: _Val, name: str, sub: Any, base: str) -> tuple[str | None, _Val | None]:
        """SQL of member ``name`` of object ``x`` (NULL when absent) and, for a subschema ``sub``, its value."""
        scope, path = x.scope, x.path
        members = scope.nodes[path]
        if name == "" or any(m != name and m.lower() == name.lower() for m in members):
            scope.bad.add(path)
            return None, None
        want = "any"
        if sub is not None:
            nest = (not scope.items and _SAFE_NAME.match(name) and (scope.text, path + (name,)) not in self._leaf_only
                    and self._pins_object(sub, base, frozenset()))
            want = "nest" if nest else "leaf"
        prev = members.get(name, "any")
        if {prev, want} == {"nest", "leaf"}:  # one shape per member: text for all
            self._leaf_only.add((scope.text, path + (name,)))
            self._retry = True
            want = "leaf"
        members[name] = prev if want == "any" else want
        presence = scope.mark("P", path, name)
        if sub is None:
            return presence, None
        if want == "nest":
            scope.nodes.setdefault(path + (name,), {})
            return presence, _Val(None, kind="struct", scope=scope, path=path + (name,), stack=x.stack, lam=x.lam)
        return presence, _Val(scope.mark("L", path, name), stack=x.stack, lam=x.lam)

    def _pins_object(self, schema: Any, base: str, seen: frozenset) -> bool:
        """Whether the schema requires an object (``type: object`` unconditionally)."""
        if not isinstance(schema, dict):
            return False
        if schema.get("type") in ("object", ["object"]):
            return True
        if "$ref" in schema:
            doc, _, pointer = schema["$ref"].partition("#")
            ref = (doc or base, pointer)
            if ref not in seen and self._pins_object(self._resolve(*ref), ref[0], seen | {ref}):
                return True
        return any(self._pins_object(s, base, seen) for s in schema.get("allOf", ()))

    def _spec(self, scope: _Scope, path: tuple) -> dict:
        return {name: (self._spec(scope, path + (name,)) or "JSON") if mode == "nest" else "JSON"
                for name, mode in scope.nodes.get(path, {}).items()}

    def _fill(self, scope: _Scope, sql: str, struct: str, keys: list[str], types: list[str], leaf=None) -> str:
        """Fill the scope's placeholders in ``sql``: ``struct`` is SQL of its STRUCT (or ``leaf(path, name)``
        of each member value), ``keys[i]`` of the key list of the object at its i-th path and ``types[i]``
        of its JSON type (asked only for {})."""
        paths = list(scope.nodes)

        def value(i: int, k: int) -> str:  # a member's value (leaf) or key list (nested): NULL when absent
            m = list(scope.nodes[paths[i]])[k]
            if scope.nodes[paths[i]][m] == "nest":
                return keys[paths.index(paths[i] + (m,))]
            return leaf(paths[i], m) if leaf else struct + _field(paths[i] + (m,))

        def check(i: int) -> str:
            """Each member the schema names occurs once and is not null (its value is then non-NULL)."""
            x, members = self._var("k"), list(scope.nodes[paths[i]])
            if paths[i] in scope.bad:
                return FALSE
            if not members:
                return TRUE
            present = " + ".join(f"({value(i, k)} IS NOT NULL)::INTEGER" for k in range(len(members)))
            known = f"len(list_filter({keys[i]}, lambda {x}: {x} IN ({', '.join(_lit(m) for m in members)})))"
            # as many keys as members present: all keys are distinct members (the common case, no lambda)
            return f"(CASE WHEN len({keys[i]}) = {present} THEN true ELSE {known} = {present} END)"

        def fill(m: re.Match) -> str:
            what, n, i, k = m[1], int(m[2]), int(m[3]), int(m[4] or 0)
            if n != scope.n:
                return m[0]
            if what in "LP":
                return value(i, k)
            gate = f"(CASE WHEN len({keys[i]}) > 0 THEN true ELSE {types[i]} = 'OBJECT' END)"
            return {"K": keys[i], "G": gate}.get(what) or check(i)
        return re.sub(f"{_MARK}([LPKGC])(\\d+):(\\d+)(?::(\\d+))?{_MARK}", fill, sql)

    def _parsed(self, scope: _Scope) -> tuple[str, str]:
        """SQL of the scope's STRUCT (a LIST of them for array items) and of its key lists."""
        spec = self._spec(scope, ())
        if scope.items:  # (a LIST as long as the array even when no member is asked for)
            return (f"json_transform({scope.text}, {_lit(json.dumps([spec or 'JSON'], separators=(',', ':')))})",
                    f"json_keys({scope.text}, '$[*]')")
        struct = f"json_transform({scope.text}, {_lit(json.dumps(spec, separators=(',', ':')))})" if spec else "NULL"
        steps = ", ".join(_json_path(path) for path in scope.nodes)
        key_lists = f"json_keys({scope.text}, [{steps}])"
        if scope.raw:
            struct, key_lists = (f"TRY({struct})" if spec else struct), f"TRY({key_lists})"
        return struct, key_lists

    def _close(self, scope: _Scope, body: str) -> str:
        """Bind the scope around ``body``: its STRUCT and key lists (one parse of the text for each)."""
        if body in (TRUE, FALSE):
            return body
        struct, key_lists = self._parsed(scope)
        keys = [f"{key_lists}[{i + 1}]" for i in range(len(scope.nodes))]
        types = [f"json_type({scope.text}, {_json_path(path)})" for path in scope.nodes]
        if scope.raw:
            return self._close_root(scope, body, struct, key_lists, [f"TRY({t})" for t in types])
        if not scope.lam:  # DuckDB shares the repeated STRUCT and key lists (see predicate)
            self._anchors = [self._fill(scope, a, struct, keys, types) for a in self._anchors]
            self._anchors += [f"{struct} IS NULL", f"{key_lists} IS NULL"]
            return self._fill(scope, body, struct, keys, types)
        w = self._var("w")  # in a lambda nothing is shared: bind the scope with a lambda of its own
        body = self._fill(scope, body, f"{w}.v", [f"{w}.k[{i + 1}]" for i in range(len(scope.nodes))], types)
        return f"list_transform([struct_pack(v := {struct}, k := {key_lists})], lambda {w}: {body})[1]"

    def _close_root(self, scope: _Scope, body: str, struct: str, key_lists: str, types: list[str]) -> str:
        """The document itself: a scalar subquery parses it once and gives every member value and key list
        a column of its own (short SQL to bind, and no STRUCT to slice in each CASE)."""
        leaves = [(path, m) for path, members in scope.nodes.items() for m, mode in members.items() if mode != "nest"]
        names = {leaf: f"km__m{j}" for j, leaf in enumerate(leaves)}  # (lambda variables have one _)
        keys = [f"km__k{i}" for i in range(len(scope.nodes))]
        body = self._fill(scope, body, "", keys, types, leaf=lambda path, m: names[(path, m)])
        anchors = [self._fill(scope, a, "", keys, types, leaf=lambda path, m: names[(path, m)]) for a in self._anchors]
        self._anchors = []
        if anchors:  # DuckDB shares the repeated STRUCTs and key lists of inner scopes (see predicate)
            body = f"(list_value({', '.join(anchors)}) IS NOT NULL AND {body})"
        columns = [f"km__r{_field(path + (m,))} AS {names[(path, m)]}" for path, m in leaves]
        columns += [f"km__keys[{i + 1}] AS {k}" for i, k in enumerate(keys)]
        self._root = (body, columns, struct, key_lists)
        return (f"(SELECT {body} FROM (SELECT {', '.join(columns)} FROM "
                f"(SELECT {struct} AS km__r, {key_lists} AS km__keys)))")

    def _items(self, items: Any, base: str, x: _Val, pos: bool) -> str:
        """*accept*/*reject* for every item of the array ``x`` (a JSON array, as text)."""
        array = self._canon(x)
        names = {k for k in items if k in _KEYWORDS} if isinstance(items, dict) else {"?"}
        enum = items.get("enum") if isinstance(items, dict) else None
        if (names and names <= {"type", "enum"} and items.get("type", "string") == "string"
                and (enum is None or all(isinstance(a, str) and _simple_string(a) for a in enum))):
            # strings (of an enum): a regular expression over the array's canonical text
            item = '"(?:[^"\\\\]|\\\\.)*"' if enum is None else \
                '"(?:' + "|".join(re.sub(r"([^A-Za-z0-9 _-])", r"\\\1", a) for a in enum) + ')"'
            e = f"regexp_full_match({array}, {_lit(f'[[](?:{item}(?:,{item})*)?[]]')})"
            return e if pos else _not(e)
        e, i = self._var("e"), self._var("i")
        if self._pins_object(items, base, frozenset()) and self._members(items, base)[0]:
            # objects: all parsed at once, a STRUCT and a key list per item
            scope = _Scope(self._n, array, False, True, items=True)
            self._n += 1
            value = _Val(None, kind="struct", scope=scope, path=(), stack=x.stack, lam=True)
            test = self._entered(value, self._sql(items, base, value, pos))
            struct, key_lists = self._parsed(scope)
            test = self._fill(scope, test, f"{e}[1]", [f"{e}[2]"], [f"json_type({array}, '$[*]')[{i}]"])
            source = f"list_zip({struct}, {key_lists})"
        else:
            test = self._sql(items, base, _Val(e, stack=x.stack, lam=True), pos)
            source = f"json_transform({array}, '[\"JSON\"]')"
        if test == (TRUE if pos else FALSE):
            return test
        if pos:
            return f"coalesce(list_bool_and(list_transform({source}, lambda {e}, {i}: coalesce({test}, false))), true)"
        return f"coalesce(list_bool_or(list_transform({source}, lambda {e}, {i}: {test})), false)"

    # -- value tests --------------------------------------------------------------------------------
    @staticmethod
    def _canon(x: _Val) -> str:
        return f"TRY(json({x.v}))" if x.raw else x.v

    def _is(self, t: str, x: _Val, fast: bool = False) -> str:
        """Exact type test (``fast``: may be FALSE for some numbers, for *accept* use only)."""
        if x.kind in ("object", "struct"):  # a nested member is known to be an object where it is entered
            return TRUE if t == "object" else FALSE
        if t == "object" and x.kind == "other":
            return FALSE
        c = self._canon(x)
        first = (f"(CASE WHEN ascii({x.v}) IN (32, 9, 10, 13) THEN ascii(ltrim({x.v}, chr(32) || chr(9) || chr(10)"
                 f" || chr(13))) ELSE ascii({x.v}) END)") if x.raw else f"ascii({c})"
        if t in ("object", "array", "string"):
            return f"({first} = {ord({'object': '{', 'array': '[', 'string': chr(34)}[t])})"
        if t == "boolean":
            return f"({c} IN ('true', 'false'))"
        if t == "null":
            return f"({c} = 'null')"
        if t not in ("number", "integer"):
            return FALSE
        d = _double(c)
        if fast:  # finite numbers only: 1e400 is Python's inf, NaN/Infinity are numbers to Python's json
            return f"isfinite({d})" if t == "number" else f"(isfinite({d}) AND floor({d}) = {d})"
        number = f"({first} BETWEEN 45 AND 57 AND ascii(right({c}, 1)) BETWEEN 48 AND 57)"  # [-0-9]…[0-9]
        return number if t == "number" else f"({number} AND isfinite({d}) AND floor({d}) = {d})"

    def _known(self, x: _Val) -> str:
        """TRUE when the value has one of the JSON types (not NaN/Infinity)."""
        return _or([self._is(t, x) for t in ("object", "array", "string", "boolean", "null", "number")])

    def _equal(self, const: Any, x: _Val, pos: bool) -> str:
        """Accept: surely equal to ``const`` (FastSchemaSet's _json_equal); reject: surely not equal."""
        if x.kind == "struct":  # no text at hand: only "an object is not a scalar or an array"
            return FALSE if pos or isinstance(const, dict) else TRUE
        c = self._canon(x)
        if isinstance(const, bool) or const is None or isinstance(const, str) and _simple_string(const):
            e = f"({c} = {_lit(json.dumps(const, ensure_ascii=False))})"
        elif isinstance(const, str):
            e = f"({self._is('string', x)} AND ({c}->>'$') = {_lit(const)})"
        elif isinstance(const, (int, float)):
            if not _finite(const):
                return FALSE
            e = f"({self._is('number', x)} AND {_double(c)} = {float(const)!r})"
            return e if pos else _and([self._known(x), _not(e)])
        elif pos:
            return f"({c} = {_lit(json.dumps(const, ensure_ascii=False, separators=(',', ':')))})"
        elif not const:  # [] and {} have a single canonical text
            return _not(f"({c} = {_lit('[]' if isinstance(const, list) else '{}')})")
        else:
            return _not(self._is("array" if isinstance(const, list) else "object", x))
        return e if pos else _not(e)

    def _enum(self, allowed: list, x: _Val, pos: bool) -> str:
        simple = [a for a in allowed if isinstance(a, str) and _simple_string(a) and x.kind != "struct"]
        tests = [self._equal(a, x, pos) for a in allowed if a not in simple]
        if simple:
            e = f"({self._canon(x)} IN ({', '.join(_lit(json.dumps(a, ensure_ascii=False)) for a in simple)}))"
            tests.append(e if pos else _not(e))
        return _or(tests) if pos else _and(tests)

    # -- compilation ----------------------------------------------------------------------------------
    def _sql(self, schema: Any, base: str, x: _Val, pos: bool) -> str:
        """*accept* (pos) or *reject* SQL for ``schema`` at value ``x``."""
        if schema is True or schema == {}:
            return TRUE if pos else FALSE
        if schema is False:
            return FALSE if pos else TRUE
        if not isinstance(schema, dict):
            return FALSE
        if x.kind is None:
            keys, needs_keys = self._members(schema, base)
            if keys or needs_keys:
                return self._open(schema, base, x, pos)
        parts: list[str] = []
        if "$ref" in schema:
            doc, _, pointer = schema["$ref"].partition("#")
            ref = (doc or base, pointer)
            if x.stack.count(ref) > self.max_depth:
                parts.append(FALSE)
            else:
                parts.append(self._sql(self._resolve(*ref), ref[0], replace(x, stack=x.stack + (ref,)), pos))
        types = None
        if "type" in schema:
            types = set(schema["type"] if isinstance(schema["type"], list) else [schema["type"]])
            parts.append(self._type(schema, types, x, pos))
        if "enum" in schema:
            parts.append(self._enum(schema["enum"], x, pos))
        if "const" in schema:
            parts.append(self._equal(schema["const"], x, pos))
        for kind, compile_ in (("object", self._object), ("array", self._array), ("string", self._string),
                               ("number", self._number)):
            alias = {"number", "integer"} if kind == "number" else {kind}
            if types is not None and not types & alias:
                continue  # values of that kind fail the type test anyway
            if kind != "object" and x.kind in ("object", "struct"):
                continue  # vacuous for objects
            guard = not (pos and types is not None and types <= alias)
            parts.append(compile_(schema, base, x, pos, guard))
        parts.append(self._combinators(schema, base, x, pos))
        return _and(parts) if pos else _or(parts)

    def _type(self, schema: dict, types: set, x: _Val, pos: bool) -> str:
        if not pos:
            return _and([self._known(x), _not(_or([self._is(t, x) for t in sorted(types)]))])
        members = schema.get("enum", [schema["const"]] if "const" in schema else None)
        if (members is not None and x.kind != "struct"
                and all(any(_TYPES[t](a) for t in types if t in _TYPES) for a in members)):
            return TRUE  # equality with one of the members is tested anyway
        if types == {"number"} and ({"minimum", "exclusiveMinimum"} & set(schema)
                                    and {"maximum", "exclusiveMaximum"} & set(schema)):
            return TRUE  # finite bounds on both sides: only finite numbers pass them in SQL
        return _or([self._is(t, x, fast=True) for t in sorted(types)])

    def _members(self, schema: dict, base: str, seen: frozenset = frozenset()) -> tuple[frozenset, bool]:
        """Member names the subschemas applying to this same value name, and whether any needs the key
        list (``additionalProperties``, ``minProperties``)."""
        keys = set(schema.get("properties", {})) | set(schema.get("required", ()))
        needs = schema.get("additionalProperties", True) not in (True, {}) or "minProperties" in schema
        subs = [schema[k] for k in ("not", "if", "then", "else") if k in schema]
        subs += [s for k in ("allOf", "anyOf", "oneOf") for s in schema.get(k, ())]
        if "$ref" in schema:
            doc, _, pointer = schema["$ref"].partition("#")
            ref = (doc or base, pointer)
            if ref not in seen:
                k, n = self._members(self._resolve(*ref), ref[0], seen | {ref})
                keys |= k
                needs |= n
        for sub in subs:
            if isinstance(sub, dict):
                k, n = self._members(sub, base, seen)
                keys |= k
                needs |= n
        return frozenset(keys), needs

    def _open(self, schema: dict, base: str, x: _Val, pos: bool) -> str:
        """A value given as JSON text whose schema looks into objects: objects get a scope of their own,
        other values are compiled knowing they are not objects."""
        other = self._sql(schema, base, replace(x, kind="other"), pos)
        scope = _Scope(self._n, x.v, x.raw, x.lam)
        self._n += 1
        inner = self._sql(schema, base, replace(x, kind="object", scope=scope, path=()), pos)
        inner = self._close(scope, _and([scope.check(()), inner]))
        return _case(self._is("object", x), inner, other)

    def _object(self, schema: dict, base: str, x: _Val, pos: bool, guard: bool) -> str:
        props = schema.get("properties", {})
        required = schema.get("required", ())
        extra = schema.get("additionalProperties", True)
        min_props = schema.get("minProperties")
        if not (props or required or extra not in (True, {}) or min_props is not None) or x.kind == "other":
            return TRUE if pos else FALSE
        if x.scope is None:
            return FALSE  # not reached: _open gives every object value a scope
        parts = []
        for name, sub in props.items():
            access, value = self._member(x, name, sub, base)
            if access is None:
                return FALSE
            test = self._entered(value, self._sql(sub, base, value, pos))
            if test != (TRUE if pos else FALSE):
                parts.append(_case(f"{access} IS NULL", TRUE if pos else FALSE, test))
        for name in required:
            access, _ = self._member(x, name, None, base)
            if access is None:
                return FALSE
            parts.append(f"({access} IS NOT NULL)" if pos else f"({access} IS NULL)")
        keys = x.scope.keys(x.path)
        if extra is False:
            allowed = ", ".join(_lit(n) for n in props) or "NULL"
            kx = self._var("k")
            e = f"coalesce(list_bool_and(list_transform({keys}, lambda {kx}: {kx} IN ({allowed}))), true)"
            parts.append(e if pos else _not(e))
        elif extra not in (True, {}):
            parts.append(FALSE)  # a schema for other members: unsupported
        if min_props is not None:
            e = f"(list_unique({keys}) >= {int(min_props)})"
            parts.append(e if pos else _not(e))
        return _and(parts) if pos else _or(parts)

    @staticmethod
    def _entered(x: _Val, test: str) -> str:
        """``test`` where a nested member is an object whose members the STRUCT gives faithfully (every
        claim about a nested member holds under this, once, where the member is reached)."""
        if x.kind != "struct" or test in (TRUE, FALSE):
            return test
        return _and([x.scope.gate(x.path), x.scope.check(x.path), test])

    def _array(self, schema: dict, base: str, x: _Val, pos: bool, guard: bool) -> str:
        items, min_items, unique = schema.get("items"), schema.get("minItems"), schema.get("uniqueItems", False)
        if items is None and min_items is None and not unique:
            return TRUE if pos else FALSE
        lst, e = self._var("l"), self._var("e")
        parts = [] if items is None else [self._items(items, base, x, pos)]
        if min_items is not None:
            parts.append(f"(len({lst}) {'>=' if pos else '<'} {int(min_items)})")
        if unique:
            repeated = f"(len(list_distinct({lst})) < len({lst}))"
            if pos:  # scalars: one canonical text per Python repr (not 1e400 and 2e400, both inf)
                scalar = f"ascii({e}) IN (34, 116, 102, 110) OR isfinite({_double(e)})"
                parts.append(f"(coalesce(list_bool_and(list_transform({lst}, lambda {e}: coalesce({scalar}, false))),"
                             f" true) AND NOT {repeated})")
            else:
                parts.append(repeated)
        e_all = _and(parts) if pos else _or(parts)
        if lst in e_all:
            e_all = f"list_transform([json_transform({self._canon(x)}, '[\"JSON\"]')], lambda {lst}: {e_all})[1]"
        return self._guarded("array", x, pos, guard, e_all)

    def _guarded(self, kind: str, x: _Val, pos: bool, guard: bool, e: str) -> str:
        """``e`` where the value is of ``kind``; elsewhere the keywords hold vacuously."""
        return _case(self._is(kind, x), e, TRUE if pos else FALSE) if guard else e

    def _string(self, schema: dict, base: str, x: _Val, pos: bool, guard: bool) -> str:
        c = self._canon(x)
        s = f"({c}->>'$')"
        parts = []  # (accept, reject) pairs
        lo, hi = schema.get("minLength"), schema.get("maxLength")
        n = f"(CASE WHEN contains({c}, '\\') THEN length({s}) ELSE length({c}) - 2 END)"  # no escape: text in quotes
        if lo is not None:
            parts.append((f"({n} >= {int(lo)})", f"({n} < {int(lo)})"))
        if hi is not None:
            parts.append((f"({n} <= {int(hi)})", f"({n} > {int(hi)})"))
        if "pattern" in schema:
            rx = schema["pattern"]
            if _pattern_supported(rx):
                match = f"regexp_matches({s}, {_lit(rx)})"
                ascii_only = _PRINTABLE.format(s=s)
                # without negated classes or \b, an RE2 match is a Python match for any string
                accept = match if not _NEGATED.search(rx) else f"({ascii_only} AND {match})"
                parts.append((accept, f"({ascii_only} AND NOT {match})"))
            else:
                parts.append((FALSE, FALSE))
        fmt = schema.get("format")
        if fmt == "date":
            e = (f"(regexp_full_match({c}, '\"{_DATE_RX}\"') AND NOT starts_with({c}, '\"0000')"
                 f" AND TRY_CAST(substr({c}, 2, 10) AS DATE) IS NOT NULL)")
            parts.append((e, _not(e)))
        elif fmt == "date-time":
            e = (f"(regexp_full_match({c}, '\"{_DATE_RX}{_TIME_RX}\"') AND NOT starts_with({c}, '\"0000')"
                 f" AND TRY_CAST(substr({c}, 2, 10) AS DATE) IS NOT NULL AND (right({c}, 2) IN ('Z\"', 'z\"')"
                 f" OR TRY_CAST(substr({c}, -6, 2) AS INTEGER) * 60 + TRY_CAST(substr({c}, -3, 2) AS INTEGER) < 1440))")
            parts.append((e, f"(NOT {e} AND {_PRINTABLE.format(s=s)})"))
        elif fmt in _FORMAT_RX:
            e = f"regexp_full_match({s}, {_lit(_FORMAT_RX[fmt])})"
            parts.append((e, f"(NOT {e} AND NOT ends_with({s}, chr(10)))"))
        if not parts:
            return TRUE if pos else FALSE
        e = _and([a for a, _ in parts]) if pos else _or([r for _, r in parts])
        return self._guarded("string", x, pos, guard, e)

    def _number(self, schema: dict, base: str, x: _Val, pos: bool, guard: bool) -> str:
        d = _double(self._canon(x))
        parts = []
        for kw, op in (("minimum", ">="), ("maximum", "<="), ("exclusiveMinimum", ">"), ("exclusiveMaximum", "<")):
            if kw in schema:
                bound = schema[kw]
                parts.append(f"({d} {op} {float(bound)!r})" if _finite(bound) else "NULL")
        if not parts:
            return TRUE if pos else FALSE
        e = _and(parts) if pos else _or([_not(p) for p in parts])
        if not guard:
            return e
        # NaN/Infinity are numbers to Python: they are neither vouched for nor refused
        return _case(self._is("number", x), e, self._known(x) if pos else FALSE)

    @staticmethod
    def _constants(schema: Any) -> bool:
        """``{"properties": {name: {"const"/"enum": simple strings or booleans}}}`` and nothing else."""
        def simple(v: Any) -> bool:
            return isinstance(v, bool) or isinstance(v, str) and _simple_string(v)
        if not isinstance(schema, dict) or {k for k in schema if k in _KEYWORDS} != {"properties"}:
            return False
        for sub in schema["properties"].values():
            if not isinstance(sub, dict) or {k for k in sub if k in _KEYWORDS} not in ({"const"}, {"enum"}):
                return False
            if not all(simple(v) for v in sub.get("enum", [sub.get("const")])):
                return False
        return True

    def _combinators(self, schema: dict, base: str, x: _Val, pos: bool) -> str:
        def acc(s):
            return self._sql(s, base, x, True)

        def rej(s):
            return self._sql(s, base, x, False)
        parts = []
        if "anyOf" in schema:
            subs = [acc(s) for s in schema["anyOf"]] if pos else [rej(s) for s in schema["anyOf"]]
            e = FALSE if pos else TRUE
            for sub in reversed(subs):  # the next alternative only where the previous ones did not settle it
                e = _case(sub, TRUE, e) if pos else _case(sub, e, FALSE)
            parts.append(e)
        if "oneOf" in schema:
            subs = schema["oneOf"]
            a, r = [acc(s) for s in subs], [rej(s) for s in subs]
            if pos:
                parts.append(_or([_and([a[i]] + [r[j] for j in range(len(subs)) if j != i]) for i in range(len(subs))]))
            else:
                pairs = [_and([a[i], a[j]]) for i in range(len(subs)) for j in range(i + 1, len(subs))]
                parts.append(_or([_and(r)] + pairs))
        for sub in schema.get("allOf", ()):
            parts.append(self._sql(sub, base, x, pos))
        if "not" in schema:
            parts.append(self._sql(schema["not"], base, x, not pos))
        if "if" in schema:
            yes = acc(schema["if"])  # a test of member constants in an object is exact, never NULL
            exact = x.kind in ("object", "struct") and self._constants(schema["if"])
            then = self._sql(schema["then"], base, x, pos) if "then" in schema else (TRUE if pos else FALSE)
            other = self._sql(schema["else"], base, x, pos) if "else" in schema else (TRUE if pos else FALSE)
            parts.append(_case(yes, then, other if exact else _case(rej(schema["if"]), other, FALSE)))
        return _and(parts) if pos else _or(parts)
