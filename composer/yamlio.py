"""Writing YAML that Go programs (kustomize, Helm, kubectl) read back unchanged.

PyYAML follows YAML 1.1 and quotes a string only when its own resolver would read it as
something else. Go's readers differ: kustomize's (YAML 1.2 core) takes `60084e39` as a
float and `0o17` as an integer, and Go's YAML 1.1 readers take a plain y, Y, n or N as a
boolean. A digest such as `60084e39` is an everyday value here (hashes in names and
annotations), so every string that any of these readers could take for a number, a
boolean or null is quoted. Everything else is PyYAML's safe output.

Speed: PyYAML's emitter in Python costs most of a render of a large system (0.5 s for the
400 files of a 60-workload overlay). libyaml's emitter (CSafeDumper, when PyYAML was built
with it) writes the same bytes for the same events, except for strings with characters its
emitter escapes where Python's writes them raw (astral characters, NEL, the Unicode line and
paragraph separators, BOM, control characters), for an empty mapping key, and in where they
fold a long quoted string (past the line width), and in when a long key is written `? key`. Data holding such a string (or any string
longer than 200 characters, so no line nears the width) is written by the Python emitter,
everything else by libyaml; both with the same
representer, so the quoting above is decided by the same code (tests/test_yamlio.py compares
the two emitters on generated data).
"""
from __future__ import annotations

import math
import re
from typing import Any

import yaml

# What a YAML 1.1 or 1.2 reader resolves a plain scalar to, other than a string, once the
# underscores are gone (Go's readers drop every `_` before they try a number).
_NOT_A_STRING = re.compile(r"""^(?:
    ~|null|Null|NULL
  | y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF
  | [-+]?(?:0b[01]+|0o?[0-7]+|0x[0-9a-fA-F]+|[0-9]+)
  | [-+]?[1-9][0-9]*(?::[0-5]?[0-9])+(?:\.[0-9]*)?
  | [-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?
  | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)
)$""", re.VERBOSE)


def needs_quotes(value: str) -> bool:
    """Whether a Go YAML reader would not read ``value``, written plain, as this string."""
    return value == "" or bool(_NOT_A_STRING.match(value.replace("_", "")))


class GoSafeDumper(yaml.SafeDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    # PyYAML quotes (with ') what its own resolver would misread; the rest is quoted here
    plain_is_str = dumper.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"
    style = '"' if plain_is_str and needs_quotes(value) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


GoSafeDumper.add_representer(str, _represent_str)

if hasattr(yaml, "CSafeDumper"):
    class GoCSafeDumper(yaml.CSafeDumper):  # type: ignore[name-defined,misc]
        pass

    GoCSafeDumper.add_representer(str, _represent_str)
else:  # PyYAML without libyaml
    GoCSafeDumper = None  # type: ignore[assignment,misc]

# The characters both emitters write alike (tab, newline, printable ASCII, the Basic
# Multilingual Plane's printable characters less the line/paragraph separators and the BOM).
_BOTH_EMIT_ALIKE = re.compile("[\t\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*")


_SHORT = 200  # characters; a line of a short string (quoted, escaped, indented) stays far below the width
_SHORT_KEY = 100  # UTF-8 bytes
_SHALLOW = 50  # nesting levels: their indentation stays far below the width too


def libyaml_emits_alike(data: Any) -> bool:
    """Whether libyaml's emitter writes ``data`` exactly as PyYAML's Python emitter does."""
    stack = [(data, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if len(item) > _SHORT or not _BOTH_EMIT_ALIKE.fullmatch(item):
                return False
        elif isinstance(item, (dict, list, tuple)):
            if depth > _SHALLOW:
                return False
            if isinstance(item, dict):
                for key, value in item.items():
                    if isinstance(key, str):
                        # a key is written `key: value` below 128 characters (Python) or bytes (libyaml)
                        if key == "" or len(key.encode("utf-8")) > _SHORT_KEY or not _BOTH_EMIT_ALIKE.fullmatch(key):
                            return False
                    elif not isinstance(key, (int, float, bool)) and key is not None:
                        return False
                    stack.append((value, depth + 1))
            else:
                stack.extend((value, depth + 1) for value in item)
    return True


# -- reading what Go wrote ---------------------------------------------------------------------
# Go's writers leave a string plain when their own reader would not take it for anything else:
# `.0_`, `12:30` and `2001-12-14` are plain strings in kustomize's and Helm's output, while
# PyYAML (YAML 1.1) reads them as 0.0, 750 and a date. The loader below resolves a plain scalar
# to a number only in the forms both of Go's readers (yaml.v2 under Helm, yaml.v3 under kustomize)
# take for one, so they quote any string of that form: digits with an optional sign, 0x/0b/octal
# integers, and decimal floats; no underscores, no base 60, no timestamps.
_GO_INT = r"^[-+]?(?:0|[1-9][0-9]*|0[0-7]+|0x[0-9a-fA-F]+|0b[01]+)$"
_GO_FLOAT = r"^(?:[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
_DROPPED = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp"}


class GoOutputLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Reads YAML written by kustomize, Helm, kubectl or OpenTofu as those programs meant it."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        tag = super().resolve(kind, value, implicit)
        # Go's readers take `1e310` for a string: it overflows a float64, so they write it plain
        if tag == "tag:yaml.org,2002:float" and value[-1:].isdigit() and math.isinf(float(value)):
            return "tag:yaml.org,2002:str"
        return tag


GoOutputLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _DROPPED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
GoOutputLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(_GO_INT), list("-+0123456789"))
GoOutputLoader.add_implicit_resolver("tag:yaml.org,2002:float", re.compile(_GO_FLOAT), list("-+0123456789."))


def load(text: str) -> Any:
    """One document of Go-written YAML."""
    return yaml.load(text, Loader=GoOutputLoader)


def load_all(text: str) -> list[Any]:
    """The non-empty documents of Go-written YAML (a build, a template, a rendered file)."""
    return [d for d in yaml.load_all(text, Loader=GoOutputLoader) if d]


def dump(data: Any, pure: bool = False) -> str:
    """``data`` as YAML a Go reader reads back unchanged. ``pure`` forces the Python emitter
    (the reference the libyaml one is compared with)."""
    fast = GoCSafeDumper is not None and not pure and libyaml_emits_alike(data)
    return yaml.dump(data, Dumper=GoCSafeDumper if fast else GoSafeDumper, sort_keys=False,
                     default_flow_style=False, width=1000, allow_unicode=True)
