"""The report's texts and tables, in Danish (default) or English.

The texts themselves are data, one file per language (:mod:`localnet_helpers.texts`);
:func:`texts` and :func:`genitive` are imported from there and :func:`short_label` from
:mod:`localnet_helpers.report.figures`, so that notebooks find them here as before.

Every number in a sentence is computed from the kit's tables; nothing is typed by hand.

Nothing from the study reaches the report as Markdown or HTML. Markdown would let a name or a
note pull things in -- ``![k](secret.txt)`` embeds a file from the current folder when the
report is converted, ``[x](javascript:...)`` is a live link, ``![x](https://...)`` loads an
image from another host -- so every block is built as HTML here, with every text from the data
HTML-escaped: the sentence builders return plain text, and :func:`paragraph`,
:func:`warning`, :func:`items`, :func:`note`, :func:`heading`, :func:`html_table`,
:func:`title_block`, :func:`reading_guide` and :func:`notes_block` display it. Names are shown
exactly as written; the study's own title, area and notes (:func:`rich_text`) may use simple
emphasis (``*x*``, ``**x**``) and plain http(s) links, nothing else.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from IPython.display import HTML

from ..inputs.study import Study
from ..texts import genitive, texts
from .figures import short_label

__all__ = ["rich_text", "paragraph", "warning", "items", "heading", "contents",
           "reading_guide", "note", "reach_table", "hub_rank_sentences", "hub_absent_sentences",
           "deep_shares", "ei_display", "change_display", "movers", "robustness_display",
           "texts", "genitive", "round_half_up", "fmt", "figure_table", "data_basis_table",
           "response_warnings", "published_comparison", "title_block", "change_sentence",
           "comparison_lines", "top_actors_table", "notes_block", "short_label",
           "html_table"]

def round_half_up(value: float, decimals: int = 0) -> float:
    """Round as people do on paper: halves away from zero, on the shortest decimal form.

    Python's ``round`` rounds exact halves to even and works on the binary value, so
    ``round(2 * 41 / 8, 1)`` (10.25) gives 10.2 and ``round(2.675, 2)`` gives 2.67;
    this gives 10.3 and 2.68, as hand-made tables do.

    >>> round_half_up(10.25, 1), round_half_up(2.675, 2), round_half_up(10.94, 1)
    (10.3, 2.68, 10.9)
    """
    exact = Decimal(repr(float(value)))
    return float(exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def fmt(value: float, decimals: int = 0, language: str = "da") -> str:
    """Format a number for the report, rounded half up; Danish uses a decimal comma.

    >>> fmt(10.9375, 1), fmt(13.15, 1, "en"), fmt(337)
    ('10,9', '13.2', '337')
    """
    text = f"{round_half_up(value, decimals):.{decimals}f}"
    return text.replace(".", ",") if language == "da" else text


def figure_table(summary: pd.DataFrame, network: str, language: str = "da") -> pd.DataFrame:
    """The report's Figure 6 (``area``) or 7 (``hub``): measures as rows, years as columns."""
    labels = texts(language)["measures"]
    part = summary[summary["network"] == network].set_index("year").sort_index()
    rows = {
        labels["actors"]: [fmt(v, 0, language) for v in part["actors"]],
        labels["relations"]: [fmt(v, 0, language) for v in part["relations"]],
        labels["mean_relations"]: [fmt(v, 1, language) for v in part["mean_relations"]],
    }
    table = pd.DataFrame.from_dict(rows, orient="index", columns=[str(y) for y in part.index])
    table.index.name = None
    return table


def _decimals(value: float) -> int:
    return 0 if float(value).is_integer() else len(repr(float(value)).split(".")[1])


