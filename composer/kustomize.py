"""Running the real kustomize: kubectl's built-in one, or a kustomize binary.

No part of kustomize is re-implemented here; this module only finds the binary
(the repository's bin/ first, as `make tools` links it there) and runs it.
"""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from composer import paths


class ToolMissing(RuntimeError):
    pass


class BuildFailed(RuntimeError):
    pass


def find_tool(name: str) -> str:
    """bin/NAME, then $NAME_BIN (e.g. KUBECTL_BIN), then PATH."""
    local = paths.BIN / name
    if local.exists() and os.access(local, os.X_OK):
        return str(local)
    env = os.environ.get(f"{name.upper().replace('-', '_')}_BIN")
    if env:
        return env
    found = shutil.which(name)
    if found:
        return found
    raise ToolMissing(f"{name} not found in {paths.display(paths.BIN)}/ or on PATH: run `make tools`")


def command() -> list[str]:
    """The kustomize build command line, without the directory."""
    try:
        return [find_tool("kubectl"), "kustomize"]
    except ToolMissing:
        try:
            return [find_tool("kustomize"), "build"]
        except ToolMissing:
            raise ToolMissing("neither kubectl nor kustomize found in bin/ or on PATH: run `make tools`") from None


def build(directory: Path) -> str:
    """`kubectl kustomize DIRECTORY`: the multi-document YAML it prints."""
    proc = subprocess.run([*command(), str(directory)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise BuildFailed(f"kustomize build of {paths.display(directory)} failed:\n{proc.stderr.strip()}")
    return proc.stdout
