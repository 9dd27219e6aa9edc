"""Writing HCL (Terraform's native syntax) that `tofu fmt` / `terraform fmt` leaves unchanged.

Only what the generated files need: quoted strings, literals of JSON-like values, and
blocks whose attributes are aligned on `=` the way fmt aligns them (a run of attributes
without a blank line or a nested block between them).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Union

IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
INDENT = "  "


def string(text: str) -> str:
    """A quoted HCL string whose value is exactly ``text`` (no template interpolation)."""
    body = json.dumps(text, ensure_ascii=False)[1:-1]
    return '"' + body.replace("${", "$${").replace("%{", "%%{") + '"'


def key(name: str) -> str:
    return name if IDENTIFIER.match(name) else string(name)


def literal(value: Any, level: int = 0) -> str:
    """``value`` (JSON-like) as an HCL expression; mappings and lists of mappings span
    lines, indented for nesting ``level``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, str):
        return string(value)
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = INDENT * (level + 1)
        lines = _aligned([(key(k), literal(v, level + 1)) for k, v in value.items()], inner)
        return "{\n" + "".join(lines) + INDENT * level + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        if all(not isinstance(v, (dict, list, tuple)) for v in value):
            return "[" + ", ".join(literal(v) for v in value) + "]"
        inner = INDENT * (level + 1)
        return "[\n" + "".join(f"{inner}{literal(v, level + 1)},\n" for v in value) + INDENT * level + "]"
    raise TypeError(f"no HCL literal for {type(value).__name__}")


def _aligned(pairs: list[tuple[str, str]], indent: str) -> list[str]:
    """`name = value` lines, `=` aligned as fmt aligns them: across a run of one-line
    values; a value that spans lines is not aligned and ends the run."""
    out: list[str] = []
    run: list[tuple[str, str]] = []

    def flush() -> None:
        width = max((len(name) for name, _ in run), default=0)
        out.extend(f"{indent}{name.ljust(width)} = {value}\n" for name, value in run)
        run.clear()

    for name, value in pairs:
        if "\n" in value:
            flush()
            out.append(f"{indent}{name} = {value}\n")
        else:
            run.append((name, value))
    flush()
    return out


@dataclass
class Block:
    """``type "label" ... { body }``; ``body`` holds attributes (name, expression text),
    nested Blocks, and None for a blank line."""

    type: str
    labels: tuple[str, ...] = ()
    body: list[Union[tuple[str, str], "Block", None]] = field(default_factory=list)

    def attr(self, name: str, expression: str) -> "Block":
        self.body.append((name, expression))
        return self

    def blank(self) -> "Block":
        self.body.append(None)
        return self

    def block(self, child: "Block") -> "Block":
        self.body.append(child)
        return self

    def render(self, level: int = 0) -> str:
        pad = INDENT * level
        head = " ".join([self.type, *(string(label) for label in self.labels)])
        out = [f"{pad}{head} {{\n"]
        run: list[tuple[str, str]] = []

        def flush() -> None:
            if run:
                out.extend(_aligned(run, pad + INDENT))
                run.clear()

        for item in self.body:
            if item is None:
                flush()
                out.append("\n")
            elif isinstance(item, Block):
                flush()
                out.append(item.render(level + 1))
            else:
                run.append(item)
        flush()
        out.append(f"{pad}}}\n")
        return "".join(out)
