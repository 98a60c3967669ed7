"""SHA-256 digests of files and of the kit itself, which decide when earlier results can be
used again: a whole task's (:mod:`localnet_helpers.run.reuse`) or one figure's
(:func:`localnet_helpers.report.figures.draw`)."""

from __future__ import annotations

import functools
import hashlib
import sys
from importlib import metadata
from pathlib import Path

__all__ = ["file_digest", "code_digest"]

#: Libraries whose version can change what a task writes.
LIBRARIES = ("pandas", "numpy", "networkx", "scipy", "matplotlib", "seaborn", "openpyxl",
             "nbconvert", "nbformat", "papermill", "ipykernel")
_PACKAGE = Path(__file__).resolve().parent


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@functools.cache
def code_digest() -> str:
    """SHA-256 over the package's files and the versions of Python and the libraries."""
    digest = hashlib.sha256(sys.version.encode())
    for name in LIBRARIES:
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    for path in sorted(p for p in _PACKAGE.rglob("*") if p.is_file()
                       and "__pycache__" not in p.parts and p.suffix != ".pyc"):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(file_digest(path).encode())
    return digest.hexdigest()
