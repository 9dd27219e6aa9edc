"""Parity on the server: the live objects that kubectl apply -k, kubectl apply -f rendered/
and Helm create for the same settings are equal, after removing only server-managed fields
and each tool's ownership metadata (composer.parity.compare_live)."""
from __future__ import annotations

import pytest

from composer import parity
from tests.live import routes, variants


@pytest.mark.parametrize("variant", variants.VARIANTS)
def test_routes_create_equal_live_objects(cluster, namespace, variant, tmp_path):
    installed = {}
    chosen = {"kubectl -k": routes.kustomize, "helm": routes.helm}
    if variant == "defaults":
        chosen["kubectl -f rendered/"] = routes.rendered
    for route, install in chosen.items():
        installed[route] = routes.install_fresh(cluster, namespace, variant, install, tmp_path)

    reference = installed.pop("helm")
    assert len(reference) >= 7
    for route, objs in installed.items():
        problems = parity.compare_live(reference, objs, ("helm", route))
        assert problems == [], "\n".join(problems)


def test_compare_live_reports_a_real_difference(cluster, namespace, tmp_path):
    """The comparison is not blind: a route that installs a different value is caught."""
    objs = {}
    for replicas in (2, 3):
        ns = namespace("parity-neg")
        s = variants.settings("defaults", ns, replicas=replicas)
        routes.kustomize(cluster, ns, s, tmp_path / ns)
        routes.wait_ready(cluster, ns, s)
        objs[replicas] = cluster.objects(ns)
    problems = parity.compare_live(objs[2], objs[3])
    assert "Deployment//realtime-svg: spec.replicas: 2 != 3" in problems
