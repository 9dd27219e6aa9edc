"""`python -m composer parity`: every route's objects, built offline by the route's own tool,
compared; a real difference is caught and named, a Secret's value is never printed, a route
without its tool is skipped and said to be."""
from __future__ import annotations

import base64
import json
import subprocess
import sys

from composer import routebuild
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
