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

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd
from IPython.display import HTML, DisplayObject

from .. import catalogue
from ..inputs import register
from ..inputs.study import Study, load_study
from . import blocks, figures, interactive

__all__ = ["Context", "context", "Section", "SECTIONS", "number", "section_title", "title",
           "reading_guide", "data_basis", "maps", "change_maps", "network_size",
           "central_actors", "reach", "depth", "mixing", "purposes", "change", "notes"]

#: How many of the most central actors the network maps name (05_maps draws the labels).
MAP_LABELS = 10
#: How many actors the central-actors table lists.
TOP_ACTORS = 10
#: How many actors the tables of the largest losses and gains list.
TOP_MOVERS = 5


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

    @cached_property
    def summary(self) -> pd.DataFrame:
        """``summary.csv``: every wave's headline figures, area and hub network."""
        return catalogue.read(self.out_dir, "summary")

    @cached_property
    def centrality(self) -> pd.DataFrame:
        """The waves' ``centrality.csv`` with a ``year`` column."""
        return catalogue.read_years(self.out_dir, "centrality", list(self.years))

    @cached_property
    def data_basis(self) -> pd.DataFrame:
        """The waves' ``data_basis.csv`` rows."""
        return catalogue.read_years(self.out_dir, "data_basis", list(self.years))

    @cached_property
    def cleaning_log(self) -> pd.DataFrame:
        """The waves' ``cleaning_log.csv`` with a ``year`` column."""
        return catalogue.read_years(self.out_dir, "cleaning_log", list(self.years))

    @cached_property
    def reach(self) -> pd.DataFrame:
        """The waves' ``reach.csv`` with a ``year`` column."""
        return catalogue.read_years(self.out_dir, "reach", list(self.years))

    @cached_property
    def ei_index(self) -> pd.DataFrame:
        """The last wave's ``ei_index.csv``."""
        return catalogue.read(self.out_dir, "ei_index", self.last)

    @cached_property
    def change(self) -> pd.DataFrame:
        """``change.csv``: relations kept, new and lost between waves."""
        return catalogue.read(self.out_dir, "change")

    @cached_property
    def change_actors(self) -> pd.DataFrame:
        """``change_actors.csv``: relations per actor and wave."""
        return catalogue.read(self.out_dir, "change_actors")

    @cached_property
    def robustness(self) -> pd.DataFrame:
        """``robustness.csv``: headline figures under both tie rules."""
        return catalogue.read(self.out_dir, "robustness")

    @cached_property
    def register(self) -> pd.DataFrame:
        """The validated register (``actors.csv`` of the output folder)."""
        return register.load_register(catalogue.register_path(self.out_dir))

    @cached_property
    def hub_absent(self) -> list[str]:
        """A sentence for every wave in which the hub was not present (often none)."""
        return blocks.hub_absent_sentences(self.centrality, self.hub, self.hub_name,
                                           self.language)


def context(study_dir: str | Path, out_dir: str | Path, years: list[int] | str) -> Context:
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

    Returns
    -------
    Context
        The context every section function takes.
    """
    study = load_study(study_dir)
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
    titles = [section_title(ctx, section) for section in SECTIONS]
    return [blocks.title_block(ctx.study, ctx.hub_name, list(ctx.years)),
            blocks.contents(titles, ctx.texts["toc"])]


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
    study's ``min_response_rate``, and the definitions of the data basis (``def_basis``).

    Parameters
    ----------
    ctx : Context
        The report's context (:func:`context`).

    Returns
    -------
    list of DisplayObject
        The heading, the two tables, the warnings and the definitions.
    """
    t = ctx.texts
    basis = blocks.data_basis_table(ctx.data_basis, ctx.cleaning_log, ctx.language)
    by_type = register.actors_by_type(ctx.register, list(ctx.years)) \
        .rename(index={**t["types"], "all": t["all_types"]})
    warnings = blocks.response_warnings(ctx.data_basis, ctx.study.min_response_rate,
                                        ctx.language)
    return [_heading(ctx, data_basis),
            blocks.html_table(basis, index=True),
            blocks.html_table(by_type.rename_axis(None), index=True),
            *(blocks.warning(text) for text in warnings),
            blocks.note(t["def_basis"])]


