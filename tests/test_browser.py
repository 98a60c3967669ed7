"""The report opened in headless Chromium with the network blocked, as a reader would.

Asserts that the page asks no other host for anything, logs nothing to the console (so no
script fails and no name from the data runs as code), and renders; the screenshot is kept in
the test's temporary folder. Needs Debian's chromium, which .ci/run installs; outside CI the
test is skipped when chromium is missing.
"""

import json
import os
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.e2e

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def open_in_chromium(page, folder):
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed; .ci/run should install it")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    netlog, screenshot = folder / "net.json", folder / "report.png"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={folder / 'profile'}", "--enable-logging=stderr", "--log-level=0",
             "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
             f"--log-net-log={netlog}", "--virtual-time-budget=5000", "--window-size=1200,3000"]
    shot = subprocess.run([CHROMIUM, *flags, f"--screenshot={screenshot}", page.as_uri()],
                          capture_output=True, text=True, timeout=180)
    dom = subprocess.run([CHROMIUM, *flags[:-3], "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=180)
    return shot, dom, netlog, screenshot


def page_requests(netlog):
    """URLs the page itself asked for (not the browser's own background calls)."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return sorted({e["params"]["url"] for e in log["events"]
                   if e["type"] == start
                   and e["params"].get("network_isolation_key", "").startswith("file://")
                   and not e["params"]["url"].startswith(("file:", "data:"))})


@pytest.mark.parametrize("which", ["demo", "toy"])
def test_report_opens_offline_without_errors(which, demo_run, toy_run, tmp_path):
    out = demo_run[0] if which == "demo" else toy_run
    shot, dom, netlog, screenshot = open_in_chromium(out / "report.html", tmp_path)
    assert shot.returncode == 0, shot.stderr[-2000:]
    assert page_requests(netlog) == []
    console = [line for line in shot.stderr.splitlines() + dom.stderr.splitlines()
               if ":CONSOLE" in line]
    assert console == []
    assert screenshot.stat().st_size > 50_000
    # every section, numbered on; the toy has one wave: no sections comparing waves
    last = 15 if which == "demo" else 12
    assert f'id="section-{last}"' in dom.stdout and f'id="section-{last + 1}"' not in dom.stdout
    assert 'id="table-1"' in dom.stdout and 'id="figure-1"' in dom.stdout
    if which == "toy":
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom.stdout
        assert "<script>alert(1)</script>" not in dom.stdout
