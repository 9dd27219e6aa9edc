"""Objects of your own (settings `extraObjects`): added by every route as written, in the
system's namespace, with the labels that say whose they are; refused with one line when they
name a namespace, are cluster-scoped or are written twice (tests/test_workloads.py BAD, through
the composer, Helm and OpenTofu). Generated systems carry them through every route in the
property tests (tests/strategies.py extra_object)."""
from __future__ import annotations

import copy

import pytest

from composer import render, settings as settings_mod, yamlio
from tests import helpers
from tests.test_helm_chart import assert_parity

LIMITS = {"apiVersion": "v1", "kind": "LimitRange",
          "metadata": {"name": "defaults", "labels": {"app.kubernetes.io/component": "quotas", "team": "a"}},
          "spec": {"limits": [{"type": "Container", "default": {"cpu": "500m", "memory": "256Mi"}}]}}
ISSUER = {"apiVersion": "cert-manager.io/v1", "kind": "Issuer", "metadata": {"name": "selfsigned"},
          "spec": {"selfSigned": {}}}


def _settings(**extra) -> dict:
    return settings_mod.validate({"name": "shop", "namespace": "shop", "extraObjects": [LIMITS, ISSUER], **extra})


def _extras(s: dict) -> dict[str, dict]:
    return {o["kind"]: o for o in yamlio.load_all(render.render(s)) if o["kind"] in ("LimitRange", "Issuer")}


def test_each_is_added_as_written_in_the_namespace_with_the_systems_labels():
    extras = _extras(_settings())
    assert extras["LimitRange"]["spec"] == LIMITS["spec"]
    assert extras["LimitRange"]["metadata"] == {
        "name": "defaults", "namespace": "shop",
        # the recommended labels, under the ones written (component here)
        "labels": {"app.kubernetes.io/name": "defaults", "app.kubernetes.io/instance": "shop",
                   "app.kubernetes.io/component": "quotas", "app.kubernetes.io/part-of": "shop", "team": "a"}}
    assert extras["Issuer"]["metadata"]["labels"]["app.kubernetes.io/component"] == "extra-objects"
    assert helpers.crd_problems("cert-manager", extras["Issuer"]) == []
    # the app's own objects are as they were without them
    alone = helpers.by_id(yamlio.load_all(render.render(settings_mod.validate({"name": "shop", "namespace": "shop"}))))
    with_extras = helpers.by_id(yamlio.load_all(render.render(_settings())))
    assert {k: with_extras[k] for k in alone} == alone


def test_without_a_namespace_they_follow_the_install():
    extras = _extras(_settings(namespace=""))
    assert "namespace" not in extras["LimitRange"]["metadata"]


@pytest.mark.parametrize("namespace", ["shop", ""])
def test_helm_adds_the_same_objects(namespace, tmp_path):
    assert_parity(_settings(namespace=namespace), tmp_path)


def test_a_written_label_is_kept_as_written():
    raw = {"name": "shop", "namespace": "shop", "extraObjects": [copy.deepcopy(LIMITS)]}
    raw["extraObjects"][0]["metadata"]["labels"]["app.kubernetes.io/instance"] = "someone-else"
    (limits,) = _extras(settings_mod.validate(raw)).values()
    assert limits["metadata"]["labels"]["app.kubernetes.io/instance"] == "someone-else"
