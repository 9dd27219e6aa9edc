import shutil

import pytest

from tests.helpers import ROOT
from tests.live.outputs import SCANS


@pytest.fixture(scope="session", autouse=True)
def _tools_installed():
    missing = [t for t in ("kubectl", "helm", "helm3") if not (ROOT / "bin" / t).exists()]
    if missing:
        pytest.exit(f"bin/{', bin/'.join(missing)} missing: run `make tools` (make test does it for you)", returncode=3)


@pytest.fixture
def repo_copy(tmp_path):
    """A scratch copy of everything the composer reads and writes, so tests that edit
    generated files or overlays never touch the working tree."""
    for name in ("base", "components", "composer", "docs", "examples", "helm-wrapper", "overlays", "pulumi",
                 "rendered", "terraform", "workloads"):
        shutil.copytree(ROOT / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "bin").symlink_to(ROOT / "bin")
    return tmp_path


# -- the terminal summary: figures from the live tests, whichever process ran them ---------------
# Here, not in tests/live/conftest.py: under pytest-xdist the controlling process collects nothing,
# so only this conftest (of testpaths) is loaded there.
SUMMARY_LINES: list[str] = []  # a test's user property "summary_line": a figure a reader wants to see


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    """pytest-xdist: a worker's secret scan (each worker asserts its own; this is the total)."""
    scan = getattr(node, "workeroutput", {}).get("secret_scan")
    if scan:
        SCANS.append(tuple(scan))


def pytest_runtest_logreport(report):
    if report.when == "call":
        SUMMARY_LINES.extend(str(value) for key, value in report.user_properties if key == "summary_line")


def pytest_terminal_summary(terminalreporter):
    for line in SUMMARY_LINES:
        terminalreporter.write_line(line)
    if SCANS:
        outputs, leaks = sum(scan[0] for scan in SCANS), sum(scan[2] for scan in SCANS)
        secrets = len(set().union(*(scan[1] for scan in SCANS)))
        where = f" in {len(SCANS)} processes" if len(SCANS) > 1 else ""
        terminalreporter.write_line(f"secret scan: {outputs} outputs of route commands searched for {secrets} distinct "
                                    f"secret values (and their base64 forms){where}: {leaks} leak(s)")
