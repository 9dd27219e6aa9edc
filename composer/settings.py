"""Reading a settings file and judging it against the schema.

Every problem becomes one line that names the key path, the bad value and what is
allowed, because the same settings feed five install routes and a vague error in one of
them costs a user far more than a precise one here. All problems are reported at once.
"""
from __future__ import annotations

import difflib
import json
from pathlib import Path
from typing import Any, Iterable

from composer import schema


class SettingsError(Exception):
    """Bad settings: ``problems`` holds one human-readable line per problem."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = problems
        super().__init__("\n".join(f"{source}: {p}" for p in problems))


def load_file(path: str | Path | None) -> dict[str, Any]:
    """Parse a settings file (YAML 1.2, duplicate keys rejected) and validate it.
    ``None`` means "no file": the defaults."""
    if path is None:
        return validate({}, source="defaults")
    path = Path(path)
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SettingsError(source, [f"cannot read the settings file: {exc.strerror}"]) from None
    data = parse_yaml(text, source)
    if data is None:
        # An empty file (or one of comments only: a truncated copy, a template never filled
        # in) is not taken for "the defaults": that would install the default app and its
        # Redis where the user meant something else. The defaults are asked for explicitly.
        raise SettingsError(source, [EMPTY_FILE])
    return validate(data, source=source)


EMPTY_FILE = ("(top level): the settings file is empty (nothing but blank lines and comments); allowed: a mapping "
              "of settings such as 'replicas: 2', or '{}' to ask for the defaults (or no --settings at all)")


def parse_yaml(text: str, source: str) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import DuplicateKeyError
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="safe", pure=True)
    try:
        return yaml.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown position"
        problem = exc.problem
        if isinstance(exc, DuplicateKeyError) and problem:
            # ruamel says 'found duplicate key "K" with value "V" (original value: "W")': both
            # values may be secrets (redis.password twice), and the line already points at them.
            problem = problem.split(" with value ", 1)[0] + " (values not shown)"
        what = " ".join(str(x) for x in (exc.context, problem) if x)
        raise SettingsError(source, [f"malformed YAML at {where}: {what}"]) from None
    except YAMLError as exc:  # pragma: no cover - ruamel raises marked errors for syntax
        raise SettingsError(source, [f"malformed YAML: {exc}"]) from None


def validate(data: Any, source: str = "settings") -> dict[str, Any]:
    """Merge ``data`` over the schema defaults and validate the result.
    Returns the complete settings; raises SettingsError listing every problem."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SettingsError(source, [f"(top level): {_show(_redacted(data, schema.load(), schema.load()))} is {_kind(data)}; allowed: a mapping of settings such as 'replicas: 2'"])
    merged = schema.fill_entry_defaults(schema.deep_merge(schema.defaults(), data))
    problems = sorted(set(problems_of(merged)))
    if not problems:
        # Rules across settings (two workloads on one path, references to workloads that do
        # not exist) only make sense once every single setting is valid.
        from composer import system

        problems = sorted(set(system.problems(merged)))
    if problems:
        raise SettingsError(source, [p for _, p in problems])
    return merged


def problems_of(settings: dict[str, Any]) -> Iterable[tuple[str, str]]:
    """(key path, message) for every schema violation in ``settings``."""
    from jsonschema import Draft7Validator

    root = schema.load()
    validator = Draft7Validator(root)
    for error in validator.iter_errors(settings):
        for leaf in _leaf_errors(error):
            yield from _describe(leaf, root)


def _leaf_errors(error):
    # anyOf/oneOf wrap their causes; report the causes, which name the real key.
    if error.context:
        for sub in error.context:
            yield from _leaf_errors(sub)
    else:
        yield error


def _describe(error, root) -> list[tuple[str, str]]:
    """The (key path, message) pairs of one schema error: one per unknown key of a mapping
    (as Helm's and Terraform's checks name each), otherwise one."""
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        return _unknown_keys(error, root)
    return [_describe_one(error, root)]


def _unknown_keys(error, root) -> list[tuple[str, str]]:
    path = _dotted(error.absolute_path)
    node = schema.resolve(error.schema, root) if isinstance(error.schema, dict) else {}
    known = list(node.get("properties", {}))
    listed = ", ".join(known) if known else "none"
    found = []
    for key in [k for k in error.instance if k not in known] or ["?"]:
        full = f"{path}.{key}" if path else key
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        found.append((full, f"{full}: unknown key; {hint}allowed keys here: {listed}"))
    return found


