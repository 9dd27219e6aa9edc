"""Writing YAML that Go programs (kustomize, Helm, kubectl) read back unchanged.

Go's YAML 1.1 readers take a plain y, Y, n or N as a boolean where PyYAML (and YAML 1.2)
keep a string, so those are always quoted. Everything else is PyYAML's safe output.
"""
from __future__ import annotations

from typing import Any

import yaml

_GO_BOOLEANS = frozenset({"y", "Y", "n", "N"})


class GoSafeDumper(yaml.SafeDumper):
    pass


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = '"' if value in _GO_BOOLEANS else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


GoSafeDumper.add_representer(str, _represent_str)


def dump(data: Any) -> str:
    return yaml.dump(data, Dumper=GoSafeDumper, sort_keys=False, default_flow_style=False, width=1000,
                     allow_unicode=True)
