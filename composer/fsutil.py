"""Writing generated directories so that a failure leaves nothing half-written."""
from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


def write_tree(directory: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        target = directory / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one atomic step (Linux renameat2 RENAME_EXCHANGE), so that no
    instant sees neither; False where the system cannot, and the caller falls back."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EPERM):
        return False
    raise OSError(err, os.strerror(err), str(a))


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_leftovers(final: Path) -> None:
    """Staging directories of earlier runs that were killed (their process is gone)."""
    for entry in final.parent.glob(f".{final.name}.new-*"):
        pid = entry.name[len(f".{final.name}.new-"):].split("-", 1)[0]
        if pid.isdigit() and not _pid_alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)


@contextmanager
def staged_directory(final: Path) -> Iterator[Path]:
    """Yield an empty staging directory beside ``final``; when the block succeeds the
    staging directory replaces ``final`` in one atomic exchange, and when it raises the
    staging directory is removed and ``final`` is untouched. A process killed at any instant
    leaves ``final`` either as it was or as it was to be, never a mix and never missing (only
    a hidden staging directory, removed by the next run)."""
    final.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(final)
    stage = Path(tempfile.mkdtemp(prefix=f".{final.name}.new-{os.getpid()}-", dir=final.parent))
    try:
        yield stage
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    if final.exists() and _exchange(stage, final):
        shutil.rmtree(stage, ignore_errors=True)  # it holds the old directory now
        return
    old = None
    if final.exists():
        old = final.parent / f".{final.name}.old-{os.getpid()}"
        shutil.rmtree(old, ignore_errors=True)
        os.replace(final, old)
    try:
        os.replace(stage, final)
    except BaseException:
        if old is not None:
            os.replace(old, final)
        shutil.rmtree(stage, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def write_file_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
