"""Systems of workloads on a real API server: examples/portfolio.yaml (spec 002's two
workloads, path routing, PostgreSQL on a volume claim) and its NodePort variant installed by kubectl apply -k, kubectl
apply -f of a render, Helm 4 and 3, Terraform and Pulumi, one after the other: every pod
Ready under Pod Security "restricted", the same live objects by every route, no change on a
second apply; and an autoscaled workload whose replicas no route's upgrade resets."""
from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from composer import drift, parity, postgresql, render, system, yamlio
from composer.helm import values
from composer.pulumi_route import config as pconfig
from tests.helpers import CHART
from tests.live import variants
from tests.live.cluster import Cluster, write_overlay
from tests.test_pulumi_route import Pulumi
from tests.test_terraform import NO_NETWORK, Tofu, require_tools

EXAMPLES = ["portfolio", "portfolio-nodeport"]


def prepare(cluster: Cluster, ns: str) -> None:
    """What the examples ask a user to create first: the database Secret (its password only;
    a username in it would be taken for a secret by the session's scan, and it is not one)."""
    cluster.kubectl("create", "secret", "generic", "portfolio-db", "-n", ns,
                    "--from-literal=password=not-a-real-password")


def wait_ready(cluster: Cluster, ns: str, s: dict[str, Any]) -> None:
    """The data services Ready and their init Job done, then every workload (whose pods
    waited for their database in an init container)."""
    if s["postgresql"]["enabled"]:
        cluster.rollout(ns, postgresql.name(s), kind="statefulset")
        cluster.wait_complete(ns, postgresql.job_name(s))
    for name in system.active(s):
        cluster.rollout(ns, name)


class Routes:
    """Install (or upgrade) settings by one route; ``tmp`` is the route's own directory."""

    def __init__(self, cluster: Cluster, tmp: Path):
        self.cluster, self.tmp = cluster, tmp
        self.stacks: list[Pulumi] = []
        self.tofu: Tofu | None = None

    def kustomize(self, s: dict[str, Any]) -> None:
        self.cluster.kubectl("apply", "-k", str(write_overlay(s, self.tmp / "k")))

    def rendered(self, s: dict[str, Any]) -> None:
        path = self.tmp / "install.yaml"
        path.write_text(render.render(s))
        self.cluster.kubectl("apply", "-f", str(path))

    def _helm(self, s: dict[str, Any], binary: str) -> None:
        path = self.tmp / "values.yaml"
        path.write_text(values.export(s))
        self.cluster.helm("upgrade", "--install", s["name"], str(CHART), "-n", s["namespace"], "-f", str(path),
                          "--wait", "--timeout", "120s", binary=binary)

    def helm(self, s: dict[str, Any]) -> None:
        self._helm(s, "helm")

    def helm3(self, s: dict[str, Any]) -> None:
        self._helm(s, "helm3")

    def pulumi(self, s: dict[str, Any]) -> None:
        if not self.stacks:
            self.stacks.append(Pulumi(self.tmp / "pulumi", kubeconfig=self.cluster.kubeconfig))
            self.stacks[0].init("live", pconfig.stack_config(s, "tests/live"))
        else:
            p = self.stacks[0]
            (p.dir / "Pulumi.live.yaml").write_text(pconfig.stack_config(s, "tests/live"))
        # no ingress controller gives the Ingresses an address here: `pulumi up` must not wait for one
        self.stacks[0].run("up", "--yes", "--skip-preview")

    def _tofu(self, command: str, s: dict[str, Any], *extra: str, check: bool = True):
        if self.tofu is None:
            require_tools()
            self.tofu = Tofu.copy_of_repo(self.tmp / "tf", NO_NETWORK)
            self.tofu.init()
        return self.tofu.run(command, "-input=false", "-no-color", *extra, f"-var-file={self.tofu.write_vars('live', s)}",
                             f"-var=kubeconfig_path={self.cluster.kubeconfig}", check=check)

    def terraform(self, s: dict[str, Any]) -> None:
        self._tofu("apply", s, "-auto-approve")

    def no_change(self, route: str, s: dict[str, Any]) -> None:
        """A second apply/upgrade/preview of the same settings changes nothing."""
        ns = s["namespace"]
        if route == "kustomize":
            assert self.cluster.kubectl("diff", "-k", str(write_overlay(s, self.tmp / "k")), check=False).returncode == 0
        elif route == "rendered":
            assert self.cluster.kubectl("diff", "-f", str(self.tmp / "install.yaml"), check=False).returncode == 0
        elif route == "terraform":
            assert self._tofu("plan", s, "-detailed-exitcode", check=False).returncode == 0
        elif route in ("helm", "helm3"):
            before = self.cluster.versions(ns, s["name"])
            getattr(self, route)(s)
            assert self.cluster.versions(ns, s["name"]) == before
        else:
            self.stacks[0].run("preview", "--expect-no-changes")

    def uninstall(self, route: str, s: dict[str, Any]) -> None:
        if route == "kustomize":
            self.cluster.kubectl("delete", "-k", str(write_overlay(s, self.tmp / "k")), "--wait=false")
        elif route == "rendered":
            self.cluster.kubectl("delete", "-f", str(self.tmp / "install.yaml"), "--wait=false")
        elif route in ("helm", "helm3"):
            self.cluster.helm("uninstall", s["name"], "-n", s["namespace"], binary=route)
        elif route == "terraform":
            self._tofu("destroy", s, "-auto-approve")
            self.tofu = None
        else:
            self.stacks.pop().run("destroy", "--yes", "--skip-preview")

    def close(self) -> None:
        for p in self.stacks:
            p.run("destroy", "--yes", "--skip-preview", check=False)
        if self.tofu is not None and (self.tofu.dir / "terraform.tfstate").exists():
            self.tofu.run("destroy", "-auto-approve", "-input=false", "-no-color", "-var-file=live.tfvars.json",
                          f"-var=kubeconfig_path={self.cluster.kubeconfig}", check=False)


