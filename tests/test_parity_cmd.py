"""`python -m composer parity`: every route's objects, built offline by the route's own tool,
compared; a real difference is caught and named, a Secret's value is never printed, a route
without its tool is skipped and said to be."""
from __future__ import annotations

import base64
import json
import subprocess
import sys

import pytest

from composer import parity, routebuild
from composer.cli import routebuild_routes
from tests.helpers import ROOT, composer, env


def test_every_route_agrees_on_the_shipped_system():
    proc = composer("parity", "--settings", "examples/portfolio.yaml", "--output", "json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    report = json.loads(proc.stdout)
    assert report["identical"] and report["skipped"] == {}
    assert report["routes"] == list(routebuild.ROUTES) and report["objects"] == 16


def test_a_difference_is_named_with_its_field_path_and_exit_1(repo_copy):
    deployment = repo_copy / "helm-wrapper" / "realtime-svg" / "templates" / "deployment.yaml"
    deployment.write_text(deployment.read_text().replace("maxSurge: 1", "maxSurge: 2"))
    proc = composer("parity", "--route", "kubectl -k", "--route", "helm", cwd=repo_copy)
    assert proc.returncode == 1
    assert ("kubectl -k vs helm: Deployment/default/realtime-svg: spec.strategy.rollingUpdate.maxSurge: 1 != 2"
            in proc.stdout.splitlines())


def test_a_secret_value_is_never_printed(repo_copy):
    secret = "hunter2-do-not-print"
    (repo_copy / "s.yaml").write_text(f"secrets: {{apiKey: {secret}}}\n")
    helpers = repo_copy / "helm-wrapper" / "realtime-svg" / "templates" / "_helpers.tpl"
    helpers.write_text(helpers.read_text().replace("(b64enc .Values.secrets.apiKey", "(b64enc (upper .Values.secrets.apiKey)"))
    for output in ("text", "json"):
        proc = composer("parity", "--settings", "s.yaml", "--route", "kubectl -k", "--route", "helm",
                        "--output", output, cwd=repo_copy)
        assert proc.returncode == 1 and "Secret/default/realtime-svg-secret-" in proc.stdout
        for shown in (secret, secret.upper(), base64.b64encode(secret.encode()).decode(),
                      base64.b64encode(secret.upper().encode()).decode()):
            assert shown not in proc.stdout + proc.stderr


def test_a_route_without_its_tool_is_skipped_not_passed(repo_copy):
    (repo_copy / "bin").unlink()
    (repo_copy / "bin").mkdir()
    for tool in ("kubectl", "helm"):
        (repo_copy / "bin" / tool).symlink_to(ROOT / "bin" / tool)
    e = env()
    e["PATH"] = "/usr/bin:/bin"  # nothing of the project's bin/ but the two tools above
    proc = subprocess.run([sys.executable, "-m", "composer", "parity"], cwd=repo_copy, env=e, capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stderr
    assert "skipped: terraform: tofu not found" in proc.stderr
    assert "skipped: helm3:" in proc.stderr
    assert proc.stdout.startswith("identical: ") and "across 4 routes (kubectl -k, kubectl -f, helm, pulumi)" in proc.stdout


def test_the_command_line_names_the_routes_the_builders_have():
    assert routebuild_routes() == routebuild.ROUTES == tuple(routebuild.BUILDERS)


def test_secret_values_are_compared_by_digest():
    """Two Secrets of one name whose values differ: the difference names the key and shows
    digests, never the values."""
    def secret(value: str) -> dict:
        return {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"},
                "data": {"apiKey": base64.b64encode(value.encode()).decode()}}

    a, b = routebuild.digest_secrets([secret("first-secret")]), routebuild.digest_secrets([secret("second-secret")])
    problems = routebuild.parity.compare(a, b)
    assert len(problems) == 1 and problems[0].startswith("Secret//s: data.apiKey: 'sha256:")
    assert "secret" not in problems[0].split("sha256:")[1] and "c2Vjcm" not in problems[0]


EXAMPLES = sorted(p.name for p in (ROOT / "examples").glob("*.yaml"))


def test_every_example_is_checked():
    """The list below is the directory itself: a new example is compared without anyone adding it."""
    assert "dev.yaml" in EXAMPLES and len(EXAMPLES) >= 7


@pytest.mark.slow
@pytest.mark.parametrize("example", EXAMPLES)
def test_every_route_agrees_on_every_shipped_example(example):
    """What the README tells a newcomer to run, on every shipped settings file: all six routes
    build it, and their objects are identical (an empty namespace included: dev.yaml)."""
    proc = composer("parity", "--settings", f"examples/{example}", "--output", "json")
    report = json.loads(proc.stdout) if proc.stdout.startswith("{") else {}
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert report["identical"] and report["differences"] == [] and report["skipped"] == {}
    assert report["routes"] == list(routebuild.ROUTES) and report["objects"] > 0


def test_an_object_without_a_namespace_is_the_same_as_one_in_the_default_namespace():
    """Terraform writes `namespace: default` for an empty setting, kubectl -k writes none: the
    same place, not a difference. Any other namespace, or none on a cluster-scoped object, is
    still compared as it is."""
    def config_map(**meta):
        return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", **meta}, "data": {"k": "v"}}
    namespace = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "n"}}
    assert parity.compare([config_map(), namespace], [config_map(namespace="default"), namespace],
                          default_namespace="default") == []
    assert parity.compare([config_map(namespace="default")], [config_map()], default_namespace="default") == []
    assert parity.compare([config_map()], [config_map(namespace="other")], default_namespace="default") == [
        "ConfigMap/default/c: only in left", "ConfigMap/other/c: only in right"]
    assert parity.compare([config_map(namespace="default")], [config_map()]) == [
        "ConfigMap/default/c: only in left", "ConfigMap//c: only in right"]
