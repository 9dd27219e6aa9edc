"""Resource metrics on the live test cluster, for tests of HorizontalPodAutoscalers.

On the local control plane (hack/cluster.sh) pods do not run: kwok reports for each pod
the CPU and memory usage its annotations ask for (hack/kwok/metrics.yaml), metrics-server
scrapes kwok every 10 s, and the HPA controller syncs every 5 s (hack/kwok/kwokctl.yaml).
So a test sets a workload's load by putting ``usage_annotation(...)`` on its pod
template, and waits for the numbers with ``wait_for_pod_metrics``.

A new pod has metrics about 10-20 s after it started: metrics-server needs two scrapes
to compute a CPU rate. Nothing here sleeps a fixed time to assert anything: every wait
polls a condition until a deadline."""
from __future__ import annotations

import json
import time
from typing import Any, Callable, TypeVar

USAGE_CPU = "kwok.x-k8s.io/usage-cpu"
USAGE_MEMORY = "kwok.x-k8s.io/usage-memory"
METRICS_API = "/apis/metrics.k8s.io/v1beta1"

T = TypeVar("T")


def usage_annotation(cpu: str, memory: str | None = None) -> dict[str, str]:
    """The pod annotations that make kwok report this usage, e.g. ``usage_annotation("400m")``
    (quantities as in a resources block). Without them a pod uses 1m CPU and 1Mi."""
    out = {USAGE_CPU: cpu}
    if memory is not None:
        out[USAGE_MEMORY] = memory
    return out


def millicores(quantity: str | int | float) -> float:
    """A CPU quantity in millicores: "400m" -> 400, "1" -> 1000, "12345678n" -> 12.345678."""
    q = str(quantity)
    for suffix, factor in (("n", 1e-6), ("u", 1e-3), ("m", 1.0)):
        if q.endswith(suffix):
            return float(q[: -len(suffix)]) * factor
    return float(q) * 1000


def poll(check: Callable[[], T], timeout: float, what: str, interval: float = 1.0) -> tuple[T, float]:
    """Call ``check`` until it returns something truthy; returns (that, seconds waited).
    Fails with ``what`` and the last value seen after ``timeout`` seconds."""
    start = time.monotonic()
    last: Any = None
    while True:
        last = check()
        elapsed = time.monotonic() - start
        if last:
            return last, elapsed
        if elapsed > timeout:
            raise AssertionError(f"timed out after {timeout:.0f}s waiting for {what}; last seen: {last!r}")
        time.sleep(interval)


def pod_metrics(cluster, namespace: str, selector: str | None = None) -> dict[str, dict[str, float]] | None:
    """{pod: {"cpu": millicores, "memory": bytes}} from the metrics API (summed over the
    containers), or None while the API does not answer."""
    path = f"{METRICS_API}/namespaces/{namespace}/pods"
    if selector:
        path += f"?labelSelector={selector}"
    proc = cluster.kubectl("get", "--raw", path, check=False, timeout=30)
    if proc.returncode != 0:
        return None
    out: dict[str, dict[str, float]] = {}
    for item in json.loads(proc.stdout).get("items", []):
        cpu = sum(millicores(c["usage"].get("cpu", "0")) for c in item["containers"])
        mem = sum(_bytes(c["usage"].get("memory", "0")) for c in item["containers"])
        out[item["metadata"]["name"]] = {"cpu": cpu, "memory": mem}
    return out


def _bytes(quantity: str) -> float:
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "k": 1e3, "M": 1e6, "G": 1e9}
    for suffix, factor in units.items():
        if quantity.endswith(suffix):
            return float(quantity[: -len(suffix)]) * factor
    return float(quantity)


def running_pods(cluster, namespace: str, selector: str | None = None) -> set[str]:
    """Names of the Running, not terminating pods (those metrics-server reports)."""
    args = ["get", "pods", "-n", namespace]
    if selector:
        args += ["-l", selector]
    return {p["metadata"]["name"] for p in cluster.json(*args)["items"]
            if p["status"].get("phase") == "Running" and not p["metadata"].get("deletionTimestamp")}


def wait_for_pod_metrics(cluster, namespace: str, timeout: float = 90, selector: str | None = None,
                         accept: Callable[[dict[str, dict[str, float]]], bool] | None = None,
                         ) -> tuple[dict[str, dict[str, float]], float]:
    """Wait until every Running pod in ``namespace`` (matching ``selector``) has metrics,
    and ``accept(metrics)`` holds if given (e.g. the usage reflects a new annotation).
    Returns ({pod: {"cpu": millicores, "memory": bytes}}, seconds waited)."""

    def check():
        pods = running_pods(cluster, namespace, selector)
        metrics = pod_metrics(cluster, namespace, selector)
        if not pods or metrics is None or not pods <= set(metrics):
            return None
        current = {name: metrics[name] for name in pods}
        return current if accept is None or accept(current) else None

    return poll(check, timeout, f"pod metrics in {namespace}" + (f" ({selector})" if selector else ""))


def hpa_cpu_utilization(hpa: dict[str, Any]) -> int | None:
    """The current average CPU utilization (percent of requests) an autoscaling/v2 HPA
    has computed, or None before it has any."""
    for m in hpa.get("status", {}).get("currentMetrics") or []:
        if m.get("type") == "Resource" and m["resource"]["name"] == "cpu":
            return m["resource"]["current"].get("averageUtilization")
    return None


def hpa_condition(hpa: dict[str, Any], kind: str) -> dict[str, Any]:
    """One status condition of an HPA (AbleToScale, ScalingActive, ScalingLimited), or {}."""
    return next((c for c in hpa.get("status", {}).get("conditions") or [] if c["type"] == kind), {})
