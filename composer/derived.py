"""Values derived from the settings, written once as expressions and emitted to every route.

A data service's description (``DERIVED`` in its composer module, e.g. composer/kafka.py)
lists what it computes from more than one setting: the names of its objects, its address,
the KRaft quorum voters, the replication factor and minimum in-sync replicas, the digest that
rolls its users' pods. Each is one expression of composer/rules.py's language plus the few
nodes below. From that one line:

- the composer evaluates it (``evaluate``): the overlay's patches carry the values;
- the chart gets a named template ``realtime-svg.<name>`` (``go_helpers``), which the
  generated templates include;
- the Terraform module gets a local ``<snake_name>`` (``hcl_locals``, derived.tf), which
  the module's patches read.

So the voters are computed by one expression, not by a Python function, a Go template and an
HCL ``for`` written side by side; the generators know the description's shape, never Kafka.
"""
from __future__ import annotations

import hashlib
import importlib
import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from composer.rules import Expr, Var, _nodes

# The modules that describe a data service (each has DERIVED), in the order the chart's
# helpers and the module's locals list them.
DESCRIPTIONS = ("composer.postgresql", "composer.kafka", "composer.redis")

# How a named template refers to the root context: `$` in a helper given the root, `$root`
# in one given (dict "root" . "<param>" ...) (a value per workload).
_GO_ROOT = ["$"]


@dataclass(frozen=True)
class Derived:
    """One derived value: ``name`` (camelCase: the chart's ``realtime-svg.<name>``, the module's
    ``local.<snake_name>``), its expression, and why it is what it is (the helper's comment).

    ``per_workload``: the dotted setting of a workload that says it uses this value (e.g.
    ``postgresql.enabled``); its expression then reads the workload's settings through
    ``Param`` and the value is one per workload: a helper given (dict "root" . "<param>" v),
    a module local that maps each such workload to its value.

    ``annotation``: the pod annotation this value is, on every workload whose ``used_by``
    setting holds (a digest that rolls the pods when a value behind a reference changes)."""
    name: str
    expr: Expr
    doc: str
    per_workload: str | None = None
    annotation: str | None = None
    used_by: str | None = None

    @property
    def applies_to(self) -> str | None:
        """The workload setting that says it uses this value."""
        return self.per_workload or self.used_by

    @property
    def local(self) -> str:
        return _snake(self.name)

    @property
    def params(self) -> list["Param"]:
        seen: dict[str, Param] = {}
        for n in _nodes(self.expr):
            if isinstance(n, Param):
                seen.setdefault(n.name, n)
        return list(seen.values())


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


# -- the nodes derived values need beyond composer/rules.py ---------------------------------

@dataclass(frozen=True, eq=False)
class SystemName(Expr):
    """The system's name: the settings' `name`; in the chart, Helm's fullname (an empty name
    there is the release's fullname)."""

    def py(self, env):
        return env["s"]["name"]

    def go(self):
        return f'(include "realtime-svg.fullname" {_GO_ROOT[0]})'

    def hcl(self):
        return "local.s.name"


SYSTEM_NAME = SystemName()


@dataclass(frozen=True, eq=False)
class Ref(Expr):
    """Another derived value of the same description, by name (evaluated before this one)."""
    name: str

    def py(self, env):
        return env["derived"][self.name]

    def go(self):
        return f'(include "realtime-svg.{self.name}" {_GO_ROOT[0]})'

    def hcl(self):
        return f"local.{_snake(self.name)}"


@dataclass(frozen=True, eq=False)
class Param(Expr):
    """A setting of the workload a per-workload value is computed for (``workload_path``,
    dotted, under the workload), named ``name`` in the chart's helper call."""
    name: str
    workload_path: str

    def py(self, env):
        return env[self.name]

    def go(self):
        return f"${self.name}"

    def hcl(self):
        return f"w.{self.workload_path}"


@dataclass(frozen=True, eq=False)
class Str(Expr):
    """A whole number as text (an env value, an annotation)."""
    e: Expr

    def py(self, env):
        return str(self.e.py(env))

    def go(self):
        return f"({self.e.go()} | toString)"

    def hcl(self):
        return f"tostring({self.e.hcl()})"


@dataclass(frozen=True, eq=False)
class Join(Expr):
    """The texts of a list joined by ``sep`` (an empty or missing list is empty text)."""
    e: Expr
    sep: str

    def py(self, env):
        return self.sep.join(self.e.py(env))

    def go(self):
        return f"(join {_quote(self.sep)} ({self.e.go()} | default list))"

    def hcl(self):
        return f"join({_quote(self.sep)}, {self.e.hcl()})"


class _Listed(Expr):
    """A list built item by item: the chart's helper builds it first (``go_let``)."""

    def go(self):
        return f"(join {_quote(self.sep)} {_GO_LISTS[id(self)]})"


