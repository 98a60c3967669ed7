"""The report as one self-contained HTML file, converted from the executed report notebook."""

from __future__ import annotations

from pathlib import Path

__all__ = ["TEMPLATES", "export_html"]

#: nbconvert templates of the kit (``localnet``: JupyterLab's, without scripts from a CDN).
TEMPLATES = Path(__file__).parent / "templates"


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
    from nbconvert import HTMLExporter

    nb = nbformat.read(str(notebook), as_version=4)
    for number, cell in enumerate(nb.cells):
        cell.id = f"cell-{number}"
    if title:
        nb.metadata["title"] = title  # the page's <title>, escaped by the template
    exporter = HTMLExporter(template_name="localnet", embed_images=False, language_code=language,
                            extra_template_basedirs=[str(TEMPLATES)],
                            exclude_input=True, exclude_input_prompt=True,
                            exclude_output_prompt=True)
    body, _ = exporter.from_notebook_node(nb)
    target = Path(target)
    target.write_text(body, encoding="utf-8")
    return target
