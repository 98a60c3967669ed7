"""The output folder of a run: which files in it the kit wrote, and how a run replaces them.

A user may point ``--out`` at any folder, so the kit never touches a file it did not write:

- A **manifest**, ``<out>/.localnet-manifest.json``, lists every file the last successful run
  wrote (paths relative to the folder, sorted). A run removes only those, and replaces only
  those and files with the names the catalogue declares (``docs/outputs.md``; a notebook run
  by hand writes them too); a year folder that the new run does not write any more (fewer
  waves) is removed when nothing else is left in it, and a user's own files anywhere in the
  folder stay.
- A folder that is not empty and has no manifest is refused (it is not an earlier output),
  unless it holds only files with the names the kit writes (notebooks run by hand), and so is
  the study folder or a folder inside it. A ``.gitkeep`` placeholder does not count.
- The run writes into ``<out>/.run`` and a failed run is kept in ``<out>/.failed-run``; both
  names are the kit's own, and a symbolic link by either name is removed, never followed.
- A lock, ``<out>/.localnet.lock``, held for the whole run, refuses a second run into the same
  folder at the same time. The operating system releases it when the process ends, however it
  ends.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from ..catalogue import owner_of
from ..errors import LocalnetError

__all__ = ["MANIFEST", "LOCK", "STAGING", "FAILED", "PLACEHOLDERS", "OutputFolderError",
           "check_output_folder", "locked", "fresh_stage", "written_files", "task_records",
           "study_checks",
           "publish", "keep_failed", "remove_stage"]

MANIFEST = ".localnet-manifest.json"
LOCK = ".localnet.lock"
#: Where a run writes before its results replace the previous ones, and where a failed run
#: is kept for inspection; both inside the output folder.
STAGING, FAILED = ".run", ".failed-run"
#: Files a folder may hold and still count as empty.
PLACEHOLDERS = frozenset({".gitkeep"})
_OWN = frozenset({MANIFEST, LOCK, STAGING, FAILED})


class OutputFolderError(LocalnetError):
    """The output folder cannot be used (exit status 2); the message says why and what to do."""


def _is_within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_output_folder(out: str | Path, study_dir: str | Path) -> Path:
    """Check that a run may write into ``out`` and return it as an absolute path.

    Refused: a path that is a file; the study folder or a folder inside it; a folder that holds
    anything but a placeholder and the kit's own entries without a manifest of an earlier run.
    """
    out = Path(os.path.abspath(out))
    study = Path(study_dir).resolve()
    if out.exists() and not out.is_dir():
        raise OutputFolderError(f"{out}: the output path is a file, not a folder; give --out a "
                                "new folder or the folder of an earlier localnet run")
    if _is_within(out.resolve(), study):
        raise OutputFolderError(f"{out}: the output folder is the study folder {study} or inside "
                                "it, where a run would mix its results with your input files; "
                                "give --out a folder outside the study, e.g. reports/")
    if not out.is_dir() or (out / MANIFEST).is_file() or (out / MANIFEST).is_symlink():
        if out.is_dir():
            written_files(out)  # a broken manifest is refused here
        return out
    foreign = _foreign(out)
    if foreign:
        shown = ", ".join(f"'{name}'" for name in foreign[:3])
        more = f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
        raise OutputFolderError(
            f"{out}: the output folder holds files that localnet did not write ({shown}{more}) "
            "and no record of an earlier localnet run; a run replaces what is in its output "
            "folder, so give --out an empty or new folder, or the folder of an earlier run")
    return out


def _foreign(out: Path) -> list[str]:
    """Entries of ``out`` that are neither the kit's own nor files with the names the kit
    writes (e.g. written by a notebook run by hand in JupyterLab)."""
    found = []
    for entry in sorted(out.iterdir()):
        if entry.name in PLACEHOLDERS | _OWN:
            continue
        files = [entry] if not entry.is_dir() or entry.is_symlink() else \
            [p for p in entry.rglob("*") if not p.is_dir() or p.is_symlink()]
        if entry.is_symlink() or any(owner_of(f.relative_to(out).as_posix()) is None
                                     for f in files):
            found.append(entry.name)
    return found


def written_files(out: str | Path) -> set[str]:
    """The files (relative POSIX paths) that the manifest of ``out`` lists; empty without one."""
    return set(_manifest(out).get("files", []))


def study_checks(out: str | Path) -> dict[str, dict]:
    """The last run's checks of the waves' surveys (:func:`~.pipeline.check_study`)."""
    return _manifest(out).get("checks", {})


def task_records(out: str | Path) -> dict[str, dict]:
    """What the manifest of ``out`` keeps of each task of the last run: ``{label:
    {"fingerprint": ..., "files": {path: sha256}}}`` (:mod:`localnet_helpers.run.reuse`)."""
    return _manifest(out).get("tasks", {})


def _manifest(out: str | Path) -> dict:
    path = Path(out) / MANIFEST
    if not path.exists() and not path.is_symlink():
        return {}
    try:
        if path.is_symlink() or not path.is_file():
            raise ValueError("not a regular file")
        content = json.loads(path.read_text(encoding="utf-8"))
        files = content["files"]
        if not all(isinstance(f, str) and _safe_relative(f) for f in files):
            raise ValueError("a listed path leaves the folder")
        if not isinstance(content.get("tasks", {}), dict):
            raise ValueError("the tasks are not a table")
    except (ValueError, KeyError, TypeError, OSError) as exc:
        raise OutputFolderError(
            f"{path}: the record of the files an earlier run wrote cannot be read ({exc}); "
            "give --out a new folder, or delete the folder's contents if they are all "
            "localnet's") from None
    return content


def _safe_relative(name: str) -> bool:
    parts = Path(name).parts
    return bool(parts) and not Path(name).is_absolute() and ".." not in parts


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Hold the lock of the output folder ``out`` (created if needed) for the ``with`` block.

    Raises :class:`OutputFolderError` if another run holds it.
    """
    out.mkdir(parents=True, exist_ok=True)
    path = out / LOCK
    if path.is_symlink():
        path.unlink()
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        try:
            _lock(fd)
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EAGAIN, errno.EWOULDBLOCK):
                raise
            raise OutputFolderError(
                f"{out}: another localnet run is writing into this folder now; wait until it "
                "has finished, or give --out another folder") from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    else:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


