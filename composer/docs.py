"""Tables of the settings, generated from the schema so they are never hand-kept.
The same table documents the Helm values, the Terraform variables and the Pulumi config."""
from __future__ import annotations

import json
from typing import Any

from composer import schema


def _type(node: dict[str, Any]) -> str:
    t = node.get("type", "any")
    t = " or ".join(t) if isinstance(t, list) else t
    if "enum" in node:
        t += ": " + ", ".join(f"`{v}`" for v in node["enum"])
    elif node.get("minimum") is not None and node.get("maximum") is not None:
        t += f" {node['minimum']}..{node['maximum']}"
    return t


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def settings_table(root: dict[str, Any] | None = None, defaults: dict[str, Any] | None = None,
                   key_style=lambda path: path) -> str:
    """A markdown table of every leaf of ``root`` (the settings schema by default)."""
    defaults = schema.defaults() if defaults is None else defaults
    rows = ["| key | type | default | description |", "|---|---|---|---|"]
    for path, node in schema.leaves(root):
        value: Any = defaults
        for part in path.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        shown = json.dumps(value, ensure_ascii=False)
        desc = node.get("description", "")
        if node.get("x-allowed"):
            desc += f" Allowed: {node['x-allowed']}."
        rows.append(f"| `{key_style(path)}` | {_cell(_type(node))} | `{_cell(shown)}` | {_cell(desc)} |")
    return "\n".join(rows) + "\n"


def settings_page() -> str:
    root = schema.load()
    return (
        "# Settings\n\n"
        "<!-- Generated from composer/settings.schema.json by `python -m composer generate`; do not edit. -->\n\n"
        f"{root['description']}\n\n"
        "Conditions beyond single keys: `redis.host` is required when `redis.enabled` is false; "
        "`ingress.host` is required when `ingress.enabled` is true; `service.nodePort` is only allowed "
        "with `service.type` NodePort or LoadBalancer.\n\n"
        + settings_table()
    )
