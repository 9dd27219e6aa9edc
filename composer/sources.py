"""The hand-written kustomize sources (base/ and components/), read as data.

The overlay generator needs to know which objects exist and where they carry the
application's name, so that renaming is derived from the manifests themselves instead of
a second, hand-kept list that could fall out of step with them.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from composer import yamlio

# The name every hand-written object is derived from; overlays rename from it.
BASE_NAME = "realtime-svg"
# The label whose value is the object's name; the only label used in selectors.
NAME_LABEL = "app"

# Optional components, in the order overlays list them.
COMPONENTS = ("redis", "ingress")

# The name every object of the workload base (workloads/) is derived from, and its
# optional components, in the order overlays list them.
WORKLOAD_NAME = "workload"
WORKLOAD_COMPONENTS = ("ingress", "autoscaling")


@dataclass(frozen=True)
class SourceObject:
    kind: str
    name: str
    # (JSON pointer, value) of every `app` label and selector that carries a name
    # derived from realtime-svg; metadata.name is renamed besides these.
    label_paths: tuple[tuple[str, str], ...]


def objects(directory: Path, base: str = BASE_NAME) -> list[SourceObject]:
    """Objects declared by a kustomization directory: its resource files, plus the
    ConfigMaps and Secrets its generators create (by their pre-hash names). ``base`` is the
    name the objects are derived from (realtime-svg, or workload for workloads/)."""
    return list(_objects(str(directory), base))


# libyaml's parser where PyYAML has it: the pure-Python one took most of a small render


@functools.lru_cache(maxsize=None)
def _objects(directory: str, base: str) -> tuple[SourceObject, ...]:
    root = Path(directory)
    kustomization = yamlio.load((root / "kustomization.yaml").read_text(encoding="utf-8"))
    found: list[SourceObject] = []
    for resource in kustomization.get("resources", []):
        for doc in yamlio.load_all((root / resource).read_text(encoding="utf-8")):
            if doc:
                found.append(_describe(doc, base))
    for key, kind in (("configMapGenerator", "ConfigMap"), ("secretGenerator", "Secret")):
        for gen in kustomization.get(key, []):
            if gen.get("behavior", "create") == "create":
                found.append(SourceObject(kind, gen["name"], ()))
    return tuple(found)


def _describe(doc: dict[str, Any], base: str) -> SourceObject:
    labels: list[tuple[str, str]] = []

    def walk(node: Any, pointer: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                child = f"{pointer}/{_escape(str(key))}"
                if key == NAME_LABEL and isinstance(value, str) and value.startswith(base):
                    labels.append((child, value))
                else:
                    walk(value, child)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{pointer}/{index}")

    walk(doc, "")
    return SourceObject(doc["kind"], doc["metadata"]["name"], tuple(labels))


def _escape(key: str) -> str:
    return key.replace("~", "~0").replace("/", "~1")


def renamed(old: str, name: str, base: str = BASE_NAME) -> str:
    """The name an object gets when ``name`` replaces ``base`` (the settings' ``name`` for
    realtime-svg, a workload's name for workload)."""
    if not old.startswith(base):
        raise ValueError(f"{old!r} is not derived from {base!r}")
    return name + old[len(base):]


def rename_ops(directories: list[Path], name: str, base: str = BASE_NAME) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """JSON6902 ops, by (kind, name in the sources), that rename every object the
    ``directories`` declare from ``base`` to ``name``, with the `app` labels and selectors that
    carry it. Used for the realtime-svg app (settings `name`) and for each workload."""
    ops: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for directory in directories:
        for obj in objects(directory, base):
            entry = ops.setdefault((obj.kind, obj.name), [])
            for pointer, value in obj.label_paths:
                entry.append({"op": "replace", "path": pointer, "value": renamed(value, name, base)})
            entry.append({"op": "replace", "path": "/metadata/name", "value": renamed(obj.name, name, base)})
    return ops
