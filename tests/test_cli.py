"""The command line: lazy imports, --out, and a clear message without kubectl."""
from __future__ import annotations

import shutil
import subprocess
import sys

from tests.helpers import ROOT, env, objects

PROBE = (
    "import sys, runpy\n"
    "sys.argv = ['composer'] + sys.argv[1:]\n"
    "try:\n"
    "    runpy.run_module('composer', run_name='__main__')\n"
    "except SystemExit:\n"
    "    pass\n"
    "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('kubernetes', 'kubernetes_validate', 'hypothesis'))\n"
    "print('HEAVY=' + ','.join(heavy), file=sys.stderr)\n"
)


def _probe(*args):
    proc = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=ROOT, env=env(), capture_output=True, text=True)
    line = [ln for ln in proc.stderr.splitlines() if ln.startswith("HEAVY=")]
    assert line, proc.stderr
    return proc, line[0].removeprefix("HEAVY=")


def test_help_and_render_do_not_import_the_kubernetes_client():
    proc, heavy = _probe("--help")
    assert "render" in proc.stdout and heavy == ""
    proc, heavy = _probe("render", "--settings", "examples/dev.yaml")
    assert "kind: Deployment" in proc.stdout and heavy == ""


def test_render_out_writes_install_yaml(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "composer", "render", "--settings", "examples/production.yaml",
                           "--out", str(tmp_path / "out")], cwd=ROOT, env=env(), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    objs = objects((tmp_path / "out" / "install.yaml").read_text())
    assert {o["metadata"].get("namespace") for o in objs} == {"realtime-svg"}


def test_missing_kubectl_is_a_clear_error(tmp_path):
    for name in ("base", "components", "composer", "workloads"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    e = env()
    (tmp_path / "empty").mkdir()
    e["PATH"] = str(tmp_path / "empty")
    e.pop("KUBECTL_BIN", None)
    proc = subprocess.run([sys.executable, "-m", "composer", "render"], cwd=tmp_path, env=e, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "make tools" in proc.stderr
