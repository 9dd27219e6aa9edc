"""NetworkPolicy edges as data: who may reach whom, on which port, written once per source of
wiring and emitted to every route.

Each source of wiring (the app, the Ingress, ``serviceUrlOf``, each data service, monitoring)
lists its edges as ``EdgeRule`` values in an ``EDGES`` table next to its other description
(composer/netpol.py, composer/postgresql.py, composer/kafka.py, composer/redis.py). A rule
is an edge whose ends and port are expressions of composer/rules.py's language, under loops
(``Each``: over the enabled workloads, their env, a list of addresses) and a condition. From
that one table:

- the composer evaluates it (``edges``; composer/netpol.py files the edges into policies);
- the chart gets each rule as Go template statements that file the edge
  (``go_statements``, in templates/networkpolicy.yaml);
- the Terraform module gets the list of every edge (``hcl_edge_list``, local.np_edge_list in
  the generated edges.tf).

The three then sort and group the edges the same way (composer/netpol.py policies, the
chart's and the module's hand-written port of it), so the rules of a policy come out in the
same order everywhere.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from composer.rules import ACTIVE, Each, Expr, Exists, Lit, _GO_ANY, _bindings, _go_open, _hcl_if, _nodes

# The tables, in the order composer/netpol.py has always listed its sources of edges.
SOURCES = ("composer.netpol:APP_EDGES", "composer.postgresql:EDGES", "composer.kafka:EDGES",
           "composer.netpol:METRICS_EDGES", "composer.redis:EDGES")
KINDS = ("pod", "ingress-controller", "prometheus", "external")


@dataclass(frozen=True)
class EdgeRule:
    """An edge from pods (or the ingress controller, Prometheus, any address: ``*_kind``) to
    pods or an address, on ``port``: for every binding of ``loops`` where ``when`` holds.
    A pod end's expression is the pods' `app` label; any other end's is ignored (Lit(""))."""
    source_kind: str
    source: Expr
    target_kind: str
    target: Expr
    port: Expr
    why: Expr
    when: Expr | None = None
    loops: tuple[Each, ...] = ()

    def __post_init__(self):
        assert self.source_kind in KINDS and self.target_kind in KINDS, self


# -- the nodes edges need beyond composer/rules.py -------------------------------------------

@dataclass(frozen=True, eq=False)
class Split(Expr):
    """A text cut at ``sep`` (a list of `host:port` addresses)."""
    e: Expr
    sep: str

    def py(self, env):
        return str(self.e.py(env)).split(self.sep)

    def go(self):
        return f'(splitList "{self.sep}" (toString {self.e.go()}))'

    def hcl(self):
        return f'split("{self.sep}", {self.e.hcl()})'


@dataclass(frozen=True, eq=False)
class PortOf(Expr):
    """The port of a `host:port` address."""
    e: Expr

    def py(self, env):
        return int(str(self.e.py(env)).rsplit(":", 1)[1])

    def go(self):
        return f'(regexReplaceAll "^.*:" {self.e.go()} "" | int)'

    def hcl(self):
        return f'tonumber(regex(":([0-9]+)$", {self.e.hcl()})[0])'


@dataclass(frozen=True, eq=False)
class Try(Expr):
    """``e``, or ``default`` where ``e`` cannot be read (a key of a value that is not a
    mapping). In Go templates the condition before it has already stopped (and/or stop at
    the first answer); HCL evaluates every operand, so it needs try()."""
    e: Expr
    default: Any

    def py(self, env):
        try:
            return self.e.py(env)
        except (KeyError, TypeError):
            return self.default

    def go(self):
        return self.e.go()

    def hcl(self):
        return f"try({self.e.hcl()}, {Lit(self.default).hcl()})"


def workloads(where: Expr | None = None) -> Each:
    """The loop over the enabled workloads (``n``, ``w``)."""
    return Each("n", "w", ACTIVE, where)


# -- the tables --------------------------------------------------------------------------------

