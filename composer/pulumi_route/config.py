"""Pulumi stack config <-> settings.

The config keys are the settings vocabulary, with the same names and nesting, in the config
namespace of the project (``realtime-svg``): ``pulumi config set replicas 5``,
``pulumi config set --path redis.enabled false``. The program receives every top-level value as
a string (objects as JSON), and ``--path`` stores only true/false and integers typed, so values
are converted by the settings schema before the composer validates them: "5" becomes 5 where the
schema wants an integer, true becomes "true" where it wants a string (an annotation value), and
anything that does not convert is left alone for the validator to report, with the composer's
own messages.
"""
from __future__ import annotations

import json
import re
from typing import Any, Mapping

from composer import schema, settings as settings_mod, yamlio

PROJECT = "realtime-svg"
_INTEGER = re.compile(r"^[+-]?[0-9]+$")


def _types(node: dict[str, Any]) -> list[str]:
    t = node.get("type", [])
    return list(t) if isinstance(t, list) else [t]


def coerce(value: Any, node: dict[str, Any] | None) -> Any:
    """``value`` converted towards the type the schema ``node`` wants, where that is lossless."""
    node = schema.resolve(node or {})
    types = _types(node)
    if isinstance(value, str):
        if "integer" in types and _INTEGER.match(value.strip()):
            return int(value)
        if "boolean" in types and value in ("true", "false"):
            return value == "true"
        if "null" in types and value == "null":
            return None
        if {"object", "array"} & set(types) and value.strip()[:1] in ("{", "["):
            try:
                parsed = json.loads(value)
            except ValueError:
                return value
            return coerce(parsed, node)
        return value
    if isinstance(value, bool):
        return ("true" if value else "false") if "string" in types and "boolean" not in types else value
    if isinstance(value, int):
        return str(value) if "string" in types and "integer" not in types else value
    if isinstance(value, dict):
        props = node.get("properties", {})
        extra = node.get("additionalProperties")
        extra = extra if isinstance(extra, dict) else {}
        return {k: coerce(v, props.get(k, extra)) for k, v in value.items()}
    if isinstance(value, list):
        return [coerce(v, node.get("items", {})) for v in value]
    return value


def config_keys(raw: Mapping[str, Any], project: str = PROJECT) -> dict[str, Any]:
    """The project's own keys of a Pulumi config map (``project:key`` -> value), by key.
    Keys of other namespaces (``kubernetes:``, ``pulumi:``) are not settings."""
    out = {}
    for full, value in raw.items():
        namespace, _, key = full.partition(":")
        if namespace != project or not key:
            continue
        out[key.removeprefix("config:")] = value
    return out


def settings_from_config(raw: Mapping[str, Any], project: str = PROJECT,
                         source: str = "Pulumi config") -> dict[str, Any]:
    """The complete, validated settings from a Pulumi config map. Raises
    composer.settings.SettingsError with the composer's messages."""
    props = schema.load().get("properties", {})
    data = {key: coerce(value, props.get(key)) for key, value in config_keys(raw, project).items()}
    return settings_mod.validate(data, source=source)


def stack_config(settings: dict[str, Any], command: str, project: str = PROJECT) -> str:
    """A Pulumi.<stack>.yaml holding every setting (so nothing depends on defaults), in the
    types the stack file keeps them: integers, booleans, objects, strings."""
    body = {"config": {f"{project}:{key}": value for key, value in settings.items()}}
    return (f"# Pulumi stack config for realtime-svg, written by `{command}`.\n"
            "# Keys are the settings (docs/settings.md); change them with `pulumi config set KEY VALUE`\n"
            "# or `pulumi config set --path PARENT.KEY VALUE`.\n"
            + yamlio.dump(body))


def plaintext_secrets(settings: dict[str, Any]) -> list[str]:
    """Settings holding a secret value that an exported stack file would carry in plain text."""
    from composer import workloads

    found = [name for name, value in (("redis.password", settings["redis"]["password"]),
                                      ("secrets.apiKey", settings["secrets"]["apiKey"]),
                                      ("postgresql.password", settings["postgresql"]["password"])) if value]
    for name, w in sorted(settings["workloads"].items()):
        found += workloads.plaintext_secrets(name, w)
    return found
