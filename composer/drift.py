"""Drift: the live objects of an install against what its settings render, for
``python -m composer diff``.

What the settings want is not compared with the live objects directly: the API server adds
defaults (dnsPolicy, terminationMessagePath, progressDeadlineSeconds, ...) to everything it
stores. Instead the render is applied as a server-side *dry run* (nothing is stored) under a
field manager of its own, forcing conflicts: the answer is the object exactly as it would be
if the settings were applied now, defaults included. Any field where that differs from the
live object is drift (a `kubectl scale`, an edited value, a deleted object), whichever route
installed it. Fields only the server owns (status, metadata the server writes, allocated
cluster IPs) are left out, and Secret values are compared by digest and never printed.
"""
from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass, field
from typing import Any


from composer import kustomize, parity, render, yamlio
from composer.routebuild import digest_secrets

FIELD_MANAGER = "composer-diff"


class ClusterUnreachable(RuntimeError):
    pass


@dataclass
class Drift:
    objects: int = 0
    differences: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"drift": bool(self.differences), "objects": self.objects, "differences": self.differences}


def _kubectl(args: list[str], kubeconfig: str | None, stdin: str | None = None) -> subprocess.CompletedProcess:
    base = [kustomize.find_tool("kubectl")] + ([f"--kubeconfig={kubeconfig}"] if kubeconfig else [])
    return subprocess.run(base + args, input=stdin, capture_output=True, text=True)


def _server(kubeconfig: str | None) -> str:
    proc = _kubectl(["config", "view", "--minify", "-o", "jsonpath={.clusters[0].cluster.server}"], kubeconfig)
    return proc.stdout.strip() or "(no server in the kubeconfig)"


def check_reachable(kubeconfig: str | None) -> None:
    proc = _kubectl(["get", "--raw", "/readyz", "--request-timeout=10s"], kubeconfig)
    if proc.returncode != 0:
        where = kubeconfig or "$KUBECONFIG or ~/.kube/config"
        raise ClusterUnreachable(f"cannot reach the cluster of kubeconfig {where} (server {_server(kubeconfig)}): "
                                 f"{proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else 'no answer'}")


def _items(text: str) -> list[dict[str, Any]]:
    data = json.loads(text) if text.strip() else {}
    return data.get("items", [data]) if data.get("kind") == "List" else ([data] if data else [])


def _comparable(obj: dict[str, Any]) -> dict[str, Any]:
    """An object without what the server owns, so a desired and a live object compare."""
    obj = parity.strip_server(obj)
    if obj["kind"] == "Service":
        for key in parity.SERVICE_ASSIGNED:
            obj.get("spec", {}).pop(key, None)
    return parity.strip_ownership(obj)


def drift(settings: dict[str, Any], namespace: str, kubeconfig: str | None = None) -> Drift:
    check_reachable(kubeconfig)
    wanted = yamlio.load_all(render.render(settings, "python -m composer diff"))
    report = Drift(objects=len(wanted))
    desired: list[dict[str, Any]] = []
    live: list[dict[str, Any]] = []
    for obj in wanted:
        ns = obj["metadata"].get("namespace") or namespace
        kind, name = obj["kind"], obj["metadata"]["name"]
        got = _kubectl(["get", kind, name, "-n", ns, "-o", "json"], kubeconfig)
        if got.returncode != 0:
            if "NotFound" in got.stderr or "not found" in got.stderr:
                report.differences.append(f"{kind}/{ns}/{name}: missing in the cluster")
                continue
            raise RuntimeError(f"kubectl get {kind}/{name} -n {ns} failed: {got.stderr.strip()}")
        dry = _kubectl(["apply", "--server-side", "--dry-run=server", "--force-conflicts",
                        f"--field-manager={FIELD_MANAGER}", "-n", ns, "-o", "json", "-f", "-"],
                       kubeconfig, stdin=json.dumps(obj))
        if dry.returncode != 0:
            raise RuntimeError(f"server-side dry run of {kind}/{name} failed: {dry.stderr.strip()}")
        for item in _items(dry.stdout):
            desired.append(_comparable(item))
        live.append(_comparable(json.loads(got.stdout)))
    report.differences += [f"settings vs cluster: {d}" for d in
                           parity.compare(digest_secrets(desired), digest_secrets(live), ("settings", "cluster"))]
    return report
