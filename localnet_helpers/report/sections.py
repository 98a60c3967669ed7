"""The report's sections: one function per section, each returning what it shows.

The report notebook (``07_report``) builds a :class:`Context` once with :func:`context` and
then displays each section::

    ctx = sections.context(study_dir, out_dir, years)
    display(*sections.title(ctx))
    display(*sections.data_basis(ctx))

Every section function takes the context and returns a list of displayable objects
(IPython ``HTML`` and ``Image``), built with the helpers of :mod:`.blocks`, :mod:`.figures`
and :mod:`.interactive`; none displays or prints anything itself. The tables come from the
run's output folder by name (:mod:`localnet_helpers.catalogue`), the figures from its
figure folder (:func:`localnet_helpers.catalogue.figure_dir`).

The order of the sections is :data:`SECTIONS`: a section's number in its heading and in the
contents (:func:`title`) is its position there, so reordering the report is reordering
that tuple (and the notebook's cells).
"""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd
from IPython.display import HTML, DisplayObject

from .. import catalogue
from ..inputs import register
from ..inputs.study import Study, load_study
from ..measures import panel, response
from . import blocks, figures, findings, interactive

__all__ = ["Context", "context", "Section", "SECTIONS", "number", "section_title", "title",
           "key_findings", "reading_guide", "data_basis", "maps", "change_maps", "network_size",
           "central_actors", "reach", "depth", "mixing", "purposes", "change", "change_real",
           "notes", "appendix", "shown_sections", "table"]

#: How many of the most central actors the network maps name (05_maps draws the labels).
MAP_LABELS = 10
#: How many actors the central-actors table lists.
TOP_ACTORS = 10
#: How many actors the tables of the largest losses and gains list.
TOP_MOVERS = 5


class _Table:
    """A table of the run as an attribute of :class:`Context`, read through the catalogue
    the first time a section asks for it, and kept.

    ``scope`` ``"study"``: the study-level table, each period of a table of periods once (with
    two waves the consecutive pair is also the first→last one, and ``04_change`` writes both);
    ``"waves"``: every reported wave's table with a ``year`` column; ``"last"``: the last
    wave's.
    """

    def __init__(self, name: str, scope: str = "study"):
        self.name, self.scope = name, scope

    def __set_name__(self, owner: type, attribute: str) -> None:
        self.attribute = attribute

    def __get__(self, ctx: Context | None, owner: type | None = None):
        if ctx is None:
            return self
        if self.attribute not in ctx.__dict__:  # as functools.cached_property keeps it
            ctx.__dict__[self.attribute] = self.read(ctx)
        return ctx.__dict__[self.attribute]

    def read(self, ctx: Context) -> pd.DataFrame:
        if self.scope == "waves":
            return catalogue.read_years(ctx.out_dir, self.name, list(ctx.years))
        if self.scope == "last":
            return catalogue.read(ctx.out_dir, self.name, ctx.last)
        table = catalogue.read(ctx.out_dir, self.name)
        if "from_year" not in table:
            return table
        period = ["from_year", "to_year", *(c for c in ("network", "measure") if c in table)]
        return table.drop_duplicates(period).reset_index(drop=True)


