"""Bad settings: exit status 2, one line per problem naming the key path, the bad value
and what is allowed, and nothing in overlays/ changes."""
from __future__ import annotations

import pytest

from tests.helpers import composer, tree_digest

BAD = {
    "unknown key": ("replicas: 2\nreplicsa: 3\n", ["replicsa: unknown key", "did you mean 'replicas'"]),
    "unknown nested key": ("ingress:\n  hots: a.example.com\n", ["ingress.hots: unknown key", "did you mean 'host'"]),
    "wrong type": ("replicas: three\n", ["replicas:", '"three"', "allowed: an integer"]),
    "wrong type of a mapping": ("image: nginx\n", ["image:", "allowed: a mapping"]),
    "negative replicas": ("replicas: -1\n", ["replicas: -1", "from 0 to 1000"]),
    "invalid DNS-1123 name": ("name: Realtime_SVG\n", ["name:", "Realtime_SVG", "DNS-1123"]),
    "invalid namespace": ("namespace: -team-\n", ["namespace:", "-team-", "DNS-1123"]),
    "invalid quantity": ("resources:\n  limits:\n    memory: 512MB\n", ["resources.limits.memory:", "512MB", "quantity"]),
    "port out of range": ("service:\n  port: 70000\n", ["service.port: 70000", "from 1 to 65535"]),
    "nodePort out of range": ("service:\n  type: NodePort\n  nodePort: 80\n", ["service.nodePort: 80", "from 30000 to 32767"]),
    "nodePort on ClusterIP": ("service:\n  nodePort: 30080\n", ["service.nodePort: 30080", "NodePort or LoadBalancer"]),
    "enum with a hint": ("service:\n  type: Nodeport\n", ["service.type:", "did you mean 'NodePort'", "ClusterIP, NodePort, LoadBalancer"]),
    "external redis without host": ("redis:\n  enabled: false\n", ["redis.host:", "required when redis.enabled is false"]),
    "ingress without host": ("ingress:\n  enabled: true\n", ["ingress.host:", "required when ingress.enabled is true"]),
    "malformed YAML": ("replicas: 2\nimage:\n  tag: [v1\n", ["malformed YAML at line", "column"]),
    "not a mapping": ("- replicas\n", ["(top level)", "allowed: a mapping"]),
    "duplicate key": ("replicas: 1\nreplicas: 2\n", ["malformed YAML at line 2"]),
    "empty file": ("", ["(top level): the settings file is empty", "'{}' to ask for the defaults"]),
    "comments only": ("# replicas: 2\n\n# name: shop\n", ["the settings file is empty", "'{}'"]),
    "a document marker only": ("---\n", ["the settings file is empty"]),
}


def test_an_explicit_empty_mapping_asks_for_the_defaults(repo_copy):
    """'{}' is the way to ask for the defaults with a file: the same objects as no --settings."""
    (repo_copy / "defaults.yaml").write_text("# the defaults, on purpose\n{}\n")
    with_file = composer("render", "--settings", "defaults.yaml", cwd=repo_copy)
    without = composer("render", cwd=repo_copy)
    assert with_file.returncode == without.returncode == 0, with_file.stderr
    assert with_file.stdout == without.stdout


@pytest.mark.parametrize("case", sorted(BAD))
@pytest.mark.parametrize("command", ["overlay", "render"])
def test_bad_settings_are_rejected_with_a_precise_message(case, command, repo_copy):
    text, expected = BAD[case]
    settings = repo_copy / "bad.yaml"
    settings.write_text(text)
    before = tree_digest(repo_copy / "overlays")
    args = ["overlay", "dev", "--settings", str(settings)] if command == "overlay" else ["render", "--settings", str(settings)]
    proc = composer(*args, cwd=repo_copy)
    assert proc.returncode == 2, proc.stderr
    assert proc.stdout == ""
    for fragment in expected:
        assert fragment in proc.stderr, f"{fragment!r} not in {proc.stderr!r}"
    assert all(line.startswith("error: ") for line in proc.stderr.splitlines())
    assert tree_digest(repo_copy / "overlays") == before


def test_every_problem_is_reported_at_once(repo_copy):
    settings = repo_copy / "bad.yaml"
    settings.write_text("replicas: -3\nname: UPPER\nservice: {port: 0}\n")
    proc = composer("render", "--settings", str(settings), cwd=repo_copy)
    assert proc.returncode == 2
    lines = proc.stderr.splitlines()
    assert len(lines) == 3
    assert {line.split(": ")[2] for line in lines} == {"name", "replicas", "service.port"}


def test_bad_overlay_name(repo_copy):
    proc = composer("overlay", "Bad/Name", cwd=repo_copy)
    assert proc.returncode == 2 and "overlay name" in proc.stderr


def test_overlay_failure_in_kustomize_leaves_overlays_unchanged(repo_copy):
    """Valid settings, but a kustomize build that fails (a broken base): nothing is written."""
    (repo_copy / "base" / "service.yaml").write_text("kind: [\n")
    before = tree_digest(repo_copy / "overlays")
    proc = composer("overlay", "dev", "--settings", "examples/dev.yaml", cwd=repo_copy)
    assert proc.returncode == 1 and "kustomize build" in proc.stderr
    assert tree_digest(repo_copy / "overlays") == before


def test_overlay_rewrites_an_existing_overlay_in_place(repo_copy):
    before = tree_digest(repo_copy / "overlays")
    proc = composer("overlay", "dev", "--settings", "examples/dev.yaml", cwd=repo_copy)
    assert proc.returncode == 0, proc.stderr
    assert tree_digest(repo_copy / "overlays") == before
    (repo_copy / "alt.yaml").write_text("replicas: 4\n")
    assert composer("overlay", "dev", "--settings", "alt.yaml", cwd=repo_copy).returncode == 0
    assert "value: 4" in (repo_copy / "overlays/dev/patch-deployment-realtime-svg.yaml").read_text()
    assert not list((repo_copy / "overlays").glob(".*")), "no staging directory is left behind"
