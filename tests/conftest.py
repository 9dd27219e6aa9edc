import shutil

import pytest

from tests.helpers import ROOT


@pytest.fixture(scope="session", autouse=True)
def _tools_installed():
    if not (ROOT / "bin" / "kubectl").exists():
        pytest.exit("bin/kubectl is missing: run `make tools` (make test does it for you)", returncode=3)


@pytest.fixture
def repo_copy(tmp_path):
    """A scratch copy of everything the composer reads and writes, so tests that edit
    generated files or overlays never touch the working tree."""
    for name in ("base", "components", "composer", "examples", "overlays", "rendered"):
        shutil.copytree(ROOT / name, tmp_path / name,
                        ignore=shutil.ignore_patterns("__pycache__", ".*"))
    (tmp_path / "bin").symlink_to(ROOT / "bin")
    return tmp_path
