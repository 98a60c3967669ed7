"""The report's texts and tables, in Danish (default) or English.

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
import textwrap
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from IPython.display import HTML

from ..inputs.study import Study

__all__ = ["rich_text", "paragraph", "warning", "items", "heading", "contents",
           "reading_guide", "note", "reach_table", "hub_rank_sentences", "hub_absent_sentences",
           "deep_shares", "ei_display", "change_display", "movers", "robustness_display",
           "texts", "genitive", "round_half_up", "fmt", "figure_table", "data_basis_table",
           "response_warnings", "published_comparison", "title_block", "change_sentence",
           "comparison_lines", "top_actors_table", "notes_block", "short_label",
           "html_table"]

TEXTS = {
    "da": {
        "networks": {"area": "Hele området", "hub": "{hub_of} netværk"},
        "networks_in": {"area": "hele området", "hub": "{hub_of} netværk"},
        "types": {"professional": "Professionelle aktører", "volunteer": "Frivillig-organisationer",
                  "citizen": "Borgerdrevne foreninger"},
        "measures": {"actors": "Antal aktører", "relations": "Antal relationer",
                     "mean_relations": "Gennemsnitligt antal relationer per aktør"},
        "years": "Målinger", "hub": "Knudepunkt (ego)", "tie_rule": "Relationsregel",
        "tie_rule_names": {"union": "Mindst én part", "reciprocated": "Begge parter"},
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
        "change": "Fra {y0} til {y1} gik antallet af relationer i {net} fra {r0} til "
                  "{r1}{pct}, og det gennemsnitlige antal relationer per aktør fra {m0} til "
                  "{m1}.",
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
                  "Tom række sprunget over",
                  "personal-data-masked": "E-mail eller telefonnummer i fritekst skjult",
                  "respondent-in-two-blocks": "Besvarelse i to adskilte blokke (markeret)"},
        "def_basis": "Svarprocent = besvarede spørgeskemaer / aktører i området. Gensidighed = "
                     "blandt par, hvor begge har svaret og mindst én nævner den anden, andelen "
                     "hvor begge nævner hinanden. Rettelser ved datarensningen er talt pr. "
                     "regel; hver enkelt står med fil, linje og kolonne i cleaning_log.csv.",
        "low_response": "Svarprocenten i {year} er {rate} ({q} af {n} aktører), under "
                        "{min}. Relationer til aktører, der ikke har svaret, bygger kun på "
                        "de andres svar.",
        "sections": ["Sådan læses rapporten", "Datagrundlag", "Netværkskort",
                     "Ændringer mellem målingerne", "Netværkets omfang (figur 6 og 7)",
                     "Centrale aktører", "{hub_of} rækkevidde", "Samarbejdets dybde",
                     "Samarbejde på tværs af sektorer", "Formål og målgrupper",
                     "Hvad ændrede sig?", "Noter og forbehold"],
        "toc": "Indhold",
        "read_relation": "**Relation:** to aktører, der har været i kontakt inden for de seneste "
                         "to måneder ({rule}).",
        "read_surface": "**Kontaktflade:** én konkret ting, to aktører har været i kontakt om "
                        "(fx et ledelsesmøde eller en byfest). En relation kan have flere.",
        "read_forms": "**Samarbejdsformer**, fra den mindst til den mest forpligtende:",
        "read_hub": "**{hub_of} netværk:** {hub}, alle aktører med en relation til {hub}, og "
                    "relationerne mellem dem.",
        "map_note": "Farve = aktørtype, størrelse = antal relationer, navne på de {top} "
                    "aktører med flest relationer. Hver aktør har samme plads på alle kort. "
                    "Inden for den inderste stiplede cirkel: aktører, der på et tidspunkt har "
                    "haft en relation til {hub}; blege prikker er ikke i {hub_of} netværk i "
                    "det pågældende år.",
        "outside_hub": "Ikke i netværket dette år",
        "map_title": "Netværkskort {year}",
        "interactive": "Interaktivt kort {year}: hold musen over en aktør for navn, type og "
                       "relationer; rul for at zoome, træk for at flytte, dobbeltklik for at "
                       "nulstille.",
        "relations_word": "relationer",
        "change_title": "Relationer {y0} → {y1}",
        "change_names": {"kept": "Fortsat", "new": "Ny", "lost": "Ophørt"},
        "change_note": "Kun relationer mellem aktører, der var til stede i begge år. Grå = "
                       "fortsat, grøn = ny, rød stiplet = ophørt.",
        "mean_axis": "Gns. relationer per aktør",
        "top_axis": "Relationer",
        "hub_absent": "{hub} var ikke til stede i {year}, så {hub_of} netværk har ingen "
                      "aktører og ingen relationer det år.",
        "hub_rank": "{hub} er nr. {rank} af {n} aktører målt på antal relationer i {year} "
                    "({relations} relationer).",
        "reach_cols": {"type": "Aktørtype"},
        "reach_cell": "{reached} af {actors} ({share})",
        "reach_all": "Alle aktører",
        "def_reach": "Rækkevidde = andelen af de øvrige aktører i området, som {hub} har en "
                     "relation til. Antal står altid ved procenten.",
        "scopes": {"area": "Hele området", "hub_network": "{hub_of} netværk",
                   "hub_relations": "{hub_of} egne relationer",
                   "other_relations": "Øvrige relationer"},
        "share_axis": "Andel af relationerne (%)",
        "def_depth": "En relations dybde er den dybeste samarbejdsform, som en af parterne har "
                     "angivet. Dybe relationer = samordne eller samskabe. Andel dybe "
                     "relationer: {shares}.",
        "deep_word": "dybe",
        "density_axis": "Tæthed",
        "def_mixing": "Tal = antal relationer (tæthed = andel af de mulige relationer). E-I-"
                      "indeks = (eksterne − interne relationer) / alle, fra −1 (kun inden for "
                      "egen type) til +1 (kun på tværs).",
        "ei_cols": {"group": "Gruppe", "internal": "Interne", "external": "Eksterne",
                    "ei_index": "E-I-indeks"},
        "all_types": "Alle",
        "purpose": "Formål", "target_group": "Målgruppe", "blank": "(ikke angivet)",
        "surface_share_axis": "Andel af kontaktfladerne (%)",
        "def_categories": "Kontaktflader i {year} efter formål og målgruppe, som "
                          "respondenterne har angivet dem.",
        "change_cols": {"period": "Periode", "network": "Netværk", "kept": "Fortsat",
                        "new": "Nye", "lost": "Ophørte", "jaccard": "Jaccard",
                        "entered": "Aktører kommet til", "left": "Aktører forsvundet",
                        "deeper": "Blevet dybere", "shallower": "Blevet mindre dybe"},
        "def_change": "Fortsat, nye og ophørte relationer tælles blandt aktører, der var til "
                      "stede i begge år. Jaccard = fortsatte / (fortsatte + nye + ophørte).",
        "losers": "Største fald i antal relationer {y0}–{y1}",
        "gainers": "Største stigning i antal relationer {y0}–{y1}",
        "mover_cols": {"name": "Aktør", "type": "Aktørtype", "change": "Ændring"},
        "robust_title": "Hvor meget afhænger af, at kun den ene part har angivet relationen?",
        "robust_cols": {"year": "År", "tie_rule": "Relationsregel", "relations": "Relationer",
                        "mean_relations": "Gns. relationer per aktør",
                        "hub_partners": "Knudepunktets relationer",
                        "hub_reach": "Rækkevidde"},
        "def_robust": "Under den gensidige regel tæller kun relationer, som begge parter har "
                      "angivet (eller hvor den anden part ikke har svaret).",
        "h_notes": "Bemærk", "h_area": "Netværket i hele området",
        "h_hub": "{hub_of} netværk", "h_chart": "Antal relationer per måling",
        "h_published": "Sammenligning med de offentliggjorte tal",
        "h_map": "Netværkskort {year}", "h_top": "De mest centrale aktører i {year}",
        "def_betweenness": "Relationer = antal aktører, aktøren har en relation til. "
                           "Betweenness = andelen af korteste veje mellem to andre aktører, "
                           "der går gennem aktøren (normaliseret, 0–1).",
    },
    "en": {
        "networks": {"area": "Whole area", "hub": "{hub_of} network"},
        "networks_in": {"area": "whole area", "hub": "{hub_of} network"},
        "types": {"professional": "Professional actors", "volunteer": "Volunteer organisations",
                  "citizen": "Citizen associations"},
        "measures": {"actors": "Actors", "relations": "Relations",
                     "mean_relations": "Mean relations per actor"},
        "years": "Waves", "hub": "Hub (ego)", "tie_rule": "Tie rule",
        "tie_rule_names": {"union": "Either side", "reciprocated": "Both sides"},
        "tie_rules": {"union": "at least one of the two reported a contact",
                      "reciprocated": "both reported a contact"},
        "area": "Area",
        "def_relation": "A relation is a pair of distinct actors present in the wave where "
                        "{rule}.",
        "def_mean": "Mean relations per actor = 2 × relations / actors (each relation counts "
                    "for both ends). Every actor present counts, isolates included.",
        "def_hub": "{hub_of} network = {hub}, every actor with a relation to it, and all "
                   "relations among them.",
        "change": "From {y0} to {y1} the relations in the {net} went from {r0} to "
                  "{r1}{pct}, and mean relations per actor from {m0} to {m1}.",
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
                  "Empty row skipped",
                  "personal-data-masked": "E-mail or phone number in free text masked",
                  "respondent-in-two-blocks": "Answers in two separate blocks (flagged)"},
        "def_basis": "Response rate = questionnaires / actors in the area. Agreement = of the "
                     "pairs where both answered and at least one named the other, the share "
                     "where both did. Cleaning changes are counted by rule; each is listed "
                     "with file, line and column in cleaning_log.csv.",
        "low_response": "The response rate in {year} is {rate} ({q} of {n} actors), below "
                        "{min}. Relations with actors who did not answer rest on the others' "
                        "answers only.",
        "sections": ["How to read this report", "Data basis", "Network maps",
                     "Change between waves", "Size of the networks (Figures 6 and 7)",
                     "Central actors", "{hub_of} reach", "Depth of collaboration",
                     "Collaboration across sectors", "Purposes and target groups",
                     "What changed?", "Notes and caveats"],
        "toc": "Contents",
        "read_relation": "**Relation:** two actors who were in contact during the last two "
                         "months ({rule}).",
        "read_surface": "**Contact surface:** one distinct thing two actors were in contact "
                        "about (a management meeting, a street party). A relation can have "
                        "several.",
        "read_forms": "**Collaboration forms**, from the least to the most committing:",
        "read_hub": "**{hub_of} network:** {hub}, every actor with a relation to it, and the "
                    "relations among them.",
        "map_note": "Colour = actor type, size = number of relations, names on the {top} "
                    "actors with most relations. Every actor keeps its place on every map. "
                    "Inside the inner dashed circle: actors that had a relation to {hub} in "
                    "some year; pale dots are not in {hub_of} network that year.",
        "outside_hub": "Not in the network this year",
        "map_title": "Network map {year}",
        "interactive": "Interactive map {year}: hover over an actor for its name, type and "
                       "relations; scroll to zoom, drag to move, double-click to reset.",
        "relations_word": "relations",
        "change_title": "Relations {y0} → {y1}",
        "change_names": {"kept": "Kept", "new": "New", "lost": "Lost"},
        "change_note": "Only relations between actors present in both years. Grey = kept, "
                       "green = new, red dashed = lost.",
        "mean_axis": "Mean relations per actor",
        "top_axis": "Relations",
        "hub_absent": "{hub} was not present in {year}, so {hub_of} network has no actors "
                      "and no relations that year.",
        "hub_rank": "{hub} ranks {rank} of {n} actors by relations in {year} ({relations} "
                    "relations).",
        "reach_cols": {"type": "Actor type"},
        "reach_cell": "{reached} of {actors} ({share})",
        "reach_all": "All actors",
        "def_reach": "Reach = the share of the other actors in the area that {hub} has a "
                     "relation with. Counts always stand beside the share.",
        "scopes": {"area": "Whole area", "hub_network": "{hub_of} network",
                   "hub_relations": "{hub_of} own relations",
                   "other_relations": "All other relations"},
        "share_axis": "Share of relations (%)",
        "def_depth": "A relation's depth is the deepest collaboration form either side "
                     "reported. Deep relations = joint work or co-creation. Share of deep "
                     "relations: {shares}.",
        "deep_word": "deep",
        "density_axis": "Density",
        "def_mixing": "Number = relations (density = share of the possible relations). E-I "
                      "index = (external − internal relations) / all, from −1 (only within "
                      "the type) to +1 (only across types).",
        "ei_cols": {"group": "Group", "internal": "Internal", "external": "External",
                    "ei_index": "E-I index"},
        "all_types": "All",
        "purpose": "Purpose", "target_group": "Target group", "blank": "(not given)",
        "surface_share_axis": "Share of contact surfaces (%)",
        "def_categories": "Contact surfaces in {year} by purpose and target group, as the "
                          "respondents gave them.",
        "change_cols": {"period": "Period", "network": "Network", "kept": "Kept",
                        "new": "New", "lost": "Lost", "jaccard": "Jaccard",
                        "entered": "Actors entered", "left": "Actors left",
                        "deeper": "Got deeper", "shallower": "Got shallower"},
        "def_change": "Kept, new and lost relations are counted among actors present in both "
                      "years. Jaccard = kept / (kept + new + lost).",
        "losers": "Largest losses of relations {y0}–{y1}",
        "gainers": "Largest gains of relations {y0}–{y1}",
        "mover_cols": {"name": "Actor", "type": "Actor type", "change": "Change"},
        "robust_title": "How much rests on relations only one side reported?",
        "robust_cols": {"year": "Year", "tie_rule": "Tie rule", "relations": "Relations",
                        "mean_relations": "Mean relations per actor",
                        "hub_partners": "The hub's relations", "hub_reach": "Reach"},
        "def_robust": "Under the reciprocated rule only relations both sides reported count "
                      "(or where the other side did not answer).",
        "h_notes": "Please note", "h_area": "The whole-area network",
        "h_hub": "{hub_of} network", "h_chart": "Relations per wave",
        "h_published": "Comparison with the published figures",
        "h_map": "Network map {year}", "h_top": "The most central actors in {year}",
        "def_betweenness": "Relations = number of actors the actor has a relation with. "
                           "Betweenness = share of shortest paths between two other actors "
                           "that pass through the actor (normalised, 0–1).",
    },
}


def texts(language: str, hub_name: str | None = None) -> dict:
    """Return the report's labels and sentence templates in ``language`` (``da`` or ``en``).

    With ``hub_name``, the names that speak of the hub ("{hub_of} netværk") are filled in.
    """
    t = TEXTS[language]
    if hub_name is None:
        return t
    hub_of = genitive(hub_name, language)
    filled = dict(t)
    for key in ("networks", "networks_in", "scopes"):
        filled[key] = {k: v.replace("{hub_of}", hub_of) for k, v in t[key].items()}
    filled["sections"] = [v.replace("{hub_of}", hub_of) for v in t["sections"]]
    return filled


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


def heading(number: int, language: str = "da", hub_name: str | None = None) -> HTML:
    """Section ``number`` (1-12) as an ``<h2>`` with a stable anchor for the contents."""
    title = texts(language, hub_name)["sections"][number - 1]
    return HTML(f'<h2 id="section-{number}">{number}. {html.escape(title)}</h2>')


def contents(language: str = "da", hub_name: str | None = None) -> HTML:
    """The table of contents: a link to every section."""
    t = texts(language, hub_name)
    items = "".join(f'<li><a href="#section-{i}">{html.escape(title)}</a></li>'
                    for i, title in enumerate(t["sections"], start=1))
    return HTML(f'<nav class="localnet-box localnet-toc"><strong>{t["toc"]}</strong>'
                f"<ol>{items}</ol></nav>")


def reading_guide(study: Study, hub_name: str) -> HTML:
    """The "how to read" box: relation, contact surface, the five forms, the hub network."""
    from ..inputs.forms import FORMS

    t = texts(study.language)
    hub = {"hub": hub_name, "hub_of": genitive(hub_name, study.language)}
    forms = "".join(
        f"<li><strong>{da if study.language == 'da' else en}</strong> "
        + (f"({en.lower()})" if study.language == "da" else f"({da})") + "</li>"
        for da, en, _ in FORMS.values())
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


def short_label(name: str, width: int = 24) -> str:
    """A map label: the name wrapped onto lines of at most ``width`` characters."""
    return "\n".join(textwrap.wrap(name, width=width)) or name


def html_table(table: pd.DataFrame, index: bool = False) -> HTML:
    """A table for the report: cells HTML-escaped, the row index shown only if ``index``."""
    return HTML(table.to_html(index=index, escape=True, border=0, classes="localnet-table"))