def data_basis_table(bases: pd.DataFrame, logs: pd.DataFrame,
                     language: str = "da") -> pd.DataFrame:
    """The data basis per year (the report's Figure 2, made exact) with changes by rule.

    ``bases`` holds the years' ``data_basis.csv`` rows, ``logs`` their ``cleaning_log.csv``
    rows with a ``year`` column. Measures are rows, years columns.
    """
    t = texts(language)
    bases = bases.set_index("year").sort_index()
    rows = {}
    for key, label in t["basis_rows"].items():
        values = bases[key]
        rows[label] = ([fmt(100 * v, 0, language) + " %" for v in values]
                       if key.endswith("rate") else [fmt(v, 0, language) for v in values])
    counts = logs.groupby(["rule", "year"]).size().unstack(fill_value=0) \
        .reindex(columns=bases.index, fill_value=0)
    known = [r for r in t["rules"] if r in counts.index]
    for rule in known + sorted(set(counts.index) - set(known)):  # a new rule by its name
        rows[t["rules"].get(rule, rule)] = [fmt(v, 0, language) for v in counts.loc[rule]]
    return pd.DataFrame.from_dict(rows, orient="index", columns=[str(y) for y in bases.index])


def response_warnings(bases: pd.DataFrame, minimum: float, language: str = "da") -> list[str]:
    """A sentence for every year whose response rate is below ``minimum``."""
    t = texts(language)
    return [t["low_response"].format(
        year=r["year"], rate=fmt(100 * r["response_rate"], 0, language) + " %",
        q=r["questionnaires"], n=r["actors"], min=fmt(100 * minimum, 0, language) + " %")
        for r in bases.sort_values("year").to_dict("records") if r["response_rate"] < minimum]


def heading(number: int, title: str) -> HTML:
    """Section ``number`` titled ``title`` as an ``<h2>`` with a stable anchor for the
    contents (:func:`contents`); the title is shown as written."""
    return HTML(f'<h2 id="section-{number}">{number}. {html.escape(title)}</h2>')


def contents(titles: Sequence[str], label: str) -> HTML:
    """The table of contents under ``label``: a link to every section, numbered from 1 in
    the order of ``titles`` (the anchors of :func:`heading`)."""
    items = "".join(f'<li><a href="#section-{i}">{html.escape(title)}</a></li>'
                    for i, title in enumerate(titles, start=1))
    return HTML(f'<nav class="localnet-box localnet-toc"><strong>{_text(label)}</strong>'
                f"<ol>{items}</ol></nav>")


def reading_guide(study: Study, hub_name: str) -> HTML:
    """The "how to read" box: relation, contact surface, the five forms, the hub network."""
    t = texts(study.language)
    hub = {"hub": hub_name, "hub_of": genitive(hub_name, study.language)}
    forms = "".join(f"<li><strong>{_text(name)}</strong> ({_text(aside)})</li>"
                    for name, aside in zip(t["forms"], t["forms_aside"]))
    return HTML('<div class="localnet-box">'
                f'<p>{_fill(t["read_relation"], rule=t["tie_rules"][study.tie_rule])}</p>'
                f'<p>{_fill(t["read_surface"])}</p><p>{_fill(t["read_forms"])}</p>'
                f"<ol>{forms}</ol>"
                f'<p>{_fill(t["read_hub"], **hub)}</p></div>')


_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EM = re.compile(r"(?<![*\w])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*\w])")
_LINK = re.compile(r"(?<!!)\[([^\[\]\n]+)\]\((https?://[^\s()<>\"']+)\)")


def _text(text: str) -> str:
    """Text escaped for the content of an HTML element (quotes need no escaping there)."""
    return html.escape(text, quote=False)


def _emphasis(escaped: str) -> str:
    """``**x**`` and ``*x*`` of already escaped text as ``<strong>`` and ``<em>``."""
    return _EM.sub(r"<em>\1</em>", _STRONG.sub(r"<strong>\1</strong>", escaped))


def _fill(template: str, **values: object) -> str:
    """HTML of one of the kit's own templates: its ``**bold**`` rendered, then ``values``
    (names from the data) put in escaped, so a name is never read as markup."""
    return _emphasis(_text(template)).format(
        **{key: _text(str(value)) for key, value in values.items()})


