"""Monitoring of a workload the way kube-prometheus-stack users expect (settings
`workloads.<name>.metrics` and `workloads.<name>.grafanaDashboard`).

- metrics: a container and Service port `metrics` when metrics.port differs from the app's
  port (otherwise Prometheus scrapes `http`), and, with metrics.serviceMonitor, a
  ServiceMonitor (workloads/components/servicemonitor) selecting the workload's Service by
  its `app` label, never by the app.kubernetes.io/* labels.
- grafanaDashboard: a ConfigMap `<name>-dashboard` (workloads/components/grafana-dashboard)
  with the sidecar's label, the dashboard under the key `<name>.json` and, when a folder is
  given, the annotation `grafana_folder`.

No prometheus.io/* pod annotations: kube-prometheus-stack does not read them (its Prometheus
discovers targets through ServiceMonitors), and a Prometheus that does would scrape the
pods a second time beside the ServiceMonitor.
"""
from __future__ import annotations

from typing import Any

PORT_NAME = "metrics"
FOLDER_ANNOTATION = "grafana_folder"
# workload component directories (workloads/components/<dir>) and when a workload gets them
COMPONENTS = ("servicemonitor", "grafana-dashboard")


def _op(op: str, path: str, value: Any = None) -> dict[str, Any]:
    return {"op": op, "path": path} if op == "remove" else {"op": op, "path": path, "value": value}


def wants_service_monitor(w: dict[str, Any]) -> bool:
    return bool(w["metrics"]["enabled"] and w["metrics"]["serviceMonitor"]["enabled"])


def components(w: dict[str, Any]) -> list[str]:
    out = []
    if wants_service_monitor(w):
        out.append("servicemonitor")
    if w["grafanaDashboard"]["enabled"]:
        out.append("grafana-dashboard")
    return out


def own_port(w: dict[str, Any]) -> bool:
    """Metrics on a port of their own (container and Service port `metrics`)."""
    m = w["metrics"]
    return bool(m["enabled"]) and m["port"] is not None and m["port"] != w["port"]


def container_ports(w: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"name": PORT_NAME, "containerPort": w["metrics"]["port"], "protocol": "TCP"}] if own_port(w) else []


def service_ports(w: dict[str, Any]) -> list[dict[str, Any]]:
    return ([{"name": PORT_NAME, "port": w["metrics"]["port"], "targetPort": PORT_NAME, "protocol": "TCP"}]
            if own_port(w) else [])


def endpoint(w: dict[str, Any]) -> dict[str, Any]:
    m = w["metrics"]
    sm = m["serviceMonitor"]
    out: dict[str, Any] = {"port": PORT_NAME if own_port(w) else "http", "path": m["path"]}
    if sm["interval"]:
        out["interval"] = sm["interval"]
    if sm["scrapeTimeout"]:
        out["scrapeTimeout"] = sm["scrapeTimeout"]
    return out


def service_monitor_ops(name: str, w: dict[str, Any]) -> list[dict[str, Any]]:
    ops = [_op("replace", "/spec/endpoints", [endpoint(w)])]
    for key, value in sorted(w["metrics"]["serviceMonitor"]["labels"].items()):
        ops.append(_op("add", "/metadata/labels/" + key.replace("~", "~0").replace("/", "~1"), value))
    return ops


def dashboard_ops(name: str, w: dict[str, Any]) -> list[dict[str, Any]]:
    d = w["grafanaDashboard"]
    ops = [_op("replace", "/data", {f"{name}.json": d["json"]})]
    for key, value in sorted(d["labels"].items()):
        ops.append(_op("add", "/metadata/labels/" + key.replace("~", "~0").replace("/", "~1"), value))
    if d["folder"]:
        ops.append(_op("add", "/metadata/annotations", {FOLDER_ANNOTATION: d["folder"]}))
    return ops
