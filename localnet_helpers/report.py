"""The report's texts and tables, in Danish (default) or English.

Every number in a sentence is computed from the kit's tables; nothing is typed by hand.
Text that comes from the data (actor names, notes) is HTML-escaped before it is shown.
"""

from __future__ import annotations

import html
import textwrap
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from IPython.display import HTML

from .study import Study

__all__ = ["texts", "genitive", "round_half_up", "fmt", "figure_table", "data_basis_table",
           "response_warnings", "published_comparison",
           "title_markdown", "change_sentence", "comparison_sentence", "top_actors_table",
           "notes_markdown", "short_label", "map_labels", "html_table"]

TEXTS = {
    "da": {
        "networks": {"area": "Hele området", "hub": "Medborgercentrets netværk"},
        "types": {"professional": "Professionelle aktører", "volunteer": "Frivillig-organisationer",
                  "citizen": "Borgerdrevne foreninger"},
        "measures": {"actors": "Antal aktører", "relations": "Antal relationer",
                     "mean_relations": "Gennemsnitligt antal relationer per aktør"},
        "years": "Målinger", "hub": "Knudepunkt (ego)", "tie_rule": "Relationsregel",
        "tie_rules": {"union": "mindst én af parterne har angivet kontakt",
                      "reciprocated": "begge parter har angivet kontakt"},
        "area": "Område",
        "def_relation": "En relation er et par af forskellige aktører, der var til stede i "
                        "målingen, hvor {rule}.",
        "def_mean": "Gennemsnitligt antal relationer per aktør = 2 × relationer / aktører "
                    "(hver relation tæller for begge ender). Alle aktører i målingen tæller "
                    "med, også dem uden relationer.",
        "def_hub": "{hub_of} netværk = {hub}, alle aktører med en relation til {hub}, og alle "
                   "relationer mellem dem.",
        "change": "Fra {y0} til {y1} gik antallet af relationer i {net} fra {r0} til {r1} "
                  "({pct}), og det gennemsnitlige antal relationer per aktør fra {m0} til {m1}.",
        "published_all": "Alle {n} offentliggjorte tal genskabes præcist.",
        "published_some": "{ok} af {n} offentliggjorte tal genskabes præcist. Afvigelser:",
        "published_row": "{net}, {measure}, {year}: offentliggjort {pub}, beregnet {calc}",
        "published_cols": {"year": "År", "network": "Netværk", "measure": "Mål",
                           "published": "Offentliggjort", "computed": "Beregnet",
                           "match": "Stemmer"},
        "yes": "ja", "no": "nej",
        "top_cols": {"rank": "Placering", "name": "Aktør", "type": "Aktørtype",
                     "relations": "Relationer", "betweenness": "Betweenness"},
        "relations_axis": "Antal relationer",
        "h_basis": "Datagrundlag",
        "basis_rows": {"actors": "Aktører i området", "questionnaires": "Besvarede spørgeskemaer",
                       "response_rate": "Svarprocent", "rows": "Rækker læst",
                       "surfaces": "Kontaktflader", "agreement_rate": "Gensidighed"},
        "rules": {"name-matched": "Navn genkendt via alias eller anden stavemåde",
                  "personal-data-dropped": "Kolonne med persondata fjernet",
                  "self-contact-dropped": "Kontakt til egen organisation fjernet",
                  "details-without-contact-dropped": "Detaljer ved en 'nej'-kontakt fjernet",
                  "surfaces-count-inferred": "Antal kontaktflader udledt af besvarelsen",
                  "column-not-used": "Kolonne ikke brugt", "empty-row-skipped":
                  "Tom række sprunget over"},
        "def_basis": "Svarprocent = besvarede spørgeskemaer / aktører i området. Gensidighed = "
                     "blandt par, hvor begge har svaret og mindst én nævner den anden, andelen "
                     "hvor begge nævner hinanden. Rettelser ved datarensningen er talt pr. "
                     "regel; hver enkelt står med fil, linje og kolonne i cleaning_log.csv.",
        "low_response": "Svarprocenten i {year} er {rate} ({q} af {n} aktører), under "
                        "{min}. Relationer til aktører, der ikke har svaret, bygger kun på "
                        "de andres svar.",
        "h_notes": "Bemærk", "h_area": "Netværket i hele området",
        "h_hub": "{hub_of} netværk", "h_chart": "Antal relationer per måling",
        "h_published": "Sammenligning med de offentliggjorte tal",
        "h_map": "Netværkskort {year}", "h_top": "De mest centrale aktører i {year}",
        "def_betweenness": "Relationer = antal aktører, aktøren har en relation til. "
                           "Betweenness = andelen af korteste veje mellem to andre aktører, "
                           "der går gennem aktøren (normaliseret, 0–1).",
    },
    "en": {
        "networks": {"area": "Whole area", "hub": "Hub network"},
        "types": {"professional": "Professional actors", "volunteer": "Volunteer organisations",
                  "citizen": "Citizen associations"},
        "measures": {"actors": "Actors", "relations": "Relations",
                     "mean_relations": "Mean relations per actor"},
        "years": "Waves", "hub": "Hub (ego)", "tie_rule": "Tie rule",
        "tie_rules": {"union": "at least one of the two reported a contact",
                      "reciprocated": "both reported a contact"},
        "area": "Area",
        "def_relation": "A relation is a pair of distinct actors present in the wave where "
                        "{rule}.",
        "def_mean": "Mean relations per actor = 2 × relations / actors (each relation counts "
                    "for both ends). Every actor present counts, isolates included.",
        "def_hub": "{hub_of} network = {hub}, every actor with a relation to it, and all "
                   "relations among them.",
        "change": "From {y0} to {y1} the relations in the {net} went from {r0} to {r1} "
                  "({pct}), and mean relations per actor from {m0} to {m1}.",
        "published_all": "All {n} published figures are reproduced exactly.",
        "published_some": "{ok} of {n} published figures are reproduced exactly. Differences:",
        "published_row": "{net}, {measure}, {year}: published {pub}, computed {calc}",
        "published_cols": {"year": "Year", "network": "Network", "measure": "Measure",
                           "published": "Published", "computed": "Computed",
                           "match": "Matches"},
        "yes": "yes", "no": "no",
        "top_cols": {"rank": "Rank", "name": "Actor", "type": "Actor type",
                     "relations": "Relations", "betweenness": "Betweenness"},
        "relations_axis": "Relations",
        "h_basis": "Data basis",
        "basis_rows": {"actors": "Actors in the area", "questionnaires": "Questionnaires",
                       "response_rate": "Response rate", "rows": "Rows read",
                       "surfaces": "Contact surfaces", "agreement_rate": "Agreement"},
        "rules": {"name-matched": "Name recognised by alias or other spelling",
                  "personal-data-dropped": "Personal-data column removed",
                  "self-contact-dropped": "Contact with own organisation removed",
                  "details-without-contact-dropped": "Details of a 'no' contact removed",
                  "surfaces-count-inferred": "Number of surfaces inferred from the answers",
                  "column-not-used": "Column not used", "empty-row-skipped":
                  "Empty row skipped"},
        "def_basis": "Response rate = questionnaires / actors in the area. Agreement = of the "
                     "pairs where both answered and at least one named the other, the share "
                     "where both did. Cleaning changes are counted by rule; each is listed "
                     "with file, line and column in cleaning_log.csv.",
        "low_response": "The response rate in {year} is {rate} ({q} of {n} actors), below "
                        "{min}. Relations with actors who did not answer rest on the others' "
                        "answers only.",
        "h_notes": "Please note", "h_area": "The whole-area network",
        "h_hub": "{hub_of} network", "h_chart": "Relations per wave",
        "h_published": "Comparison with the published figures",
        "h_map": "Network map {year}", "h_top": "The most central actors in {year}",
        "def_betweenness": "Relations = number of actors the actor has a relation with. "
                           "Betweenness = share of shortest paths between two other actors "
                           "that pass through the actor (normalised, 0–1).",
    },
}