def rich_text(text: str) -> str:
    """HTML of a text the study's author wrote (title, area, notes): every character shown as
    written except simple emphasis and plain web links.

    ``**x**`` becomes bold, ``*x*`` italic and ``[text](https://...)`` (or ``http://``) a link
    that opens without telling the target where it came from. Everything else stays text:
    HTML, images (``![x](...)``), other link targets (``javascript:``, files), ``$``.

    >>> rich_text("See *this* and [the report](https://example.org/?a=1&b=2).")
    'See <em>this</em> and <a href="https://example.org/?a=1&amp;b=2" \
rel="noopener noreferrer">the report</a>.'
    >>> rich_text("![k](secret.txt) [x](javascript:alert(1)) <b>$5</b>")
    '![k](secret.txt) [x](javascript:alert(1)) &lt;b&gt;$5&lt;/b&gt;'
    """
    parts, start = [], 0
    for match in _LINK.finditer(text):
        parts.append(_emphasis(_text(text[start:match.start()])))
        parts.append(f'<a href="{html.escape(match[2])}" rel="noopener noreferrer">'
                     f"{_emphasis(_text(match[1]))}</a>")
        start = match.end()
    parts.append(_emphasis(_text(text[start:])))
    return "".join(parts)


def paragraph(text: str, bold: bool = False) -> HTML:
    """A paragraph of plain text (a sentence with names from the data), shown as written."""
    body = _text(text)
    return HTML(f"<p><strong>{body}</strong></p>" if bold else f"<p>{body}</p>")


def warning(text: str) -> HTML:
    """A warning to the reader (e.g. a low response rate), shown as written."""
    return HTML(f'<p class="localnet-warning">{_text(text)}</p>')


def items(lines: list[str]) -> HTML:
    """A bulleted list of plain-text lines, shown as written."""
    return HTML("<ul>" + "".join(f"<li>{_text(line)}</li>" for line in lines) + "</ul>")


def note(text: str) -> HTML:
    """A definition or caveat under a table or figure, escaped."""
    return HTML(f'<p class="localnet-note">{html.escape(text)}</p>')


def reach_table(reach: pd.DataFrame, language: str = "da") -> pd.DataFrame:
    """The hub's reach per type (rows) and year (columns): "25 af 30 (83 %)"."""
    t = texts(language)
    names = {**t["types"], "all": t["reach_all"]}
    table = reach.assign(
        cell=[t["reach_cell"].format(reached=r, actors=a, share=fmt(100 * s, 0, language) + " %")
              for r, a, s in zip(reach["reached"], reach["actors"], reach["share"])],
        type=reach["type"].map(names))
    wide = table.pivot(index="type", columns="year", values="cell")
    wide = wide.reindex([names[k] for k in names])
    wide.columns = [str(c) for c in wide.columns]
    return wide.rename_axis(None)


def hub_rank_sentences(centrality: pd.DataFrame, hub: str, hub_name: str,
                       language: str = "da") -> list[str]:
    """One sentence per year on the hub's rank by relations (``centrality`` has ``year``);
    for a year the hub was not present, the sentence of :func:`hub_absent_sentences`."""
    t = texts(language)
    lines = []
    for year, part in centrality.groupby("year"):
        rows = part[part["actor_id"] == hub]
        if rows.empty:
            lines += hub_absent_sentences(part, hub, hub_name, language)
            continue
        row = rows.iloc[0]
        lines.append(t["hub_rank"].format(hub=hub_name, rank=row["rank"], n=len(part),
                                          year=year, relations=row["relations"]))
    return lines


def hub_absent_sentences(centrality: pd.DataFrame, hub: str, hub_name: str,
                         language: str = "da") -> list[str]:
    """A sentence for every year of ``centrality`` (the years' ``centrality.csv`` with a
    ``year`` column: one row per actor present) in which the hub was not present, e.g. a
    baseline measured before the centre opened: its network has no actors that year."""
    present = set(centrality.loc[centrality["actor_id"] == hub, "year"])
    template = texts(language)["hub_absent"]
    return [template.format(hub=hub_name, year=year, hub_of=genitive(hub_name, language))
            for year in sorted(set(centrality["year"]) - present)]


