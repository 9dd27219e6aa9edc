"""A generator of bad settings, guided by the settings schema: a valid system (tests/strategies.py)
with one to three of its values made wrong where the schema says what is allowed: a wrong type,
a number out of range, a value outside an enum, a string its pattern or length refuses, an
unknown key in a mapping of fixed keys (at any depth, workloads included), a bad workload name,
a bad quantity; plus the rules across settings (a host and path twice, a node port twice,
a reference to a workload that is not there, autoscaling max below min, an ingress to or a
URL of a worker, a CronJob or Job with a port or autoscaling, a CronJob without a schedule, a Job
with a TTL).

Each case is the raw settings a user would write; nearly all are refused (a change can
happen to stay valid, such as a pattern that takes the new value), and every route must agree."""
from __future__ import annotations

import copy
from typing import Any, Iterator

from hypothesis import strategies as st

from composer import schema
from tests.strategies import system_settings

Path = tuple[Any, ...]


def _node_at(root: dict[str, Any], path: Path) -> dict[str, Any]:
    """The resolved schema node of the setting at ``path`` (keys and list indexes)."""
    node = schema.resolve(root)
    for part in path:
        node = schema.resolve(node)
        if isinstance(part, int):
            node = schema.resolve(node.get("items", {}))
        elif part in node.get("properties", {}):
            node = schema.resolve(node["properties"][part])
        else:
            extra = node.get("additionalProperties")
            node = schema.resolve(extra) if isinstance(extra, dict) else {}
    return node


def _places(value: Any, path: Path = ()) -> Iterator[Path]:
    yield path
    if isinstance(value, dict):
        for key, sub in value.items():
            yield from _places(sub, path + (key,))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            yield from _places(sub, path + (i,))


def _types(node: dict[str, Any]) -> list[str]:
    t = node.get("type", [])
    return list(t) if isinstance(t, list) else [t]


WRONG_TYPE = {"string": 7, "integer": "seven", "boolean": "yes", "object": "a-string", "array": {"k": "v"}}


def _violations(node: dict[str, Any], value: Any) -> list[Any]:
    """Values the schema ``node`` refuses in place of ``value`` (the marker UNKNOWN_KEY means:
    add an unknown key to the mapping)."""
    out: list[Any] = []
    types = _types(node)
    for t in types:
        wrong = WRONG_TYPE.get(t)
        if wrong is not None and not any(isinstance(wrong, {"string": str, "integer": int, "object": dict,
                                                            "array": list}.get(o, type(None))) for o in types):
            out.append(wrong)
    if "enum" in node:
        out.append("NotAnOption")
    if node.get("minimum") is not None:
        out.append(node["minimum"] - 1)
    if node.get("maximum") is not None:
        out.append(node["maximum"] + 1)
    if "pattern" in node and "string" in types:
        out += ["Not A_Valid-Value!", " "]
    if node.get("maxLength") and "string" in types:
        out.append("a" * (node["maxLength"] + 1))
    if node.get("additionalProperties") is False and isinstance(value, dict):
        out.append(UNKNOWN_KEY)
    return out


UNKNOWN_KEY = object()


@st.composite
def bad_settings(draw) -> dict[str, Any]:
    raw = draw(system_settings())
    root = schema.load()
    if draw(st.integers(0, 9)) == 0:
        return draw(_cross_rule_case(raw))
    bad = copy.deepcopy(raw)
    for _ in range(draw(st.integers(1, 3))):
        candidates = [(path, _node_at(root, path)) for path in _places(bad)]
        candidates = [(p, n, v) for p, n in candidates for v in _violations(n, _get(bad, p))]
        path, node, wrong = draw(st.sampled_from(candidates))
        if wrong is UNKNOWN_KEY:
            target = _get(bad, path)
            target["zz" + draw(st.sampled_from(["imgae", "replica", "enabeld", "x"]))] = 1
        elif path == ():
            continue
        else:
            _set(bad, path, wrong)
    if draw(st.booleans()) and isinstance(bad.get("workloads"), dict) and bad["workloads"]:  # no DNS label
        name = draw(st.sampled_from(sorted(bad["workloads"])))
        bad["workloads"]["Bad_" + name.replace("-", "_")] = bad["workloads"].pop(name)
    return bad


@st.composite
def _cross_rule_case(draw, raw: dict[str, Any]) -> dict[str, Any]:
    s = copy.deepcopy(raw)
    image = {"repository": "example.com/w", "tag": "1"}
    rule = draw(st.sampled_from(["route", "node-port", "reference", "autoscaling", "worker-ingress", "worker-url",
                                 "job-port", "job-autoscaling", "cronjob-schedule", "job-ttl"]))
    workloads = s.setdefault("workloads", {})
    if rule == "route":
        ingress = {"enabled": True, "host": "twice.example.com", "path": "/x"}
        workloads["twice-a"] = {"image": image, "ingress": ingress}
        workloads["twice-b"] = {"image": image, "ingress": dict(ingress)}
    elif rule == "node-port":
        service = {"type": "NodePort", "nodePort": 32001}
        workloads["np-a"] = {"image": image, "service": service}
        workloads["np-b"] = {"image": image, "service": dict(service)}
    elif rule == "reference":
        workloads["reader"] = {"image": image, "env": {"URL": {"serviceUrlOf": "not-there"}}}
    elif rule == "worker-ingress":  # a worker serves no port, so nothing can route to it
        workloads["queue-worker"] = {"image": image, "port": None,
                                     "ingress": {"enabled": True, "host": "worker.example.com", "path": "/"}}
    elif rule == "worker-url":
        workloads["queue-worker"] = {"image": image, "port": None}
        workloads["caller"] = {"image": image, "env": {"URL": {"serviceUrlOf": "queue-worker"}}}
    elif rule == "job-port":  # a CronJob or Job serves no port
        workloads["nightly"] = {"image": image, "kind": "CronJob", "cronJob": {"schedule": "@daily"}}
    elif rule == "job-autoscaling":
        workloads["migrate"] = {"image": image, "kind": "Job", "port": None, "autoscaling": {"enabled": True}}
    elif rule == "cronjob-schedule":
        workloads["nightly"] = {"image": image, "kind": "CronJob", "port": None}
    elif rule == "job-ttl":  # the routes would create a Job deleted after its TTL again
        workloads["migrate"] = {"image": image, "kind": "Job", "port": None, "job": {"ttlSecondsAfterFinished": 60}}
    else:
        workloads["scaled"] = {"image": image, "autoscaling": {"enabled": True, "minReplicas": 5, "maxReplicas": 2}}
    return s


def _get(data: Any, path: Path) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: Path, value: Any) -> None:
    _get(data, path[:-1])[path[-1]] = value


def pointer_path(pointer: str) -> str:
    """Helm's `/workloads/api/service/port` as the composer's `workloads.api.service.port`
    (`/tolerations/0` as `tolerations[0]`)."""
    out = ""
    for part in pointer.strip("/").split("/") if pointer.strip("/") else []:
        part = part.replace("~1", "/").replace("~0", "~")
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out


def unmatched_paths(paths: set[str], other: set[str]) -> list[str]:
    """Paths of ``paths`` that no path of ``other`` names, itself or a setting around it or in it."""
    def related(a: str, b: str) -> bool:
        if a.startswith("*.") or b.startswith("*."):
            named, rest = (a, b) if a.startswith("*.") else (b, a)
            return rest.endswith(named[1:])
        return a == b or a.startswith(b + ".") or a.startswith(b + "[") or b.startswith(a + ".") or b.startswith(a + "[")
    return [p for p in paths if not any(related(p, o) for o in other)]