@dataclass(frozen=True)
class Context:
    """What every section needs, built once by :func:`context`.

    The fields are set when the context is built; the tables are read from ``out_dir``
    through the catalogue the first time a section asks for them, and kept.
    """

    study: Study
    out_dir: Path
    language: str
    years: tuple[int, ...]
    first: int
    last: int
    hub_name: str
    texts: dict
    figure_dir: Path
    #: True while :func:`_offsets` counts the figures and tables of every section.
    counting: bool = False

    @property
    def hub(self) -> str:
        """The hub's ``actor_id``."""
        return self.study.hub

    @property
    def hub_of(self) -> str:
        """The hub's name in the genitive ("Medborgerhusets")."""
        return blocks.genitive(self.hub_name, self.language)

    def figure(self, name: str) -> Path:
        """The figure file ``name`` (e.g. ``"depth.png"``) in the figure folder."""
        return self.figure_dir / name

    #: The run's tables the sections show (:class:`_Table`): study-level tables, every
    #: reported wave's (with a ``year`` column), and the last wave's.
    summary = _Table("summary")
    change = _Table("change")
    change_actors = _Table("change_actors")
    robustness = _Table("robustness")
    panel_change = _Table("panel_change")
    change_uncertainty = _Table("change_uncertainty")
    qap = _Table("qap")
    centrality = _Table("centrality", "waves")
    data_basis = _Table("data_basis", "waves")
    cleaning_log = _Table("cleaning_log", "waves")
    reach = _Table("reach", "waves")
    relations = _Table("relations", "last")
    depth = _Table("depth", "last")
    mixing = _Table("mixing", "last")
    ei_index = _Table("ei_index", "last")
    purposes = _Table("purposes", "last")
    target_groups = _Table("target_groups", "last")

    @cached_property
    def hub_present(self) -> tuple[int, ...]:
        """The waves in which the hub was present."""
        centrality = self.centrality
        return tuple(sorted(set(centrality.loc[centrality["actor_id"] == self.hub, "year"])))

    @cached_property
    def non_response(self) -> list[str]:
        """Per wave: the actors that did not answer, by name, and how many relations rest
        on one side's answer because the other did not answer."""
        lines = []
        for year in self.years:
            present = register.actors_in_year(self.register, year)
            answered = set(catalogue.read(self.out_dir, "respondents", year)["actor_id"])
            relations = catalogue.read(self.out_dir, "relations", year)
            missing = response.non_respondents(present, answered)["name"].tolist()
            lines += blocks.non_response_lines(
                year, missing, response.one_sided_relations(relations, answered),
                len(relations), self.language)
        return lines

    @cached_property
    def register(self) -> pd.DataFrame:
        """The validated register (``actors.csv`` of the output folder)."""
        return register.load_register(catalogue.register_path(self.out_dir))

    @cached_property
    def numbering(self) -> dict:
        """The first figure and table number of each section, per order of sections."""
        return {}

    @cached_property
    def hub_absent(self) -> list[str]:
        """A sentence for every wave in which the hub was not present (often none)."""
        return blocks.hub_absent_sentences(self.centrality, self.hub, self.hub_name,
                                           self.language)


def context(study_dir: str | Path, out_dir: str | Path, years: list[int] | str,
            pseudonymise: bool = False) -> Context:
    """The report's context: the study, its language and texts, the waves and the hub.

    Parameters
    ----------
    study_dir : str or Path
        The study folder (``study.toml``, ``actors.csv``, ``surveys/``).
    out_dir : str or Path
        The output folder of the run whose tables and figures the report shows.
    years : list of int, or str
        The waves to report (the notebook's ``years`` parameter); empty: every wave of the
        study with results (:func:`localnet_helpers.catalogue.chosen_years`).
    pseudonymise : bool
        The notebook's parameter: the study as a pseudonymised run's outputs show it
        (:meth:`localnet_helpers.inputs.study.Study.for_outputs`), also if ``study.toml``
        says so.

    Returns
    -------
    Context
        The context every section function takes.
    """
    study = load_study(study_dir, pseudonymise).for_outputs()
    chosen = tuple(catalogue.chosen_years(out_dir, years, study.years))
    hub_name = catalogue.hub_name(out_dir, study.hub)
    return Context(study=study, out_dir=Path(out_dir), language=study.language, years=chosen,
                   first=chosen[0], last=chosen[-1], hub_name=hub_name,
                   texts=blocks.texts(study.language, hub_name),
                   figure_dir=catalogue.figure_dir(out_dir))


#: A section: a function of the context returning the objects to display.
Section = Callable[[Context], list[DisplayObject]]


def title(ctx: Context) -> list[DisplayObject]:
    """The title block and the table of contents.

    Shows the study's title and area, the waves, the hub and the tie rule
    (:func:`.blocks.title_block`), then a link to every section of :data:`SECTIONS`, in
    that order, under their titles.

    Parameters
    ----------
    ctx : Context
        The report's context (:func:`context`).

    Returns
    -------
    list of DisplayObject
        The title block and the contents.
    """
    titles = [section_title(ctx, section) for section in shown_sections(ctx)]
    return [blocks.title_block(ctx.study, ctx.hub_name, list(ctx.years)),
            *_pseudonymised(ctx), blocks.contents(titles, ctx.texts["toc"])]


def _pseudonymised(ctx: Context) -> list[DisplayObject]:
    """On the title page of a pseudonymised report: that it is, and who is named."""
    if ctx.study.pseudonyms is None:
        return []
    t = ctx.texts["pseudonyms"]
    names = sorted(ctx.study.pseudonyms.names[a] for a in ctx.study.pseudonyms.public)
    note = t["title_note"] + (" " + t["public_note"].format(names=", ".join(names))
                              if names else "")
    return [HTML(f'<p class="localnet-pseudonymised"><strong>{html.escape(note)}</strong></p>')]


