"""Rules across settings as data: a few primitives, each compiled three ways.

A rule is built from expressions over the settings (``S``), the enabled workloads
(``ACTIVE``) and the variables its loops bind, plus a message template written once. The
composer evaluates a rule (``evaluate``), the Helm chart gets it as a Go template
(``go_helper``) and the Terraform module as HCL (``hcl_locals``). The compilers know the
primitives, never a rule by name: the rules themselves are in composer/rules_table.py.

Primitives (each yields ``(at, message)``, ``at`` the setting the message names first):

- ``check(when, at, message)``: a problem whenever ``when`` holds; ``requires``,
  ``compare``, ``not_reserved`` and ``refers_to`` are checks with a fixed condition shape.
- ``unique(claims, message)``: entries that claim a key (a host and path, a port); the first
  claim wins, a later refusable claim of the same key is a problem naming the first.

Every primitive may sit under loops (``Each``): over a mapping, in key order, as every route
lays workloads out. Expressions: ``G(base, "a.b")``, ``Lit``, ``Int``, ``Fmt`` (a text
with fields), the operators (``And``, ``Or``, ``Not``, ``Eq``, ``Ne``, ``Lt``, ``Gt``,
``IsNull``, ``Empty``, ``In``, ``Has``, ``StartsWith``, ``Count``, ``IsJsonObject``),
``Keys``, ``List``, ``Concat``, ``Pick``, ``Coalesce``, ``Index``, ``Listed`` and
``Exists``. Where the targets differ (Helm's numbers are floats, HCL's ``&&`` evaluates both
sides, Go templates have no comprehension) the compilers make up for it, so a rule reads
the same in the table whatever the target.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Sequence


# -- expressions --------------------------------------------------------------------------

class Expr:
    def py(self, env: dict[str, Any]) -> Any:
        raise NotImplementedError

    def go(self) -> str:
        raise NotImplementedError

    def hcl(self) -> str:
        raise NotImplementedError


@dataclass(frozen=True, eq=False)
class Var(Expr):
    """A name: ``s`` (the settings), ``active`` (the enabled workloads) or a loop variable."""
    name: str

    def py(self, env):
        return env[self.name]

    def go(self):
        return f"${self.name}"

    def hcl(self):
        return {"s": "local.s", "active": "local.workloads"}.get(self.name, self.name)


@dataclass(frozen=True, eq=False)
class Get(Expr):
    """A key of a mapping (``base.key``); keys are identifiers."""
    base: Expr
    key: str

    def py(self, env):
        return self.base.py(env)[self.key]

    def go(self):
        return f"{self.base.go()}.{self.key}"

    def hcl(self):
        return f"{self.base.hcl()}.{self.key}"


@dataclass(frozen=True, eq=False)
class Index(Expr):
    """``mapping[key].path``, or ``default`` when the key is missing."""
    mapping: Expr
    key: Expr
    path: tuple[str, ...]
    default: Any

    def py(self, env):
        m = self.mapping.py(env)
        k = self.key.py(env)
        if k not in m:
            return self.default
        v = m[k]
        for p in self.path:
            v = v[p]
        return v

    def go(self):
        path = " ".join(json.dumps(p) for p in self.path)
        return f"(dig {path} {_go_lit(self.default)} (get {self.mapping.go()} {self.key.go()} | default dict))"

    def hcl(self):
        return f"try({self.mapping.hcl()}[{self.key.hcl()}]{''.join('.' + p for p in self.path)}, {_hcl_lit(self.default)})"


def _go_lit(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    return json.dumps(v)


def _hcl_lit(v: Any) -> str:
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False).replace("${", "$${").replace("%{", "%%{")
    return json.dumps(v)


@dataclass(frozen=True, eq=False)
class Lit(Expr):
    value: Any

    def py(self, env):
        return self.value

    def go(self):
        return _go_lit(self.value)

    def hcl(self):
        return _hcl_lit(self.value)


@dataclass(frozen=True, eq=False)
class Int(Expr):
    """A whole number (Helm's JSON numbers are floats: printed and compared as int64)."""
    e: Expr

    def py(self, env):
        return int(self.e.py(env))

    def go(self):
        return f"({self.e.go()} | int64)"

    def hcl(self):
        return self.e.hcl()


@dataclass(frozen=True, eq=False)
class Op(Expr):
    """An operator over expressions: not, and, or, eq, ne, lt, null, empty, in, has, map."""
    op: str
    args: tuple[Expr, ...]

    def py(self, env):
        a = self.args
        if self.op == "and":
            return all(x.py(env) for x in a)
        if self.op == "or":
            return any(x.py(env) for x in a)
        v = [x.py(env) for x in a]
        return {
            "not": lambda: not v[0],
            "eq": lambda: v[0] == v[1],
            "ne": lambda: v[0] != v[1],
            "lt": lambda: v[0] < v[1],
            "null": lambda: v[0] is None,
            "empty": lambda: not v[0],
            "in": lambda: v[0] in v[1],
            "has": lambda: isinstance(v[0], dict) and v[1] in v[0],
            "map": lambda: isinstance(v[0], dict),
            "json": lambda: _is_json_object(v[0]),
            "prefix": lambda: v[0].startswith(v[1]),
            "count": lambda: list(v[0]).count(v[1]),
        }[self.op]()

    def go(self):
        g = [x.go() for x in self.args]
        return {
            "not": lambda: f"(not {g[0]})",
            "and": lambda: f"(and {' '.join(g)})",
            "or": lambda: f"(or {' '.join(g)})",
            "eq": lambda: f"(eq {g[0]} {g[1]})",
            "ne": lambda: f"(ne {g[0]} {g[1]})",
            "lt": lambda: f"(lt ({g[0]} | int64) ({g[1]} | int64))",
            "null": lambda: f"(kindIs \"invalid\" {g[0]})",
            "empty": lambda: f"(empty {g[0]})",
            # compared as text: Helm's numbers are floats from JSON or int64 from Int
            "in": lambda: f"(has (toString {g[0]}) (toStrings {g[1]}))",
            "has": lambda: f"(and (kindIs \"map\" {g[0]}) (hasKey {g[0]} {g[1]}))",
            "map": lambda: f"(kindIs \"map\" {g[0]})",
            # Helm's fromJson gives {"Error": ...} for text that is not JSON
            "json": lambda: f"(and (hasPrefix \"{{\" (trim {g[0]})) (not (hasKey ({g[0]} | fromJson) \"Error\")))",
            "prefix": lambda: f"(hasPrefix {g[1]} (toString {g[0]}))",
            "count": lambda: f"(sub (len {g[0]}) (len (without {g[0]} {g[1]})))",
        }[self.op]()

    def hcl(self):
        h = [x.hcl() for x in self.args]
        return {
            "not": lambda: f"!({h[0]})",
            "and": lambda: "(" + " && ".join(h) + ")",
            "or": lambda: "(" + " || ".join(h) + ")",
            "eq": lambda: f"({h[0]} == {h[1]})",
            "ne": lambda: f"({h[0]} != {h[1]})",
            "lt": lambda: f"({h[0]} < {h[1]})",
            "null": lambda: f"({h[0]} == null)",
            "empty": lambda: f"(length({h[0]}) == 0)",
            "in": lambda: f"contains({h[1]}, {h[0]})",
            "has": lambda: f"can({h[0]}[{h[1]}])",
            "map": lambda: f"can(keys({h[0]}))",
            "json": lambda: f"can(keys(jsondecode({h[0]})))",
            "prefix": lambda: f"startswith({h[0]}, {h[1]})",
            "count": lambda: f"length([for x in {h[0]} : x if x == {h[1]}])",
        }[self.op]()


def Not(e: Expr) -> Expr:
    return Op("not", (e,))


def And(*es: Expr) -> Expr:
    return Op("and", es)


def Or(*es: Expr) -> Expr:
    return Op("or", es)


def Eq(a: Expr, b: Expr) -> Expr:
    return Op("eq", (a, b))


def Ne(a: Expr, b: Expr) -> Expr:
    return Op("ne", (a, b))


def Lt(a: Expr, b: Expr) -> Expr:
    return Op("lt", (a, b))


def IsNull(e: Expr) -> Expr:
    return Op("null", (e,))


def Empty(e: Expr) -> Expr:
    return Op("empty", (e,))


def In(e: Expr, collection: Expr) -> Expr:
    return Op("in", (e, collection))


def Has(mapping: Expr, key: Expr) -> Expr:
    """``mapping`` is a mapping with ``key``."""
    return Op("has", (mapping, key))


def IsMap(e: Expr) -> Expr:
    return Op("map", (e,))


def StartsWith(e: Expr, prefix: Expr) -> Expr:
    return Op("prefix", (e, prefix))


def Count(items: Expr, item: Expr) -> Expr:
    """How many times ``item`` is in the list ``items``."""
    return Op("count", (items, item))


def Gt(a: Expr, b: Expr) -> Expr:
    return Lt(b, a)


def IsJsonObject(e: Expr) -> Expr:
    """``e`` is the JSON text of an object."""
    return Op("json", (e,))


def _is_json_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except ValueError:
        return False


@dataclass(frozen=True, eq=False)
class Keys(Expr):
    """The keys of a mapping (``values=True``: its values), in key order."""
    e: Expr
    values: bool = False

    def py(self, env):
        m = self.e.py(env)
        return [m[k] for k in sorted(m)] if self.values else sorted(m)

    def go(self):
        return f"({'values' if self.values else 'keys'} {self.e.go()})"

    def hcl(self):
        return f"{'values' if self.values else 'keys'}({self.e.hcl()})"


@dataclass(frozen=True, eq=False)
class List(Expr):
    items: tuple[Expr, ...]

    def py(self, env):
        return [x.py(env) for x in self.items]

    def go(self):
        return f"(list {' '.join(x.go() for x in self.items)})"

    def hcl(self):
        return "[" + ", ".join(x.hcl() for x in self.items) + "]"


@dataclass(frozen=True, eq=False)
class Concat(Expr):
    """The lists one after the other."""
    lists: tuple[Expr, ...]

    def py(self, env):
        return [x for e in self.lists for x in e.py(env)]

    def go(self):
        return f"(concat {' '.join(e.go() for e in self.lists)})"

    def hcl(self):
        return f"concat({', '.join(e.hcl() for e in self.lists)})"


@dataclass(frozen=True, eq=False)
class Pick(Expr):
    """``a`` if ``cond`` holds, else ``b`` (both are computed: plain values only)."""
    cond: Expr
    a: Expr
    b: Expr

    def py(self, env):
        return self.a.py(env) if self.cond.py(env) else self.b.py(env)

    def go(self):
        return f"(ternary {self.a.go()} {self.b.go()} {self.cond.go()})"

    def hcl(self):
        return f"({self.cond.hcl()} ? {self.a.hcl()} : {self.b.hcl()})"


@dataclass(frozen=True, eq=False)
class Coalesce(Expr):
    """``a`` unless it is null, then ``b``."""
    a: Expr
    b: Expr

    def py(self, env):
        v = self.a.py(env)
        return self.b.py(env) if v is None else v

    def go(self):
        return f"((kindIs \"invalid\" {self.a.go()}) | ternary {self.b.go()} {self.a.go()})"

    def hcl(self):
        return f"({self.a.hcl()} == null ? {self.b.hcl()} : {self.a.hcl()})"


@dataclass(frozen=True, eq=False)
class Listed(Expr):
    """The sorted names of a list (or a mapping's keys) joined with ", ", or ``none`` when empty."""
    e: Expr
    keys: bool = False
    none: str | None = None

    def py(self, env):
        v = self.e.py(env)
        text = ", ".join(sorted(v))
        return text or (self.none or "")

    def go(self):
        src = f"(keys {self.e.go()})" if self.keys else self.e.go()
        out = f"{src} | sortAlpha | join \", \""
        if self.none is not None:
            out += f" | default {_go_lit(self.none)}"
        return f"({out})"

    def hcl(self):
        src = f"keys({self.e.hcl()})" if self.keys else self.e.hcl()
        joined = f"join(\", \", sort({src}))"
        if self.none is None:
            return joined
        return f"(length({src}) == 0 ? {_hcl_lit(self.none)} : {joined})"


_FIELD = re.compile(r"\{(\w+)\}")


def _show(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


@dataclass(frozen=True, eq=False)
class Fmt(Expr):
    """A text with ``{field}`` places, each an expression; ``{{`` and ``}}`` are braces."""
    template: str
    fields: dict[str, Expr] = field(default_factory=dict)

    def _parts(self) -> list[tuple[str, Expr | None]]:
        """Text and field expressions in order; a field that is a string literal or itself a
        Fmt is spliced in, so each target writes one format."""
        parts: list[tuple[str, Expr | None]] = []
        pos = 0
        text = self.template.replace("{{", "\0").replace("}}", "\1")

        def plain(s: str) -> str:
            return s.replace("\0", "{").replace("\1", "}")

        for m in _FIELD.finditer(text):
            parts.append((plain(text[pos:m.start()]), None))
            e = self.fields[m.group(1)]
            if isinstance(e, Lit) and isinstance(e.value, str):
                parts.append((e.value, None))
            elif isinstance(e, Fmt):
                parts.extend(e._parts())
            else:
                parts.append(("", e))
            pos = m.end()
        parts.append((plain(text[pos:]), None))
        return parts

    def py(self, env):
        return "".join(t + (_show(e.py(env)) if e is not None else "") for t, e in self._parts())

    def go(self):
        parts = self._parts()
        fmt = "".join(t.replace("%", "%%") + ("%v" if e is not None else "") for t, e in parts)
        args = [e.go() for _, e in parts if e is not None]
        if not args:
            return _go_lit(fmt)
        return f"(printf {_go_lit(fmt)}{''.join(' ' + a for a in args)})"

    def hcl(self):
        out = ""
        for t, e in self._parts():
            out += json.dumps(t, ensure_ascii=False)[1:-1].replace("${", "$${").replace("%{", "%%{")
            if e is not None:
                out += "${" + e.hcl() + "}"
        return f"\"{out}\""


@dataclass(frozen=True, eq=False)
class Raw(Expr):
    """An expression a primitive's compiler writes itself (the first claim of a key)."""
    py_fn: Callable[[dict[str, Any]], Any]
    go_text: str
    hcl_text: str

    def py(self, env):
        return self.py_fn(env)

    def go(self):
        return self.go_text

    def hcl(self):
        return self.hcl_text


def G(base: Expr, path: str) -> Expr:
    """``base`` then each key of the dotted ``path``: G(S, "ingress.host")."""
    for key in path.split("."):
        base = Get(base, key)
    return base


# Go templates have no comprehension: each Any is computed before the rules, into a variable
# that go_helper names (the settings and the enabled workloads only, no loop variable).
_GO_ANY: dict[int, str] = {}


@dataclass(frozen=True, eq=False)
class Exists(Expr):
    """``cond`` holds for some binding of ``loop``."""
    loop: "Each"
    cond: Expr

    def py(self, env):
        return any(True for _ in _bindings((Each(self.loop.key, self.loop.value, self.loop.over,
                                                 _and(self.loop.where, self.cond)),), env))

    def go(self):
        return _GO_ANY[id(self)]

    def go_let(self, name: str) -> str:
        lp = self.loop
        cond = _and(lp.where, self.cond)
        return (f"{{{{- {name} := false }}}}{{{{- range ${lp.key}, ${lp.value} := {lp.over.go()} }}}}"
                f"{{{{- if {cond.go()} }}}}{{{{- {name} = true }}}}{{{{- end }}}}{{{{- end }}}}")

    def hcl(self):
        lp = self.loop
        cond = _and(lp.where, self.cond)
        return f"(length([for {lp.key}, {lp.value} in {lp.over.hcl()} : {lp.key}{_hcl_if(cond.hcl())}]) > 0)"


def _and(a: Expr | None, b: Expr) -> Expr:
    return b if a is None else And(a, b)


def _nodes(obj: Any) -> Iterable[Any]:
    """Every expression inside a rule, depth first."""
    yield obj
    if isinstance(obj, (list, tuple)):
        for x in obj:
            yield from _nodes(x)
    elif isinstance(obj, dict):
        for x in obj.values():
            yield from _nodes(x)
    elif hasattr(obj, "__dataclass_fields__"):
        for f in obj.__dataclass_fields__:
            yield from _nodes(getattr(obj, f))


S = Var("s")
ACTIVE = Var("active")


# -- loops and primitives ------------------------------------------------------------------

@dataclass(frozen=True)
class Each:
    """``for key, value in over`` (a mapping in key order, or a list: index, item) ``if where``."""
    key: str
    value: str
    over: Expr
    where: Expr | None = None


@dataclass(frozen=True)
class Check:
    loops: tuple[Each, ...]
    when: Expr
    at: Expr
    message: Fmt


@dataclass(frozen=True)
class Claim:
    """One claim (or one per loop binding) of ``key``, shown as ``shown`` in a message; a
    claim that is not ``refusable`` only counts when it is the first of its key."""
    loops: tuple[Each, ...]
    when: Expr | None
    at: Expr
    key: tuple[Expr, ...]
    shown: Expr
    refusable: bool = True
    value: tuple[Expr, ...] = ()  # what claims of one key must agree on (agree)


@dataclass(frozen=True)
class Unique:
    """Within each binding of ``loops``: the first claim of a key wins; the message has the
    fields ``at``, ``shown`` (of the refused claim), ``first`` (where the first is) and
    ``firstShown`` (what the first shows). With ``agree``, a later claim of a key is refused
    only when its ``value`` differs from the first's (one value per key)."""
    loops: tuple[Each, ...]
    claims: tuple[Claim, ...]
    message: str
    agree: bool = False


Rule = Check | Unique


def _fmt(message: str | Fmt, **fields: Expr) -> Fmt:
    if isinstance(message, Fmt):
        return Fmt(message.template, {**fields, **message.fields})
    return Fmt(message, fields)


def check(when: Expr, at: Expr | str, message: str, loops: Sequence[Each] = (), **fields: Expr) -> Check:
    at = Lit(at) if isinstance(at, str) else at
    return Check(tuple(loops), when, at, _fmt(message, at=at, **fields))


def requires(if_: Expr, then: Expr, at: Expr | str, message: str, loops: Sequence[Each] = (), **fields: Expr) -> Check:
    """If ``if_`` then ``then``."""
    return check(And(if_, Not(then)), at, message, loops, **fields)


def compare(a: Expr, b: Expr, at: Expr | str, message: str, loops: Sequence[Each] = (), when: Expr | None = None,
            **fields: Expr) -> Check:
    """``a`` is at least ``b`` (a problem when ``a < b``): the fields ``a`` and ``b`` name them."""
    cond = Lt(a, b) if when is None else And(when, Lt(a, b))
    return check(cond, at, message, loops, a=a, b=b, **fields)


def not_reserved(name: Expr, reserved: Sequence[Expr] | Expr, at: Expr | str, message: str, loops: Sequence[Each] = (),
                 when: Expr | None = None, **fields: Expr) -> Check:
    """``name`` is none of ``reserved`` (a list): the fields ``name`` and ``reserved`` (sorted, joined)."""
    names = reserved if isinstance(reserved, Expr) else List(tuple(reserved))
    cond = In(name, names) if when is None else And(when, In(name, names))
    return check(cond, at, message, loops, name=name, reserved=Listed(names), **fields)


def refers_to(target: Expr, entries: Expr, at: Expr | str, message: str, loops: Sequence[Each] = (),
              when: Expr | None = None, **fields: Expr) -> Check:
    """``target`` is a key of the mapping ``entries``: the fields ``target`` and ``listed``
    (the keys, sorted, joined, or none)."""
    cond = Not(Has(entries, target)) if when is None else And(when, Not(Has(entries, target)))
    return check(cond, at, message, loops, target=target, listed=Listed(entries, keys=True, none="none"), **fields)


def unique(claims: Sequence[Claim], message: str, loops: Sequence[Each] = ()) -> Unique:
    return Unique(tuple(loops), tuple(claims), message)


def agree(claims: Sequence[Claim], message: str, loops: Sequence[Each] = ()) -> Unique:
    """Every claim of a key has the first claim's ``value``."""
    return Unique(tuple(loops), tuple(claims), message, agree=True)


def claim(at: Expr | str, key: Sequence[Expr], shown: Expr, when: Expr | None = None, loops: Sequence[Each] = (),
          refusable: bool = True, value: Sequence[Expr] = ()) -> Claim:
    return Claim(tuple(loops), when, Lit(at) if isinstance(at, str) else at, tuple(key), shown, refusable, tuple(value))


# -- Python: the composer evaluates the table ------------------------------------------------

def _bindings(loops: Sequence[Each], env: dict[str, Any]) -> Iterable[dict[str, Any]]:
    if not loops:
        yield env
        return
    first, rest = loops[0], loops[1:]
    over = first.over.py(env)
    for k, v in (sorted(over.items()) if isinstance(over, dict) else enumerate(over)):
        inner = {**env, first.key: k, first.value: v}
        if first.where is None or first.where.py(inner):
            yield from _bindings(rest, inner)


def evaluate(rules: Sequence[Rule], env: dict[str, Any]) -> Iterable[tuple[str, str]]:
    """(at, message) for every rule ``env`` breaks; ``env`` binds ``s`` and ``active``."""
    for rule in rules:
        if isinstance(rule, Check):
            for b in _bindings(rule.loops, env):
                if rule.when.py(b):
                    yield rule.at.py(b), rule.message.py(b)
            continue
        for scope in _bindings(rule.loops, env):
            seen: dict[tuple[Any, ...], tuple[str, Any, str]] = {}
            for c in rule.claims:
                for b in _bindings(c.loops, scope):
                    if c.when is not None and not c.when.py(b):
                        continue
                    key = tuple(k.py(b) for k in c.key)
                    at = c.at.py(b)
                    value = [v.py(b) for v in c.value]
                    if key not in seen:
                        seen[key] = (at, value, c.shown.py(b))
                    elif c.refusable and (not rule.agree or value != seen[key][1]):
                        first, _, first_shown = seen[key]
                        msg = _fmt(rule.message, at=c.at, shown=c.shown,
                                   first=Raw(lambda _e, f=first: f, "", ""),
                                   firstShown=Raw(lambda _e, f=first_shown: f, "", ""))
                        yield at, msg.py(b)


# -- Go template: the chart's check helper ---------------------------------------------------

def _go_open(loops: Sequence[Each]) -> tuple[str, str]:
    opened, closed = "", ""
    for lp in loops:
        opened += f"{{{{- range ${lp.key}, ${lp.value} := {lp.over.go()} }}}}"
        if lp.where is not None:
            opened += f"{{{{- if {lp.where.go()} }}}}"
            closed = "{{- end }}" + closed
        closed = "{{- end }}" + closed
    return opened, closed


def _go_append(at: Expr, message: Fmt) -> str:
    # Helm sorts "at: message" lines, then strips "at: " (realtime-svg.checkSystem)
    return f"{{{{- $problems = append $problems (printf \"%s: %s\" {at.go()} {message.go()}) }}}}"


def go_helper(name: str, rules: Sequence[Rule]) -> str:
    """A named template that takes (dict "root" . "active" $active) and prints the problems
    as a JSON array of "at: message" strings."""
    out = [f"{{{{- define {json.dumps(name)} -}}}}",
           "{{- $s := .root.Values -}}", "{{- $active := .active -}}", "{{- $problems := list -}}"]
    _GO_ANY.clear()
    for node in _nodes(list(rules)):
        if isinstance(node, Exists) and id(node) not in _GO_ANY:
            _GO_ANY[id(node)] = f"$any{len(_GO_ANY)}"
            out.append(node.go_let(_GO_ANY[id(node)]))
    for i, rule in enumerate(rules):
        if isinstance(rule, Check):
            o, c = _go_open(rule.loops)
            out.append(f"{o}{{{{- if {rule.when.go()} }}}}{_go_append(rule.at, rule.message)}{{{{- end }}}}{c}")
            continue
        o, c = _go_open(rule.loops)
        body = [o, f"{{{{- $seen{i} := dict }}}}{{{{- $shown{i} := dict }}}}{{{{- $value{i} := dict }}}}"]
        for cl in rule.claims:
            co, cc = _go_open(cl.loops)
            if cl.when is not None:
                co += f"{{{{- if {cl.when.go()} }}}}"
                cc = "{{- end }}" + cc
            key, value = f"$key{i}", f"(list {' '.join(v.go() for v in cl.value)} | toJson)"
            refused = ""
            if cl.refusable:
                msg = _fmt(rule.message, at=cl.at, shown=cl.shown, first=Raw(None, f"(get $seen{i} {key})", ""),
                           firstShown=Raw(None, f"(get $shown{i} {key})", ""))
                refused = _go_append(cl.at, msg)
                if rule.agree:
                    refused = f"{{{{- if ne (get $value{i} {key}) {value} }}}}{refused}{{{{- end }}}}"
            remember = f"{{{{- $_ := set $seen{i} {key} {cl.at.go()} }}}}{{{{- $_ := set $shown{i} {key} ({cl.shown.go()} | toString) }}}}"
            if rule.agree:
                remember += f"{{{{- $_ := set $value{i} {key} {value} }}}}"
            body.append(f"{co}{{{{- {key} := {List(cl.key).go()} | toJson }}}}"
                        f"{{{{- if hasKey $seen{i} {key} }}}}{refused}"
                        f"{{{{- else }}}}{remember}{{{{- end }}}}{cc}")
        body.append(c)
        out.append("\n".join(x for x in body if x))
    out += ["{{- toJson $problems -}}", "{{- end }}"]
    return "\n".join(out) + "\n"


# -- HCL: the module's locals ----------------------------------------------------------------

def _hcl_if(cond: str) -> str:
    # as `tofu fmt` writes it: no space between `if` and a parenthesis
    return f" if{cond}" if cond.startswith("(") else f" if {cond}"


def _hcl_list(loops: Sequence[Each], item: str, when: Expr | None) -> str:
    """The list of ``item`` for every binding of ``loops`` where ``when`` holds."""
    if not loops:
        return f"[{item}]" if when is None else f"{when.hcl()} ? [{item}] : []"
    inner_loops, last = loops[:-1], loops[-1]
    conds = [e.hcl() for e in (last.where, when) if e is not None]
    cond = _hcl_if(" && ".join(conds)) if conds else ""
    text = f"[for {last.key}, {last.value} in {last.over.hcl()} : {item}{cond}]"
    for lp in reversed(inner_loops):
        cond = _hcl_if(lp.where.hcl()) if lp.where is not None else ""
        text = f"flatten([for {lp.key}, {lp.value} in {lp.over.hcl()} : {text}{cond}])"
    return text


def hcl_locals(prefix: str, rules: Sequence[Rule]) -> str:
    """A locals block whose ``<prefix>_problems`` lists every message (in no order: the
    precondition sorts them)."""
    defs: list[str] = []
    parts: list[str] = []
    for i, rule in enumerate(rules):
        if isinstance(rule, Check):
            msg = rule.message.hcl()
            parts.append(_hcl_list(rule.loops, msg, rule.when))
            continue
        claims_name, first_name = f"{prefix}_claims_{i}", f"{prefix}_first_{i}"
        pieces = []
        for cl in rule.claims:
            scope = [lp.key for lp in rule.loops]
            key = List(tuple(Var(v) for v in scope) + cl.key).hcl()
            value = f", value = jsonencode({List(cl.value).hcl()})" if rule.agree else ""
            obj = (f"{{ at = {cl.at.hcl()}, key = jsonencode({key}), shown = {(cl.shown if isinstance(cl.shown, Fmt) else Fmt('{v}', {'v': cl.shown})).hcl()}, "
                   f"refusable = {'true' if cl.refusable else 'false'}{value} }}")
            pieces.append(_hcl_list(tuple(rule.loops) + cl.loops, obj, cl.when))
        defs.append(f"  {claims_name} = concat(\n" + "".join(f"    {p},\n" for p in pieces) + "  )")
        defs.append(f"  {first_name} = {{ for i, c in local.{claims_name} : c.key => i... }}")
        first = f"local.{claims_name}[local.{first_name}[c.key][0]]"
        msg = _fmt(rule.message, at=Raw(None, "", "c.at"), shown=Raw(None, "", "c.shown"),
                   first=Raw(None, "", first + ".at"), firstShown=Raw(None, "", first + ".shown"))
        differs = f" && c.value != {first}.value" if rule.agree else ""
        parts.append(f"[for i, c in local.{claims_name} : {msg.hcl()} if c.refusable && local.{first_name}[c.key][0] != i{differs}]")
    body = "\n".join(defs)
    problems = f"  {prefix}_problems = concat(\n" + "".join(f"    {p},\n" for p in parts) + "  )"
    return "locals {\n" + (body + "\n" if body else "") + problems + "\n}\n"