def _describe_one(error, root) -> tuple[str, str]:
    path = _dotted(error.absolute_path)
    node = schema.resolve(error.schema, root) if isinstance(error.schema, dict) else {}
    # A value at (or holding) a writeOnly setting is a secret: never echo it.
    raw = error.instance
    value = _redacted(raw, node, root)
    kw = error.validator
    allowed = node.get("x-allowed")
    if "propertyNames" in error.schema_path:  # a bad key of a free-form mapping: name the key
        full = f"{path}.{value}" if path else str(value)
        return full, f"{full}: {_show(value)} is an invalid name; allowed: {allowed or _plain(node)}"
    if kw == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        full = f"{path}.{missing}" if path else missing
        sub = schema.resolve(node.get("properties", {}).get(missing, {}), root)
        return full, f"{full}: missing; {sub.get('x-message', 'this setting is required')}"
    label = path or "(top level)"
    message = node.get("x-message")
    if message:
        return path, f"{label}: {_show(value)} {message}"
    if kw == "type":
        expected = node.get("type")
        names = expected if isinstance(expected, list) else [expected]
        return path, f"{label}: {_show(value)} is {_kind(raw)}; allowed: {' or '.join(_TYPE_NAMES.get(n, n) for n in names)}"
    if kw == "enum":
        options = node.get("enum", [])
        close = difflib.get_close_matches(str(value), [str(o) for o in options], n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close and close[0] != value else ""
        return path, f"{label}: {_show(value)} is not allowed{hint}; allowed: one of {', '.join(map(str, options))}"
    if kw in ("minimum", "maximum"):
        low, high = node.get("minimum"), node.get("maximum")
        span = f"an integer from {low} to {high}" if low is not None and high is not None else (
            f"at least {low}" if low is not None else f"at most {high}")
        return path, f"{label}: {_show(value)} is out of range; allowed: {span}"
    if kw in ("minProperties", "maxProperties"):
        return path, f"{label}: {_show(value)} is invalid; allowed: {allowed or error.message}"
    if kw in ("pattern", "maxLength", "minLength", "const"):
        what = "is too long" if kw == "maxLength" else "is invalid"
        return path, f"{label}: {_show(value)} {what}; allowed: {allowed or _plain(node)}"
    return path, f"{label}: {_show(value)}: {error.message}"


_TYPE_NAMES = {
    "integer": "an integer",
    "string": "a string",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
    "null": "null",
    "number": "a number",
}


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "null" if value is None else type(value).__name__


def _plain(node: dict[str, Any]) -> str:
    bits = []
    if "minLength" in node:
        bits.append(f"at least {node['minLength']} characters")
    if "maxLength" in node:
        bits.append(f"at most {node['maxLength']} characters")
    return ", ".join(bits) or node.get("description", "see the settings schema")


class _Hidden:
    """Stands for a secret value in an error message."""

    def __repr__(self) -> str:
        return "(secret, not shown)"


HIDDEN = _Hidden()


def _redacted(value: Any, node: dict[str, Any] | None, root: dict[str, Any]) -> Any:
    """``value`` with every part that is, or may be, a secret replaced by HIDDEN: a value
    the schema marks ``writeOnly``; below a node that holds such a setting, a key the schema
    does not know (a misspelt ``secret``) and a list where no list belongs."""
    if not isinstance(node, dict):
        return value
    node = schema.resolve(node, root)
    if node.get("writeOnly"):
        return HIDDEN
    if not holds_secret(node, root):
        return value
    if isinstance(value, dict):
        props = node.get("properties", {})
        extra = node.get("additionalProperties")
        return {k: _redacted(v, props[k] if k in props else extra, root) if k in props or isinstance(extra, dict)
                else HIDDEN for k, v in value.items()}
    if isinstance(value, list):
        items = node.get("items")
        return [_redacted(v, items, root) for v in value] if isinstance(items, dict) else HIDDEN
    return value


def holds_secret(node: Any, root: dict[str, Any] | None = None, _seen: frozenset = frozenset()) -> bool:
    """Whether the schema ``node`` is, or has below it, a ``writeOnly`` setting."""
    if isinstance(node, list):
        return any(holds_secret(n, root, _seen) for n in node)
    if not isinstance(node, dict):
        return False
    ref = node.get("$ref")
    if ref is not None:
        if ref in _seen:
            return False
        _seen = _seen | {ref}
    node = schema.resolve(node, root)
    if node.get("writeOnly"):
        return True
    below = [*node.get("properties", {}).values(), *node.get("then", {}).get("properties", {}).values(),
             node.get("additionalProperties"), node.get("items")]
    return any(holds_secret(sub, root, _seen) for sub in below)
def _show(value: Any) -> str:
    if value is HIDDEN:
        return repr(value)
    text = json.dumps(value, ensure_ascii=False, default=str).replace(f'"{HIDDEN!r}"', repr(HIDDEN))
    return text if len(text) <= 80 else text[:77] + "..."


def _dotted(parts) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out

