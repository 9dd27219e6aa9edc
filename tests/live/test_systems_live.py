"""The systems of specs 003 and 004 on a real API server, by every route:
examples/count-system.yaml (six services, PostgreSQL with two databases, the three Redis
roles, Kafka), examples/saga.yaml (the NestJS service with 3 replicas and an
autoscaler, Redis primary and replica, PostgreSQL, Kafka, a ServiceMonitor) and
examples/shop.yaml (a web frontend, an autoscaled API and a queue worker that serves no
port, a nightly CronJob, a migration Job the API and the worker start after, PostgreSQL,
the Redis primary, NetworkPolicies), each installed
by kubectl apply -k, kubectl apply -f of a render, Helm 4 and 3, Terraform and Pulumi, one
route after the other in one namespace (spec 002's portfolio is
tests/live/test_workloads_live.py).

After each install: every StatefulSet and Deployment the render holds rolled out with all
its pods Ready and every Job complete (read from the render, nothing named by hand), what
each wait for a Job runs allowed by its Role (the first route),
every claim Bound, no change on a second apply/upgrade/plan/preview, no drift; after each
uninstall nothing of the system is left but its data claims (the next route's servers
find their data). At the end the live objects of every route are the same. The time from
the start of each install to all Ready is printed per route (bench/route_waits.py measures
it on its own)."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from composer import drift, parity, render, yamlio
from tests.helpers import pod_template
from tests.live import variants
from tests.live.test_workloads_live import ROUTES, routes  # noqa: F401  (routes is a fixture)

# each system and the data claims its StatefulSets make (PostgreSQL, the Redis primary, Kafka)
SYSTEMS = {"count-system": 3, "saga": 3, "shop": 2}
# the workloads of each system that start after a Job (job.before): shop's API and worker
JOB_WAITS = {"count-system": 0, "saga": 0, "shop": 2}


def rendered(s: dict[str, Any]) -> list[dict[str, Any]]:
    return yamlio.load_all(render.render(s))


def wait_all_ready(cluster, ns: str, objects: list[dict[str, Any]]) -> None:
    """Every rollout the render asks for done and every Job complete: the data services
    first (the workloads' init containers wait for them)."""
    order = {"StatefulSet": 0, "Job": 1, "Deployment": 2}
    for o in sorted((o for o in objects if o["kind"] in order), key=lambda o: order[o["kind"]]):
        name = o["metadata"]["name"]
        if o["kind"] == "Job":
            cluster.wait_complete(ns, name, timeout="180s")
        else:
            cluster.rollout(ns, name, kind=o["kind"].lower(), timeout="180s")


def job_waits_hold(cluster, ns: str, objects: list[dict[str, Any]], tmp: Path) -> int:
    """What each `wait-for-jobs` init container runs (containers do not run on kwok nodes), run
    here with a token of its workload's ServiceAccount: its Role lets `kubectl wait` see its
    Jobs complete, and nothing else of the namespace. Returns how many were checked."""
    checked = 0
    for o in objects:
        template = pod_template(o)
        for c in (template or {}).get("spec", {}).get("initContainers", []):
            if c["name"] != "wait-for-jobs":
                continue
            account = template["spec"]["serviceAccountName"]
            token = cluster.kubectl("create", "token", account, "-n", ns, "--duration=10m").stdout.strip()
            as_account = cluster.with_token(token, tmp / f"{account}.kubeconfig")
            as_account.kubectl(*[a for a in c["args"] if not a.startswith("--timeout")], "--timeout=60s", "-n", ns)
            denied = as_account.kubectl("get", "secrets", "-n", ns, check=False)
            assert denied.returncode != 0 and "forbidden" in denied.stderr, denied
            checked += 1
    return checked


def wait_autoscaled(cluster, ns: str, objects: list[dict[str, Any]], timeout: float = 120) -> None:
    """Every autoscaled Deployment at its autoscaler's minimum and rolled out. The render
    leaves `replicas` out under an autoscaler (no route may reset what it chose), so the
    Deployment starts at one pod and its autoscaler raises it to minReplicas at its first
    sync; until then a second install sees the autoscaler's change, not the route's."""
    for hpa in (o for o in objects if o["kind"] == "HorizontalPodAutoscaler"):
        target, least = hpa["spec"]["scaleTargetRef"]["name"], hpa["spec"].get("minReplicas", 1)
        deadline = time.monotonic() + timeout
        while cluster.deployment(ns, target)["spec"].get("replicas", 1) < least:
            assert time.monotonic() < deadline, f"{target}: its autoscaler never reached minReplicas {least}"
            time.sleep(1)
        cluster.rollout(ns, target, timeout="120s")


def expected_claims(objects: list[dict[str, Any]]) -> set[str]:
    """The claims the StatefulSets' volumeClaimTemplates make: <template>-<statefulset>-<ordinal>."""
    return {f"{t['metadata']['name']}-{o['metadata']['name']}-{i}"
            for o in objects if o["kind"] == "StatefulSet"
            for t in o["spec"].get("volumeClaimTemplates", [])
            for i in range(o["spec"].get("replicas", 1))}


@pytest.mark.parametrize("name", sorted(SYSTEMS))
def test_system_installs_by_every_route_with_the_same_objects(cluster, namespace, routes, name, tmp_path):  # noqa: F811
    ns = namespace(name[:10])
    s = variants.settings(name, ns)
    variants.prepare(cluster, ns, s)
    want = rendered(s)
    claims = expected_claims(want)
    assert len(claims) == SYSTEMS[name], f"{name}: each data service keeps its data on a claim"
    workloads = {o["metadata"]["name"] for o in want if o["kind"] in ("Deployment", "StatefulSet")}
    live, took = {}, {}
    for route in ROUTES:
        r = routes(route)
        start = time.monotonic()
        getattr(r, route)(s)
        wait_all_ready(cluster, ns, want)
        took[route] = time.monotonic() - start
        if route == ROUTES[0]:
            assert job_waits_hold(cluster, ns, want, tmp_path) == JOB_WAITS[name]
        wait_autoscaled(cluster, ns, want)
        r.no_change(route, s)
        assert drift.drift(s, ns, str(cluster.kubeconfig)).differences == [], route
        live[route] = cluster.objects(ns, s["name"])
        ready = {o["metadata"]["name"]: (o["status"].get("readyReplicas"), o["spec"]["replicas"])
                 for o in live[route] if o["kind"] in ("Deployment", "StatefulSet")}
        assert set(ready) == workloads, route
        # the Certificates (cert-manager.io/v1), accepted by the API server with cert-manager's CRD
        assert sorted(o["metadata"]["name"] for o in live[route] if o["kind"] == "Certificate") == \
            sorted(o["metadata"]["name"] for o in want if o["kind"] == "Certificate"), route
        assert all(have == want_ for have, want_ in ready.values()), (route, ready)
        bound = {c["metadata"]["name"]: c["status"].get("phase") for c in cluster.claims(ns, s["name"])}
        assert bound == {c: "Bound" for c in claims}, (route, bound)
        r.uninstall(route, s)
        left = cluster.wait_gone(ns, s["name"])
        assert left == [], (route, [f"{o['kind']}/{o['metadata']['name']}" for o in left])
        assert {c["metadata"]["name"] for c in cluster.claims(ns, s["name"])} == claims, route
    print(f"\n{name}: install to all Ready, s: " + ", ".join(f"{r} {t:.1f}" for r, t in took.items()))
    reference = live.pop("kustomize")
    assert len(reference) == len(want)
    for route, objs in live.items():
        problems = parity.compare_live(reference, objs, ("kubectl -k", route))
        assert problems == [], "\n".join(problems)
