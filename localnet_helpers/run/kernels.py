"""Jupyter kernels for the pipeline: started ahead of time, with a notebook's imports loaded.

Most of a small notebook's run goes to starting a kernel and importing pandas, networkx and
matplotlib. :func:`start_kernel` does both before the notebook's inputs exist (the pipeline
calls it while earlier notebooks still run, when a core would otherwise idle), and
:func:`execute` then runs the notebook with papermill in that kernel and shuts it down.

Loading modules leaves no names behind: the kernel executes the imports silently (no
execution count, no history) inside a function, so the notebook starts from the state of a
fresh kernel whose module cache already holds what the notebook imports. Each notebook still
gets a kernel of its own; kernels are never reused.
"""

from __future__ import annotations

import ast
import functools
import itertools
import os
import sys
import threading
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

from ..paths import EARLIER_FIGURES
from .upstream import IN_RUN

__all__ = ["imported_modules", "preload_code", "private_env", "kernel_manager_class",
           "start_kernel", "execute", "shutdown", "kill_all"]

#: Seconds to wait for a kernel to start and for a notebook's modules to load.
START_TIMEOUT = 120

_numbers = itertools.count()
#: Kernels started and not yet stopped, so that :func:`kill_all` can end them.
_alive: set[AsyncKernelManager] = set()
_alive_lock = threading.Lock()


def imported_modules(notebook: str | Path) -> list[str]:
    """The modules a notebook imports at the top level of its code cells, sorted.

    ``import a.b`` gives ``a.b``; ``from a import b`` gives ``a`` and ``a.b`` (``b`` may be a
    submodule). Cells that are not plain Python (magics) are skipped.
    """
    names = set()
    for cell in nbformat.read(str(notebook), as_version=4).cells:
        if cell.cell_type != "code":
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        for node in tree.body:
            if isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return sorted(names)


def preload_code(modules: list[str]) -> str:
    """Code that imports ``modules`` into the module cache and binds no name.

    A module that fails to import is skipped: the notebook's own import reports the error.
    """
    return ("def _localnet_preload(names):\n"
            "    import importlib\n"
            "    for name in names:\n"
            "        try:\n"
            "            importlib.import_module(name)\n"
            "        except Exception:\n"
            "            pass\n"
            f"_localnet_preload({modules!r})\n"
            "del _localnet_preload\n")


def private_env(private: Path, earlier_figures: Path | None = None) -> dict[str, str]:
    """The environment of a run's kernels: the user's, with every place a kernel or a library
    in it writes files of its own moved into the run's ``private`` folder, which the run
    removes however it ends. IPython keeps no history database and reads no profile of the
    user's (``IPYTHONDIR``); temporary files, such as openpyxl's while it writes a workbook,
    go to ``private/tmp``. :data:`~.upstream.IN_RUN` tells a notebook that the run has brought its
    inputs up to date, and :data:`~localnet_helpers.paths.EARLIER_FIGURES` where the
    charts of the last run are (``earlier_figures``; none: every chart is drawn).
    """
    for name in ("ipython", "tmp", "runtime"):
        (private / name).mkdir(exist_ok=True)
    temporary = str(private / "tmp")
    return {**os.environ, "IPYTHONDIR": str(private / "ipython"), "TMPDIR": temporary,
            "TEMP": temporary, "TMP": temporary, "JUPYTER_RUNTIME_DIR": str(private / "runtime"),
            IN_RUN: "1", EARLIER_FIGURES: str(earlier_figures or "")}


def kernel_manager_class(private: Path, log: Path) -> type[AsyncKernelManager]:
    """A kernel manager class for a run: files in ``private``, kernel output to ``log``.

    Kernels talk over IPC sockets inside ``private``: unlike the default TCP ports on
    localhost, they cannot be reached by other users of the machine (the folder is private),
    and the kernel does not warn about plain TCP. Windows has no IPC transport: there TCP on
    localhost is used. The kernel is this Python's (ipykernel's native kernel), whatever
    kernelspecs the user has installed. The connection files (which hold the kernels' keys)
    are written in ``private`` too, not in the user's Jupyter runtime folder. The kernel
    processes' own stdout and stderr (start-up and shutdown messages, crashes; not the
    notebooks' outputs) are appended to ``log`` instead of the terminal.
    """
    transport = {} if sys.platform == "win32" else {"transport": "ipc"}

    class RunKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            # this Python's own kernel (ipykernel's native one), never a kernelspec of the
            # same name elsewhere on the machine, which may run another Python without the kit
            kwargs["kernel_spec_manager"] = KernelSpecManager(kernel_dirs=[])
            name = f"k{next(_numbers)}"
            if transport:
                kwargs.update(transport, ip=str(private / name))
            kwargs["connection_file"] = str(private / f"{name}.json")
            super().__init__(**kwargs)

        async def _async_launch_kernel(self, kernel_cmd: list[str], **kwargs) -> None:
            with open(log, "ab") as sink:
                await super()._async_launch_kernel(kernel_cmd, stdout=sink, stderr=sink,
                                                   **kwargs)

    return RunKernelManager


