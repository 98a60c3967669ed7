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
           "texts", "genitive", "round_half_up", "fmt", "counted", "figure_table",
           "data_basis_table",
           "response_warnings", "published_comparison", "title_block", "change_sentence",
           "comparison_lines", "reach_explanation", "top_actors_table", "notes_block",
           "short_label", "html_table", "panel_display", "interval_display", "qap_display",
           "change_verdict", "qap_sentence", "non_response_lines"]

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


def fmt(value: float, decimals: int = 0, language: str = "da", *, sign: bool = False,
        percent: bool = False, grouping: bool = True) -> str:
    """Format a number for the report, rounded half up, as the language writes it.

    The decimal mark, the thousands separator, the minus sign (a real one, −) and the percent
    sign come from the texts file's ``[numbers]`` table. ``sign`` puts a plus before a
    positive number (a change), ``percent`` shows a share (0.2) as a percentage ("20 %"),
    and ``grouping=False`` leaves out the thousands separator. A value that rounds to zero
    has no sign.

    >>> fmt(10.9375, 1), fmt(13.15, 1, "en"), fmt(337)
    ('10,9', '13.2', '337')
    >>> fmt(1072), fmt(1072, language="en"), fmt(1234567.5, 1), fmt(1072, grouping=False)
    ('1.072', '1,072', '1.234.567,5', '1072')
    >>> fmt(-12), fmt(-12, sign=True), fmt(5, sign=True), fmt(-0.18, 2, "en")
    ('−12', '−12', '+5', '−0.18')
    >>> fmt(-0.2, percent=True), fmt(0.854, 1, "en", percent=True), fmt(-0.004, sign=True)
    ('−20\xa0%', '85.4%', '0')
    """
    numbers = texts(language)["numbers"]
    rounded = round_half_up(100 * value if percent else value, decimals)
    digits = f"{abs(rounded):,.{decimals}f}" if grouping else f"{abs(rounded):.{decimals}f}"
    digits = digits.translate({ord(","): numbers["thousands"], ord("."): numbers["decimal"]})
    mark = numbers["minus"] if rounded < 0 else numbers["plus"] if sign and rounded > 0 else ""
    return numbers["percent"].format(n=mark + digits) if percent else mark + digits


def counted(n: int, noun: str, language: str = "da", sign: bool = False) -> str:
    """A count with its noun in the singular or plural: "1 relation", "1.072 relationer";
    with ``sign``, a change: "+1 relation", "−69 relationer".

    ``noun`` names a pair of templates in the texts file's ``[counted]`` table
    (``relation_one``, ``relation_many``).

    >>> counted(1, "relation"), counted(2, "relation"), counted(1072, "relation", "en")
    ('1 relation', '2 relationer', '1,072 relations')
    >>> counted(1, "actor"), counted(0, "actor", "en"), counted(-1, "relation", sign=True)
    ('1 aktør', '0 actors', '−1 relation')
    """
    template = texts(language)["counted"][f"{noun}_{'one' if abs(n) == 1 else 'many'}"]
    return template.format(n=fmt(n, 0, language, sign=sign))


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
        rows[label] = ([fmt(v, 0, language, percent=True) for v in values]
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
        year=r["year"], rate=fmt(r["response_rate"], 0, language, percent=True),
        q=fmt(r["questionnaires"], 0, language), n=fmt(r["actors"], 0, language),
        min=fmt(minimum, 0, language, percent=True))
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
    """The "how to read" box: relation, contact surface, the five forms (each with its
    one-line definition, ``forms_defs``), the hub network."""
    t = texts(study.language)
    hub = {"hub": hub_name, "hub_of": genitive(hub_name, study.language)}
    forms = "".join(f"<li><strong>{_text(name)}:</strong> {_text(definition)}</li>"
                    for name, definition in zip(t["forms"], t["forms_defs"]))
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


