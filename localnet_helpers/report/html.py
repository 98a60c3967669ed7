"""The report as one self-contained HTML file, converted from the executed report notebook."""

from __future__ import annotations

from pathlib import Path

__all__ = ["TEMPLATES", "export_html", "warm_up"]

#: nbconvert templates of the kit (``localnet``: JupyterLab's, without scripts from a CDN).
TEMPLATES = Path(__file__).parent / "templates"


def _exporter(language: str = "da"):
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="localnet", embed_images=False, language_code=language,
                        extra_template_basedirs=[str(TEMPLATES)],
                        exclude_input=True, exclude_input_prompt=True,
                        exclude_output_prompt=True)


def warm_up() -> None:
    """Load nbconvert and the report's template by converting an empty notebook (about a
    second), so that a run can do it while its notebooks run instead of at its end."""
    import nbformat

    _exporter().from_notebook_node(nbformat.v4.new_notebook())


def export_html(notebook: str | Path, target: str | Path, language: str = "da",
                title: str = "") -> Path:
    """Convert an executed report notebook to one self-contained HTML file titled ``title``.

    Code cells and prompts are hidden, the figures are the notebook's embedded outputs, and no
    script, stylesheet or image is loaded from another host (the ``localnet`` template in
    ``templates/``); no local file is read into the page (nbconvert's ``embed_images`` is off:
    it would embed any file a Markdown image names). Cell ids are renumbered (papermill gives
    its injected cell a random one) so that the same notebook always gives the same HTML.
    """
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    for number, cell in enumerate(nb.cells):
        cell.id = f"cell-{number}"
    if title:
        nb.metadata["title"] = title  # the page's <title>, escaped by the template
    body, _ = _exporter(language).from_notebook_node(nb)
    target = Path(target)
    target.write_text(body, encoding="utf-8")
    return target
