"""Objects of the sentinel render -> Helm template files.

Three kinds of mark are placed in a copy of each object before it is dumped as YAML, then
replaced in the text: a value mark (`{{ expr }}`), a YAML mark (`{{- toYaml ... | nindent }}`)
and a conditional key (`{{- if cond }}` ... `{{- end }}` around the key's block). What is
conditional, and the few values derived from more than one setting, are listed in the
tables below; every other value comes from the sentinel tokens.
"""
from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from composer import sources
from composer.helm import sentinel

APP = sources.BASE_NAME
POD = "/spec/template/spec"
CONTAINER = f"{POD}/containers/0"
FULLNAME = sentinel.FULLNAME
SECRET_NAME = 'include "realtime-svg.secretName" .'

PDB_CONDITION = ("and .Values.podDisruptionBudget.enabled "
                 "(gt (int .Values.replicas) (int .Values.podDisruptionBudget.minAvailable))")

# (kind, base name or "*", JSON pointer of a key) -> (condition, YAML pipeline or None).
# With a pipeline the key's value is the pipeline's YAML; without, it is templated as usual.
CONDITIONAL_KEYS: dict[tuple[str, str, str], tuple[str, str | None]] = {
    ("*", "*", "/metadata/namespace"): (".Values.namespace", None),
    ("Service", APP, "/spec/ports/0/nodePort"): (".Values.service.nodePort", None),
    ("Ingress", APP, "/spec/ingressClassName"): (".Values.ingress.className", None),
    ("Ingress", APP, "/metadata/annotations"): (".Values.ingress.annotations", "toYaml .Values.ingress.annotations"),
    ("Ingress", APP, "/spec/tls"): (".Values.ingress.tls.enabled", None),
    ("Deployment", "*", f"{POD}/imagePullSecrets"): (".Values.imagePullSecrets", 'include "realtime-svg.imagePullSecrets" .'),
    ("Deployment", APP, f"{POD}/nodeSelector"): (".Values.nodeSelector", "toYaml .Values.nodeSelector"),
    ("Deployment", APP, f"{POD}/tolerations"): (".Values.tolerations", "toYaml .Values.tolerations"),
    ("Deployment", APP, f"{POD}/affinity"): (".Values.affinity", "toYaml .Values.affinity"),
}

# (kind, base name, JSON pointer) -> expression, for values derived from two settings
# (the overlay's `existingSecret` patches: composer/overlay.py _secret_ref_ops).
PATH_VALUES: dict[tuple[str, str, str], str] = {
    ("Deployment", APP, f"{CONTAINER}/env/0/valueFrom/secretKeyRef/name"):
        f".Values.redis.existingSecret | default ({SECRET_NAME}) | quote",
    ("Deployment", APP, f"{CONTAINER}/env/0/valueFrom/secretKeyRef/optional"): "not .Values.redis.existingSecret",
    ("Deployment", APP, f"{CONTAINER}/env/1/valueFrom/secretKeyRef/name"):
        f".Values.secrets.existingSecret | default ({SECRET_NAME}) | quote",
    ("Deployment", APP, f"{CONTAINER}/env/1/valueFrom/secretKeyRef/optional"): "not .Values.secrets.existingSecret",
    ("Deployment", f"{APP}-redis", f"{CONTAINER}/env/0/valueFrom/secretKeyRef/name"):
        f".Values.redis.existingSecret | default ({SECRET_NAME}) | quote",
    ("Deployment", f"{APP}-redis", f"{CONTAINER}/env/0/valueFrom/secretKeyRef/optional"): "not .Values.redis.existingSecret",
}

# ConfigMap keys whose value depends on more than one setting (overlay.config_data).
CONFIG_VALUES = {
    "REDIS_HOST": f'ternary (printf "%s-redis" ({FULLNAME})) (toString .Values.redis.host) .Values.redis.enabled',
    "REDIS_PORT": 'ternary "6379" (toString .Values.redis.port) .Values.redis.enabled',
}

HELM_LABELS = {
    "helm.sh/chart": 'include "realtime-svg.chart" . | quote',
    "app.kubernetes.io/managed-by": ".Release.Service | quote",
}


@dataclass
class _Marks:
    values: dict[str, str] = field(default_factory=dict)      # mark -> expression
    yamls: dict[str, str] = field(default_factory=dict)       # mark -> pipeline
    keys: dict[str, tuple[str, str]] = field(default_factory=dict)  # mark -> (condition, key)

    def value(self, expr: str) -> str:
        mark = f"HELMV{len(self.values):04d}X"
        self.values[mark] = expr
        return mark

    def yaml(self, pipeline: str) -> str:
        mark = f"HELMY{len(self.yamls):04d}X"
        self.yamls[mark] = pipeline
        return mark

    def key(self, condition: str, key: str) -> str:
        mark = f"HELMK{len(self.keys):04d}X"
        self.keys[mark] = (condition, key)
        return mark