def start_kernel(notebook: str | Path, private: Path, log: Path, cwd: Path | None = None,
                 earlier_figures: Path | None = None) -> AsyncKernelManager:
    """Start a Python kernel in ``cwd`` (default: the notebook's folder) and load the modules
    the notebook imports; the kernel's files live in ``private``, and ``earlier_figures`` are
    the charts it may take over (:func:`private_env`).

    Call :func:`execute` or :func:`shutdown` on the result from the same thread (the kernel's
    messages run on that thread's event loop).
    """
    notebook = Path(notebook)
    manager = kernel_manager_class(private, log)(kernel_name="python3")
    with _alive_lock:
        _alive.add(manager)
    run_sync(manager.start_kernel)(cwd=str(cwd or notebook.parent),
                                   env=private_env(private, earlier_figures),
                                   extra_arguments=["--HistoryManager.enabled=False"])
    client = manager.client()
    try:
        client.start_channels()
        run_sync(client.wait_for_ready)(timeout=START_TIMEOUT)
        run_sync(client.execute_interactive)(
            preload_code(imported_modules(notebook)), silent=True, store_history=False,
            timeout=START_TIMEOUT, output_hook=lambda message: None)
    except BaseException:
        shutdown(manager)
        raise
    finally:
        client.stop_channels()
    return manager


def kill_all() -> None:
    """Kill every kernel this process started that is still running (after Ctrl-C or a crash,
    from any thread); their files go with the run's private folder."""
    with _alive_lock:
        managers = list(_alive)
        _alive.clear()
    for manager in managers:
        process = getattr(manager.provisioner, "process", None)
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()


def shutdown(manager: AsyncKernelManager) -> None:
    """Stop a kernel that :func:`start_kernel` started and :func:`execute` did not use."""
    if run_sync(manager.is_alive)():
        run_sync(manager.shutdown_kernel)(now=True)
    run_sync(manager.cleanup_resources)()
    _forget(manager)


def _forget(manager: AsyncKernelManager) -> None:
    with _alive_lock:
        _alive.discard(manager)


@functools.cache
def _engine() -> str:
    """Register (once) and name a papermill engine that runs notebooks in a given kernel."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class StartedKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, km=None, **kwargs):
            # "immediate": the kernel is stopped at once when the last cell has finished
            # (its outputs are in; a graceful shutdown would wait about a second for it)
            client = PapermillNotebookClient(nb_man, km=km, kernel_name=kernel_name,
                                             startup_timeout=START_TIMEOUT, timeout=None,
                                             log_output=False, shutdown_kernel="immediate")
            # papermill writes the whole executed notebook when each cell starts and ends (the
            # report's is 3 MB of figures); the run reads it only when the notebook is done,
            # success or failure, and papermill writes it then (notebook_complete)
            save, nb_man.save = nb_man.save, lambda **kwargs: None
            try:
                # cleanup_kc: shut the kernel down afterwards although the client did not
                # start it
                return client.execute(cleanup_kc=True)
            finally:
                nb_man.save = save

    papermill_engines.register("localnet", StartedKernelEngine)
    return "localnet"


def execute(notebook: str | Path, output: str | Path, parameters: dict,
            manager: AsyncKernelManager) -> None:
    """Run ``notebook`` with papermill in the started kernel ``manager``, writing ``output``.

    The kernel is shut down afterwards. Raises papermill's ``PapermillExecutionError`` when a
    cell fails (the executed notebook with the error is written to ``output`` first).
    """
    # imported here: papermill's import takes seconds, which input errors should not wait for
    import papermill as pm

    Path(output).parent.mkdir(parents=True, exist_ok=True)
    try:
        pm.execute_notebook(str(notebook), str(output), parameters=parameters,
                            kernel_name="python3", engine_name=_engine(), km=manager,
                            progress_bar=False, log_output=False)
    finally:
        if manager.has_kernel:  # papermill failed before it took the kernel over
            shutdown(manager)
        _forget(manager)