def deep_shares(summary: pd.DataFrame, network: str, language: str = "da") -> str:
    """"2017: 28 %, 2018: 27 %, ..." for a network's ``deep_share``."""
    part = summary[summary["network"] == network].sort_values("year")
    return ", ".join(f"{y}: {fmt(100 * v, 0, language)} %"
                     for y, v in zip(part["year"], part["deep_share"]))


def ei_display(ei: pd.DataFrame, language: str = "da") -> pd.DataFrame:
    """The E-I index table with translated group names and two decimals."""
    t = texts(language)
    names = {**t["types"], "all": t["all_types"]}
    table = ei.assign(group=ei["group"].map(names),
                      ei_index=["–" if pd.isna(v) else fmt(v, 2, language)
                                for v in ei["ei_index"]])
    return table.rename(columns=t["ei_cols"])


def change_display(change: pd.DataFrame, language: str = "da",
                   hub_name: str = "hub") -> pd.DataFrame:
    """``change.csv`` for the report: one row per period and network."""
    t = texts(language, hub_name)
    table = change.assign(
        period=[f"{a}–{b}" for a, b in zip(change["from_year"], change["to_year"])],
        network=change["network"].map(t["networks"]),
        jaccard=[fmt(v, 2, language) for v in change["jaccard"]])
    columns = list(t["change_cols"])
    return table[columns].rename(columns=t["change_cols"])


def movers(change_actors: pd.DataFrame, top: int = 5, language: str = "da",
           gainers: bool = False) -> pd.DataFrame:
    """The ``top`` actors with the largest loss (or gain) of relations, first to last year."""
    t = texts(language)
    table = change_actors.dropna(subset=["change"])
    table = table[table["change"] > 0] if gainers else table[table["change"] < 0]
    table = table.sort_values(["change", "actor_id"], ascending=[not gainers, True]).head(top)
    years = [c for c in change_actors.columns if c.startswith("relations_")]
    shown = table[["name", "type", *years, "change"]].assign(
        type=table["type"].map(t["types"]),
        change=[f"{int(v):+d}" for v in table["change"]],
        **{c: ["–" if pd.isna(v) else str(int(v)) for v in table[c]] for c in years})
    return shown.rename(columns={**t["mover_cols"],
                                 **{c: c.removeprefix("relations_") for c in years}})


def robustness_display(robustness: pd.DataFrame, language: str = "da") -> pd.DataFrame:
    """The union and reciprocated headline figures side by side."""
    t = texts(language)
    table = robustness.assign(
        tie_rule=robustness["tie_rule"].map({"union": t["tie_rule_names"]["union"],
                                             "reciprocated": t["tie_rule_names"]["reciprocated"]}),
        mean_relations=[fmt(v, 1, language) for v in robustness["mean_relations"]],
        hub_reach=[fmt(100 * v, 0, language) + " %" for v in robustness["hub_reach"]])
    return table.rename(columns=t["robust_cols"])


def published_comparison(summary: pd.DataFrame, study: Study) -> pd.DataFrame:
    """Published figures beside the computed ones, rounded to the published precision.

    Columns ``year,network,measure,published,computed,match``; empty if the study declares
    no published figures. ``match`` is True when the computed value rounded to the published
    number of decimals equals the published value.
    """
    published = study.published_table()
    columns = ["year", "network", "measure", "published", "computed", "match"]
    if published.empty:
        return pd.DataFrame(columns=columns)
    long = summary.melt(id_vars=["year", "network"], var_name="measure", value_name="computed")
    table = published.merge(long, on=["year", "network", "measure"], how="left")
    table["computed"] = [round_half_up(c, _decimals(p)) if pd.notna(c) else c
                         for p, c in zip(table["published"], table["computed"])]
    table["match"] = table["computed"] == table["published"]
    return table[columns]