def paragraph(text: str, bold: bool = False, screen_only: bool = False) -> HTML:
    """A paragraph of plain text (a sentence with names from the data), shown as written;
    ``screen_only``: left out when the report is printed (how to use the interactive map)."""
    body = _text(text)
    start = '<p class="localnet-screen">' if screen_only else "<p>"
    return HTML(f"{start}<strong>{body}</strong></p>" if bold else f"{start}{body}</p>")


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
        cell=[t["reach_cell"].format(reached=fmt(r, 0, language), actors=fmt(a, 0, language),
                                     share=fmt(s, 0, language, percent=True))
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
        lines.append(t["hub_rank"].format(
            hub=hub_name, rank=fmt(row["rank"], 0, language), n=fmt(len(part), 0, language),
            year=year, relations=counted(int(row["relations"]), "relation", language)))
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
    return ", ".join(f"{y}: {fmt(v, 0, language, percent=True)}"
                     for y, v in zip(part["year"], part["deep_share"]))


def ei_display(ei: pd.DataFrame, language: str = "da") -> pd.DataFrame:
    """The E-I index table with translated group names and two decimals."""
    t = texts(language)
    names = {**t["types"], "all": t["all_types"]}
    table = ei.assign(group=ei["group"].map(names),
                      internal=[fmt(v, 0, language) for v in ei["internal"]],
                      external=[fmt(v, 0, language) for v in ei["external"]],
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
    counts = [c for c in columns if c not in ("period", "network", "jaccard")]
    table = table.assign(**{c: [fmt(v, 0, language) for v in table[c]] for c in counts})
    return table[columns].rename(columns=t["change_cols"])


def movers(change_actors: pd.DataFrame, top: int = 5, language: str = "da",
           gainers: bool = False) -> pd.DataFrame:
    """The ``top`` actors with the largest loss (or gain) of relations, first to last year.

    A tie is never cut: every actor that lost (or gained) as much as the last one shown is
    shown too, so the list can be longer than ``top``.
    """
    t = texts(language)
    table = change_actors.dropna(subset=["change"])
    table = table[table["change"] > 0] if gainers else table[table["change"] < 0]
    table = table.sort_values(["change", "actor_id"], ascending=[not gainers, True])
    if len(table) > top > 0:
        table = table[table["change"].abs() >= abs(table["change"].iloc[top - 1])]
    else:
        table = table.head(top)
    years = [c for c in change_actors.columns if c.startswith("relations_")]
    shown = table[["name", "type", *years, "change"]].assign(
        type=table["type"].map(t["types"]),
        change=[fmt(v, 0, language, sign=True) for v in table["change"]],
        **{c: ["–" if pd.isna(v) else fmt(v, 0, language) for v in table[c]] for c in years})
    return shown.rename(columns={**t["mover_cols"],
                                 **{c: c.removeprefix("relations_") for c in years}})


def robustness_display(robustness: pd.DataFrame, language: str = "da", *,
                       hub_name: str | None = None) -> pd.DataFrame:
    """The union and reciprocated headline figures side by side; the hub's columns are headed
    by ``hub_name`` (without it, as in ``tables.xlsx``)."""
    t = texts(language)
    labels = (t["robust_cols"] if hub_name else
              {**t["robust_cols"], **{k: t["columns"][k] for k in ("hub_partners", "hub_reach")}})
    table = robustness.assign(
        tie_rule=robustness["tie_rule"].map({"union": t["tie_rule_names"]["union"],
                                             "reciprocated": t["tie_rule_names"]["reciprocated"]}),
        relations=[fmt(v, 0, language) for v in robustness["relations"]],
        mean_relations=[fmt(v, 1, language) for v in robustness["mean_relations"]],
        hub_partners=[fmt(v, 0, language) for v in robustness["hub_partners"]],
        hub_reach=[fmt(v, 0, language, percent=True) for v in robustness["hub_reach"]])
    hub_of = genitive(hub_name or "", language)
    return table.rename(columns={key: label.format(hub_of=hub_of)
                                 for key, label in labels.items()})


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
    """How many published figures are reproduced (a sentence), and a line per difference.

    Why the reach percentages differ from a publication's is said apart from the differences
    (:func:`reach_explanation`): it explains figures, it is not one.
    """
    t = texts(language, hub_name)
    n, ok = len(comparison), int(comparison["match"].sum())
    if ok == n:
        return t["published_all"].format(n=fmt(n, 0, language)), []
    lines = []
    for rec in comparison[~comparison["match"]].to_dict("records"):
        decimals = _decimals(rec["published"])
        calc = "–" if pd.isna(rec["computed"]) else fmt(rec["computed"], decimals, language)
        lines.append(t["published_row"].format(
            net=t["networks"][rec["network"]], measure=t["measures"][rec["measure"]],
            year=rec["year"], pub=fmt(rec["published"], decimals, language), calc=calc))
    return (t["published_some"].format(ok=fmt(ok, 0, language), n=fmt(n, 0, language)),
            lines)


def reach_explanation(reach: pd.DataFrame, comparison: pd.DataFrame, hub_name: str,
                      language: str = "da") -> list[str]:
    """Why a published reach can be lower than the report's: a sentence, from the data.

    The report divides the actors the hub reaches by the *other* actors in the area; a
    report that divides by all the actors in the area, the hub included, gets a lower share
    from the same relations (CFBU's 83 % in 2019 is 41 of 49, the kit's 85 % is 41 of 48).
    The sentence is about the last wave of ``reach`` (the waves' ``reach.csv`` with a
    ``year`` column) in which the hub was present; the actors in the area are the published
    figure of ``comparison`` (:func:`published_comparison`) for that wave if there is one,
    otherwise the computed one. Empty if the hub was present in no wave.
    """
    everyone = reach[reach["type"] == "all"].sort_values("year")
    if everyone.empty:
        return []
    last = everyone.iloc[-1]
    year, reached, others = int(last["year"]), int(last["reached"]), int(last["actors"])
    published = comparison[(comparison["year"] == year) & (comparison["network"] == "area")
                           & (comparison["measure"] == "actors")]["published"]
    actors = int(published.iloc[0]) if len(published) else others + 1
    t = texts(language)
    share = fmt(reached / others, 1, language, percent=True) if others else "–"
    return [t["reach_explained"].format(
        hub=hub_name, hub_of=genitive(hub_name, language), year=year,
        reached=fmt(reached, 0, language), others=fmt(others, 0, language),
        actors=fmt(actors, 0, language), share=share,
        share_all=fmt(reached / actors, 1, language, percent=True))]


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
        pct = " (" + fmt(change, 0, language, sign=True, percent=True) + ")"
    return texts(language)["change"].format(
        y0=first["year"], y1=last["year"], net=texts(language, hub_name)["networks_in"][network],
        r0=fmt(first["relations"], 0, language),
        r1=fmt(last["relations"], 0, language), pct=pct,
        m0=fmt(first["mean_relations"], 1, language),
        m1=fmt(last["mean_relations"], 1, language))


def top_actors_table(centrality: pd.DataFrame, top: int = 10,
                     language: str = "da") -> pd.DataFrame:
    """The ``top`` actors by relations with rank (ties share a rank), type and betweenness;
    every actor tied with the last of them is listed too, so the list can be longer."""
    t = texts(language)
    table = centrality.copy()
    table["rank"] = table["relations"].rank(method="min", ascending=False).astype(int)
    table = table.sort_values(["rank", "name", "actor_id"], kind="stable")
    if len(table) > top > 0:
        table = table[table["rank"] <= table["rank"].iloc[top - 1]]
    table = table.assign(type=table["type"].map(t["types"]),
                         relations=[fmt(r, 0, language) for r in table["relations"]],
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


# -- is the change real? (the panel, the bootstrap intervals, QAP) ---------------------------

def _fine(values: Sequence[float], start: int = 2, most: int = 6) -> int:
    """The fewest decimals from ``start`` (up to ``most``) at which no non-zero value of
    ``values`` rounds to 0, so a small change or interval end is never shown as 0."""
    decimals = start
    while decimals < most and any(v and not pd.isna(v) and round_half_up(v, decimals) == 0
                                  for v in values):
        decimals += 1
    return decimals


def _density_places(panel: pd.DataFrame) -> int:
    """Decimals for the panel's densities: enough that none, and no change between two of
    them, shows as 0 (0,020 → 0,016, not 0,02 → 0,02)."""
    before, after = panel["density_before"], panel["density_after"]
    return _fine([*before, *after, *(after - before)])


def _period(from_year: object, to_year: object) -> str:
    return f"{int(from_year)}–{int(to_year)}"


def panel_display(panel: pd.DataFrame, language: str = "da") -> pd.DataFrame:
    """``panel_change.csv`` for the report: one row per period with the panel's actors,
    relations and density before and after, and the relations kept, new and lost."""
    t = texts(language)["uncertainty"]
    decimals = _density_places(panel)
    table = pd.DataFrame({
        "period": [_period(a, b) for a, b in zip(panel["from_year"], panel["to_year"])],
        **{c: [fmt(v, 0, language) for v in panel[c]]
           for c in ("panel_actors", "relations_before", "relations_after")},
        **{c: [fmt(v, decimals, language) for v in panel[c]]
           for c in ("density_before", "density_after")},
        **{c: [fmt(v, 0, language) for v in panel[c]] for c in ("kept", "new", "lost")}})
    return table[list(t["panel_cols"])].rename(columns=t["panel_cols"])


def interval_display(uncertainty: pd.DataFrame, language: str = "da") -> pd.DataFrame:
    """``change_uncertainty.csv`` for the report: per period and measure the panel's change
    and its 95 % interval ("−0,09 til −0,05"); "–" where there is none."""
    t = texts(language)["uncertainty"]
    rows = []
    columns = ["estimate", "ci_low", "ci_high"]
    places = {measure: _fine(part[columns].to_numpy().ravel().tolist())
              for measure, part in uncertainty.groupby("measure")}  # one precision a measure
    for rec in uncertainty.to_dict("records"):
        values = (rec["estimate"], rec["ci_low"], rec["ci_high"])
        decimals = places[rec["measure"]]
        shown = ["–" if pd.isna(v) else fmt(v, decimals, language, sign=True) for v in values]
        rows.append({"period": _period(rec["from_year"], rec["to_year"]),
                     "measure": t[rec["measure"]], "estimate": shown[0],
                     "interval": "–" if pd.isna(rec["ci_low"]) else
                     t["interval"].format(low=shown[1], high=shown[2])})
    table = pd.DataFrame(rows, columns=list(t["interval_cols"]))
    return table.rename(columns=t["interval_cols"])


def qap_display(qap: pd.DataFrame, language: str = "da") -> pd.DataFrame:
    """``qap.csv`` for the report: per period the panel's actors, the QAP correlation (two
    decimals) and its p-value (three); "–" where the correlation is undefined."""
    t = texts(language)["uncertainty"]
    table = pd.DataFrame({
        "period": [_period(a, b) for a, b in zip(qap["from_year"], qap["to_year"])],
        "panel_actors": [fmt(v, 0, language) for v in qap["panel_actors"]],
        "correlation": ["–" if pd.isna(v) else fmt(v, 2, language) for v in qap["correlation"]],
        "p_value": ["–" if pd.isna(v) else fmt(v, 3, language) for v in qap["p_value"]]})
    return table[list(t["qap_cols"])].rename(columns=t["qap_cols"])


def change_verdict(uncertainty: pd.DataFrame, panel: pd.DataFrame, language: str = "da", *,
                   period: tuple[int, int] | None = None) -> str:
    """One plain sentence on the panel's change in density from the first to the last wave
    (or over ``period`` = (from_year, to_year)) and whether its 95 % interval includes 0.

    ``uncertainty`` and ``panel`` are ``change_uncertainty.csv`` and ``panel_change.csv``.
    When the interval lies below (above) 0 and the change is a decline (an increase), the
    sentence says the change is larger than chance variation in the answers can explain;
    otherwise that it may be chance and cannot with certainty be called real. Too small a
    panel (no interval) says so.

    >>> u = pd.DataFrame({"from_year": [2017], "to_year": [2019], "measure": ["density"],
    ...                   "estimate": [-0.07], "ci_low": [-0.09], "ci_high": [-0.05]})
    >>> p = pd.DataFrame({"from_year": [2017], "to_year": [2019], "panel_actors": [40],
    ...                   "density_before": [0.3], "density_after": [0.23]})
    >>> print(change_verdict(u, p, "en"))  # doctest: +NORMALIZE_WHITESPACE
    Among the 40 actors that answered in both 2017 and 2019, density fell by 0.07 (from 0.30
    to 0.23); a 95% interval runs from −0.09 to −0.05, so the decline is larger than chance
    variation in the answers can explain.
    """
    t = texts(language)["uncertainty"]
    y0, y1 = period if period else (int(uncertainty["from_year"].min()),
                                    int(uncertainty["to_year"].max()))
    row = uncertainty[(uncertainty["from_year"] == y0) & (uncertainty["to_year"] == y1)
                      & (uncertainty["measure"] == "density")].iloc[0]
    size = panel[(panel["from_year"] == y0) & (panel["to_year"] == y1)].iloc[0]
    n = int(size["panel_actors"])
    estimate, low, high = row["estimate"], row["ci_low"], row["ci_high"]
    if pd.isna(estimate) or pd.isna(low):
        return t["too_few"].format(y0=y0, y1=y1, who=counted(n, "actor", language))
    d0, d1 = size["density_before"], size["density_after"]
    # the precision of the tables beside it (panel_display, interval_display)
    density = uncertainty[uncertainty["measure"] == "density"]
    decimals = _fine(density[["estimate", "ci_low", "ci_high"]].to_numpy().ravel().tolist())
    places = _density_places(panel)
    values = {"n": fmt(n, 0, language), "y0": y0, "y1": y1, "d0": fmt(d0, places, language),
              "d1": fmt(d1, places, language), "low": fmt(low, decimals, language),
              "high": fmt(high, decimals, language),
              "change": fmt(abs(estimate), decimals, language)}
    if estimate == 0:
        return t["same"].format(**values)
    down = estimate < 0
    real = high < 0 if down else low > 0
    return t["real" if real else "unsure"].format(
        **values, verb=t["fell" if down else "rose"], what=t["decline" if down else "increase"])


def qap_sentence(qap: pd.DataFrame, from_year: int, to_year: int,
                 language: str = "da") -> str:
    """A sentence on the QAP correlation of one period: the relations are more alike than
    chance would make them when the correlation is positive with a p-value below 0.05."""
    t = texts(language)["uncertainty"]
    row = qap[(qap["from_year"] == from_year) & (qap["to_year"] == to_year)].iloc[0]
    if pd.isna(row["correlation"]):
        return t["no_qap"].format(y0=from_year, y1=to_year)
    stable = row["correlation"] > 0 and row["p_value"] < 0.05
    return t["stable" if stable else "unstable"].format(
        y0=from_year, y1=to_year, r=fmt(row["correlation"], 2, language),
        p=fmt(row["p_value"], 3, language))


def non_response_lines(year: int, missing: Sequence[str], one_sided: int, relations: int,
                       language: str = "da") -> list[str]:
    """The non-respondents of a wave by name, and how many of its relations rest on one
    side's answer because the other did not answer (:mod:`..measures.response`)."""
    t = texts(language)["uncertainty"]
    if not missing:
        return [t["no_non_respondents"].format(year=year)]
    return [t["non_respondents"].format(year=year, who=counted(len(missing), "actor", language),
                                        names=", ".join(missing)),
            t["one_sided"].format(year=year, n=fmt(one_sided, 0, language),
                                  total=counted(relations, "relation", language))]
