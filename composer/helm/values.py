"""The chart's values: the settings vocabulary, as values.yaml, values.schema.json and the
values file `python -m composer export helm` writes for a settings file.

Helm differs from the other routes in one default only: ``name`` is empty, which means
Helm's usual fullname (release name, plus the chart name unless the release name holds
it). `helm install realtime-svg` therefore gives the settings default `realtime-svg`, and
an exported values file always names it explicitly.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import yaml

from composer import schema, yamlio

# Keys only Helm has, with Helm's usual meaning.
HELM_ONLY: dict[str, dict[str, Any]] = {
    "nameOverride": {"type": "string", "default": "", "maxLength": 57,
                     "description": "Helm only: replaces the chart name in the fullname (used when name is empty)."},
    "fullnameOverride": {"type": "string", "default": "", "maxLength": 57,
                         "description": "Helm only: the fullname itself (used when name is empty)."},
    "tests": {
        "type": "object", "additionalProperties": False,
        "description": "Helm only: the `helm test` Pod.",
        "properties": {
            "enabled": {"type": "boolean", "default": True,
                        "description": "Render the test Pod; false makes `helm test` a no-op (clusters that cannot pull or run it)."},
            "image": {"type": "string", "default": "busybox:1.36",
                      "description": "Image with `wget`, used to GET /ready through the Service."},
        },
    },
    "global": {"type": "object", "description": "Helm only: values shared with parent charts.", "default": {}},
}


def _strip(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _strip(v) for k, v in node.items() if not k.startswith("x-")}
    if isinstance(node, list):
        return [_strip(v) for v in node]
    return node


def values_schema() -> dict[str, Any]:
    """values.schema.json: the settings schema, with Helm's fullname rule for `name`."""
    out = _strip(copy.deepcopy(schema.load()))
    name = out["properties"]["name"]
    name["default"] = ""
    name["pattern"] = "^([a-z]([-a-z0-9]*[a-z0-9])?)?$"
    name["description"] += (" Empty: Helm's fullname (the release name, plus the chart name unless the "
                            "release name contains it).")
    out["properties"].update(copy.deepcopy(HELM_ONLY))
    return out


def defaults() -> dict[str, Any]:
    values = schema.defaults()
    values["name"] = ""
    values.update(schema.defaults({"type": "object", "properties": HELM_ONLY}))
    return values


def values_yaml() -> str:
    """values.yaml with each top-level key preceded by its description."""
    values = defaults()
    props = values_schema()["properties"]
    chunks = ["# Generated from composer/settings.schema.json by `python -m composer generate`; do not edit.\n"
              "# The same keys are the settings of every install route (docs/settings.md).\n"]
    for key, value in values.items():
        desc = schema.resolve(props[key], values_schema()).get("description", "")
        comment = "".join(f"# {line}\n" for line in _wrap(desc))
        chunks.append(comment + yamlio.dump({key: value}))
    return "\n".join(chunks)


def schema_json() -> str:
    return json.dumps(values_schema(), indent=2) + "\n"


def export(settings: dict[str, Any]) -> str:
    """The values file for ``settings`` (complete, so nothing depends on chart defaults)."""
    return ("# Helm values for realtime-svg, written by `python -m composer export helm`.\n"
            "# helm install <release> ./helm-wrapper/realtime-svg -f <this file>\n"
            + yamlio.dump(settings))


def _wrap(text: str, width: int = 98) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + ([line] if line else [])


def release_namespace_args(values: dict[str, Any] | str | Path) -> list[str]:
    """``--namespace <ns>`` for `helm template|install|upgrade` with these values (settings, or a
    values file) when they name a namespace: the chart refuses a release in another namespace
    than the one its values put every object in (realtime-svg.checkSystem). Empty values
    follow the release, so nothing is added."""
    if not isinstance(values, dict):
        values = yaml.safe_load(Path(values).read_text(encoding="utf-8")) or {}
    namespace = values.get("namespace") if isinstance(values, dict) else None
    return ["--namespace", namespace] if isinstance(namespace, str) and namespace else []
