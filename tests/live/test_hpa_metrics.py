"""A HorizontalPodAutoscaler rendered from the settings (workloads.<name>.autoscaling) acts on
the local cluster: metrics-server serves the CPU usage kwok simulates from a pod annotation
(workloads.<name>.podAnnotations), the HPA controller reads it and scales the Deployment.

Low usage (10m of a 100m request, 10 %) keeps the HPA at its minimum; high usage (400m,
400 % against a 50 % target) scales the Deployment up, to its maximum and not beyond.
Prints how long the first pod metrics and the scale-up took."""
from __future__ import annotations

import pytest

from tests.live.cluster import write_overlay
from tests.live.metrics import hpa_condition, hpa_cpu_utilization, poll, usage_annotation, wait_for_pod_metrics

NAME = "hpa-probe"
SELECTOR = f"app={NAME}"
MIN, MAX, TARGET = 1, 4, 50
REQUEST = "100m"
LOW, HIGH = "10m", "400m"


def settings(namespace: str, cpu_usage: str) -> dict:
    """One workload with an autoscaler, from the settings vocabulary (workloads.<name>), its pods
    annotated with the CPU use kwok is to report."""
    from composer import settings as settings_mod

    return settings_mod.validate({
        "name": "hpa", "enabled": False, "namespace": namespace,
        "workloads": {NAME: {
            # kwok does not pull or run images: any reference will do
            "image": {"repository": "registry.invalid/realtime-svg/hpa-probe", "tag": "1"},
            "resources": {"requests": {"cpu": REQUEST, "memory": "64Mi"}, "limits": {"cpu": "500m", "memory": "128Mi"}},
            "podAnnotations": usage_annotation(cpu_usage),
            "autoscaling": {"enabled": True, "minReplicas": MIN, "maxReplicas": MAX,
                            "targetCPUUtilizationPercentage": TARGET},
        }},
    })


def apply(cluster, s: dict, tmp_path) -> None:
    """`kubectl apply -k` of the settings' overlay, as a user upgrades."""
    cluster.kubectl("apply", "-k", str(write_overlay(s, tmp_path)))


def test_hpa_scales_on_simulated_cpu(cluster, namespace, record_property, tmp_path):
    ns = namespace("hpa")
    apply(cluster, settings(ns, LOW), tmp_path)
    cluster.rollout(ns, NAME)

    # Low usage: metrics appear (about 10 m of CPU per pod) ...
    metrics, t_metrics = wait_for_pod_metrics(
        cluster, ns, timeout=90, selector=SELECTOR,
        accept=lambda m: all(5 <= p["cpu"] <= 20 for p in m.values()))
    assert len(metrics) == MIN
    top = cluster.kubectl("top", "pods", "-n", ns, "-l", SELECTOR, "--no-headers").stdout
    assert top.split()[1].endswith("m"), f"kubectl top pods shows no CPU value:\n{top}"

    # ... the HPA computes about 10 % and keeps the minimum.
    def hpa_sees_metrics():
        h = cluster.json("get", "hpa", NAME, "-n", ns)
        active = hpa_condition(h, "ScalingActive").get("status") == "True"
        return h if active and hpa_cpu_utilization(h) is not None else None

    low, t_hpa = poll(hpa_sees_metrics, 60, "the HPA to compute the CPU utilization")
    assert hpa_cpu_utilization(low) < TARGET, low["status"]
    assert low["status"]["desiredReplicas"] == MIN, low["status"]
    assert cluster.deployment(ns, NAME)["spec"]["replicas"] == MIN

    # High usage, as an upgrade of the settings: the new pod template rolls the pod; the HPA
    # scales up, to the maximum, and the upgrade (no spec.replicas in it) never resets it.
    apply(cluster, settings(ns, HIGH), tmp_path)
    seen: list[int] = []

    def replicas_above(n):
        def check():
            replicas = cluster.deployment(ns, NAME)["spec"]["replicas"]
            seen.append(replicas)
            return replicas if replicas > n else None
        return check

    first, t_scale = poll(replicas_above(MIN), 90, f"the HPA to scale {NAME} above {MIN}")
    final, t_max = poll(replicas_above(MAX - 1), 60, f"the HPA to scale {NAME} to {MAX}")
    cluster.rollout(ns, NAME)

    assert MIN < first <= MAX and final == MAX, seen
    assert max(seen) <= MAX, f"scaled beyond maxReplicas: {seen}"

    # The HPA's own status catches up at its next sync: at the maximum, wanting more.
    def hpa_at_max():
        h = cluster.json("get", "hpa", NAME, "-n", ns)
        return h if h["status"].get("currentReplicas") == MAX else None

    high, _ = poll(hpa_at_max, 60, f"the HPA status to show {MAX} replicas")
    assert hpa_cpu_utilization(high) > TARGET, high["status"]
    assert hpa_condition(high, "ScalingLimited").get("reason") == "TooManyReplicas", high["status"]
    assert cluster.deployment(ns, NAME)["status"].get("readyReplicas") == MAX

    figures = {"pod_metrics_s": round(t_metrics, 1), "hpa_low_s": round(t_hpa, 1),
               "scale_up_s": round(t_scale, 1), "to_max_s": round(t_scale + t_max, 1),
               "first_step": first, "utilization_low": hpa_cpu_utilization(low),
               "utilization_high": hpa_cpu_utilization(high)}
    for key, value in figures.items():
        record_property(key, value)
    # printed in the terminal summary (tests/live/conftest.py), from whichever process ran the test
    record_property("summary_line", f"[hpa] first pod metrics after {t_metrics:.1f}s; HPA at {figures['utilization_low']}% "
                    f"after {t_hpa:.1f}s more; after the patch to {HIGH}: {first} replicas after {t_scale:.1f}s, "
                    f"{MAX} after {t_scale + t_max:.1f}s ({figures['utilization_high']}% of the request)")


pytestmark = pytest.mark.live
