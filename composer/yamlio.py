"""Writing YAML that Go programs (kustomize, Helm, kubectl) read back unchanged.

PyYAML follows YAML 1.1 and quotes a string only when its own resolver would read it as
something else. Go's readers differ: kustomize's (YAML 1.2 core) takes `60084e39` as a
float and `0o17` as an integer, and Go's YAML 1.1 readers take a plain y, Y, n or N as a
boolean. A digest such as `60084e39` is an everyday value here (hashes in names and
annotations), so every string that any of these readers could take for a number, a
boolean or null is quoted. Everything else is PyYAML's safe output.
"""
from __future__ import annotations

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


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=GoSafeDumper, sort_keys=False, default_flow_style=False, width=1000,
                     allow_unicode=True)