def key_findings(ctx: Context) -> list[DisplayObject]:
    """The key findings, before anything else: five to eight sentences computed from the tables.

    Shows the size of both networks in the first and the last wave with the change
    (:func:`.findings.size`) and whether the panel's change is larger than chance
    (:func:`.blocks.change_verdict`), the last wave's most central actors
    (:func:`.findings.central`), whom the hub reaches and does not reach
    (:func:`.findings.reach`, :func:`.findings.unreached`), how deep its relations are against
    the others' and the trend (:func:`.findings.depth`), the actors that lost and gained the most
    and the mean change by type (:func:`.findings.movers`, :func:`.findings.by_type`), and
    the data basis with how much rests on one side's report (:func:`.findings.basis`,
    :func:`.findings.reciprocity`), each hedged where the data are thin.

    Parameters
    ----------
    ctx : Context
        The report's context (:func:`context`).

    Returns
    -------
    list of DisplayObject
        The heading and the findings as a list.
    """
    lang, name, first, last = ctx.language, ctx.hub_name, ctx.first, ctx.last
    reached = findings.reach(ctx.reach, name, ctx.years, ctx.hub_present, lang)
    said = [findings.size(ctx.summary, name, lang)]
    if len(ctx.years) > 1:  # is the change larger than chance? (section "Er ændringen reel?")
        said.append([blocks.change_verdict(ctx.change_uncertainty, ctx.panel_change, lang,
                                           period=(first, last))])
    said += [findings.central(ctx.centrality, last, lang),
             reached + (findings.unreached(ctx.relations, ctx.centrality, ctx.hub,
                                           name, last, lang) if reached else []),
             findings.depth(ctx.depth, ctx.summary, name, last, lang)]
    if len(ctx.years) > 1:
        said += [findings.movers(ctx.change_actors, first, last, lang),
                 findings.by_type(ctx.change_actors, first, last, lang)]
    said.append(findings.basis(ctx.data_basis, ctx.study.min_response_rate, lang)
                + findings.reciprocity(ctx.data_basis, ctx.robustness, ctx.study.tie_rule, lang))
    return [_heading(ctx, key_findings),
            blocks.items([" ".join(sentences) for sentences in said if sentences])]


def reading_guide(ctx: Context) -> list[DisplayObject]:
    """How to read the report.

    Shows a box that defines a relation (under the study's tie rule), a contact surface,
    the five collaboration forms and the hub's network (:func:`.blocks.reading_guide`).

    Parameters
    ----------
    ctx : Context
        The report's context (:func:`context`).

    Returns
    -------
    list of DisplayObject
        The heading and the box.
    """
    return [_heading(ctx, reading_guide), blocks.reading_guide(ctx.study, ctx.hub_name)]


def data_basis(ctx: Context) -> list[DisplayObject]:
    """The data basis of every wave.

    Shows, per wave, the actors present, the questionnaires, the response rate, the rows and
    surfaces read and the changes the cleaning made by rule (:func:`.blocks.data_basis_table`),
    the actors present per type, a warning for every wave whose response rate is below the
    study's ``min_response_rate``, per wave the actors that did not answer by name and how
    many relations rest on one side's answer because the other did not answer
    (:func:`.blocks.non_response_lines`), and the definitions of the data basis
    (``def_basis``).

    Parameters
    ----------
    ctx : Context
        The report's context (:func:`context`).

    Returns
    -------
    list of DisplayObject
        The heading, the two tables, the warnings, the non-respondents and the definitions.
    """
    t = ctx.texts
    basis = blocks.data_basis_table(ctx.data_basis, ctx.cleaning_log, ctx.language)
    by_type = register.actors_by_type(ctx.register, list(ctx.years)) \
        .rename(index={**t["types"], "all": t["all_types"]})
    warnings = blocks.response_warnings(ctx.data_basis, ctx.study.min_response_rate,
                                        ctx.language)
    n = _Numbers(ctx, data_basis)
    return [_heading(ctx, data_basis),
            *n.table(basis, t["page"]["basis_table"], index=True),
            _said(findings.basis(ctx.data_basis, ctx.study.min_response_rate, ctx.language)),
            *n.table(by_type.rename_axis(None), t["page"]["types_table"], index=True),
            *(blocks.warning(text) for text in warnings),
            blocks.items(ctx.non_response),
            blocks.note(n.about(t["def_basis"]))]


