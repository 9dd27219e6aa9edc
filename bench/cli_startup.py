"""What starting the command line costs: median wall and CPU time of `python -m composer` for
commands that do little besides starting, against the interpreter alone and the CLI library
alone, measured side by side in one run. Then the modules `--help` and `render` import, as
`python -X importtime` reports them (cumulative, the largest first).

    .venv/bin/python bench/cli_startup.py [--runs 15] [--top 8]

Why: `render` is on every route's path (the live tests and a user's loop call it hundreds of
times), so what the command line imports is paid on every call. The commands import what they
run when they run; this script shows that `--help` costs click and nothing more.
"""
from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

CASES = (
    ("python -c pass (the interpreter)", [PY, "-c", "pass"]),
    ("python -c 'import argparse'", [PY, "-c", "import argparse"]),
    ("python -c 'import click'", [PY, "-c", "import click"]),
    ("python -m composer --help", [PY, "-m", "composer", "--help"]),
    ("python -m composer render --help", [PY, "-m", "composer", "render", "--help"]),
    ("python -m composer overlay Bad/Name (a usage error)", [PY, "-m", "composer", "overlay", "Bad/Name"]),
    ("python -m composer export helm --settings examples/dev.yaml",
     [PY, "-m", "composer", "export", "helm", "--settings", "examples/dev.yaml"]),
    ("python -m composer render --settings examples/dev.yaml",
     [PY, "-m", "composer", "render", "--settings", "examples/dev.yaml"]),
)


def run_once(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system of the child) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def importtime(cmd: list[str], top: int) -> list[tuple[float, str]]:
    """The packages a command imports, by cumulative import time (ms; a package's own
    imports included, so a package imported by another is counted in both)."""
    proc = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], cwd=ROOT, capture_output=True, text=True)
    packages: dict[str, float] = {}
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.removeprefix("import time:").split("|")
        cumulative, name = cumulative.strip(), name.strip()
        # a package (not one of its submodules), wherever in the tree it was first imported
        if cumulative.isdigit() and "." not in name and name not in packages:
            packages[name] = int(cumulative) / 1000
    return sorted(((ms, name) for name, ms in packages.items()), reverse=True)[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args()
    floor = None
    for label, cmd in CASES:
        run_once(cmd)  # the page cache and .pyc files
        runs = [run_once(cmd) for _ in range(args.runs)]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        floor = floor or wall
        print(f"{label:62s} wall {wall * 1000:7.1f} ms  cpu {cpu * 1000:7.1f} ms  (interpreter +{(wall - floor) * 1000:6.1f} ms)")
    for label, cmd in (("--help", [PY, "-m", "composer", "--help"]),
                       ("render --settings examples/dev.yaml",
                        [PY, "-m", "composer", "render", "--settings", "examples/dev.yaml"])):
        listed = ", ".join(f"{name} {ms:.1f}" for ms, name in importtime(cmd, args.top))
        print(f"imports of {label} (cumulative ms, largest first): {listed}")
    print(f"({args.runs} runs each, median)")


if __name__ == "__main__":
    main()
