import shutil

import pytest

from tests.helpers import ROOT


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
