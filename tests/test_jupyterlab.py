"""*Run All* on 07_report in a real JupyterLab, driven by Playwright in Debian's chromium.

The report notebook brings the steps it depends on up to date by itself (its second code cell
calls ``pipeline.bring_up_to_date``), so on a fresh output folder *Run All* must run the
upstream notebooks and end with the report's sections displayed. The test works in a scratch
copy of the layout (``notebooks/``, ``data`` -> the demo study, an empty ``reports/``); the
server's home, settings, workspaces and runtime files are all kept in the test's temporary
folder, as is a screenshot of what the page showed. Needs Debian's chromium (no browser is
downloaded); the test is skipped when it is missing.
"""

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from localnet_helpers.paths import DEMO_STUDY, NOTEBOOKS

pytestmark = pytest.mark.e2e

CHROMIUM = next((p for p in ("/usr/bin/chromium", shutil.which("chromium"),
                             shutil.which("chromium-browser")) if p and Path(p).exists()), None)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TITLE = "Samarbejdet omkring Medborgercentret Nordens Plads (demo)"
SECTION_2 = "3. Datagrundlag"
LAST_SECTION = "14. Noter og forbehold"
RUN_TIMEOUT = 240  # seconds for Run All, upstream steps included


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(proc, url, log, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"jupyter lab exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    pytest.fail(f"jupyter lab did not answer within {seconds} s:\n{log.read_text()[-3000:]}")


@pytest.fixture
def lab(tmp_path):
    """A JupyterLab server on a scratch copy of the layout; yields (base url, token, root)."""
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run should install it")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api")
    root = tmp_path / "layout"
    shutil.copytree(NOTEBOOKS, root / "notebooks")
    (root / "data").symlink_to(DEMO_STUDY)
    (root / "reports").mkdir()
    home = tmp_path / "home"
    env = {**os.environ, "HOME": str(home), "JUPYTER_CONFIG_DIR": str(home / "config"),
           "JUPYTER_DATA_DIR": str(home / "data"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces")}
    for name in ("config", "data", "runtime", "settings", "workspaces"):
        (home / name).mkdir(parents=True)
    port, token = free_port(), secrets.token_hex(16)
    log = tmp_path / "jupyterlab.log"
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}",
           "--ServerApp.port_retries=0", f"--ServerApp.token={token}",
           f"--ServerApp.root_dir={root}", "--ServerApp.open_browser=False",
           "--ServerApp.ip=127.0.0.1",
           # keep the server offline: no news feed, no update check, no PyPI extension manager
           "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
           "--LabApp.extension_manager=readonly"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and CI runners often run as root
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(proc, f"{base}/api/status?token={token}", log)
        yield base, token, root
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def api(base, token, route):
    with urllib.request.urlopen(f"{base}{route}?token={token}", timeout=5) as response:
        return json.load(response)


def wait_for_kernel(page, base, token, seconds=60):
    """Wait until the page's notebook has settled on one idle kernel.

    On a fresh workspace JupyterLab sometimes starts two kernels for the notebook and shuts
    one down a moment later; a *Run All* sent before that is lost. So wait until the server
    has had exactly one kernel, idle and connected, for a few checks in a row, and the
    notebook's kernel indicator shows idle.
    """
    indicator = page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]')
    deadline, steady = time.monotonic() + seconds, 0
    while time.monotonic() < deadline:
        kernels = api(base, token, "/api/kernels")
        ok = (len(kernels) == 1 and kernels[0]["execution_state"] == "idle"
              and kernels[0]["connections"] >= 1 and indicator.count() > 0)
        steady = steady + 1 if ok else 0
        if steady >= 4:
            return
        page.wait_for_timeout(500)
    pytest.fail(f"the notebook's kernel did not settle within {seconds} s: {kernels}")