class Templater:
    """Turns the objects of one sentinel render into template files."""

    def __init__(self, objects: list[dict[str, Any]]):
        self.objects = objects
        self.config = next(o for o in objects if o["kind"] == "ConfigMap")
        self.secret = next(o for o in objects if o["kind"] == "Secret")
        self.whole = {  # hash-suffixed names: whole strings only
            self.config["metadata"]["name"]: 'include "realtime-svg.configMapName" .',
            self.secret["metadata"]["name"]: SECRET_NAME,
        }
        self.tokens = sentinel.scalar_tokens()
        self.token_re = token_regex(self.tokens)
        self.integers = sentinel.integer_tokens()

    # -- expressions -----------------------------------------------------------------
    def string_expr(self, value: str) -> str | None:
        """The expression for a string holding tokens (None when it holds none)."""
        if value in self.whole:
            return self.whole[value]
        parts, last = [], 0
        for m in self.token_re.finditer(value):
            if m.start() > last:
                parts.append(_go_string(value[last:m.start()]))
            parts.append(f"({self.tokens[m.group()]})")
            last = m.end()
        if not parts:
            return None
        if last < len(value):
            parts.append(_go_string(value[last:]))
        if len(parts) == 1:
            return f"{parts[0][1:-1]} | toString"
        return "print " + " ".join(parts)

    def base_name(self, obj: dict[str, Any]) -> str:
        name = obj["metadata"]["name"]
        if obj is self.config or obj is self.secret:
            name = name.rsplit("-", 1)[0]
        return name.replace(sentinel.NAME_TOKEN, APP)

    # -- helpers -------------------------------------------------------------------------
    def data_helper(self, define: str, obj: dict[str, Any], overrides: dict[str, str]) -> str:
        lines = [f'{{{{- define "{define}" -}}}}', "{{- $d := dict -}}"]
        for key, value in obj.get("data", {}).items():
            expr = overrides.get(key) or self.string_expr(value) or _go_string(value)
            lines.append(f"{{{{- $_ := set $d {_go_string(key)} ({expr}) -}}}}")
        lines += ["{{- toJson $d -}}", "{{- end }}"]
        return "\n".join(lines)

    def name_helper(self, define: str, obj: dict[str, Any], data_define: str) -> str:
        prefix = self.string_expr(obj["metadata"]["name"].rsplit("-", 1)[0])
        hashed = [f'"data" (include "{data_define}" . | fromJson)', f'"kind" "{obj["kind"]}"', '"name" ""']
        if "type" in obj:
            hashed.append(f'"type" {_go_string(obj["type"])}')
        return (f'{{{{- define "{define}" -}}}}\n'
                f'{{{{- printf "%s-%s" ({prefix}) (include "realtime-svg.kustomizeHash" (dict {" ".join(hashed)})) -}}}}\n'
                "{{- end }}")

    def helpers(self) -> str:
        return "\n\n".join([
            self.data_helper("realtime-svg.configData", self.config, CONFIG_VALUES),
            self.name_helper("realtime-svg.configMapName", self.config, "realtime-svg.configData"),
            self.data_helper("realtime-svg.secretData", self.secret, {}),
            self.name_helper("realtime-svg.secretName", self.secret, "realtime-svg.secretData"),
        ])

    # -- objects -------------------------------------------------------------------------
    def condition(self, obj: dict[str, Any], components: dict[tuple[str, str], str]) -> str | None:
        ident = (obj["kind"], self.base_name(obj))
        if ident == ("PodDisruptionBudget", APP):
            return f"and .Values.enabled ({PDB_CONDITION})"
        component = components.get(ident)
        if component == "redis":  # the redis/ part's primary replaces it (composer/overlay.py _app)
            return 'and .Values.enabled .Values.redis.enabled (not (include "realtime-svg.redisActive" .))'
        # Every object of the app exists only while the app is enabled (`enabled`).
        return f"and .Values.enabled .Values.{component}.enabled" if component else ".Values.enabled"

    def render_object(self, obj: dict[str, Any], condition: str | None) -> str:
        obj = copy.deepcopy(obj)
        marks = _Marks()
        kind, base = obj["kind"], self.base_name(obj)
        if obj["kind"] in ("ConfigMap", "Secret"):
            helper = "realtime-svg.configData" if obj["kind"] == "ConfigMap" else "realtime-svg.secretData"
            obj["data"] = marks.yaml(f'include "{helper}" . | fromJson | toYaml')
        obj["metadata"].setdefault("labels", {}).update(
            {k: marks.value(v) for k, v in HELM_LABELS.items()})
        for (k, b, pointer), expr in PATH_VALUES.items():
            if k == kind and b == base:
                _set(obj, pointer, marks.value(expr))
        for (k, b, pointer), (cond, pipeline) in CONDITIONAL_KEYS.items():
            if k in ("*", kind) and b in ("*", base) and _has(obj, pointer):
                parent, key = _parent(obj, pointer)
                value = parent.pop(key)
                parent[marks.key(cond, key)] = marks.yaml(pipeline) if pipeline else value
        obj = self._mark_scalars(obj, marks)
        text = _dump(obj)
        text = _apply(text, marks)
        if condition:
            text = f"{{{{- if {condition} }}}}\n{text}{{{{- end }}}}\n"
        return text

    def _mark_scalars(self, node: Any, marks: _Marks) -> Any:
        if isinstance(node, dict):
            return {k: self._mark_scalars(v, marks) for k, v in node.items()}
        if isinstance(node, list):
            return [self._mark_scalars(v, marks) for v in node]
        if isinstance(node, bool):
            return node
        if isinstance(node, int) and node in self.integers:
            return marks.value(self.integers[node])
        if isinstance(node, str) and not node.startswith("HELM"):
            expr = self.string_expr(node)
            if expr:
                return marks.value(f"{expr} | quote")
        return node

    def files(self, components: dict[tuple[str, str], str]) -> dict[str, str]:
        out = {}
        for obj in self.objects:
            base = self.base_name(obj)
            suffix = base[len(APP):]
            stem = obj["kind"].lower() + ("" if suffix in ("-config", "-secret") else suffix)
            out[f"templates/{stem}.yaml"] = self.render_object(obj, self.condition(obj, components))
        return out