@dataclass(frozen=True, eq=False)
class JoinRange(_Listed):
    """``item`` for each ``var`` in 0..count-1, joined by ``sep``."""
    count: Expr
    var: str
    item: Expr
    sep: str

    def py(self, env):
        return self.sep.join(str(self.item.py({**env, self.var: i})) for i in range(self.count.py(env)))

    def go_let(self, name: str) -> str:
        return (f"{{{{- {name} := list -}}}}{{{{- range ${self.var} := until ({self.count.go()} | int) -}}}}"
                f"{{{{- {name} = append {name} {self.item.go()} -}}}}{{{{- end -}}}}")

    def hcl(self):
        return f"join({_quote(self.sep)}, [for {self.var} in range({self.count.hcl()}) : {self.item.hcl()}])"


@dataclass(frozen=True, eq=False)
class JoinMap(_Listed):
    """``item`` for each entry of a mapping in key order (``key`` and ``value`` bound; a null
    value is an empty mapping), joined by ``sep``."""
    mapping: Expr
    key: str
    value: str
    item: Expr
    sep: str

    def py(self, env):
        m = self.mapping.py(env) or {}
        return self.sep.join(str(self.item.py({**env, self.key: k, self.value: m[k] or {}})) for k in sorted(m))

    def go_let(self, name: str) -> str:
        m = self.mapping.go()
        return (f"{{{{- {name} := list -}}}}{{{{- range ${self.key} := keys ({m} | default dict) | sortAlpha -}}}}"
                f"{{{{- ${self.value} := get {m} ${self.key} | default dict -}}}}"
                f"{{{{- {name} = append {name} {self.item.go()} -}}}}{{{{- end -}}}}")

    def hcl(self):
        # a `for` over a map visits its keys in lexical order
        return f"join({_quote(self.sep)}, [for {self.key}, {self.value} in {self.mapping.hcl()} : {self.item.hcl()}])"


@dataclass(frozen=True, eq=False)
class Digest(Expr):
    """The first 8 hex digits of the SHA-256 of the parts joined by ``|``: a Job's name that
    changes with what it runs, a pod annotation that rolls the pods when a value behind a
    reference changes."""
    parts: tuple[Expr, ...]

    def py(self, env):
        text = "|".join(str(p.py(env)) for p in self.parts)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]

    def go(self):
        return f"(list {' '.join(p.go() for p in self.parts)} | join \"|\" | sha256sum | trunc 8)"

    def hcl(self):
        return f"substr(sha256(join(\"|\", [{', '.join(p.hcl() for p in self.parts)}])), 0, 8)"


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_GO_LISTS: dict[int, str] = {}


# -- the descriptions ---------------------------------------------------------------------------

def modules() -> list[Any]:
    """The description modules themselves, in DESCRIPTIONS order: each has ``active``,
    ``build``, ``workload_env`` and ``wait_container`` (and ``plaintext_secrets`` when its
    settings can hold a secret), which the overlay and the workloads call without naming it."""
    return [importlib.import_module(module) for module in DESCRIPTIONS]


def services() -> list[str]:
    """The data services' names (their settings key, their module's name), in DESCRIPTIONS order."""
    return [_service(module) for module in DESCRIPTIONS]


def tables() -> Iterable[tuple[str, Sequence[Derived]]]:
    """(module, its DERIVED) for every description."""
    for module in DESCRIPTIONS:
        yield module, importlib.import_module(module).DERIVED


def evaluate(table: Sequence[Derived], settings: dict[str, Any], **params: Any) -> dict[str, Any]:
    """The values of ``table`` for ``settings``, by name: every system-wide one and, given
    ``params`` (a workload's values of its Params), the per-workload ones."""
    env: dict[str, Any] = {"s": settings, "derived": {}, **params}
    for d in table:
        if d.per_workload is None or all(p.name in params for p in d.params):
            env["derived"][d.name] = d.expr.py(env)
    return env["derived"]


