"""How long each install route takes to return with every workload Ready, next to Helm's, on a
live cluster (KUBECONFIG, default the local control plane: `hack/cluster.sh up`).

    .venv/bin/python bench/route_waits.py [--settings examples/dev.yaml examples/portfolio.yaml]
                                          [--routes helm kustomize kubectl terraform pulumi] [--runs 3]

Each run installs the settings by every route into a fresh namespace of its own (the settings'
namespace replaced) and times the route's install as a user runs it:

  helm       `helm install --wait` (Helm 4: its watcher waits for the Deployments' rollouts)
  kustomize  `kubectl apply -k OVERLAY` then `kubectl rollout status` of each Deployment
  kubectl    `kubectl apply -f install.yaml` (composer render) then `kubectl rollout status`
  terraform  `tofu apply` of the module (kustomization_resource, wait = true)
  pulumi     `pulumi up` of the Pulumi program (the provider awaits the Deployments)

and, when named in --routes (not by default), Pulumi's own fixed cost on the same machine, with
the same CLI, backend, language host, virtualenv and environment as the pulumi route:

  pulumi-empty     `pulumi up` of an empty Python program (`import pulumi`, no resource)
  pulumi-provider  `pulumi up` of a program that only creates the kubernetes provider (the
                   plugin started and configured against the cluster), no object

These two install nothing, so their Ready check is skipped.

One-time steps before that are not timed: `tofu init`, `pulumi stack init`, rendering the
overlay or the file. When the route returns, every Deployment in the namespace must already be
rolled out and Ready (checked once, not waited for), or the run fails. Prints the median per
route and its difference from Helm's; the namespaces are deleted afterwards.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from composer import render, settings as settings_mod  # noqa: E402
from composer.helm import values  # noqa: E402
from composer.pulumi_route import config as pconfig  # noqa: E402
from tests.helpers import env  # noqa: E402
from tests.live.cluster import write_overlay  # noqa: E402

ROUTES = ("helm", "kustomize", "kubectl", "terraform", "pulumi")
FLOORS = ("pulumi-empty", "pulumi-provider")  # no objects: Pulumi's fixed cost
CHART = ROOT / "helm-wrapper" / "realtime-svg"


class Bench:
    def __init__(self, kubeconfig: str, tmp: Path):
        self.kubeconfig, self.tmp = kubeconfig, tmp
        self.namespaces: list[str] = []

    def env(self) -> dict[str, str]:
        e = env()
        e["KUBECONFIG"] = self.kubeconfig
        return e

    def run(self, *args: str, cwd: Path = ROOT, extra: dict[str, str] | None = None) -> str:
        proc = subprocess.run(list(args), cwd=cwd, env={**self.env(), **(extra or {})}, capture_output=True,
                              text=True, timeout=900)
        if proc.returncode:
            raise SystemExit(f"{' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
        return proc.stdout

    def kubectl(self, *args: str) -> str:
        return self.run(str(ROOT / "bin" / "kubectl"), *args)

    def namespace(self, route: str, n: int) -> str:
        ns = f"waits-{route}-{os.getpid()}-{len(self.namespaces)}"
        self.kubectl("create", "namespace", ns)
        self.kubectl("label", "namespace", ns, "pod-security.kubernetes.io/enforce=restricted")
        self.namespaces.append(ns)
        return ns

    def prepare(self, ns: str, s: dict[str, Any]) -> None:
        """The Secrets a user creates first: redis.existingSecret, postgresql.existingSecret, and each secretKeyRef of a
        workload's env (examples/portfolio.yaml's database credentials)."""
        wanted: dict[str, set[str]] = {}
        if s["redis"]["existingSecret"]:
            wanted.setdefault(s["redis"]["existingSecret"], set()).add("redis-password")
        if s["postgresql"]["existingSecret"]:
            wanted.setdefault(s["postgresql"]["existingSecret"], set()).add("password")
        for workload in (s.get("workloads") or {}).values():
            for value in (workload.get("env") or {}).values():
                ref = value.get("secretKeyRef") if isinstance(value, dict) else None
                if ref:
                    wanted.setdefault(ref["name"], set()).add(ref["key"])
        for name, keys in wanted.items():
            self.kubectl("create", "secret", "generic", name, "-n", ns,
                         *(f"--from-literal={k}=not-a-real-value" for k in sorted(keys)))

    def deployments(self, ns: str) -> list[dict[str, Any]]:
        """The Deployments and StatefulSets (data services) of ``ns``."""
        return json.loads(self.kubectl("get", "deployments,statefulsets", "-n", ns, "-o", "json"))["items"]

    def not_ready(self, ns: str) -> list[str]:
        """Deployments and StatefulSets of ``ns`` not rolled out and Ready right now (none at
        all counts too)."""
        deps = self.deployments(ns)
        if not deps:
            return ["no Deployment"]
        bad = []
        for d in deps:
            want, st = d["spec"]["replicas"], d.get("status", {})
            if not (st.get("observedGeneration") == d["metadata"]["generation"]
                    and st.get("updatedReplicas", 0) == want == st.get("readyReplicas", 0) == st.get("replicas", 0)):
                bad.append(f"{d['metadata']['name']}: {st}")
        return bad

    def rollout_all(self, ns: str, names: list[str]) -> None:
        for name in names:
            self.kubectl("rollout", "status", name, "-n", ns, "--timeout=120s")

    # -- the routes: setup(ns, settings) -> the timed install ---------------------------------------
    def helm(self, ns: str, s: dict[str, Any]) -> Callable[[], None]:
        path = self.tmp / f"{ns}.values.yaml"
        path.write_text(values.export(s))
        return lambda: self.run(str(ROOT / "bin" / "helm"), "install", "realtime-svg", str(CHART), "-n", ns,
                                "-f", str(path), "--wait", "--timeout", "120s")

    def kustomize(self, ns: str, s: dict[str, Any]) -> Callable[[], None]:
        overlay = write_overlay(s, self.tmp / ns)
        names = deployment_names(s)

        def install() -> None:
            self.kubectl("apply", "-k", str(overlay))
            self.rollout_all(ns, names)
        return install

    def kubectl_route(self, ns: str, s: dict[str, Any]) -> Callable[[], None]:
        path = self.tmp / f"{ns}.install.yaml"
        path.write_text(render.render(s))
        names = deployment_names(s)

        def install() -> None:
            self.kubectl("apply", "-f", str(path))
            self.rollout_all(ns, names)
        return install

    def terraform(self, ns: str, s: dict[str, Any]) -> Callable[[], None]:
        from tests.test_terraform import NO_NETWORK, Tofu

        t = Tofu.copy_of_repo(self.tmp / ns, NO_NETWORK)
        t.init()
        var_file = t.write_vars("bench", s)
        return lambda: t.run("apply", "-auto-approve", "-input=false", "-no-color", f"-var-file={var_file}",
                             f"-var=kubeconfig_path={self.kubeconfig}")

    def pulumi(self, ns: str, s: dict[str, Any], main: str | None = None) -> Callable[[], None]:
        """The project's program, or (for the floors) a program of its own in its place."""
        from tests.test_pulumi_route import Pulumi

        p = Pulumi(self.tmp / ns, kubeconfig=Path(self.kubeconfig), main=main)
        p.init("bench", pconfig.stack_config(s, "bench/route_waits.py"))
        return lambda: p.run("up", "--yes", "--skip-preview")

    def setup(self, route: str, ns: str, s: dict[str, Any]) -> Callable[[], None]:
        if route == "pulumi-empty":
            return self.pulumi(ns, s, "import pulumi  # noqa: F401\n")
        if route == "pulumi-provider":
            return self.pulumi(ns, s, "import pulumi\nimport pulumi_kubernetes as k8s\n\n"
                                            f"k8s.Provider('kubernetes', namespace={ns!r}, enable_server_side_apply=True)\n")
        return {"helm": self.helm, "kustomize": self.kustomize, "kubectl": self.kubectl_route,
                "terraform": self.terraform, "pulumi": self.pulumi}[route](ns, s)

    def once(self, route: str, raw: dict[str, Any], n: int) -> float:
        ns = self.namespace(route, n)
        s = settings_mod.validate({**raw, "namespace": ns})
        self.prepare(ns, s)
        install = self.setup(route, ns, s)
        start = time.monotonic()
        install()
        took = time.monotonic() - start
        if route in FLOORS:
            return took
        bad = self.not_ready(ns)
        if bad:
            raise SystemExit(f"{route} returned after {took:.2f}s before every Deployment and StatefulSet was Ready: {bad}")
        return took

    def cleanup(self) -> None:
        for ns in self.namespaces:
            subprocess.run([str(ROOT / "bin" / "kubectl"), "delete", "namespace", ns, "--wait=false"],
                           env=self.env(), capture_output=True)


