"""The chart's side of a data service's part (the objects the overlay's postgresql/, kafka/ or
redis/ directory builds), the same for every service: what differs is a ``Part`` value.

The part's objects come from a sentinel render (composer/helm/sentinel.py): the service
turned on with every scalar setting a token (``strings``) or a distinct number
(``integers``), plus ``fixed`` settings that make every object exist. Each object becomes a
template behind its condition; a token becomes the values expression of its setting; the
pointers in ``values`` get an expression of their own (the derived values' named
templates, composer/derived.py); the keys in ``conditional_keys`` appear only when their
condition holds.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any, Callable


from composer import render, yamlio
from composer.helm import sentinel, template

POD = template.POD
CONTAINER = template.CONTAINER
CLAIM = "/spec/volumeClaimTemplates/0/spec"
PULL_SECRETS = (".Values.imagePullSecrets", 'include "realtime-svg.imagePullSecrets" .')


@dataclass
class Part:
    """One data service's part in the chart.

    key: its settings key; component: the ``app.kubernetes.io/name`` of its objects;
    strings / integers: its scalar settings (dotted, under ``key``) that become tokens /
    distinct numbers in the sentinel; secrets: the string settings whose base64 form lands
    in a Secret; fixed: the sentinel's other settings under ``key``; values: (kind, JSON
    pointer) -> expression; conditional_keys: (kind or "*", pointer) -> (condition, YAML
    pipeline or None); conditions: kind -> the condition its object exists under, else
    ``server_condition``; template_file: the chart file it is written to."""
    key: str
    component: str
    strings: list[str]
    integers: dict[str, int]
    fixed: dict[str, Any]
    values: dict[tuple[str, str], str]
    conditional_keys: dict[tuple[str, str], tuple[str, str | None]]
    conditions: dict[Any, str]
    server_condition: str
    secrets: list[str] = field(default_factory=list)
    # A part rendered within the app's sentinel (Redis: the app's image settings are its
    # servers'), not alone: the app sentinel's tokens, not only the name and namespace.
    app_tokens: bool = False
    # For parts whose objects need more than the above (Redis: a condition per role, a
    # ConfigMap whose keys depend on the roles, a primary built two ways).
    condition_of: Callable[[dict[str, Any]], str] | None = None
    prepare: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    finish: Callable[[str], str] | None = None
    sentinel_of: Callable[[], dict[str, Any]] | None = None
    objects_of: Callable[[], list[dict[str, Any]]] | None = None

    @property
    def template_file(self) -> str:
        return f"templates/{self.key}.yaml"

    def token(self, path: str) -> str:
        return sentinel._t(f"{self.key}.{path}")

    def expr(self, root: str, path: str) -> str:
        """The values expression of setting KEY.PATH; ROOT is `.` or `$` (inside a range)."""
        return f"{root.rstrip('.')}.Values.{self.key}.{path}"

    # -- the sentinel --------------------------------------------------------------------

    def settings(self) -> dict[str, Any]:
        """The sentinel settings under ``key``: every string a token, every number distinct."""
        out: dict[str, Any] = {}
        for path, value in self.fixed.items():
            _put(out, path, value)
        for path in self.strings + self.secrets:
            _put(out, path, self.token(path))
        for path, number in self.integers.items():
            _put(out, path, number)
        return out

    def string_tokens(self, root: str) -> dict[str, str]:
        """token -> expression, for the part's templater and the workloads' (their init
        containers share the service's image)."""
        tokens = {self.token(p): self.expr(root, p) for p in self.strings}
        for p in self.secrets:
            tokens[base64.b64encode(self.token(p).encode()).decode()] = f"b64enc {self.expr(root, p)}"
        return tokens

    def image_tokens(self, root: str) -> dict[str, str]:
        """The image settings a workload's wait container shares with the servers (a part in
        the app's sentinel: its image is there, app_tokens)."""
        return {self.token(f"image.{p}"): self.expr(root, f"image.{p}") for p in ("repository", "tag", "pullPolicy")}

    def integer_tokens(self, root: str) -> dict[int, str]:
        return {n: f"{self.expr(root, p)} | int64" for p, n in self.integers.items()}

    def sentinel_settings(self) -> dict[str, Any]:
        """The app's sentinel with the app off and this service on: only the part, and the
        objects every setting of it adds."""
        if self.sentinel_of:
            return self.sentinel_of()
        s = sentinel.settings()
        s["enabled"] = False
        s[self.key] = self.settings()
        return s

    def is_part(self, obj: dict[str, Any]) -> bool:
        return obj["metadata"].get("labels", {}).get("app.kubernetes.io/name") == self.component

    def objects(self) -> list[dict[str, Any]]:
        if self.objects_of:
            return self.objects_of()
        return [o for o in yamlio.load_all(render.render(self.sentinel_settings(), "python -m composer generate"))
                if o and self.is_part(o)]

    # -- the template file ---------------------------------------------------------------

    def templater(self) -> "PartTemplater":
        return PartTemplater(self)

    def files(self) -> dict[str, str]:
        templater = self.templater()
        return {self.template_file: "".join(f"---\n{templater.render_part_object(o)}" for o in self.objects())}


class PartTemplater(template.Templater):
    """template.Templater for a part's objects (fixed names, no hashes)."""

    def __init__(self, part: Part):
        self.part = part
        self.whole = {}
        if part.app_tokens:
            self.tokens = {**sentinel.scalar_tokens(), **part.string_tokens(".")}
            self.integers = {**sentinel.integer_tokens(), **part.integer_tokens(".")}
        else:
            self.tokens = {**part.string_tokens("."), sentinel.NAME_TOKEN: sentinel.FULLNAME,
                           sentinel._t("namespace"): ".Values.namespace"}
            self.integers = part.integer_tokens(".")
        self.token_re = template.token_regex(self.tokens)

    def render_part_object(self, obj: dict[str, Any]) -> str:
        kind = obj["kind"]
        part = self.part
        condition = part.condition_of(obj) if part.condition_of else part.conditions.get(kind, part.server_condition)
        if part.prepare:
            obj = part.prepare(obj)
        text = template.render_marked(obj, self, template.HELM_LABELS,
                                      {p: e for (k, p), e in part.values.items() if k == kind},
                                      {p: c for (k, p), c in part.conditional_keys.items() if k in ("*", kind)})
        if part.finish:
            text = part.finish(text)
        return f"{{{{- if {condition} }}}}\n{text}{{{{- end }}}}\n"


def _put(node: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[leaf] = value
