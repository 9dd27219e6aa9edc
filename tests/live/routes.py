"""Installing the same settings by each route into a namespace of its own, for the
server-side parity tests (Terraform and Pulumi add theirs the same way)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from composer.helm import values
from tests.helpers import CHART, ROOT
from tests.live import variants
from tests.live.cluster import Cluster, write_overlay


def kustomize(cluster: Cluster, ns: str, s: dict[str, Any], tmp: Path) -> None:
    cluster.kubectl("apply", "-k", str(write_overlay(s, tmp)))


def rendered(cluster: Cluster, ns: str, s: dict[str, Any], tmp: Path) -> None:
    """rendered/ is the defaults without a namespace: kubectl's -n places it."""
    cluster.kubectl("apply", "-n", ns, "-f", str(ROOT / "rendered"))


def helm(cluster: Cluster, ns: str, s: dict[str, Any], tmp: Path) -> None:
    path = tmp / "values.yaml"
    path.write_text(values.export(s))
    cluster.helm("install", "realtime-svg", str(CHART), "-n", ns, "-f", str(path), "--wait", "--timeout", "120s")


def wait_ready(cluster: Cluster, ns: str, s: dict[str, Any]) -> None:
    cluster.rollout(ns, "realtime-svg")
    if s["redis"]["enabled"]:
        cluster.rollout(ns, "realtime-svg-redis")


def install_fresh(cluster: Cluster, namespace, variant: str, install, tmp: Path, prefix: str = "parity") -> list:
    """Install ``variant`` by ``install`` into a new namespace (from the ``namespace`` fixture),
    wait until Ready, and return the live objects."""
    ns = namespace(prefix)
    s = variants.settings(variant, ns)
    variants.prepare(cluster, ns, s)
    (tmp / ns).mkdir()
    install(cluster, ns, s, tmp / ns)
    wait_ready(cluster, ns, s)
    return cluster.objects(ns)
