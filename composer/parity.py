"""Comparing the objects two install routes produce, field by field.

Used by the tests for every route (helm template vs render now; live objects of kubectl,
Helm, Terraform and Pulumi later). Only what a tool or the API server owns is removed
before comparing; anything else that differs is a real difference and is reported with
its field path.
"""
from __future__ import annotations

import copy
from typing import Any, Iterable

# Ownership metadata each tool adds to what it manages.
OWNERSHIP_LABELS = ("helm.sh/chart", "app.kubernetes.io/managed-by")
OWNERSHIP_ANNOTATION_PREFIXES = ("meta.helm.sh/", "pulumi.com/", "kubectl.kubernetes.io/last-applied-configuration",
                                 "applyset.kubernetes.io/", "kustomize.toolkit.fluxcd.io/",
                                 "kustomization.kubestack.com/")
OWNERSHIP_LABEL_PREFIXES = ("applyset.kubernetes.io/",)
# Fields the API server sets or owns.
SERVER_METADATA = ("uid", "resourceVersion", "managedFields", "creationTimestamp", "generation",
                   "selfLink", "deletionGracePeriodSeconds", "finalizers")

Key = tuple[str, str, str]  # (kind, namespace, name)


def strip_ownership(obj: dict[str, Any]) -> dict[str, Any]:
    """A copy of ``obj`` without the ownership metadata. Only what is changed is copied (the
    object, its metadata, labels and annotations): the rest is shared with ``obj``, and
    neither is to be changed in place (a deep copy of every object cost most of a parity run)."""
    obj = dict(obj)
    meta = obj["metadata"] = dict(obj.get("metadata") or {})
    labels = meta["labels"] = dict(meta["labels"]) if meta.get("labels") else meta.get("labels") or {}
    for key in list(labels):
        if key in OWNERSHIP_LABELS or key.startswith(OWNERSHIP_LABEL_PREFIXES):
            del labels[key]
    annotations = meta["annotations"] = (dict(meta["annotations"]) if meta.get("annotations")
                                         else meta.get("annotations") or {})
    for key in list(annotations):
        if key.startswith(OWNERSHIP_ANNOTATION_PREFIXES):
            del annotations[key]
    for key in ("labels", "annotations"):
        if key in meta and not meta[key]:
            del meta[key]
    return obj


def strip_server(obj: dict[str, Any]) -> dict[str, Any]:
    obj = copy.deepcopy(obj)
    obj.pop("status", None)
    meta = obj.get("metadata", {})
    for key in SERVER_METADATA:
        meta.pop(key, None)
    annotations = meta.get("annotations") or {}
    annotations.pop("deployment.kubernetes.io/revision", None)
    if "annotations" in meta and not annotations:
        del meta["annotations"]
    return obj


def index(objects: Iterable[dict[str, Any]], default_namespace: str | None = None) -> dict[Key, dict[str, Any]]:
    out = {}
    for obj in objects:
        meta = obj["metadata"]
        out[(obj["kind"], meta.get("namespace") or default_namespace or "", meta["name"])] = obj
    return out


def field_diff(a: Any, b: Any, path: str = "") -> list[str]:
    """Every field path where ``a`` and ``b`` differ, with both values."""
    if a == b:  # the common case, decided in one comparison
        return []
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b), key=str):
            sub = f"{path}.{key}" if path else str(key)
            if key not in a:
                out.append(f"{sub}: missing on the left, right has {b[key]!r}")
            elif key not in b:
                out.append(f"{sub}: left has {a[key]!r}, missing on the right")
            else:
                out += field_diff(a[key], b[key], sub)
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in field_diff(x, y, f"{path}[{i}]")]
    return [] if a == b else [f"{path}: {a!r} != {b!r}"]


def _name_the_default_namespace(a: dict[Key, dict[str, Any]], b: dict[Key, dict[str, Any]], namespace: str) -> None:
    """An object without a namespace lands in ``namespace``; where the other side names that
    namespace for the same object (Terraform writes `default` for an empty setting, kubectl -k
    writes none), both say the same thing, so the missing field is filled in before comparing.
    Only objects whose counterpart names it are touched: a cluster-scoped object never is."""
    for key in set(a) & set(b):
        for this, other in ((a[key], b[key]), (b[key], a[key])):
            meta = this["metadata"]
            if "namespace" not in meta and other["metadata"].get("namespace") == namespace:
                meta["namespace"] = namespace


def compare(left: Iterable[dict[str, Any]], right: Iterable[dict[str, Any]],
            names: tuple[str, str] = ("left", "right"), default_namespace: str | None = None) -> list[str]:
    """Differences between two object sets after removing ownership metadata: objects only
    one side has, and field-level differences of the rest. Empty when they are equal."""
    a = {k: strip_ownership(v) for k, v in index(left, default_namespace).items()}
    b = {k: strip_ownership(v) for k, v in index(right, default_namespace).items()}
    if default_namespace:
        _name_the_default_namespace(a, b, default_namespace)
    out = [f"{'/'.join(k)}: only in {names[0]}" for k in sorted(set(a) - set(b))]
    out += [f"{'/'.join(k)}: only in {names[1]}" for k in sorted(set(b) - set(a))]
    for key in sorted(set(a) & set(b)):
        out += [f"{'/'.join(key)}: {d}" for d in field_diff(a[key], b[key])]
    return out


# Fields of a Service the API server assigns, different in every namespace.
SERVICE_ASSIGNED = ("clusterIP", "clusterIPs")
# Labels the Job controller puts on a Job and its pod template (its uid, so every install's differ).
JOB_ASSIGNED_LABELS = ("controller-uid", "job-name", "batch.kubernetes.io/controller-uid", "batch.kubernetes.io/job-name")


def strip_live(obj: dict[str, Any], keep_node_ports: bool = False) -> dict[str, Any]:
    """A live object without what the server set (metadata, status, assigned IPs and, unless
    asked to keep them, node ports) and without its namespace, so installs of the same
    settings in two namespaces compare equal."""
    obj = strip_server(obj)
    obj["metadata"].pop("namespace", None)
    if obj["kind"] == "Service":
        spec = obj.get("spec", {})
        for key in SERVICE_ASSIGNED:
            spec.pop(key, None)
        if not keep_node_ports:
            for port in spec.get("ports", []):
                port.pop("nodePort", None)
    if obj["kind"] == "Job":
        spec = obj.get("spec", {})
        spec.pop("selector", None)  # generated from the controller uid
        for labels in (obj["metadata"].get("labels", {}), spec.get("template", {}).get("metadata", {}).get("labels", {})):
            for key in JOB_ASSIGNED_LABELS:
                labels.pop(key, None)
    return obj


def compare_live(left: Iterable[dict[str, Any]], right: Iterable[dict[str, Any]],
                 names: tuple[str, str] = ("left", "right")) -> list[str]:
    """`compare` for objects read back from a cluster, possibly from two namespaces."""
    return compare([strip_live(o) for o in left], [strip_live(o) for o in right], names)
