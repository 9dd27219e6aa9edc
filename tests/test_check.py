"""`composer check` catches a stale generated file and passes after regeneration."""
from __future__ import annotations

from tests.helpers import composer


def test_check_fails_after_a_hand_edit_and_passes_after_generate(repo_copy):
    assert composer("check", cwd=repo_copy).returncode == 0
    rendered = repo_copy / "rendered" / "install.yaml"
    rendered.write_text(rendered.read_text().replace("replicas: 2", "replicas: 5", 1))
    proc = composer("check", cwd=repo_copy)
    assert proc.returncode == 1
    assert "-  replicas: 5" in proc.stdout and "+  replicas: 2" in proc.stdout
    assert "stale" in proc.stderr
    assert composer("generate", cwd=repo_copy).returncode == 0
    assert composer("check", cwd=repo_copy).returncode == 0


def test_check_notices_a_missing_and_an_extra_overlay_file(repo_copy):
    (repo_copy / "overlays" / "dev" / "patch-service-realtime-svg.yaml").unlink()
    (repo_copy / "overlays" / "production" / "extra.yaml").write_text("x: 1\n")
    proc = composer("check", cwd=repo_copy)
    assert proc.returncode == 1
    assert "patch-service-realtime-svg.yaml (committed, missing)" in proc.stdout
    assert "extra.yaml (generated: should not exist)" in proc.stdout


def test_check_notices_a_changed_example(repo_copy):
    example = repo_copy / "examples" / "dev.yaml"
    example.write_text(example.read_text().replace("replicas: 1", "replicas: 2"))
    assert composer("check", cwd=repo_copy).returncode == 1