def go_helpers(table: Sequence[Derived], source: str) -> str:
    """The chart's named templates, one per value: ``include "realtime-svg.<name>" .``, or
    for a per-workload value ``include "realtime-svg.<name>" (dict "root" . "<param>" v)``."""
    out = []
    for d in table:
        lists = [n for n in _nodes(d.expr) if isinstance(n, _Listed)]
        _GO_LISTS.clear()
        _GO_LISTS.update({id(n): f"$list{i}" for i, n in enumerate(lists)})
        _GO_ROOT[0] = "$root" if d.per_workload else "$"
        try:
            body = ["{{- $root := .root -}}"] if d.per_workload else []
            body += [f"{{{{- ${p.name} := .{p.name} -}}}}" for p in d.params]
            body += [f"{{{{- $s := {_GO_ROOT[0]}.Values -}}}}"] if _uses(d.expr, "s") else []
            body += [n.go_let(_GO_LISTS[id(n)]) for n in lists]
            text = d.expr.go()
        finally:
            _GO_ROOT[0] = "$"
        called = f" Given (dict \"root\" . {' '.join(f'{chr(34)}{p.name}{chr(34)} ...' for p in d.params)})." \
            if d.per_workload else ""
        out.append(f"{{{{/* {d.doc} ({source} DERIVED, generated).{called} */}}}}\n"
                   f"{{{{- define \"realtime-svg.{d.name}\" -}}}}\n"
                   + "".join(line + "\n" for line in body)
                   + f"{{{{- {text} -}}}}\n{{{{- end }}}}\n")
    return "\n".join(out)


def hcl_locals(table: Sequence[Derived], source: str, env: tuple[str, dict[str, int], dict[str, str]] | None = None) -> str:
    """The module's locals, one per value, aligned as `tofu fmt` aligns them; a per-workload
    value is a map from each workload that uses it. ``env``: (prefix, index of each env
    entry, the derived value it takes) of a container the description sets env values of;
    the local ``<prefix>_env_derived`` lists [name, index, value] for the module's patches."""
    def value(d: Derived) -> str:
        if d.per_workload is None:
            return d.expr.hcl()
        return f"{{ for n, w in local.workloads : n => {d.expr.hcl()} if w.{d.per_workload} }}"

    width = max(len(d.local) for d in table)
    lines = [f"  # {source} DERIVED"] + [f"  {d.local:<{width}} = {value(d)}" for d in table]
    if env:
        prefix, index, values = env
        lines.append(f"  {prefix}_env_derived = [")
        lines += [f"    [{_quote(var)}, {index[var]}, local.{_snake(v)}]," for var, v in values.items()]
        lines.append("  ]")
    return "locals {\n" + "\n".join(lines) + "\n}\n"


def hcl_file() -> str:
    """derived.tf: every description's locals."""
    out = []
    for module, table in tables():
        mod = importlib.import_module(module)
        env = getattr(mod, "ENV_DERIVED", None)
        out.append(hcl_locals(table, module.replace(".", "/") + ".py",
                              (module.rsplit(".", 1)[-1], mod.ENV, env) if env else None))
    out.append(hcl_annotations())
    out.append(hcl_env())
    return "\n".join(out)


# -- the env a workload gets, by reference ------------------------------------------------------

@dataclass(frozen=True)
class EnvVar:
    """One variable of a workload that uses a data service: named by the workload's setting
    ``<service>.env.<setting>``, its value read from ``source`` (a ConfigMap or a Secret, by
    name) at ``key``, or, with ``source`` None, the value ``key`` itself."""
    setting: str
    source: str | None  # "configMapKeyRef", "secretKeyRef" or None (a plain value)
    name: Expr | None
    key: Expr

    def py(self, env: dict[str, Any], var: str) -> dict[str, Any]:
        if self.source is None:
            return {"name": var, "value": self.key.py(env)}
        return {"name": var, "valueFrom": {self.source: {"name": self.name.py(env), "key": self.key.py(env)}}}

    def go(self, var: str) -> str:
        if self.source is None:
            return f"- name: {var}\n  value: {{{{ {self.key.go()} | quote }}}}\n"
        return (f"- name: {var}\n  valueFrom:\n    {self.source}:\n      key: {{{{ {self.key.go()} | quote }}}}\n"
                f"      name: {{{{ {self.name.go()} | quote }}}}\n")

    def hcl(self, var: str) -> str:
        if self.source is None:
            return f"{{ name = {var}, value = {self.key.hcl()} }}"
        return f"{{ name = {var}, valueFrom = {{ {self.source} = {{ name = {self.name.hcl()}, key = {self.key.hcl()} }} }} }}"


def _service(module: str) -> str:
    return module.rsplit(".", 1)[-1]


def _env_tables() -> list[tuple[str, Sequence[Derived], Sequence[EnvVar]]]:
    out = []
    for module, table in tables():
        env = getattr(importlib.import_module(module), "WORKLOAD_ENV", ())
        if env:
            out.append((_service(module), table, env))
    return out


