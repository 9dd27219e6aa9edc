"""Monitoring on a real API server (issue 11 item 7): examples/portfolio-monitoring.yaml
(spec 002's system with ServiceMonitors and a Grafana dashboard ConfigMap) installed by
kubectl apply -k, kubectl apply -f, Helm 4 and 3, Terraform and Pulumi, one after the other,
into a cluster that has the Prometheus Operator's ServiceMonitor CRD (hack/cluster.sh applies
it from the prometheus-operator Go module, hack/install-crds.sh monitoring), as a
kube-prometheus-stack cluster has: the same live objects by every route, the CRD-typed
objects included, no change on a second apply, nothing left after an uninstall but the data
volume."""
from __future__ import annotations

from composer import drift, parity
from tests.live import variants
from tests.live.test_workloads_live import ROUTES, render_objects, routes, wait_ready  # noqa: F401 (fixture)

EXAMPLE = "portfolio-monitoring"


def test_crd_is_served(cluster):
    crd = cluster.json("get", "crd", "servicemonitors.monitoring.coreos.com")
    assert [v["name"] for v in crd["spec"]["versions"] if v["served"]] == ["v1"]


def test_monitoring_installs_by_every_route_with_the_same_objects(cluster, namespace, routes):
    live = {}
    ns = namespace("mon")
    s = variants.settings(EXAMPLE, ns)
    variants.prepare(cluster, ns, s)  # the database Secret, its password only
    expected = render_objects(s)
    kinds = sorted(f"{o['kind']}/{o['metadata']['name']}" for o in expected
                   if o["kind"] == "ServiceMonitor" or o["metadata"]["name"].endswith("-dashboard"))
    assert kinds == ["ConfigMap/api-gateway-dashboard", "ServiceMonitor/api-gateway", "ServiceMonitor/frontend"]
    for route in ROUTES:
        r = routes(route)
        getattr(r, route)(s)
        wait_ready(cluster, ns, s)
        r.no_change(route, s)
        assert drift.drift(s, ns, str(cluster.kubeconfig)).differences == [], route
        live[route] = cluster.objects(ns, s["name"])
        got = sorted(f"{o['kind']}/{o['metadata']['name']}" for o in live[route]
                     if o["kind"] == "ServiceMonitor" or o["metadata"]["name"].endswith("-dashboard"))
        assert got == kinds, route
        monitor = next(o for o in live[route] if o["kind"] == "ServiceMonitor" and o["metadata"]["name"] == "api-gateway")
        assert monitor["spec"]["endpoints"] == [{"interval": "30s", "path": "/metrics", "port": "metrics",
                                                 "scrapeTimeout": "10s"}], route
        assert monitor["metadata"]["labels"]["release"] == "kube-prometheus-stack"
        # the ServiceMonitor selects the Service it is for, and only by the `app` label
        service = next(o for o in live[route] if o["kind"] == "Service" and o["metadata"]["name"] == "api-gateway")
        selector = monitor["spec"]["selector"]["matchLabels"]
        assert selector == {"app": "api-gateway"} and all(service["metadata"]["labels"][k] == v for k, v in selector.items())
        assert {"name": "metrics", "port": 9100, "protocol": "TCP", "targetPort": "metrics"} in service["spec"]["ports"]
        r.uninstall(route, s)
        left = cluster.wait_gone(ns, s["name"])
        assert left == [], (route, [f"{o['kind']}/{o['metadata']['name']}" for o in left])
        assert [c["metadata"]["name"] for c in cluster.claims(ns, s["name"])] == ["data-portfolio-postgresql-0"]
    reference = live.pop("kustomize")
    assert len(reference) == len(expected)
    for route, objs in live.items():
        problems = parity.compare_live(reference, objs, ("kubectl -k", route))
        assert problems == [], "\n".join(problems)
