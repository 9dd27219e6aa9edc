"""The committed generated files: fresh, buildable, schema-valid, and what
`kubectl apply -k` / `kubectl apply -f rendered/` would create."""
from __future__ import annotations

import copy

import pytest
import kubernetes_validate

from tests import helpers
from tests.helpers import EXAMPLES, ROOT, by_id, composer, objects, shipped_sources

# The oldest supported minor, the newest one tested only by schema and the one the live tests
# run on (hack/build-go-tools.sh KUBERNETES_VERSION). Every minor in between passed once too
# (kubernetes-validate 1.37.0 ships 1.25-1.37): every kind here is GA since 1.23 at the latest.
SCHEMA_VERSIONS = ["1.25.0", "1.36.0", "1.37.0"]


# Fields newer than the oldest minor, each with the minor its API server takes it from: a
# worker's PodDisruptionBudget (composer/workloads.py pdb_ops) lets its failing pods be
# evicted, a field beta and on by default from 1.27 (GA in 1.31). On older minors it is
# checked without that field; the README says a worker's budget needs 1.27.
NEWER_FIELDS = {("PodDisruptionBudget", ("spec", "unhealthyPodEvictionPolicy")): (1, 27)}

SOURCES = shipped_sources()


def _for_minor(obj: dict, version: str) -> dict:
    """``obj`` without the fields ``version`` does not know (NEWER_FIELDS)."""
    minor = tuple(int(x) for x in version.split(".")[:2])
    for (kind, path), since in NEWER_FIELDS.items():
        if obj["kind"] == kind and minor < since:
            node = obj
            for key in path[:-1]:
                node = node.get(key, {})
            if path[-1] in node:
                obj = copy.deepcopy(obj)
                node = obj
                for key in path[:-1]:
                    node = node[key]
                del node[path[-1]]
    return obj


def test_committed_files_are_fresh():
    proc = composer("check")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_example_has_a_shipped_overlay():
    assert {p.stem for p in EXAMPLES} >= {"dev", "production"}
    for example in EXAMPLES:
        assert (ROOT / "overlays" / example.stem / "kustomization.yaml").is_file()


@pytest.mark.parametrize("version", SCHEMA_VERSIONS)
@pytest.mark.parametrize("source", sorted(SOURCES))
def test_validates_strictly_against_kubernetes_schemas(source, version):
    for obj in objects(SOURCES[source]):
        if obj["apiVersion"] in helpers.CRD_SETS:  # an operator's kind: against its CRD's own schema
            assert helpers.crd_problems(helpers.CRD_SETS[obj["apiVersion"]], obj) == [], obj
            continue
        kubernetes_validate.validate(_for_minor(obj, version), version, strict=True)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_apply_k_on_the_overlay_creates_what_render_lists(example):
    """`kubectl apply -k overlays/NAME` and `composer render --settings examples/NAME.yaml`
    describe the same objects, field for field."""
    rendered = composer("render", "--settings", str(example.relative_to(ROOT)), check=True).stdout
    built = SOURCES[f"overlays/{example.stem}"]  # kubectl kustomize overlays/NAME
    assert by_id(objects(built)) == by_id(objects(rendered))


def test_rendered_is_the_default_settings_without_namespace():
    committed = objects((ROOT / "rendered" / "install.yaml").read_text())
    fresh = objects(composer("render", check=True).stdout)
    assert by_id(committed) == by_id(fresh)
    assert all("namespace" not in o["metadata"] for o in committed), "FR-016: kubectl uses the current namespace"


def test_rendered_has_the_objects_of_seed_001():
    kinds = sorted(o["kind"] for o in objects(SOURCES["rendered"]))
    # Defaults: 2 replicas (so a PodDisruptionBudget), in-cluster Redis, no Ingress.
    assert kinds == sorted(["ConfigMap", "Deployment", "Deployment", "PodDisruptionBudget",
                            "Secret", "Service", "Service", "ServiceAccount"])


def test_dev_and_production_overlays_match_their_description():
    dev = by_id(objects(SOURCES["overlays/dev"]))
    assert dev["Deployment", "realtime-svg"]["spec"]["replicas"] == 1
    assert ("Deployment", "realtime-svg-redis") in dev
    assert not [k for k in dev if k[0] in ("Ingress", "PodDisruptionBudget")]
    prod = by_id(objects(SOURCES["overlays/production"]))
    assert prod["Deployment", "realtime-svg"]["spec"]["replicas"] == 3
    assert ("Deployment", "realtime-svg-redis") not in prod
    ingress = prod["Ingress", "realtime-svg"]
    assert ingress["spec"]["tls"][0]["secretName"] == "realtime-svg-tls"


def test_no_secret_value_is_committed():
    for source, text in SOURCES.items():
        for obj in objects(text):
            if obj["kind"] == "Secret":
                assert set(obj.get("data", {}).values()) <= {""}, f"{source}: {obj['metadata']['name']}"