def _remove(path: Path) -> None:
    """Remove the kit's own ``path``: a link (never followed), a file or a folder tree."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def fresh_stage(out: Path) -> Path:
    """An empty ``<out>/.run`` for a new run (an earlier one's, or a link by that name, goes)."""
    stage = out / STAGING
    _remove(stage)
    stage.mkdir()
    return stage


def remove_stage(out: Path) -> None:
    """Remove ``<out>/.run`` after a run that did not finish."""
    _remove(out / STAGING)


def _files(stage: Path) -> list[str]:
    return sorted(p.relative_to(stage).as_posix() for p in stage.rglob("*")
                  if p.is_file() or p.is_symlink())


def _write_manifest(out: Path, files: set[str], tasks: dict[str, dict],
                    checks: dict[str, dict]) -> None:
    text = json.dumps({"written_by": "localnet", "files": sorted(files),
                       "tasks": {label: tasks[label] for label in sorted(tasks)},
                       "checks": {year: checks[year] for year in sorted(checks)}},
                      indent=1) + "\n"
    temporary = out / (MANIFEST + ".new")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, out / MANIFEST)


def _conflicts(out: Path, new: list[str], old: set[str]) -> list[str]:
    """Paths the new run would write over that the kit did not write, or that lead through a
    link or a file. A file with a name the catalogue declares counts as the kit's (a notebook
    run by hand in JupyterLab writes there too)."""
    found = []
    for name in new:
        target = out / name
        between = [out / Path(*Path(name).parts[:i]) for i in range(1, len(Path(name).parts))]
        if any(p.is_symlink() or (p.exists() and not p.is_dir()) for p in between):
            found.append(name)
        elif target.is_dir() or target.is_symlink():
            found.append(name)
        elif target.exists() and name not in old and owner_of(name) is None:
            found.append(name)
    return found


def publish(stage: Path, out: Path, tasks: dict[str, dict] | None = None,
            partial: bool = False, last: str = "report.html",
            checks: dict[str, dict] | None = None) -> list[str]:
    """Move a finished run from ``stage`` into ``out`` and return the files it wrote.

    ``tasks`` are the run's task records, kept in the manifest for the next run. Files of the
    earlier run (its manifest) are replaced or, if this run does not write them, removed, with
    the folders that become empty; a ``partial`` run (some tasks only) removes only the earlier
    files of the tasks it ran and keeps the rest and their records. ``last`` is moved last, so
    the previous report stays until everything else is in place. Nothing else in ``out`` is
    touched: a file this run would write over that the kit did not write stops the publication
    (:class:`OutputFolderError`) before anything is moved.
    """
    tasks = dict(tasks or {})
    old, new = written_files(out), _files(stage)
    conflicts = _conflicts(out, new, old)
    if conflicts:
        shown = ", ".join(f"'{name}'" for name in conflicts[:5])
        raise OutputFolderError(
            f"{out}: the run would replace files that localnet did not write ({shown}); move "
            "them out of the output folder, or give --out another folder")
    checks = dict(checks or {})
    if partial:
        checks = {**study_checks(out), **checks}
        earlier = task_records(out)
        replaced = {f for label in tasks for f in earlier.get(label, {}).get("files", {})}
        keep = old - replaced
        tasks = {**{k: v for k, v in earlier.items() if k not in tasks}, **tasks}
    else:
        keep = set()
    # a crash while moving leaves every file accounted for
    _write_manifest(out, old | set(new), task_records(out), study_checks(out))
    for name in sorted(new, key=lambda n: (n == last, n)):
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(stage / name, target)
    stale = old - set(new) - keep
    for name in sorted(stale):
        target = out / name
        if target.is_symlink() or target.is_file():
            target.unlink()
    _remove_empty_folders(out, stale)
    _write_manifest(out, set(new) | keep, tasks, checks)
    shutil.rmtree(stage)
    _remove(out / FAILED)
    return new


def _remove_empty_folders(out: Path, removed: set[str]) -> None:
    folders = {out / Path(name).parent for name in removed} - {out}
    for folder in sorted(folders, key=lambda p: len(p.parts), reverse=True):
        while folder != out and folder.is_dir() and not folder.is_symlink() \
                and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def keep_failed(stage: Path, out: Path) -> Path:
    """Keep a failed run's ``stage`` as ``<out>/.failed-run`` (replacing an earlier one)."""
    kept = out / FAILED
    _remove(kept)
    stage.rename(kept)
    return kept