def workload_env(service: str, settings: dict[str, Any], w: dict[str, Any],
                 names: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """The variables a workload that uses ``service`` gets, named by its settings (or by
    ``names``: a wait container's fixed names)."""
    for svc, table, env in _env_tables():
        if svc == service:
            params = {p.name: _dig(w, p.workload_path) for d in table for p in d.params}
            values = {"s": settings, "derived": evaluate(table, settings), **params}
            return [e.py(values, (names or w[service]["env"])[e.setting]) for e in env]
    raise KeyError(service)


def go_env_helper() -> str:
    """realtime-svg.dataServiceEnv, given (dict "root" . "w" <workload>): the YAML list of the
    variables of the data services the workload uses."""
    lines = ['{{/* The variables of the data services a workload uses, by reference: given (dict "root" . "w"',
             "<workload>) (composer/derived.py workload_env, generated). */}}",
             '{{- define "realtime-svg.dataServiceEnv" -}}']
    _GO_ROOT[0] = ".root"
    try:
        for service, table, env in _env_tables():
            lines.append(f"{{{{- if .w.{service}.enabled }}}}")
            params = {p.name: p for d in table for p in d.params}
            lines += [f"{{{{- ${p.name} := {_go_dig(p.workload_path)} }}}}" for p in params.values()]
            lines.append("{{- $s := .root.Values }}")
            lines.append("".join(e.go(f"{{{{ {_go_dig(f'{service}.env.{e.setting}')} | quote }}}}") for e in env).rstrip("\n"))
            lines.append("{{- end }}")
    finally:
        _GO_ROOT[0] = "$"
    return "\n".join(lines) + "\n{{- end }}\n"


def hcl_env() -> str:
    """local.<service>_env: each workload's variables of the service; local.data_service_env:
    all of them, in DESCRIPTIONS order."""
    lines = ["locals {", "  # each workload's variables of the data services it uses (composer/derived.py workload_env)"]
    for service, _, env in _env_tables():
        lines.append(f"  {service}_env = {{")
        lines.append(f"    for n, w in local.workloads : n => [")
        lines += [f"      {e.hcl(f'w.{service}.env.{e.setting}')}," for e in env]
        lines.append(f"    ] if w.{service}.enabled")
        lines.append("  }")
    services = ", ".join(f"try(local.{service}_env[n], [])" for service, _, _ in _env_tables())
    lines.append(f"  data_service_env = {{ for n, w in local.workloads : n => concat({services}) }}")
    return "\n".join(lines) + "\n}\n"


# -- the pod annotations a workload gets -----------------------------------------------------

def _annotations() -> list[Derived]:
    return [d for _, table in tables() for d in table if d.annotation]


def workload_annotations(settings: dict[str, Any], w: dict[str, Any]) -> dict[str, str]:
    """The annotations of the data services ``w`` uses, in DESCRIPTIONS order."""
    out = {}
    for _, table in tables():
        for d in table:
            if d.annotation and _dig(w, d.applies_to):
                params = {p.name: _dig(w, p.workload_path) for p in d.params}
                out[d.annotation] = evaluate(table, settings, **params)[d.name]
    return out


def go_annotations_helper() -> str:
    """realtime-svg.connectionAnnotations, given (dict "root" . "w" <workload>): a JSON map of
    the annotations of the data services the workload uses."""
    lines = ['{{/* The digests of the data services a workload uses: given (dict "root" . "w" <workload>), a JSON',
             "map (composer/derived.py workload_annotations, generated). */}}",
             '{{- define "realtime-svg.connectionAnnotations" -}}', "{{- $out := dict -}}"]
    for d in _annotations():
        if d.per_workload:
            args = "(dict \"root\" .root " + " ".join(
                f'"{p.name}" {_go_dig(p.workload_path)}' for p in d.params) + ")"
        else:
            args = ".root"
        lines += [f"{{{{- if {_go_dig(d.applies_to)} -}}}}",
                  f"{{{{- $_ := set $out {_quote(d.annotation)} (include \"realtime-svg.{d.name}\" {args}) -}}}}",
                  "{{- end -}}"]
    lines += ["{{- toJson $out -}}", "{{- end }}"]
    return "\n".join(lines) + "\n"


def hcl_annotations() -> str:
    """local.connection_annotations: each workload's annotations of the data services it uses."""
    parts = []
    for d in _annotations():
        value = f"local.{d.local}[n]" if d.per_workload else f"local.{d.local}"
        parts.append(f"w.{d.applies_to} ? {{ {_quote(d.annotation)} = {value} }} : {{}}")
    body = "".join(f"      {p},\n" for p in parts)
    return ("locals {\n  # each workload's digests of the data services it uses (composer/derived.py workload_annotations)\n"
            f"  connection_annotations = {{\n    for n, w in local.workloads : n => merge(\n{body}    )\n  }}\n}}\n")


def _go_dig(dotted: str) -> str:
    return f".w.{dotted}"


def _dig(node: dict[str, Any], dotted: str) -> Any:
    for key in dotted.split("."):
        node = node[key]
    return node


def _uses(expr: Expr, var: str) -> bool:
    return any(isinstance(n, Var) and n.name == var for n in _nodes(expr))
