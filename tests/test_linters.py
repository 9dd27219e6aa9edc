"""kube-score on every committed render and on `helm template`: no CRITICAL finding
beyond the deliberate exceptions listed, with reasons, in lint/kube-score.ignore."""
from __future__ import annotations

import functools
import subprocess

import pytest

from composer import settings as settings_mod
from composer.helm import values
from tests.helpers import CHART, EXAMPLES, ROOT, Lazy, env, helm, shipped_sources

IGNORE_FILE = ROOT / "lint" / "kube-score.ignore"


def ignored_tests() -> list[str]:
    out = []
    for line in IGNORE_FILE.read_text().splitlines():
        test_id, _, reason = line.partition("#")
        if test_id.strip():
            assert reason.strip(), f"{line!r}: every exception needs its reason"
            out.append(test_id.strip())
    return out


def kube_score(manifests: str) -> subprocess.CompletedProcess:
    args = [str(ROOT / "bin" / "kube-score"), "score", "-", "--kubernetes-version", "v1.37", "--output-format", "ci"]
    for test_id in ignored_tests():
        args += ["--ignore-test", test_id]
    return subprocess.run(args, input=manifests, capture_output=True, text=True, env=env())


def _sources() -> Lazy:
    sources = shipped_sources()
    makers = {name: functools.partial(sources.__getitem__, name) for name in sources}
    makers["helm template (defaults)"] = lambda: helm("template", "realtime-svg", str(CHART), "--skip-tests").stdout
    return Lazy(makers)


def _helm_example(example, tmp_path):
    path = tmp_path / "values.yaml"
    path.write_text(values.export(settings_mod.load_file(example)))
    return helm("template", "realtime-svg", str(CHART), "--skip-tests", "-f", str(path)).stdout


SOURCES = _sources()


@pytest.mark.parametrize("source", sorted(SOURCES))
def test_kube_score_has_no_critical_finding(source):
    proc = kube_score(SOURCES[source])
    critical = [line for line in proc.stdout.splitlines() if line.startswith("[CRITICAL]")]
    assert critical == [] and proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_kube_score_on_helm_template_of_each_example(example, tmp_path):
    proc = kube_score(_helm_example(example, tmp_path))
    assert proc.returncode == 0, proc.stdout


def test_kube_score_is_not_a_rubber_stamp():
    """The same run fails on a manifest that breaks a rule we keep (no resource limits)."""
    bad = SOURCES["rendered"].replace("          limits:\n            cpu: 500m\n            memory: 512Mi\n", "")
    assert bad != SOURCES["rendered"]
    proc = kube_score(bad)
    assert proc.returncode != 0 and "[CRITICAL]" in proc.stdout