def maps(ctx: Context) -> list[DisplayObject]:
    """The network map of every wave and the interactive map of the last.

    Shows the maps of ``05_maps`` (the same positions every wave), a note on how to read them
    (``map_note``: colours, sizes, the names of the most central actors and the hub; and
    when an actor did not answer a wave, what its hollow ring means), a
    sentence for every wave the hub was not present, and the last wave's interactive map.

    Parameters
    ----------
    ctx : Context
        The report's context (:func:`context`).

    Returns
    -------
    list of DisplayObject
        The heading, a map per wave, the note, the hub-absent sentences and the interactive
        map under its title.
    """
    t = ctx.texts
    n = _Numbers(ctx, maps)
    shown = [_heading(ctx, maps)]
    for year in ctx.years:
        shown += n.figure(ctx.figure(f"map_{year}.png"), t["map_title"].format(year=year))
    note = t["map_note"].format(top=MAP_LABELS, hub=ctx.hub_name, hub_of=ctx.hub_of)
    if ctx.data_basis["non_respondents"].sum() > 0:  # hollow rings on a map
        note += " " + t["uncertainty"]["map"]["map_note"]
    shown += [_said(findings.components(ctx.summary, ctx.last, ctx.language)),
              blocks.note(n.about(note)),
              blocks.items(ctx.hub_absent)]
    n.reset()
    return [*shown,
            n.caption("figure", t["page"]["interactive_title"].format(year=ctx.last)),
            blocks.paragraph(n.about(t["interactive"].format(year=ctx.last)), screen_only=True),
            HTML(interactive.map_fragment(ctx.figure(f"interactive_map_{ctx.last}.html")))]


def change_maps(ctx: Context) -> list[DisplayObject]:
    """The change maps between consecutive waves.

    Shows a map per pair of consecutive waves with the relations kept, new and lost, and a
    note on how to read them (``change_note``).

    Parameters
    ----------
    ctx : Context
        The report's context (:func:`context`).

    Returns
    -------
    list of DisplayObject
        The heading, a map per pair of waves and the note; nothing for a single wave.
    """
    if change_maps not in shown_sections(ctx):
        return []
    n = _Numbers(ctx, change_maps)
    shown = [_heading(ctx, change_maps)]
    for before, after in zip(ctx.years, ctx.years[1:]):
        shown += n.figure(ctx.figure(f"change_{before}_{after}.png"),
                          ctx.texts["change_title"].format(y0=before, y1=after))
    return [*shown, blocks.items(findings.change_pairs(ctx.change, ctx.years, ctx.language)),
            blocks.note(n.about(ctx.texts["change_note"]))]


def network_size(ctx: Context) -> list[DisplayObject]:
    """The size of the whole-area and the hub network (the report's Figures 6 and 7).

    Shows, for each network, the actors, relations and mean relations per actor per wave
    (:func:`.blocks.figure_table`) and a sentence on the change from the first to the last
    wave, the hub-absent sentences, the chart of relations per wave, and the definitions of a
    relation (under the study's tie rule), the hub network and the mean.

    Parameters
    ----------
    ctx : Context
        The report's context (:func:`context`).

    Returns
    -------
    list of DisplayObject
        The heading, a title, table and sentence per network, the hub-absent sentences, the
        chart and the definitions.
    """
    t = ctx.texts
    n = _Numbers(ctx, network_size)
    shown: list[DisplayObject] = [_heading(ctx, network_size)]
    for network, caption in (("area", t["h_area"]), ("hub", t["h_hub"].format(hub_of=ctx.hub_of))):
        shown += n.table(blocks.figure_table(ctx.summary, network, ctx.language), caption,
                         index=True)
        if len(ctx.years) > 1:  # no change "from 2019 to 2019"
            shown.append(blocks.paragraph(n.about(blocks.change_sentence(
                ctx.summary, network, ctx.hub_name, ctx.language))))
        n.reset()
    definitions = (f"{t['def_relation'].format(rule=t['tie_rules'][ctx.study.tie_rule])} "
                   f"{t['def_hub'].format(hub=ctx.hub_name, hub_of=ctx.hub_of)} {t['def_mean']}")
    return [*shown,
            blocks.items(ctx.hub_absent),
            *n.figure(ctx.figure("networks.png"), t["page"]["networks_chart"]),
            blocks.note(n.about(definitions))]


def central_actors(ctx: Context) -> list[DisplayObject]:
    """The most central actors.

    Shows the chart of the most central actors, the hub's rank by relations in every wave
    (or that it was not present), the last wave's top actors by relations with their type and
    betweenness (:func:`.blocks.top_actors_table`; ties share a rank), and the definition of
    betweenness (``def_betweenness``).

    Parameters
    ----------
    ctx : Context
        The report's context (:func:`context`).

    Returns
    -------
    list of DisplayObject
        The heading, the chart, the hub's ranks, the table and the definition.
    """
    centrality = ctx.centrality
    last = centrality[centrality["year"] == ctx.last]
    page = ctx.texts["page"]
    n = _Numbers(ctx, central_actors)
    return [_heading(ctx, central_actors),
            *n.figure(ctx.figure("central_actors.png"), page["central_chart"]),
            blocks.items(blocks.hub_rank_sentences(centrality, ctx.hub, ctx.hub_name,
                                                   ctx.language)),
            *n.table(blocks.top_actors_table(last, TOP_ACTORS, ctx.language),
                     page["top_table"].format(year=ctx.last)),
            _said(findings.bridge(centrality, ctx.last, ctx.language)),
            blocks.note(n.about(ctx.texts["def_betweenness"]))]


