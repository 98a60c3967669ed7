"""The demo report printed on A4 from headless Chromium, as a reader prints it.

Asserts that printing loses nothing: every table header of the report is in the PDF's text
(``pdftotext``), so no column is cut off at the page's edge. Needs Debian's chromium and
poppler-utils, which .ci/run installs; outside CI the test is skipped when one is missing.
The PDF and its text are kept in the test's temporary folder.
"""

import html
import os
import re
import shutil
import subprocess

import pytest

pytestmark = pytest.mark.e2e

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PDFTOTEXT = shutil.which("pdftotext")


def print_to_pdf(page, folder):
    if not (CHROMIUM and PDFTOTEXT):
        if os.environ.get("CI"):
            pytest.fail("chromium or pdftotext is not installed; .ci/run should install them")
        pytest.skip("chromium or pdftotext is not installed (apt-get install chromium "
                    "poppler-utils)")
    pdf = folder / "report.pdf"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--no-first-run", "--disable-component-update", f"--user-data-dir={folder / 'p'}",
             "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
             "--virtual-time-budget=5000", "--no-pdf-header-footer", f"--print-to-pdf={pdf}"]
    done = subprocess.run([CHROMIUM, *flags, page.as_uri()], capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0 and pdf.exists(), done.stderr[-2000:]
    text = subprocess.run([PDFTOTEXT, pdf, "-"], capture_output=True, text=True, check=True,
                          timeout=60).stdout
    (folder / "report.txt").write_text(text, encoding="utf-8")
    return pdf, text


def words(text: str) -> str:
    return " ".join(text.split())


def table_headers(page: str) -> list[str]:
    """The header cells of every table of the report, as text."""
    heads = re.findall(r'<table class="localnet-table">\s*<thead>(.*?)</thead>', page, re.S)
    cells = [c for head in heads for c in re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)]
    return [html.unescape(c) for c in cells if c.strip()]


def test_printing_loses_no_column(demo_run, tmp_path):
    page = (demo_run[0] / "report.html").read_text(encoding="utf-8")
    headers = table_headers(page)
    assert len(set(headers)) > 25  # the change table alone has ten
    assert "Aktører forsvundet" in headers and "Blevet mindre dybe" in headers
    pdf, text = print_to_pdf(demo_run[0] / "report.html", tmp_path)
    printed = words(text)
    missing = sorted({h for h in headers if words(h) not in printed})
    assert missing == []
    assert 10 <= text.count("\f") <= 40  # pages: the maps fit a page each, nothing runs away
    # every numbered table and figure is printed, each number once as a caption
    for kind in ("Tabel", "Figur"):
        shown = re.findall(rf"<strong>{kind} (\d+)\.</strong>", page)
        assert shown and all(f"{kind} {n}. " in printed for n in shown)
