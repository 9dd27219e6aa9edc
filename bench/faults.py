"""Kills and API server restarts survived by each install route, with the time each takes:
runs tests/live/test_faults_live.py (the local control plane; started if none runs) and prints
a table of what it recorded. Figures, not assertions: the test file asserts.

    .venv/bin/python bench/faults.py [--rounds N] [-k PYTEST_EXPRESSION]

Each round is one run of the file: per route an install killed mid-apply, an upgrade killed
mid-apply, and an upgrade through a kube-apiserver restart; every case then runs the route's
command again (with the README's recovery step, if the route needs one) until it converges.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUTES = ["kustomize", "rendered", "helm", "helm3", "terraform", "pulumi"]


def one_round(expression: str | None) -> tuple[dict, float, int]:
    with tempfile.TemporaryDirectory(prefix="bench-faults-") as tmp:
        report = Path(tmp) / "faults.json"
        cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/live/test_faults_live.py"]
        if expression:
            cmd += ["-k", expression]
        start = time.monotonic()
        proc = subprocess.run(cmd, cwd=ROOT, env={**os.environ, "RSVG_FAULTS_REPORT": str(report)},
                              capture_output=True, text=True)
        took = time.monotonic() - start
        if proc.returncode != 0:
            print(proc.stdout[-4000:], proc.stderr[-2000:], sep="\n", file=sys.stderr)
        return (json.loads(report.read_text()) if report.exists() else {}), took, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("-k", dest="expression")
    args = parser.parse_args()
    merged: dict[str, list[dict]] = {}
    failed = 0
    for n in range(args.rounds):
        figures, took, rc = one_round(args.expression)
        failed += rc != 0
        print(f"round {n + 1}: tests/live/test_faults_live.py in {took:.0f}s ({'passed' if rc == 0 else 'FAILED'})")
        for route, f in figures.items():
            merged.setdefault(route, []).extend(f["cases"])

    print()
    print(f"{'route':<10} {'kills':>5} {'restarts':>8}  {'re-run after kill (s)':>22}  {'upgrade through restart (s)':>28}  recovery needed")
    for route in ROUTES:
        cases = merged.get(route, [])
        kills = [c for c in cases if c["case"].startswith("kill")]
        restarts = [c for c in cases if c["case"].startswith("API")]
        kill_s = [c["run_again_s"] for c in kills]
        restart_s = [c["upgrade_and_run_again_s"] for c in restarts]
        recovery = sorted({step.split(" (")[0] for c in cases for step in c["recovery"]})
        fmt = lambda xs: f"{statistics.median(xs):.1f} (max {max(xs):.1f})" if xs else "-"  # noqa: E731
        print(f"{route:<10} {len(kills):>5} {len(restarts):>8}  {fmt(kill_s):>22}  {fmt(restart_s):>28}  "
              f"{', '.join(recovery) or 'none: run it again'}")
    print()
    for route in ROUTES:
        for c in merged.get(route, []):
            if c["case"].startswith("API"):
                print(f"{route}: first run through the restart: {c['first_run']} ({c.get('first_run_s', '?')}s)")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
