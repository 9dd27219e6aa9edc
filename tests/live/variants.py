"""The settings the live tests install: the defaults and examples/*.yaml, each placed in the
namespace a test gives it."""
from __future__ import annotations

import copy
from typing import Any

from composer import settings as settings_mod
from tests.helpers import ROOT

VARIANTS = ["defaults", "production"]


def raw(variant: str) -> dict[str, Any]:
    """The settings of ``variant``: `defaults`, or the name of a file in examples/."""
    if variant == "defaults":
        return {}
    path = ROOT / "examples" / f"{variant}.yaml"
    return settings_mod.parse_yaml(path.read_text(), str(path))


def settings(variant: str, namespace: str = "", **changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(raw(variant))
    data["namespace"] = namespace
    for dotted, value in changes.items():
        node = data
        *parents, leaf = dotted.split("__")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return settings_mod.validate(data)


def prepare(cluster, namespace: str, s: dict[str, Any]) -> None:
    """What a user creates before installing: the password Secrets the settings name
    (redis.existingSecret in the production settings, postgresql.existingSecret)."""
    if s["redis"]["existingSecret"]:
        cluster.kubectl("create", "secret", "generic", s["redis"]["existingSecret"], "-n", namespace,
                        "--from-literal=redis-password=not-a-real-password")
    if s["postgresql"]["existingSecret"]:
        cluster.kubectl("create", "secret", "generic", s["postgresql"]["existingSecret"], "-n", namespace,
                        "--from-literal=password=not-a-real-password")