def comparison_lines(comparison: pd.DataFrame, language: str = "da",
                     hub_name: str = "hub") -> tuple[str, list[str]]:
    """How many published figures are reproduced (a sentence), and a line per difference."""
    t = texts(language, hub_name)
    n, ok = len(comparison), int(comparison["match"].sum())
    if ok == n:
        return t["published_all"].format(n=n), []
    lines = []
    for rec in comparison[~comparison["match"]].to_dict("records"):
        decimals = _decimals(rec["published"])
        calc = "–" if pd.isna(rec["computed"]) else fmt(rec["computed"], decimals, language)
        lines.append(t["published_row"].format(
            net=t["networks"][rec["network"]], measure=t["measures"][rec["measure"]],
            year=rec["year"], pub=fmt(rec["published"], decimals, language), calc=calc))
    return t["published_some"].format(ok=ok, n=n), lines


def title_block(study: Study, hub_name: str, years: list[int]) -> HTML:
    """The title block: title, area, waves, hub and tie rule, all from the study's data.

    The title and area are the study author's text (:func:`rich_text`); the hub's name is
    shown as written.
    """
    t = texts(study.language)
    rows = [(t["area"], rich_text(study.area))] if study.area else []
    rows += [(t["years"], ", ".join(str(y) for y in years)),
             (t["hub"], _text(hub_name)),
             (t["tie_rule"], _text(t["tie_rules"][study.tie_rule]))]
    lines = "<br>\n".join(f"<strong>{_text(label)}:</strong> {value}"
                          for label, value in rows)
    return HTML(f'<h1 id="title">{rich_text(study.title)}</h1>\n<p>{lines}</p>')


def change_sentence(summary: pd.DataFrame, network: str, hub_name: str,
                    language: str = "da") -> str:
    """A sentence on the change in relations from the first to the last year of ``network``."""
    part = summary[summary["network"] == network].sort_values("year")
    first, last = part.iloc[0], part.iloc[-1]
    pct = ""  # no percentage of a change from no relations
    if first["relations"]:
        change = (last["relations"] - first["relations"]) / first["relations"]
        pct = " (" + ("+" if change > 0 else "") + fmt(100 * change, 0, language) + " %)"
    return texts(language)["change"].format(
        y0=first["year"], y1=last["year"], net=texts(language, hub_name)["networks_in"][network],
        r0=first["relations"],
        r1=last["relations"], pct=pct, m0=fmt(first["mean_relations"], 1, language),
        m1=fmt(last["mean_relations"], 1, language))


def top_actors_table(centrality: pd.DataFrame, top: int = 10,
                     language: str = "da") -> pd.DataFrame:
    """The ``top`` actors by relations with rank (ties share a rank), type and betweenness."""
    t = texts(language)
    table = centrality.copy()
    table["rank"] = table["relations"].rank(method="min", ascending=False).astype(int)
    table = table.head(top)
    table = table.assign(type=table["type"].map(t["types"]),
                         betweenness=[fmt(b, 3, language) for b in table["betweenness"]])
    columns = ["rank", "name", "type", "relations", "betweenness"]
    return table[columns].rename(columns=t["top_cols"]).reset_index(drop=True)


def notes_block(study: Study) -> HTML:
    """The study's notes (:func:`rich_text`) under a heading as a list (empty if none)."""
    if not study.notes:
        return HTML("")
    listed = "".join(f"<li>{rich_text(note)}</li>" for note in study.notes)
    return HTML(f"<p><strong>{_text(texts(study.language)['h_notes'])}</strong></p>"
                f"<ul>{listed}</ul>")


def html_table(table: pd.DataFrame, index: bool = False) -> HTML:
    """A table for the report: cells HTML-escaped, the row index shown only if ``index``."""
    return HTML(table.to_html(index=index, escape=True, border=0, classes="localnet-table"))
