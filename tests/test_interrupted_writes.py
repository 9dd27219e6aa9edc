"""`composer overlay` and `composer generate` killed (SIGKILL) at random instants, 100 times
in all: every directory they write is afterwards either as it was or as it was to be, never
a mix and never missing; the next complete run leaves no staging directory behind and
`composer check` passes. The seed is printed, so a failure can be replayed."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from composer import generated
from tests.helpers import composer, env, tree_digest

OVERLAY_KILLS = 80
GENERATE_KILLS = 20
VERSIONS = ("replicas: 1\nconfig:\n  logLevel: debug\n", "replicas: 3\nconfig:\n  logLevel: warn\n")


def _seeded() -> random.Random:
    seed = int(os.environ.get("RSVG_KILL_SEED") or random.randrange(2**32))
    print(f"kill test seed: RSVG_KILL_SEED={seed}")
    return random.Random(seed)


def _timed(args: list[str], cwd: Path) -> float:
    start = time.monotonic()
    proc = composer(*args, cwd=cwd)
    assert proc.returncode == 0, proc.stderr
    return time.monotonic() - start


def _kill_after(args: list[str], cwd: Path, delay: float) -> None:
    proc = subprocess.Popen([sys.executable, "-m", "composer", *args], cwd=cwd, env=env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    proc.send_signal(signal.SIGKILL)
    proc.wait()


def _artifact_digests(root: Path) -> dict[str, str]:
    return {str(a.directory.relative_to(generated.paths.ROOT)): tree_digest(root / a.directory.relative_to(generated.paths.ROOT))
            for a in generated.artifacts()}


def test_overlay_killed_at_random_instants_is_old_or_new(repo_copy):
    rng = _seeded()
    settings = [repo_copy / f"v{i}.yaml" for i in range(2)]
    digests, took = [], []
    for path, text in zip(settings, VERSIONS):
        path.write_text(text)
        took.append(_timed(["overlay", "mine", "--settings", str(path)], repo_copy))
        digests.append(tree_digest(repo_copy / "overlays" / "mine"))
    assert digests[0] != digests[1]
    for i in range(OVERLAY_KILLS):
        _kill_after(["overlay", "mine", "--settings", str(settings[i % 2])], repo_copy, rng.uniform(0, max(took) * 1.2))
        assert tree_digest(repo_copy / "overlays" / "mine") in digests, f"a mix after kill {i}"
    _timed(["overlay", "mine", "--settings", str(settings[0])], repo_copy)
    assert tree_digest(repo_copy / "overlays" / "mine") == digests[0]
    assert not list((repo_copy / "overlays").glob(".mine.*")), "a staging directory was left behind"


def test_generate_killed_at_random_instants_leaves_each_directory_old_or_new(repo_copy):
    rng = _seeded()
    example = repo_copy / "examples" / "dev.yaml"
    states, took = [], []
    for text in VERSIONS:
        example.write_text(text)
        took.append(_timed(["generate"], repo_copy))
        states.append(_artifact_digests(repo_copy))
    changed = {k for k in states[0] if states[0][k] != states[1][k]}
    # examples/dev.yaml feeds its overlay, the Pulumi stack file and the Terraform example tfvars
    assert changed == {"overlays/dev", "pulumi", "terraform"}, changed
    for i in range(GENERATE_KILLS):
        example.write_text(VERSIONS[i % 2])
        _kill_after(["generate"], repo_copy, rng.uniform(0, max(took)))
        now = _artifact_digests(repo_copy)
        for directory, digest in now.items():
            assert digest in (states[0][directory], states[1][directory]), f"{directory} is a mix after kill {i}"
    example.write_text(VERSIONS[0])
    _timed(["generate"], repo_copy)
    assert composer("check", cwd=repo_copy).returncode == 0
    leftovers = [p for p in repo_copy.rglob(".*.new-*")]
    assert leftovers == [], leftovers