def reach(ctx: Context) -> list[DisplayObject]:
    """The hub's reach.

    Shows, per actor type and wave, how many of the actors present the hub has a relation to
    ("25 af 30 (83 %)", :func:`.blocks.reach_table`), the hub-absent sentences, and the
    definition of reach (``def_reach``).

    Parameters
    ----------
    ctx : Context
        The report's context (:func:`context`).

    Returns
    -------
    list of DisplayObject
        The heading, the table, the hub-absent sentences and the definition.
    """
    n = _Numbers(ctx, reach)
    return [_heading(ctx, reach),
            *n.table(blocks.reach_table(ctx.reach, ctx.language),
                     ctx.texts["page"]["reach_table"].format(hub_of=ctx.hub_of), index=True),
            _said(findings.reach_by_type(ctx.reach, ctx.hub_name, ctx.last, ctx.hub_present,
                                         ctx.language)),
            blocks.items(ctx.hub_absent),
            blocks.note(n.about(ctx.texts["def_reach"].format(hub=ctx.hub_name)))]


def depth(ctx: Context) -> list[DisplayObject]:
    """The depth of collaboration.

    Shows the chart of relations and surfaces by collaboration form, and the definition of
    depth (``def_depth``) with the share of deep relations in the whole area per wave
    (:func:`.blocks.deep_shares`).

    Parameters
    ----------
    ctx : Context
        The report's context (:func:`context`).

    Returns
    -------
    list of DisplayObject
        The heading, the chart and the definition.
    """
    shares = blocks.deep_shares(ctx.summary, "area", ctx.language)
    n = _Numbers(ctx, depth)
    return [_heading(ctx, depth),
            *n.figure(ctx.figure("depth.png"), ctx.texts["page"]["depth_chart"]),
            _said(findings.depth(ctx.depth, ctx.summary, ctx.hub_name, ctx.last,
                                 ctx.language)),
            blocks.note(n.about(ctx.texts["def_depth"].format(shares=shares)))]


def mixing(ctx: Context) -> list[DisplayObject]:
    """Collaboration across sectors in the last wave.

    Shows the chart of relations between actor types, the E-I index per type
    (:func:`.blocks.ei_display`), and the definition of the E-I index (``def_mixing``).

    Parameters
    ----------
    ctx : Context
        The report's context (:func:`context`).

    Returns
    -------
    list of DisplayObject
        The heading, the chart, the table and the definition.
    """
    t = ctx.texts
    n = _Numbers(ctx, mixing)
    return [_heading(ctx, mixing),
            *n.figure(ctx.figure(f"mixing_{ctx.last}.png"),
                      t["mixing_title"].format(year=ctx.last)),
            *n.table(blocks.ei_display(ctx.ei_index, ctx.language),
                     t["page"]["ei_table"].format(year=ctx.last)),
            _said(findings.mixing(ctx.mixing, ctx.ei_index, ctx.last,
                                  ctx.language)),
            blocks.note(n.about(t["def_mixing"]))]


def purposes(ctx: Context) -> list[DisplayObject]:
    """Purposes and target groups in the last wave.

    Shows the charts of contact surfaces by purpose and by target group, and what they count
    (``def_categories``).

    Parameters
    ----------
    ctx : Context
        The report's context (:func:`context`).

    Returns
    -------
    list of DisplayObject
        The heading, the two charts and the definition.
    """
    page = ctx.texts["page"]
    n = _Numbers(ctx, purposes)
    shown = [_heading(ctx, purposes)]
    for column, caption in (("purpose", "purposes_chart"), ("target_group", "targets_chart")):
        shown += n.figure(ctx.figure(f"{column}s_{ctx.last}.png"),
                          page[caption].format(year=ctx.last))
    said = findings.purposes(ctx.purposes, ctx.target_groups,
                             ctx.last, ctx.language)
    return [*shown, _said(said),
            blocks.note(n.about(ctx.texts["def_categories"].format(year=ctx.last)))]