def texts(language: str) -> dict:
    """Return the report's labels and sentence templates in ``language`` (``da`` or ``en``)."""
    return TEXTS[language]


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


def genitive(name: str, language: str = "da") -> str:
    """The possessive of a name: Danish adds -s, or an apostrophe after s, x and z.

    >>> genitive("Medborgercentret"), genitive("Nordens Plads"), genitive("Plads", "en")
    ('Medborgercentrets', "Nordens Plads'", "Plads's")
    """
    if language == "da":
        return name + ("'" if name[-1:].lower() in "sxz" else "s")
    return name + "'s"


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
    for rule in [r for r in t["rules"] if r in counts.index]:
        rows[t["rules"][rule]] = [fmt(v, 0, language) for v in counts.loc[rule]]
    return pd.DataFrame.from_dict(rows, orient="index", columns=[str(y) for y in bases.index])


def response_warnings(bases: pd.DataFrame, minimum: float, language: str = "da") -> list[str]:
    """A sentence for every year whose response rate is below ``minimum``."""
    t = texts(language)
    return [t["low_response"].format(
        year=r["year"], rate=fmt(100 * r["response_rate"], 0, language) + " %",
        q=r["questionnaires"], n=r["actors"], min=fmt(100 * minimum, 0, language) + " %")
        for r in bases.sort_values("year").to_dict("records") if r["response_rate"] < minimum]


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