def tables() -> list[Sequence[EdgeRule]]:
    out = []
    for source in SOURCES:
        module, name = source.split(":")
        out.append(getattr(importlib.import_module(module), name))
    return out


def _rules() -> list[EdgeRule]:
    return [r for table in tables() for r in table]


def edges(env: dict[str, Any]) -> Iterable[tuple[str, str, str, str, int, str]]:
    """(source kind, source name, target kind, target name, port, why) for every edge, in
    table order; ``env`` binds ``s``, ``active`` and ``derived`` (the data services' derived
    values, composer/derived.py)."""
    for rule in _rules():
        for b in _bindings(rule.loops, env):
            if rule.when is None or rule.when.py(b):
                yield (rule.source_kind, _name(rule.source_kind, rule.source, b), rule.target_kind,
                       _name(rule.target_kind, rule.target, b), int(rule.port.py(b)), str(rule.why.py(b)))


def _name(kind: str, e: Expr, env: dict[str, Any]) -> str:
    return str(e.py(env)) if kind == "pod" else ""


def go_statements() -> str:
    """Go template statements that file every edge into ``$edges`` (the template binds ``$s``
    to .Values and ``$active`` to the enabled workloads with their defaults)."""
    out = []
    rules = _rules()
    _GO_ANY.clear()
    for node in _nodes(rules):
        if isinstance(node, Exists) and id(node) not in _GO_ANY:
            _GO_ANY[id(node)] = f"$edgeAny{len(_GO_ANY)}"
            out.append(node.go_let(_GO_ANY[id(node)]))
    for rule in rules:
        o, c = _go_open(rule.loops)
        ends = " ".join(f'"{kind}" {expr.go() if kind == "pod" else chr(34) * 2}'
                        for kind, expr in ((rule.source_kind, rule.source), (rule.target_kind, rule.target)))
        add = f'{{{{- $_ := include "realtime-svg.netpolAdd" (list $edges (list {ends} {rule.port.go()})) }}}}'
        if rule.when is not None:
            add = f"{{{{- if {rule.when.go()} }}}}{add}{{{{- end }}}}"
        out.append(f"{o}{add}{c}")
    return "\n".join(out) + "\n"


def _hcl_list(loops: Sequence[Each], item: str, when: Expr | None) -> str:
    """The list of ``item`` (itself a list: an edge) for every binding of ``loops`` where
    ``when`` holds. Nested loops are joined one level only (concat([], lists...)): flatten()
    would take the edges apart too."""
    if not loops:
        return f"[{item}]" if when is None else f"{when.hcl()} ? [{item}] : []"
    inner_loops, last = loops[:-1], loops[-1]
    conds = [e.hcl() for e in (last.where, when) if e is not None]
    cond = _hcl_if(" && ".join(conds)) if conds else ""
    text = f"[for {last.key}, {last.value} in {last.over.hcl()} : {item}{cond}]"
    for lp in reversed(inner_loops):
        cond = _hcl_if(lp.where.hcl()) if lp.where is not None else ""
        text = f"concat([], [for {lp.key}, {lp.value} in {lp.over.hcl()} : {text}{cond}]...)"
    return text


def hcl_edge_list() -> str:
    """local.np_edge_list: every edge as [source kind, source name, target kind, target name,
    port], for the module's port of composer/netpol.py policies (netpol.tf)."""
    parts = []
    for rule in _rules():
        ends = ", ".join(f'"{kind}", {expr.hcl() if kind == "pod" else chr(34) * 2}'
                         for kind, expr in ((rule.source_kind, rule.source), (rule.target_kind, rule.target)))
        parts.append(_hcl_list(rule.loops, f"[{ends}, {rule.port.hcl()}]", rule.when))
    body = "".join(f"    {p},\n" for p in parts)
    return ("locals {\n  # every edge the wiring makes (composer/edges.py, the EDGES tables)\n"
            f"  np_edge_list = concat(\n{body}  )\n}}\n")