# The state of the notebook as the page shows it: cells' prompts and outputs' text (textContent,
# so cells that JupyterLab does not paint while out of view count as well).
STATE_JS = """() => {
  const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')]
    .map(e => e.textContent.trim());
  const outputs = [...document.querySelectorAll('.jp-Notebook .jp-OutputArea-output')]
    .map(e => e.textContent);
  const headings = [...document.querySelectorAll(
    '.jp-Notebook .jp-OutputArea-output :is(h1, h2, h3)')].map(e => e.textContent.trim());
  const dialog = document.querySelector('.jp-Dialog');
  return {prompts, outputs, headings, dialog: dialog ? dialog.textContent : null};
}"""


def dismiss_kernel_dialog(page):
    """Answer a kernel-selection dialog, if JupyterLab shows one, with the Python 3 kernel."""
    dialog = page.locator(".jp-Dialog")
    if dialog.count() and dialog.first.is_visible():
        select = dialog.locator("select")
        if select.count():
            options = select.first.locator("option").all_text_contents()
            python = next((o for o in options if "Python 3" in o), None)
            if python:
                select.first.select_option(label=python)
        dialog.get_by_role("button", name=re.compile("^Select")).click(timeout=10_000)


def run_all(page):
    """*Run All Cells* from the Run menu."""
    page.locator(".lm-MenuBar").get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()


def test_run_all_report_in_jupyterlab(lab, tmp_path):
    from playwright.sync_api import sync_playwright

    base, token, root = lab
    url = f"{base}/lab/tree/notebooks/07_report.ipynb?token={token}"
    screenshot = tmp_path / "jupyterlab.png"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                     headless=True, timeout=60_000)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1400})
            page.set_default_timeout(60_000)
            page.goto(url, wait_until="domcontentloaded", timeout=60_000)
            page.locator(".jp-Notebook .jp-CodeCell").first.wait_for(timeout=60_000)
            dismiss_kernel_dialog(page)
            wait_for_kernel(page, base, token)

            run_all(page)
            start, clicks = time.monotonic(), 1
            state, started = page.evaluate(STATE_JS), False
            while time.monotonic() < start + RUN_TIMEOUT:
                if state["dialog"]:
                    dismiss_kernel_dialog(page)
                started = started or any(p != "[ ]:" for p in state["prompts"])
                done = state["prompts"] and all(re.fullmatch(r"\[\d+\]:", p)
                                                for p in state["prompts"])
                failed = any("Traceback" in o or "Error" in o for o in state["outputs"])
                if not started and time.monotonic() > start + 30 and clicks == 1:
                    # a Run All sent while JupyterLab swapped kernels is lost: as a user
                    # would, wait for the kernel and choose Run All once more
                    wait_for_kernel(page, base, token)
                    run_all(page)
                    start, clicks = time.monotonic(), 2
                elif done or failed or (not started and time.monotonic() > start + 30):
                    break
                page.wait_for_timeout(1000)
                state = page.evaluate(STATE_JS)

            heading = page.locator(".jp-OutputArea-output h2", has_text=SECTION_2).first
            if heading.count():
                heading.scroll_into_view_if_needed(timeout=10_000)
                page.wait_for_timeout(500)
            page.screenshot(path=screenshot)
        finally:
            browser.close()

    outputs = state["outputs"]
    errors = [o[-2000:] for o in outputs if "Traceback" in o or "Error" in o]
    assert errors == [], f"an output shows an error (see {screenshot}):\n" + "\n".join(errors)
    assert started, f"Run All did not start any cell within 30 s (see {screenshot})"
    assert all(re.fullmatch(r"\[\d+\]:", p) for p in state["prompts"]), (
        f"Run All did not finish within {RUN_TIMEOUT} s: prompts {state['prompts']}")
    headings = state["headings"]
    for wanted in (TITLE, SECTION_2, LAST_SECTION):
        assert any(h.startswith(wanted) for h in headings), (wanted, headings)
    assert (root / "reports" / "2019" / "relations.csv").is_file()
    assert (root / "reports" / "figures" / "map_2019.png").is_file()
