"""The command line: lazy imports, --out, a clear message without kubectl, click's conventions
(--help everywhere, exit 2 on a usage error, shell completion)."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

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


COMMANDS = (("render",), ("summary",), ("overlay",), ("export",), ("export", "helm"), ("export", "pulumi"),
            ("export", "terraform"), ("parity",), ("diff",), ("generate",), ("check",))


def _composer(*args, extra_env=None):
    e = env()
    e.update(extra_env or {})
    return subprocess.run([sys.executable, "-m", "composer", *args], cwd=ROOT, env=e, capture_output=True, text=True)


def test_every_command_has_help():
    top = _composer("--help")
    assert top.returncode == 0 and top.stdout.startswith("Usage: python -m composer [OPTIONS] COMMAND")
    listed = {line.split()[0] for line in top.stdout.split("Commands:")[1].splitlines() if line.strip()}
    assert listed == {c[0] for c in COMMANDS}
    for command in COMMANDS:
        proc = _composer(*command, "-h")
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.startswith(f"Usage: python -m composer {' '.join(command)} "), proc.stdout


def test_usage_errors_exit_2_and_say_what_is_allowed():
    cases = {
        ("rendr",): r"No such command 'rendr'",
        # click 8.1 writes "No such option: --setings", 8.2 and later quote it
        ("render", "--setings", "x.yaml"): r"No such option:? '?--setings'?",
        ("overlay",): r"Missing argument 'NAME'",
        ("parity", "--route", "kubectl"): r"'kubectl' is not one of 'kubectl -k', 'kubectl -f', 'helm'",
        ("diff", "--output", "yaml"): r"'yaml' is not one of 'text', 'json'",
        ("export",): r"Usage: python -m composer export",
    }
    for args, message in cases.items():
        proc = _composer(*args)
        assert proc.returncode == 2, (args, proc.stdout, proc.stderr)
        assert re.search(message, proc.stderr), (args, proc.stderr)
        assert proc.stdout == ""


def test_shell_completion_of_commands_and_choices():
    def complete(words: str) -> list[str]:
        proc = _composer(extra_env={"_COMPOSER_COMPLETE": "bash_complete", "COMP_WORDS": words,
                                    "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1))})
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.splitlines()

    assert complete("composer ex") == ["plain,export"]
    assert complete("composer export ") == ["plain,helm", "plain,pulumi", "plain,terraform"]
    assert "plain,kubectl -k" in complete("composer parity --route ")


def test_the_installed_script_is_the_same_command_and_sources_its_completion():
    script = Path(sys.executable).parent / "composer"
    assert script.exists(), "pip install -e . installs the composer script beside python"
    proc = subprocess.run([str(script), "--help"], cwd=ROOT, env=env(), capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("Usage: composer [OPTIONS] COMMAND")
    e = env()
    e["_COMPOSER_COMPLETE"] = "bash_source"
    proc = subprocess.run([str(script)], cwd=ROOT, env=e, capture_output=True, text=True)
    assert proc.returncode == 0 and "complete -o nosort -F _composer_completion composer" in proc.stdout
