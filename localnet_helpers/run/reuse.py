"""Incremental runs: a task is run again only when something it reads has changed.

A task's **fingerprint** is a SHA-256 over everything that decides its outputs: the kit's own
code (every file of the package, and the versions of Python and of the libraries that compute
and draw), the notebook, the parameters, the study files the task reads and the content of
every file it reads from the output folder. The last successful run records, for each task,
its fingerprint and the SHA-256 of every file it wrote (in the output folder's manifest,
:mod:`localnet_helpers.run.outfolder`), and of the files it keeps in the study folder (its
step's ``study_writes``, such as ``positions.csv``: they are not part of the fingerprint,
so a run that creates the file does not make the next run start again). A task whose
fingerprint equals the record, and whose recorded files are all still there unchanged, is
**reused**: its files are linked into the new run instead of running the notebook. Because
tasks are deterministic, a run that reuses gives the same bytes as a run from scratch;
``--force`` runs every task.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from ..digests import code_digest, file_digest
from .plan import Task

__all__ = ["code_digest", "file_digest", "check_key", "static_fingerprint", "fingerprint",
           "task_files", "record", "reusable", "link_files"]


def _matching(root: Path, patterns: list[str]) -> list[Path]:
    found = {p for pattern in patterns for p in root.glob(pattern) if p.is_file()}
    return sorted(found)


def _files_digest(digest, root: Path, patterns: list[str]) -> None:
    for path in _matching(root, patterns):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(file_digest(path).encode())


def check_key(study, year: int) -> str:
    """What decides the check of a wave's survey before a run: the kit's code, the study
    files (``study.toml``, ``codebook.toml``, ``actors.csv``, the wave's survey, the pseudonym
    key) and whether the run is pseudonymised (its warnings are kept pseudonymised)."""
    digest = hashlib.sha256(b"localnet-check/1")
    digest.update(code_digest().encode())
    digest.update(f"pseudonymise={bool(getattr(study, 'pseudonymise', False))}".encode())
    _files_digest(digest, study.root, ["study.toml", "codebook.toml", "actors.csv",
                                       "pseudonyms.csv", f"surveys/{year}.*"])
    return digest.hexdigest()


def static_fingerprint(task: Task, study: Path) -> str:
    """The part of the fingerprint known before the run starts: the kit's code, the notebook,
    the parameters and the study files the task reads. A task whose static fingerprint
    changed will run; the scheduler starts its kernel ahead."""
    digest = hashlib.sha256(b"localnet-task/1")
    digest.update(code_digest().encode())
    digest.update(file_digest(task.notebook).encode())
    digest.update(json.dumps(task.parameters, sort_keys=True).encode())
    _files_digest(digest, study, task.study_patterns())
    return digest.hexdigest()


def fingerprint(task: Task, study: Path, stage: Path, static: str | None = None) -> str:
    """The fingerprint of ``task``: its :func:`static_fingerprint` and the content of every
    table it reads, with its inputs in ``stage`` and the study in ``study``."""
    digest = hashlib.sha256((static or static_fingerprint(task, study)).encode())
    _files_digest(digest, stage, task.input_patterns())
    return digest.hexdigest()


def task_files(task: Task, stage: Path) -> list[str]:
    """The files of ``stage`` that ``task`` wrote (its declared outputs), relative, sorted."""
    return [p.relative_to(stage).as_posix() for p in _matching(stage, task.output_patterns())]


def record(task: Task, stage: Path, print_: str, static: str = "",
           study: Path | None = None) -> dict:
    """What the manifest keeps of a task that has run: its fingerprints, its files and the
    files it keeps in the ``study`` folder (its step's ``study_writes``) as it left them."""
    entry = {"static": static, "fingerprint": print_,
             "files": {name: file_digest(stage / name) for name in task_files(task, stage)}}
    if task.step.study_writes and study is not None:
        entry["study_files"] = {name: file_digest(study / name)
                                for name in task.step.study_writes if (study / name).is_file()}
    return entry


def _unchanged(files: dict[str, str], root: Path) -> bool:
    for name, digest in files.items():
        path = root / name
        if path.is_symlink() or not path.is_file() or file_digest(path) != digest:
            return False
    return True


def reusable(previous: dict | None, print_: str, out: Path, task: Task | None = None,
             study: Path | None = None) -> bool:
    """True if the ``previous`` record of a task has fingerprint ``print_`` and every file it
    lists is still in ``out``, unchanged; for a ``task`` that keeps files in the ``study``
    folder, also each of those as the task left it (edited or deleted: the task runs)."""
    if not previous or previous.get("fingerprint") != print_:
        return False
    if not _unchanged(previous.get("files", {}), out):
        return False
    if task is not None and task.step.study_writes and study is not None:
        kept = previous.get("study_files", {})
        if set(kept) != set(task.step.study_writes) or not _unchanged(kept, study):
            return False
    return True


def link_files(names: list[str], out: Path, stage: Path) -> None:
    """Put the files ``names`` of ``out`` into ``stage`` (hard links; copies where the file
    system has none)."""
    for name in names:
        target = stage / name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(out / name, target)
        except OSError:
            shutil.copy2(out / name, target)
