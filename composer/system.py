"""What a system's workloads say about each other: their addresses, and the rules that
span more than one setting (two workloads on one host and path, one node port twice, a
reference to a workload that does not exist).

The single-setting rules live in the schema, where every route reads them; these need the
whole settings, so the composer checks them after the schema. They are data, written once
in composer/rules_table.py: the composer evaluates the table here, and `composer generate`
compiles it into the chart's check helper and the module's system.tf (composer/rules.py).
"""
from __future__ import annotations

from typing import Any, Iterable

from composer import rules, rules_table


def active(settings: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The enabled workloads, sorted by name: the order every route lays them out in."""
    return {name: w for name, w in sorted(settings.get("workloads", {}).items()) if w["enabled"]}


def service_port(workload: dict[str, Any]) -> int:
    port = workload["service"]["port"]
    return workload["port"] if port is None else port


def service_url(settings: dict[str, Any], name: str) -> str:
    """The in-cluster URL of workload ``name``: short when the settings name no namespace
    (the readers live in the same one), fully qualified otherwise."""
    w = settings["workloads"][name]
    host = f"{name}.{settings['namespace']}.svc" if settings["namespace"] else name
    return f"http://{host}:{service_port(w)}"


def ingress_url(settings: dict[str, Any], name: str) -> str:
    """The public URL of workload ``name``: its ingress host and path, https with TLS."""
    ing = settings["workloads"][name]["ingress"]
    scheme = "https" if ing["tls"]["enabled"] else "http"
    return f"{scheme}://{ing['host']}{ing['path']}"


def problems(settings: dict[str, Any]) -> Iterable[tuple[str, str]]:
    """(key path, message) for every rule across settings that ``settings`` break: the table
    of composer/rules_table.py, which the chart and the module run too."""
    return rules.evaluate(rules_table.TABLE, {"s": settings, "active": active(settings)})