def change(ctx: Context) -> list[DisplayObject]:
    """What changed between the waves.

    Shows the relations kept, new and lost and the Jaccard similarity per period and network
    (:func:`.blocks.change_display`) with their definitions (``def_change``), the actors
    that lost and gained the most relations from the first to the last wave
    (:func:`.blocks.movers`), and the headline figures under both tie rules
    (:func:`.blocks.robustness_display`) with what they mean (``def_robust``).

    Parameters
    ----------
    ctx : Context
        The report's context (:func:`context`).

    Returns
    -------
    list of DisplayObject
        The heading, the change table and its definitions, a title and table for the losers
        and the gainers, and the robustness table under its title with its note; nothing for
        a single wave.
    """
    if change not in shown_sections(ctx):
        return []
    t = ctx.texts
    n = _Numbers(ctx, change)
    shown: list[DisplayObject] = [
        _heading(ctx, change),
        *n.table(blocks.change_display(ctx.change, ctx.language, ctx.hub_name),
                 t["page"]["change_table"]),
        blocks.note(n.about(t["def_change"]))]
    for gainers, caption in ((False, t["losers"]), (True, t["gainers"])):
        shown += n.table(blocks.movers(ctx.change_actors, TOP_MOVERS, ctx.language,
                                       gainers=gainers),
                         caption.format(y0=ctx.first, y1=ctx.last))
    shown.append(_said(findings.by_type(ctx.change_actors, ctx.first, ctx.last, ctx.language)))
    n.reset()
    return [*shown,
            *n.table(blocks.robustness_display(ctx.robustness, ctx.language,
                                                 hub_name=ctx.hub_name),
                     t["robust_title"]),
            _said(findings.reciprocity(ctx.data_basis, ctx.robustness, ctx.study.tie_rule,
                                       ctx.language)),
            blocks.note(n.about(t["def_robust"]))]


def change_real(ctx: Context) -> list[DisplayObject]:
    """Is the change real? The panel, the bootstrap intervals of its change, and QAP.

    Shows why only the panel is compared (``intro``), the panel of every period
    (:func:`.blocks.panel_display`), its change in density and mean relations per actor
    with their 95 % node-bootstrap intervals (:func:`.blocks.interval_display`) and a
    sentence per period on whether the change in density is larger than chance variation in
    the answers (:func:`.blocks.change_verdict`), the QAP correlation of the two waves'
    relations (:func:`.blocks.qap_display`) with a sentence per period
    (:func:`.blocks.qap_sentence`), and the definitions with their references
    (``definitions``).

    Parameters
    ----------
    ctx : Context
        The report's context (:func:`context`).

    Returns
    -------
    list of DisplayObject
        The heading, the introduction, the three tables each with its sentences, and the
        definitions; nothing for a single wave.
    """
    if change_real not in shown_sections(ctx):
        return []
    t = ctx.texts["uncertainty"]
    n = _Numbers(ctx, change_real)
    periods = list(zip(ctx.panel_change["from_year"], ctx.panel_change["to_year"]))
    shown: list[DisplayObject] = [
        _heading(ctx, change_real), blocks.paragraph(t["intro"]),
        *n.table(blocks.panel_display(ctx.panel_change, ctx.language), t["panel_table"]),
        *n.table(blocks.interval_display(ctx.change_uncertainty, ctx.language),
                 t["interval_table"])]
    shown.append(blocks.items([blocks.change_verdict(ctx.change_uncertainty, ctx.panel_change,
                                                     ctx.language, period=(int(a), int(b)))
                               for a, b in periods]))
    shown += n.table(blocks.qap_display(ctx.qap, ctx.language), t["qap_table"])
    shown.append(blocks.items([blocks.qap_sentence(ctx.qap, int(a), int(b), ctx.language)
                               for a, b in periods]))
    return [*shown, blocks.note(n.about(t["definitions"].format(
        replicates=blocks.fmt(panel.REPLICATES, 0, ctx.language),
        permutations=blocks.fmt(panel.PERMUTATIONS, 0, ctx.language))))]


def notes(ctx: Context) -> list[DisplayObject]:
    """Notes and caveats.

    Shows the study's own notes (:func:`.blocks.notes_block`; nothing if it has none) and,
    if the study declares figures from an earlier report for the waves reported, how many
    of them the run reproduces and a line for every one it does not
    (:func:`.blocks.comparison_lines`), then why the reach percentages differ from the
    publication's (:func:`.blocks.reach_explanation`); figures of other waves are left out.

    Parameters
    ----------
    ctx : Context
        The report's context (:func:`context`).

    Returns
    -------
    list of DisplayObject
        The heading, the notes, and the comparison's title, sentence and differences.
    """
    shown = [_heading(ctx, notes), blocks.notes_block(ctx.study)]
    comparison = blocks.published_comparison(ctx.summary, ctx.study)
    comparison = comparison[comparison["year"].isin(ctx.years)]  # only the waves computed
    if len(comparison):
        sentence, differences = blocks.comparison_lines(comparison, ctx.language, ctx.hub_name)
        explained = blocks.reach_explanation(ctx.reach, comparison, ctx.hub_name, ctx.language)
        shown += [blocks.paragraph(ctx.texts["h_published"], bold=True),
                  blocks.paragraph(sentence),
                  blocks.items(differences),
                  *(blocks.paragraph(line) for line in explained)]
    return shown