def token_regex(tokens: dict[str, str]) -> re.Pattern[str]:
    """Matches any token, the longest first (a token may hold a shorter one)."""
    return re.compile("|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True)))


def render_marked(obj: dict[str, Any], templater: Templater, labels: dict[str, str],
                  values: dict[str, str], keys: dict[str, tuple[str, str | None]]) -> str:
    """One object as template text: LABELS added to its metadata, VALUES (JSON pointer ->
    expression) and conditional KEYS (JSON pointer -> (condition, pipeline or None)) marked
    where the object has them, every token replaced by its expression."""
    obj = copy.deepcopy(obj)
    marks = _Marks()
    obj["metadata"].setdefault("labels", {}).update({k: marks.value(v) for k, v in labels.items()})
    for pointer, expr in values.items():
        if _has(obj, pointer):
            _set(obj, pointer, marks.value(expr))
    for pointer, (cond, pipeline) in keys.items():
        if _has(obj, pointer):
            parent, key = _parent(obj, pointer)
            value = parent.pop(key)
            parent[marks.key(cond, key)] = marks.yaml(pipeline) if pipeline else value
    return _apply(_dump(templater._mark_scalars(obj, marks)), marks)


def _go_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _tokens(pointer: str) -> list[str]:
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.lstrip("/").split("/")]


def _walk(obj: Any, parts: list[str]) -> Any:
    for part in parts:
        obj = obj[int(part)] if isinstance(obj, list) else obj[part]
    return obj


def _has(obj: Any, pointer: str) -> bool:
    try:
        _walk(obj, _tokens(pointer))
        return True
    except (KeyError, IndexError, ValueError, TypeError):
        return False


def _parent(obj: Any, pointer: str) -> tuple[Any, str]:
    parts = _tokens(pointer)
    return _walk(obj, parts[:-1]), parts[-1]


def _set(obj: Any, pointer: str, value: Any) -> None:
    parent, key = _parent(obj, pointer)
    parent[int(key) if isinstance(parent, list) else key] = value


class _IndentedDumper(yaml.SafeDumper):
    """Indents sequences under their key, so a key's block is every deeper line."""

    def increase_indent(self, flow: bool = False, indentless: bool = False):
        return super().increase_indent(flow, False)


def _dump(obj: Any) -> str:
    return yaml.dump(obj, Dumper=_IndentedDumper, sort_keys=False, default_flow_style=False, width=10000)


_MARK = re.compile(r"HELM[VYK]\d{4}X")
_ITEM_MARK = re.compile(r"- (HELMK\d{4}X)")


def _apply(text: str, marks: _Marks) -> str:
    out: list[str] = []
    lines = text.splitlines()
    ends: list[int] = []  # indents of open conditional blocks
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        stripped = line.strip()
        while ends and indent <= ends[-1]:  # a key's block is every deeper line
            ends.pop()
            out.append("{{- end }}")
        item_mark = _ITEM_MARK.match(stripped)
        if item_mark and item_mark.group(1) in marks.keys:
            # a list item whose first key is marked: the whole item is conditional
            cond, key = marks.keys[item_mark.group(1)]
            out.append(f"{{{{- if {cond} }}}}")
            line = " " * indent + "- " + key + stripped[item_mark.end():]
            ends.append(indent)
        key_mark = _MARK.match(stripped)
        if key_mark and key_mark.group() in marks.keys:
            cond, key = marks.keys[key_mark.group()]
            out.append(f"{{{{- if {cond} }}}}")
            line = " " * indent + key + stripped[key_mark.end():]
            ends.append(indent)
        m = re.search(r": (HELMY\d{4}X)$", line)
        if m:
            line = line[:m.start()] + f": {{{{- {marks.yamls[m.group(1)]} | nindent {indent + 2} }}}}"
        line = _MARK.sub(lambda mm: f"{{{{ {marks.values[mm.group()]} }}}}" if mm.group() in marks.values else mm.group(), line)
        out.append(line)
    out.extend("{{- end }}" for _ in ends)
    result = "\n".join(out) + "\n"
    if _MARK.search(result):
        raise ValueError(f"unplaced template mark in:\n{result}")
    return result