ROUTES = ["kustomize", "rendered", "helm", "helm3", "terraform", "pulumi"]


@pytest.fixture
def routes(cluster, tmp_path):
    made: list[Routes] = []

    def make(name: str) -> Routes:
        (tmp_path / name).mkdir()
        made.append(Routes(cluster, tmp_path / name))
        return made[-1]

    yield make
    for r in made:
        r.close()


@pytest.mark.parametrize("name", EXAMPLES)
def test_examples_install_by_every_route_with_the_same_objects(cluster, namespace, routes, name):
    """One namespace, one route after the other (node ports are the cluster's, and the
    in-cluster URLs name the namespace): install, Ready, no change on a second run, read the
    objects back, uninstall, nothing left."""
    live = {}
    ns = namespace("wl")
    prepare(cluster, ns)
    s = variants.settings(name, ns)
    for route in ROUTES:
        r = routes(route)
        getattr(r, route)(s)
        wait_ready(cluster, ns, s)
        r.no_change(route, s)
        # `python -m composer diff` sees nothing to report right after an install by any route
        assert drift.drift(s, ns, str(cluster.kubeconfig)).differences == [], route
        live[route] = cluster.objects(ns, s["name"])
        r.uninstall(route, s)
        left = cluster.wait_gone(ns, s["name"])
        assert left == [], (route, [f"{o['kind']}/{o['metadata']['name']}" for o in left])
        # the data volume is kept (the next route's server finds its data)
        assert [c["metadata"]["name"] for c in cluster.claims(ns, s["name"])] == ["data-portfolio-postgresql-0"]
        deployments = [o for o in live[route] if o["kind"] == "Deployment"]
        assert {d["metadata"]["name"] for d in deployments} == {"frontend", "api-gateway"}
        for d in deployments:
            assert d["status"].get("readyReplicas") == d["spec"]["replicas"] == 2, d["status"]
    reference = live.pop("kustomize")
    assert len(reference) == len([o for o in render_objects(variants.settings(name, "x"))])
    for route, objs in live.items():
        problems = parity.compare_live(reference, objs, ("kubectl -k", route))
        assert problems == [], "\n".join(problems)


def render_objects(s: dict[str, Any]) -> list[dict[str, Any]]:
    import yaml

    return yamlio.load_all(render.render(s))


@pytest.mark.parametrize("route", ROUTES)
def test_no_route_resets_the_replicas_an_autoscaler_chose(cluster, namespace, routes, route):
    """As the HorizontalPodAutoscaler would, scale the Deployment by hand; then upgrade an
    unrelated setting by the route: the replicas stay."""
    ns = namespace(f"hpa-{route}")
    prepare(cluster, ns)
    scaled = {"workloads__api-gateway__autoscaling": {"enabled": True, "minReplicas": 2, "maxReplicas": 6,
                                                      "targetCPUUtilizationPercentage": 80}}
    s = variants.settings("portfolio", ns, **scaled)
    r = routes(route)
    getattr(r, route)(s)
    wait_ready(cluster, ns, s)
    assert cluster.json("get", "hpa", "api-gateway", "-n", ns)["spec"]["maxReplicas"] == 6
    cluster.kubectl("scale", "deployment/api-gateway", "-n", ns, "--replicas=4")
    cluster.rollout(ns, "api-gateway")

    changed = copy.deepcopy(s)
    changed["workloads"]["api-gateway"]["env"]["LOG_LEVEL"] = "debug"  # rolls the pods
    getattr(r, route)(changed)
    cluster.rollout(ns, "api-gateway")
    deployment = cluster.deployment(ns, "api-gateway")
    assert deployment["spec"]["replicas"] == 4
    config = deployment["spec"]["template"]["spec"]["containers"][0]["envFrom"][0]["configMapRef"]["name"]
    assert cluster.json("get", "configmap", config, "-n", ns)["data"]["LOG_LEVEL"] == "debug"