def comparison_sentence(comparison: pd.DataFrame, language: str = "da") -> str:
    """One Markdown paragraph: how many published figures are reproduced, and the differences."""
    t = texts(language)
    n, ok = len(comparison), int(comparison["match"].sum())
    if ok == n:
        return t["published_all"].format(n=n)
    lines = [t["published_some"].format(ok=ok, n=n)]
    for rec in comparison[~comparison["match"]].to_dict("records"):
        decimals = _decimals(rec["published"])
        calc = "–" if pd.isna(rec["computed"]) else fmt(rec["computed"], decimals, language)
        lines.append("- " + t["published_row"].format(
            net=t["networks"][rec["network"]], measure=t["measures"][rec["measure"]],
            year=rec["year"], pub=fmt(rec["published"], decimals, language), calc=calc))
    return "\n".join(lines)


def title_markdown(study: Study, hub_name: str, years: list[int]) -> str:
    """The title block: title, area, waves, hub and tie rule, all from the study's data."""
    t = texts(study.language)
    lines = [f"# {html.escape(study.title)}", ""]
    if study.area:
        lines.append(f"**{t['area']}:** {html.escape(study.area)}  ")
    lines += [
        f"**{t['years']}:** {', '.join(str(y) for y in years)}  ",
        f"**{t['hub']}:** {html.escape(hub_name)}  ",
        f"**{t['tie_rule']}:** {t['tie_rules'][study.tie_rule]}",
    ]
    return "\n".join(lines)


def change_sentence(summary: pd.DataFrame, network: str, network_label: str,
                    language: str = "da") -> str:
    """A sentence on the change in relations from the first to the last year of ``network``."""
    part = summary[summary["network"] == network].sort_values("year")
    first, last = part.iloc[0], part.iloc[-1]
    change = (last["relations"] - first["relations"]) / first["relations"] \
        if first["relations"] else 0.0
    pct = ("+" if change > 0 else "") + fmt(100 * change, 0, language) + " %"
    return texts(language)["change"].format(
        y0=first["year"], y1=last["year"], net=network_label.lower(), r0=first["relations"],
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


def notes_markdown(study: Study) -> str:
    """The study's notes under a heading as a Markdown list, HTML-escaped ("" if none)."""
    if not study.notes:
        return ""
    items = "\n".join(f"- {html.escape(note)}" for note in study.notes)
    return f"**{texts(study.language)['h_notes']}**\n\n{items}"


def short_label(name: str, width: int = 24) -> str:
    """A map label: the name wrapped onto lines of at most ``width`` characters."""
    return "\n".join(textwrap.wrap(name, width=width)) or name


def map_labels(graph, width: int = 24) -> dict[str, str]:
    """Map labels for every actor of ``graph``: its name wrapped by :func:`short_label`."""
    return {node: short_label(data["name"], width) for node, data in graph.nodes(data=True)}


def html_table(table: pd.DataFrame, index: bool = False) -> HTML:
    """A table for the report: cells HTML-escaped, the row index shown only if ``index``."""
    return HTML(table.to_html(index=index, escape=True, border=0, classes="localnet-table"))