def deployment_names(s: dict[str, Any]) -> list[str]:
    import yaml

    return [f"{o['kind'].lower()}/{o['metadata']['name']}" for o in yaml.safe_load_all(render.render(s))
            if o and o["kind"] in ("Deployment", "StatefulSet")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--settings", nargs="+", default=["examples/dev.yaml", "examples/portfolio.yaml"])
    parser.add_argument("--routes", nargs="+", choices=ROUTES + FLOORS, default=list(ROUTES))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if "helm" not in args.routes:
        args.routes.insert(0, "helm")
    kubeconfig = os.environ.get("KUBECONFIG") or str(ROOT / ".cluster" / "kubeconfig")
    rows = []
    with tempfile.TemporaryDirectory(prefix="route-waits-", dir=os.environ.get("RSVG_BENCH_TMP")) as tmp:
        bench = Bench(kubeconfig, Path(tmp))
        try:
            for path in args.settings:
                raw = settings_mod.parse_yaml((ROOT / path).read_text(), path)
                s = settings_mod.validate({**raw, "namespace": "x"})
                ingress = s["ingress"]["enabled"] or any(
                    (w.get("ingress") or {}).get("enabled") for w in (s.get("workloads") or {}).values())
                times: dict[str, list[float]] = {r: [] for r in args.routes}
                for n in range(args.runs):
                    for route in args.routes:  # interleaved: a slow moment of the machine hits every route
                        times[route].append(bench.once(route, raw, n))
                        print(f"  {path} run {n + 1}: {route} {times[route][-1]:.2f}s", file=sys.stderr)
                helm = statistics.median(times["helm"])
                for route in args.routes:
                    med = statistics.median(times[route])
                    rows.append((path + (" (Ingress)" if ingress else ""), route, med, med - helm,
                                 ", ".join(f"{t:.2f}" for t in times[route])))
        finally:
            bench.cleanup()
    print(f"{'settings':34} {'route':10} {'median':>7} {'vs helm':>8}  runs (s)")
    for settings, route, med, delta, each in rows:
        print(f"{settings:34} {route:10} {med:6.2f}s {delta:+7.2f}s  {each}")


if __name__ == "__main__":
    main()