def appendix(ctx: Context) -> list[DisplayObject]:
    """Appendix: the actors by type and wave (like the seed report's Bilag 2).

    Shows every actor present in at least one of the reported waves, grouped by actor type
    (in the order of the texts' ``types``) and sorted by name, with a mark for every wave it
    was present in.

    Parameters
    ----------
    ctx : Context
        The report's context (:func:`context`).

    Returns
    -------
    list of DisplayObject
        The heading and the table under its title.
    """
    t, page = ctx.texts, ctx.texts["page"]
    actors = ctx.register
    waves = [str(year) for year in ctx.years]
    rows = []
    for kind, label in t["types"].items():
        part = actors[(actors["type"] == kind)
                      & actors["years"].map(lambda years: any(y in years for y in ctx.years))]
        part = part.assign(key=part["name"].map(_sort_key)).sort_values(["key", "actor_id"])
        for position, record in enumerate(part.to_dict("records")):
            rows.append([label if position == 0 else "", record["name"],
                         *(page["present"] if int(year) in record["years"] else ""
                           for year in waves)])
    listed = pd.DataFrame(rows, columns=[*page["appendix_cols"], *waves])
    n = _Numbers(ctx, appendix)
    return [_heading(ctx, appendix), *n.table(listed, page["appendix_table"])]


#: The report's sections in order: a section's number is its position here (from 1).
SECTIONS: tuple[Section, ...] = (key_findings, reading_guide, data_basis, maps, change_maps,
                                 network_size, central_actors, reach, depth, mixing, purposes,
                                 change, change_real, notes, appendix)

#: Each section's title: its index in the texts' ``sections`` list, its key in ``page``, or
#: (table, key) of another texts table.
_TITLES: dict[Section, int | str | tuple[str, str]] = {
    key_findings: "key_findings", reading_guide: 0, data_basis: 1, maps: 2, change_maps: 3,
    network_size: "network_size", central_actors: 5, reach: 6, depth: 7, mixing: 8,
    purposes: 9, change: 10, change_real: ("uncertainty", "title"), notes: 11,
    appendix: "appendix"}

#: The sections that compare waves: left out of a report of one wave.
_CHANGE_SECTIONS: tuple[Section, ...] = (change_maps, change, change_real)


def shown_sections(ctx: Context) -> tuple[Section, ...]:
    """The sections of :data:`SECTIONS` the report of ``ctx`` shows, in order: all of them,
    except those that compare waves when it has only one wave."""
    return tuple(s for s in SECTIONS if len(ctx.years) > 1 or s not in _CHANGE_SECTIONS)


def number(section: Section, ctx: Context | None = None) -> int:
    """The number of ``section`` in the report: its position in :data:`SECTIONS`, from 1;
    given ``ctx``, its position among the sections that report shows (:func:`shown_sections`).
    """
    order = SECTIONS if ctx is None else shown_sections(ctx)
    return order.index(section) + 1


def section_title(ctx: Context, section: Section) -> str:
    """The title of ``section`` in the report's language, the hub's name filled in."""
    key = _TITLES[section]
    if isinstance(key, tuple):
        return ctx.texts[key[0]][key[1]]
    return ctx.texts["page"][key] if isinstance(key, str) else ctx.texts["sections"][key]


def _said(sentences: list[str]) -> HTML:
    """The sentences that say what a figure or table shows for this study, as one paragraph."""
    return blocks.paragraph(" ".join(sentences)) if sentences else HTML("")


def _heading(ctx: Context, section: Section) -> HTML:
    return blocks.heading(number(section, ctx), section_title(ctx, section))


def _sort_key(name: str) -> str:
    """Names in Danish alphabetical order (æ, ø, å after z), case ignored."""
    return name.casefold().translate({ord("æ"): "{", ord("ø"): "|", ord("å"): "}"})


# -- numbered figures and tables ------------------------------------------------------------

_KINDS = ("figure", "table")


def _caption_tag(kind: str) -> str:
    # the start of a caption; text from the data is escaped, so it never holds this
    return f'<p class="localnet-caption localnet-caption-{kind}"'