def maps(ctx: Context) -> list[DisplayObject]:
    """The network map of every wave and the interactive map of the last.

    Shows the maps of ``05_maps`` (the same positions every wave), a note on how to read them
    (``map_note``: colours, sizes, the names of the most central actors and the hub), a
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
    return [_heading(ctx, maps),
            *(figures.image(ctx.figure(f"map_{year}.png")) for year in ctx.years),
            blocks.note(t["map_note"].format(top=MAP_LABELS, hub=ctx.hub_name,
                                             hub_of=ctx.hub_of)),
            blocks.items(ctx.hub_absent),
            blocks.paragraph(t["interactive"].format(year=ctx.last), bold=True),
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
        The heading, a map per pair of waves (none for a single wave) and the note.
    """
    pairs = zip(ctx.years, ctx.years[1:])
    return [_heading(ctx, change_maps),
            *(figures.image(ctx.figure(f"change_{before}_{after}.png")) for before, after in pairs),
            blocks.note(ctx.texts["change_note"])]


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
    shown: list[DisplayObject] = [_heading(ctx, network_size)]
    for network, caption in (("area", t["h_area"]), ("hub", t["h_hub"].format(hub_of=ctx.hub_of))):
        shown += [blocks.paragraph(caption, bold=True),
                  blocks.html_table(blocks.figure_table(ctx.summary, network, ctx.language),
                                    index=True),
                  blocks.paragraph(blocks.change_sentence(ctx.summary, network, ctx.hub_name,
                                                          ctx.language))]
    definitions = (f"{t['def_relation'].format(rule=t['tie_rules'][ctx.study.tie_rule])} "
                   f"{t['def_hub'].format(hub=ctx.hub_name, hub_of=ctx.hub_of)} {t['def_mean']}")
    return [*shown,
            blocks.items(ctx.hub_absent),
            figures.image(ctx.figure("networks.png")),
            blocks.note(definitions)]


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
    return [_heading(ctx, central_actors),
            figures.image(ctx.figure("central_actors.png")),
            blocks.items(blocks.hub_rank_sentences(centrality, ctx.hub, ctx.hub_name,
                                                   ctx.language)),
            blocks.html_table(blocks.top_actors_table(last, TOP_ACTORS, ctx.language)),
            blocks.note(ctx.texts["def_betweenness"])]


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
    return [_heading(ctx, reach),
            blocks.html_table(blocks.reach_table(ctx.reach, ctx.language), index=True),
            blocks.items(ctx.hub_absent),
            blocks.note(ctx.texts["def_reach"].format(hub=ctx.hub_name))]


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
    return [_heading(ctx, depth),
            figures.image(ctx.figure("depth.png")),
            blocks.note(ctx.texts["def_depth"].format(shares=shares))]


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
    return [_heading(ctx, mixing),
            figures.image(ctx.figure(f"mixing_{ctx.last}.png")),
            blocks.html_table(blocks.ei_display(ctx.ei_index, ctx.language)),
            blocks.note(ctx.texts["def_mixing"])]


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
    return [_heading(ctx, purposes),
            *(figures.image(ctx.figure(f"{column}s_{ctx.last}.png"))
              for column in ("purpose", "target_group")),
            blocks.note(ctx.texts["def_categories"].format(year=ctx.last))]


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
        and the gainers, and the robustness table under its title with its note.
    """
    t = ctx.texts
    shown: list[DisplayObject] = [
        _heading(ctx, change),
        blocks.html_table(blocks.change_display(ctx.change, ctx.language, ctx.hub_name)),
        blocks.note(t["def_change"])]
    for gainers, caption in ((False, t["losers"]), (True, t["gainers"])):
        shown += [blocks.paragraph(caption.format(y0=ctx.first, y1=ctx.last), bold=True),
                  blocks.html_table(blocks.movers(ctx.change_actors, TOP_MOVERS, ctx.language,
                                                  gainers=gainers))]
    return [*shown,
            blocks.paragraph(t["robust_title"], bold=True),
            blocks.html_table(blocks.robustness_display(ctx.robustness, ctx.language)),
            blocks.note(t["def_robust"])]


def notes(ctx: Context) -> list[DisplayObject]:
    """Notes and caveats.

    Shows the study's own notes (:func:`.blocks.notes_block`; nothing if it has none) and,
    if the study declares figures from an earlier report, how many of them the run
    reproduces and a line for every one it does not (:func:`.blocks.comparison_lines`).

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
    if len(comparison):
        sentence, differences = blocks.comparison_lines(comparison, ctx.language, ctx.hub_name)
        shown += [blocks.paragraph(ctx.texts["h_published"], bold=True),
                  blocks.paragraph(sentence),
                  blocks.items(differences)]
    return shown


#: The report's sections in order: a section's number is its position here (from 1).
SECTIONS: tuple[Section, ...] = (reading_guide, data_basis, maps, change_maps, network_size,
                                 central_actors, reach, depth, mixing, purposes, change, notes)

#: Each section's title: its index in the texts' ``sections`` list.
_TITLES: dict[Section, int] = {
    reading_guide: 0, data_basis: 1, maps: 2, change_maps: 3, network_size: 4,
    central_actors: 5, reach: 6, depth: 7, mixing: 8, purposes: 9, change: 10, notes: 11}


def number(section: Section) -> int:
    """The number of ``section`` in the report: its position in :data:`SECTIONS`, from 1."""
    return SECTIONS.index(section) + 1


def section_title(ctx: Context, section: Section) -> str:
    """The title of ``section`` in the report's language, the hub's name filled in."""
    return ctx.texts["sections"][_TITLES[section]]


def _heading(ctx: Context, section: Section) -> HTML:
    return blocks.heading(number(section), section_title(ctx, section))
