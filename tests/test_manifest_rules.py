"""Pod Security Standards "restricted", labels and selectors, on every object of every
committed render and overlay, and hash-suffixed config that rolls the pods."""
from __future__ import annotations

import pytest

from tests.helpers import by_id, composer, kafka_writable_root, label_violations, objects, restricted_violations
from tests.test_generated import SOURCES


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_restricted_security_context(source):
    problems = [p for o in objects(SOURCES[source]) for p in restricted_violations(o) if not kafka_writable_root(o, p)]
    assert problems == []


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_labels_and_selectors(source):
    problems = [p for o in objects(SOURCES[source]) for p in label_violations(o)]
    assert problems == []


def test_the_checker_catches_a_privileged_container():
    objs = objects(SOURCES["rendered"])
    deploy = next(o for o in objs if o["kind"] == "Deployment")
    deploy["spec"]["template"]["spec"]["containers"][0]["securityContext"]["allowPrivilegeEscalation"] = True
    deploy["spec"]["selector"]["matchLabels"]["app.kubernetes.io/version"] = "x"
    assert restricted_violations(deploy)
    assert label_violations(deploy)


def _config_and_secret_refs(objs):
    deploy = next(o for o in objs if o["kind"] == "Deployment" and o["metadata"]["name"] == "realtime-svg")
    container = deploy["spec"]["template"]["spec"]["containers"][0]
    return (container["envFrom"][0]["configMapRef"]["name"],
            container["env"][0]["valueFrom"]["secretKeyRef"]["name"],
            deploy["spec"]["template"])


def test_config_or_secret_change_changes_the_pod_template(tmp_path):
    """A new ConfigMap/Secret name (hash suffix) in the pod template is what rolls the pods."""
    base = objects(composer("render", check=True).stdout)
    changed = tmp_path / "s.yaml"
    changed.write_text("config: {logLevel: debug}\nredis: {password: hunter2}\n")
    new = objects(composer("render", "--settings", str(changed), check=True).stdout)
    old_cm, old_secret, old_tpl = _config_and_secret_refs(base)
    new_cm, new_secret, new_tpl = _config_and_secret_refs(new)
    assert old_cm != new_cm and old_cm.startswith("realtime-svg-config-")
    assert old_secret != new_secret and old_secret.startswith("realtime-svg-secret-")
    assert old_tpl != new_tpl
    assert {k[1] for k in by_id(new)} >= {new_cm, new_secret}
