"""The settings JSON Schema: loading it, resolving its $refs, and deriving defaults.

The schema file is the single source of truth for names, types, defaults and
descriptions; this module only reads it. ``default`` next to a ``$ref`` is honoured here
(draft-07 validators ignore it, which is harmless: defaults are annotations).
"""
from __future__ import annotations

import copy
import functools
import json
from typing import Any, Iterator

from composer import paths


@functools.lru_cache(maxsize=1)
def load() -> dict[str, Any]:
    with open(paths.SCHEMA, encoding="utf-8") as fh:
        return json.load(fh)


def resolve(node: dict[str, Any], root: dict[str, Any] | None = None) -> dict[str, Any]:
    """Return ``node`` with a local ``$ref`` inlined; keywords beside the $ref win."""
    root = root or load()
    ref = node.get("$ref")
    if not ref:
        return node
    target: Any = root
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    merged = dict(resolve(target, root))
    merged.update({k: v for k, v in node.items() if k != "$ref"})
    return merged


def defaults(node: dict[str, Any] | None = None) -> Any:
    """The default value of a schema node: its ``default``, deep-merged over the
    defaults of its properties (so nested objects get every leaf default)."""
    node = resolve(node if node is not None else load())
    value: Any = copy.deepcopy(node.get("default"))
    props = node.get("properties")
    if props:
        derived = {}
        for key, sub in props.items():
            sub_default = defaults(sub)
            if sub_default is not _MISSING:
                derived[key] = sub_default
        value = deep_merge(derived, value or {})
    return _MISSING if value is None and "default" not in node else value


class _Missing:
    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Any = _Missing()


def fill_entry_defaults(value: Any, node: dict[str, Any] | None = None) -> Any:
    """``value`` with the defaults of every entry of a free-form mapping whose entries have a
    schema of their own (``workloads.<name>``), which ``defaults`` cannot know in advance:
    each entry is merged over its schema's defaults, at any depth."""
    node = resolve(node if node is not None else load())
    if not isinstance(value, dict):
        return value
    props = node.get("properties", {})
    extra = node.get("additionalProperties")
    out = {}
    entry_defaults = _MISSING  # computed once for all the entries (deep_merge copies it)
    for key, item in value.items():
        if key in props:
            out[key] = fill_entry_defaults(item, props[key])
        elif isinstance(extra, dict) and resolve(extra).get("type") == "object" and isinstance(item, dict):
            if entry_defaults is _MISSING:
                entry_defaults = defaults(extra)
            out[key] = fill_entry_defaults(deep_merge(entry_defaults, item), extra)
        else:
            out[key] = item
    return out


def deep_merge(base: Any, override: Any) -> Any:
    """``override`` over ``base``; mappings merge key by key, anything else replaces."""
    if isinstance(base, dict) and isinstance(override, dict):
        # base's keys in base's order, then override's new ones: each value copied once
        out = {key: deep_merge(value, override[key]) if key in override else copy.deepcopy(value)
               for key, value in base.items()}
        for key, value in override.items():
            if key not in out:
                out[key] = copy.deepcopy(value)
        return out
    return copy.deepcopy(override)


def leaves(node: dict[str, Any] | None = None, prefix: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every documented setting as (dotted key path, resolved schema node), in schema order.
    Objects with free-form keys (annotations, nodeSelector, affinity) count as leaves."""
    node = resolve(node if node is not None else load())
    for key, sub in node.get("properties", {}).items():
        sub = resolve(sub)
        path = f"{prefix}{key}"
        if sub.get("properties"):
            yield from leaves(sub, path + ".")
        else:
            yield path, sub