def _offsets(ctx: Context) -> dict[Section, tuple[int, int]]:
    """How many figures and tables come before each section shown (counted once per order
    of the sections by showing them all with ``counting`` set, the numbers left at 0)."""
    if ctx.counting:
        return {}
    order = shown_sections(ctx)
    if order not in ctx.numbering:
        counter = dataclasses.replace(ctx, counting=True)
        offsets, figures_before, tables_before = {}, 0, 0
        for section in order:
            offsets[section] = (figures_before, tables_before)
            shown = "".join(o.data for o in section(counter) if isinstance(o, HTML))
            figures_before += shown.count(_caption_tag("figure"))
            tables_before += shown.count(_caption_tag("table"))
        ctx.numbering[order] = offsets
    return ctx.numbering[order]


class _Numbers:
    """The figures and tables of one section, numbered on from those before it.

    :meth:`figure` and :meth:`table` return the numbered caption (above) and the item;
    :meth:`about` puts the numbers of the items since the last sentence before a sentence.
    """

    def __init__(self, ctx: Context, section: Section):
        self.ctx, self.page = ctx, ctx.texts["page"]
        self.last = dict(zip(_KINDS, _offsets(ctx).get(section, (0, 0))))
        self.recent: list[tuple[str, int]] = []

    def caption(self, kind: str, title: str) -> HTML:
        self.last[kind] += 1
        n = self.last[kind]
        self.recent.append((kind, n))
        label = self.page[kind].format(n=n)
        return HTML(f'{_caption_tag(kind)} id="{kind}-{n}"><strong>{html.escape(label)}.'
                    f"</strong> {html.escape(title)}</p>")

    def figure(self, path: Path, title: str) -> list[DisplayObject]:
        return [self.caption("figure", title), figures.image(path)]

    def table(self, frame: pd.DataFrame, title: str, index: bool = False) -> list[DisplayObject]:
        return [self.caption("table", title), table(frame, index=index)]

    def reset(self) -> None:
        self.recent = []

    def about(self, text: str) -> str:
        """``text`` after the numbers of the items shown since the last sentence
        ("Figur 3–5: ...", "Figur 9 og tabel 8: ...")."""
        groups: list[list] = []
        for kind, n in self.recent:
            if groups and groups[-1][0] == kind and groups[-1][2] == n - 1:
                groups[-1][2] = n
            else:
                groups.append([kind, n, n])
        self.recent = []
        if not groups:
            return text
        refs = [self.page[f"{kind}_ref"].format(n=f"{a}–{b}" if b > a else a)
                for kind, a, b in groups]
        joined = refs[0] if len(refs) == 1 else \
            f"{', '.join(refs[:-1])} {self.page['and']} {refs[-1]}"
        return f"{joined[:1].upper()}{joined[1:]}: {text}"


# -- tables -----------------------------------------------------------------------------------

_NUMBER = re.compile(r"[\d\s.,%+\-−–()●]*[\d●][\d\s.,%+\-−–()●]*")
_PERIOD = re.compile(r"\d{4}\s*[–-]\s*\d{4}")
_WORDS = re.compile(r"\b(af|of)\b")  # "25 af 30 (83 %)" is a number


def _numeric(values: pd.Series) -> bool:
    cells = [str(v).strip() for v in values]
    cells = [c for c in cells if c not in ("", "–", "-", "nan")]
    return bool(cells) and all(_NUMBER.fullmatch(_WORDS.sub("", c)) and not _PERIOD.fullmatch(c)
                               for c in cells)


def table(frame: pd.DataFrame, index: bool = False) -> HTML:
    """A table for the report, every cell HTML-escaped: columns of numbers (counts, shares,
    "25 af 30 (83 %)", marks) right-aligned, columns of text (names, types, periods) and the
    row labels (shown only if ``index``) left-aligned, as class ``text``."""
    numeric = [_numeric(frame.iloc[:, i]) for i in range(frame.shape[1])]

    def cell(tag: str, value: object, is_number: bool) -> str:
        text = html.escape(str(value))
        return f"<{tag}>{text}</{tag}>" if is_number else f'<{tag} class="text">{text}</{tag}>'

    head = ("<th></th>" if index else "") + "".join(
        cell("th", name, is_number) for name, is_number in zip(frame.columns, numeric))
    body = []
    for label, row in zip(frame.index, frame.itertuples(index=False)):
        cells = "".join(cell("td", value, is_number) for value, is_number in zip(row, numeric))
        body.append("<tr>" + (cell("th", label, False) if index else "") + cells + "</tr>")
    return HTML(f'<table class="localnet-table">\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
                + "\n".join(body) + "\n</tbody>\n</table>")
