"""The report's sections (localnet_helpers.report.sections) on a tiny hand-made study.

The output folder is built here without papermill: the tables as the notebooks compute and
write them (through the catalogue), tiny PNG files for the figures and a tiny interactive
page. Hand-worked (tie rule union):

- 2019: B ``<b>x</b>``, C and D are present (the hub A is not); B and C answer, D does not
  (2 of 3: 67 %, a low response). Relations B-C, C-D: 3 actors, 2 relations, mean 1,3.
- 2020: A, B, C and D are present and answer. Relations A-B, A-C, B-D, C-D: 4 actors,
  4 relations, mean 2,0. The hub reaches B and C: 2 of 3 actors (67 %).
"""

import ast
import json
import re
import shutil

import matplotlib
import pandas as pd
import pytest
from IPython.display import HTML, DisplayObject, Image

from localnet_helpers import catalogue
from localnet_helpers.inputs import register, survey
from localnet_helpers.inputs.study import load_study
from localnet_helpers.measures import change, composition, network, panel
from localnet_helpers.paths import NOTEBOOKS
from localnet_helpers.report import blocks, figures, interactive, sections

from conftest import write_study

HOSTILE = "<b>x</b>"
ESCAPED = "&lt;b&gt;x&lt;/b&gt;"

ACTORS = f"""\
actor_id,name,type,aliases,years
A,Alpha Centre,professional,,2020
B,{HOSTILE},volunteer,,2019 2020
C,Gamma Board,citizen,,2019 2020
D,Delta School,professional,,2019 2020
"""
SURVEYS = {
    2019: f"""\
respondent,partner,form,purpose,target_group,description
{HOSTILE},Gamma Board,1,Sundhed,Ældre,Møde
Gamma Board,Delta School,2,Uddannelse,Børn og unge,Orientering
""",
    2020: f"""\
respondent,partner,form,purpose,target_group,description
Alpha Centre,{HOSTILE},4,Fællesskab,Alle beboere,Byhave
Alpha Centre,Gamma Board,5,Fællesskab,Alle beboere,Fest
{HOSTILE},Delta School,2,Uddannelse,Børn og unge,Koordinering
Gamma Board,Delta School,1,Uddannelse,Børn og unge,Orientering
Delta School,Gamma Board,3,Uddannelse,Børn og unge,Lån af lokaler
""",
}
TOML = """\
title = "Toy *study* <i>t</i>"
hub = "A"
notes = ["A note <script>alert(1)</script>"]

[published.area]
relations = { 2019 = 2, 2020 = 5 }
"""


def build_output(study_dir, out):
    """The tables of 01-04 for every wave of the study, as the notebooks write them."""
    study = load_study(study_dir)
    actors = register.load_register(study.register_path)
    register.write_register(actors, catalogue.path(out, "actors"))
    graphs = {}
    for year in study.years:
        present = register.actors_in_year(actors, year)
        answers = survey.read_survey(study.surveys[year], study.codebook)
        cleaned = survey.clean_survey(answers, actors, year, study.codebook)
        catalogue.write(cleaned.surfaces, out, "surfaces", year)
        catalogue.write(cleaned.respondents, out, "respondents", year)
        catalogue.write(cleaned.log, out, "cleaning_log", year)
        catalogue.write(survey.data_basis(answers, cleaned, len(present), year), out,
                        "data_basis", year)
        surfaces = catalogue.read(out, "surfaces", year)
        answered = set(catalogue.read(out, "respondents", year)["actor_id"])
        relations = network.relations_from_surfaces(surfaces, study.tie_rule, answered)
        graph = graphs[year] = network.build_graph(present, relations)
        chosen = composition.defining_surfaces(surfaces, relations)
        tables = {
            "relations": relations,
            "year_summary": network.network_summary(graph, study.hub, year),
            "centrality": network.centrality_table(graph),
            "reach": composition.hub_reach(graph, study.hub),
            "ei_index": composition.ei_table(graph),
            "depth": composition.depth_table(graph, study.hub, chosen),
            "mixing": composition.mixing_table(graph),
            "purposes": composition.surfaces_by(chosen, graph, study.hub, "purpose"),
            "target_groups": composition.surfaces_by(chosen, graph, study.hub, "target_group"),
            "year_robustness": change.robustness_rows(present, surfaces, answered, study.hub,
                                                      year),
        }
        for name, table in tables.items():
            catalogue.write(table, out, name, year)
    catalogue.write(catalogue.collect_summary(out, study.years), out, "summary")
    catalogue.write(change.change_table(graphs, study.hub), out, "change")
    catalogue.write(change.change_actors(graphs), out, "change_actors")
    catalogue.write(catalogue.read_years(out, "year_robustness", study.years), out,
                    "robustness")
    waves = catalogue.panel_waves(out, study.years)
    catalogue.write(panel.panel_change(waves), out, "panel_change")
    catalogue.write(panel.change_uncertainty(waves), out, "change_uncertainty")
    catalogue.write(panel.qap_table(waves), out, "qap")
    return graphs


def build_figures(out, graphs):
    """A tiny PNG (and SVG) for every figure the report shows, and the interactive page."""
    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    years = sorted(graphs)
    last = years[-1]
    names = [*(f"map_{y}" for y in years),
             *(f"change_{a}_{b}" for a, b in zip(years, years[1:])),
             "networks", "central_actors", "depth", f"mixing_{last}", f"purposes_{last}",
             f"target_groups_{last}"]
    folder = catalogue.figure_dir(out)
    for name in names:
        fig = plt.figure(figsize=(2, 1))
        figures.save_figure(fig, folder, name)
        plt.close(fig)
    graph = graphs[last]
    positions = {node: (i / len(graph), 0.5) for i, node in enumerate(sorted(graph))}
    interactive.write_interactive_map(graph, "A", positions, {"professional": "Prof.",
                                                              "volunteer": "Frivillige",
                                                              "citizen": "Borgere"},
                                      "relationer", folder / f"interactive_map_{last}.html",
                                      "Kort", "da")


@pytest.fixture(scope="module")
def report_dirs(tmp_path_factory):
    """(study folder, output folder) of the tiny study, its output built by hand."""
    root = tmp_path_factory.mktemp("sections")
    study_dir = write_study(root / "study", actors=ACTORS, surveys=SURVEYS, toml=TOML)
    out = root / "out"
    build_figures(out, build_output(study_dir, out))
    return study_dir, out


@pytest.fixture(scope="module")
def ctx(report_dirs):
    return sections.context(*report_dirs, [])


def shown(objects) -> str:
    """The HTML of the HTML objects among ``objects``, one after the other."""
    return "\n".join(o.data for o in objects if isinstance(o, HTML))


def test_context_holds_the_waves_the_hub_and_the_texts(ctx, report_dirs):
    assert ctx.years == (2019, 2020) and (ctx.first, ctx.last) == (2019, 2020)
    assert ctx.hub == "A" and ctx.hub_name == "Alpha Centre" and ctx.language == "da"
    assert ctx.hub_of == "Alpha Centres"
    assert ctx.texts["sections"][6] == "Alpha Centres rækkevidde"
    assert ctx.figure_dir == catalogue.figure_dir(report_dirs[1])
    assert sections.context(*report_dirs, [2020]).years == (2020,)
    assert sections.context(*report_dirs, "2019").last == 2019
    with pytest.raises(AttributeError):
        ctx.language = "en"  # frozen


@pytest.mark.parametrize("section", (sections.title, *sections.SECTIONS),
                         ids=lambda s: s.__name__)
def test_every_section_returns_displayable_objects(ctx, section):
    objects = section(ctx)
    assert isinstance(objects, list) and objects
    assert all(isinstance(o, DisplayObject) for o in objects)


def test_heading_numbers_follow_the_order_of_sections(ctx):
    for position, section in enumerate(sections.SECTIONS, start=1):
        heading = section(ctx)[0].data
        title = sections.section_title(ctx, section)
        assert heading == f'<h2 id="section-{position}">{position}. {title}</h2>'
        assert sections.number(section) == position
    assert sections.data_basis(ctx)[0].data.startswith('<h2 id="section-3">3. Datagrundlag<')
    assert sections.change_real(ctx)[0].data.startswith(
        '<h2 id="section-13">13. Er ændringen reel?<')  # right after "Hvad ændrede sig?"
    assert sections.notes(ctx)[0].data.startswith('<h2 id="section-14">14. Noter og forbehold')
    contents = sections.title(ctx)[1].data
    links = re.findall(r'<li><a href="#section-(\d+)">([^<]*)</a></li>', contents)
    assert links == [(str(i), sections.section_title(ctx, s))
                     for i, s in enumerate(sections.SECTIONS, start=1)]


def test_reordering_the_tuple_renumbers_headings_and_contents(ctx, monkeypatch):
    reordered = (sections.reach, *(s for s in sections.SECTIONS if s is not sections.reach))
    monkeypatch.setattr(sections, "SECTIONS", reordered)
    assert sections.reach(ctx)[0].data == \
        '<h2 id="section-1">1. Alpha Centres rækkevidde</h2>'
    assert sections.key_findings(ctx)[0].data.startswith('<h2 id="section-2">2. Hovedresultater')
    assert sections.central_actors(ctx)[0].data.startswith(
        '<h2 id="section-8">8. Centrale aktører')  # was before reach: one down
    assert sections.depth(ctx)[0].data.startswith(
        '<h2 id="section-9">9. Samarbejdets dybde')  # was after reach: unchanged
    contents = sections.title(ctx)[1].data
    assert contents.index("Alpha Centres rækkevidde") < contents.index("Hovedresultater")


def test_a_year_without_the_hub_is_said(ctx):
    absent = ("Alpha Centre var ikke til stede i 2019, så Alpha Centres netværk har ingen "
              "aktører og ingen relationer det år.")
    assert ctx.hub_absent == [absent]
    for section in (sections.maps, sections.network_size, sections.reach,
                    sections.central_actors):
        assert f"<li>{absent}</li>" in shown(section(ctx)), section.__name__
    assert ("Alpha Centre er nr. 1 af 4 aktører målt på antal relationer i 2020 "
            "(2 relationer).") in shown(sections.central_actors(ctx))


def test_sentences_and_tables_hold_computed_numbers(ctx):
    size = shown(sections.network_size(ctx))
    assert ("Fra 2019 til 2020 gik antallet af relationer i hele området fra 2 til 4 "
            "(+100\u00a0%), og det gennemsnitlige antal relationer pr. aktør fra 1,3 til "
            "2,0.") in size
    assert '<strong>Tabel 4.</strong> Alpha Centres netværk</p>' in size
    assert "2 af 3 (67\u00a0%)" in shown(sections.reach(ctx))
    basis = shown(sections.data_basis(ctx))
    assert '<p class="localnet-warning">Svarprocenten i 2019 er 67\u00a0% (2 af 3 aktører)' in basis
    assert "2020 er" not in basis  # every actor answered in 2020
    notes = shown(sections.notes(ctx))
    assert "1 af 2 offentliggjorte tal genskabes præcist. Afvigelser:" in notes
    assert "offentliggjort 5, beregnet 4" in notes
    assert sections.change(ctx)[4].data == (
        '<p class="localnet-caption localnet-caption-table" id="table-9"><strong>Tabel 9.'
        '</strong> Største fald i antal relationer 2019–2020</p>')


def test_figures_and_the_interactive_map_are_shown(ctx, report_dirs):
    maps = sections.maps(ctx)
    images = [o for o in maps if isinstance(o, Image)]
    assert len(images) == 2 and all(i.data == (ctx.figure_dir / f"map_{y}.png").read_bytes()
                                    for i, y in zip(images, ctx.years))
    assert "Interaktivt kort 2020" in shown(maps)
    assert maps[-1].data.startswith('<div class="localnet-map"><svg id="localnet-map-2020"')
    assert sum(isinstance(o, Image) for o in sections.change_maps(ctx)) == 1
    assert sum(isinstance(o, Image) for o in sections.purposes(ctx)) == 2
    single = sections.context(*report_dirs, [2020])
    assert sections.change_maps(single) == []  # no pair: no section


def test_names_from_the_data_are_escaped(ctx):
    everything = [o for section in (sections.title, *sections.SECTIONS) for o in section(ctx)]
    html = shown(everything)
    assert HOSTILE not in html and "<i>t</i>" not in html
    assert "<script>alert" not in html  # the study's note (the map has a script of its own)
    assert "Toy <em>study</em> &lt;i&gt;t&lt;/i&gt;" in html  # the title: emphasis only
    for section in (sections.central_actors, sections.change, sections.maps):
        assert ESCAPED in shown(section(ctx)), section.__name__


def test_english_texts_from_the_study(report_dirs, tmp_path):
    toml = TOML.replace('hub = "A"', 'hub = "A"\nlanguage = "en"')
    study_dir = write_study(tmp_path / "en", actors=ACTORS, surveys=SURVEYS, toml=toml)
    english = sections.context(study_dir, report_dirs[1], [])
    assert english.language == "en"
    assert sections.data_basis(english)[0].data == '<h2 id="section-3">3. Data basis</h2>'
    assert "Alpha Centre was not present in 2019" in shown(sections.reach(english))
    assert "<strong>Contents</strong>" in sections.title(english)[1].data


def test_the_notebook_shows_the_sections_in_their_order():
    nb = json.loads((NOTEBOOKS / "07_report.ipynb").read_text(encoding="utf-8"))
    calls = []
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        for node in ast.walk(ast.parse("".join(cell["source"]))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                    and node.value.id == "sections" and node.attr != "context":
                calls.append(node.attr)
    assert calls == ["title", *(s.__name__ for s in sections.SECTIONS)]
    assert [c["id"] for c in nb["cells"][2:]] == \
        [s.__name__.replace("_", "-") for s in sections.SECTIONS]


def captions(objects) -> list[tuple[str, str]]:
    return re.findall(r'<strong>(Figur|Tabel) (\d+)\.</strong>', shown(objects))


def test_figures_and_tables_are_numbered_through_the_report(ctx, report_dirs):
    everything = [o for section in sections.SECTIONS for o in section(ctx)]
    found = captions(everything)
    for kind in ("Figur", "Tabel"):
        numbers = [int(n) for k, n in found if k == kind]
        assert numbers == list(range(1, len(numbers) + 1)), kind
    assert len([k for k, _ in found if k == "Tabel"]) == 15  # three in "Er ændringen reel?"
    # a section alone (a fresh context, nothing shown before) has the same numbers
    fresh = sections.context(*report_dirs, [])
    assert captions(sections.mixing(fresh)) == [("Figur", "8"), ("Tabel", "7")]
    # the sentence under them refers to them by number
    assert "Figur 8 og tabel 7: Tal = antal relationer" in shown(sections.mixing(fresh))
    assert "Figur 1–2: Farve = aktørtype" in shown(sections.maps(fresh))
    assert "Tabel 3: Fra 2019 til 2020 gik" in shown(sections.network_size(fresh))


def test_english_numbers_and_alignment(report_dirs, tmp_path):
    toml = TOML.replace('hub = "A"', 'hub = "A"\nlanguage = "en"')
    english = sections.context(write_study(tmp_path / "en", actors=ACTORS, surveys=SURVEYS,
                                           toml=toml), report_dirs[1], [])
    assert "<strong>Figure 8.</strong>" in shown(sections.mixing(english))
    assert "Figure 8 and Table 7: " in shown(sections.mixing(english))


def test_text_columns_left_numbers_right(ctx):
    top = shown(sections.central_actors(ctx))
    head = re.search(r"<thead><tr>(.*?)</tr></thead>", top)[1]
    rank, name, kind, relations, betweenness = ctx.texts["top_cols"].values()
    assert head == (f'<th>{rank}</th><th class="text">{name}</th><th class="text">{kind}</th>'
                    f"<th>{relations}</th><th>{betweenness}</th>")
    assert f'<td class="text">{ESCAPED}</td>' in top and "<td>2</td>" in top
    reach = shown(sections.reach(ctx))
    assert '<th class="text">Alle aktører</th>' in reach  # row labels left
    assert "<td>2 af 3 (67\u00a0%)</td>" in reach  # counts and shares right
    change = shown(sections.change(ctx))
    assert '<td class="text">2019–2020</td>' in change  # a period is a label


def test_one_wave_has_no_change_sections(report_dirs):
    single = sections.context(*report_dirs, [2020])
    assert sections.shown_sections(single) == tuple(
        s for s in sections.SECTIONS
        if s not in (sections.change_maps, sections.change, sections.change_real))
    assert sections.change_maps(single) == [] and sections.change(single) == []
    assert sections.change_real(single) == []
    everything = shown(o for section in (sections.title, *sections.SECTIONS)
                       for o in section(single))
    assert "Fra 2020 til 2020" not in everything and "2020–2020" not in everything
    headings = re.findall(r'<h2 id="section-(\d+)">', everything)
    assert headings == [str(i) for i in range(1, len(sections.SECTIONS) - 2)]
    assert sections.appendix(single)[0].data.startswith('<h2 id="section-12">12. Bilag')
    assert "Ændringer mellem målingerne" not in sections.title(single)[1].data
    # the published figure of 2019 is not compared: 2019 is not a wave of this report
    notes = shown(sections.notes(single))
    assert "0 af 1 offentliggjorte tal genskabes præcist" in notes and "2019" not in notes


def test_two_waves_show_each_period_once(report_dirs, tmp_path):
    # change.csv lists consecutive pairs, then first→last: with two waves the same pair twice
    out = tmp_path / "out"
    shutil.copytree(report_dirs[1], out)
    raw = catalogue.read(out, "change")
    catalogue.write(pd.concat([raw, raw], ignore_index=True), out, "change")
    table = sections.change(sections.context(report_dirs[0], out, []))[2].data
    assert table.count("2019–2020") == len(raw) == 2  # once per network


def test_appendix_lists_the_actors_by_type_and_wave(ctx):
    objects = sections.appendix(ctx)
    title = sections.section_title(ctx, sections.appendix)
    assert objects[0].data == f'<h2 id="section-15">15. {title}</h2>'
    rows = re.findall(r"<tr>(.*?)</tr>", objects[2].data)
    cells = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row) for row in rows]
    assert cells == [["Aktørtype", "Aktør", "2019", "2020"],
                     ["Professionelle aktører", "Alpha Centre", "", "●"],
                     ["", "Delta School", "●", "●"],
                     ["Frivillige organisationer", ESCAPED, "●", "●"],
                     ["Borgerdrevne foreninger", "Gamma Board", "●", "●"]]


@pytest.fixture(scope="module")
def one_wave_demo(tmp_path_factory):
    """``localnet run --years 2019`` on the demo: its report's HTML."""
    from localnet_helpers.paths import DEMO_STUDY

    from conftest import run_cli

    out = tmp_path_factory.mktemp("one") / "out"
    result = run_cli("run", "--study", DEMO_STUDY, "--years", "2019", "--out", out)
    assert result.returncode == 0, result.stderr
    return (out / "report.html").read_text(encoding="utf-8")


@pytest.mark.e2e
def test_one_wave_demo_report(one_wave_demo):
    page = one_wave_demo
    assert "Ændringer mellem målingerne" not in page and "Hvad ændrede sig" not in page
    assert "fra 2019 til 2019" not in page.lower() and "2019–2019" not in page
    assert "beregnet –" not in page  # figures of waves not computed are not compared
    assert re.search(r"\d+ af \d+ offentliggjorte tal genskabes", page) or \
        "offentliggjorte tal genskabes præcist" in page
    assert re.findall(r'<h2 id="section-(\d+)">', page) == [str(i) for i in range(1, 13)]
    assert "Bilag: Aktører efter type og måling" in page


def test_is_the_change_real_in_danish(ctx):
    # the panel of 2019-2020: B and C (D did not answer 2019, A was not present). B-C in 2019,
    # not in 2020: density 1 -> 0. Every bootstrap draw with a pair holds B and C: -1 each,
    # so the interval is -1 to -1. One pair, which had a relation and then none: no QAP.
    html = shown(sections.change_real(ctx))
    assert ("Blandt de 2 aktører, der svarede i både 2019 og 2020, faldt tætheden med 1,00 "
            "(fra 1,00 til 0,00); et 95\u00a0%-interval går fra −1,00 til −1,00, så faldet er "
            "større end tilfældig variation i besvarelserne kan forklare.") in html
    assert ("Fra 2019 til 2020 kan stabiliteten ikke beregnes, fordi panelet i én af "
            "målingerne har ingen eller alle mulige relationer.") in html
    assert "<td>−1,00</td>" in html and "−1,00 til −1,00" in html
    assert "Tabel 12–14: Panelet = aktører" in html and "Snijders og Borgatti 1999" in html
    basis = shown(sections.data_basis(ctx))
    assert "<li>I 2019 svarede 1 aktør ikke: Delta School.</li>" in basis
    assert ("<li>1 af de 2 relationer i 2019 bygger kun på den ene parts svar, fordi den "
            "anden part ikke svarede.</li>") in basis  # C-D: D did not answer
    assert "<li>Alle aktører svarede i 2020.</li>" in basis
    assert "Ringe uden fyld = aktører, der ikke svarede" in shown(sections.maps(ctx))


def test_is_the_change_real_in_english(report_dirs, tmp_path):
    toml = TOML.replace('hub = "A"', 'hub = "A"\nlanguage = "en"')
    english = sections.context(write_study(tmp_path / "en", actors=ACTORS, surveys=SURVEYS,
                                           toml=toml), report_dirs[1], [])
    html = shown(sections.change_real(english))
    assert html.startswith('<h2 id="section-13">13. Is the change real?</h2>')
    assert ("Among the 2 actors that answered in both 2019 and 2020, density fell by 1.00 "
            "(from 1.00 to 0.00); a 95% interval runs from −1.00 to −1.00, so the decline is "
            "larger than chance variation in the answers can explain.") in html
    assert "In 2019, 1 actor did not answer: Delta School." in shown(sections.data_basis(english))


def verdict(estimate, low, high, n=40, d0=0.3, language="da"):
    u = pd.DataFrame({"from_year": [2017], "to_year": [2019], "measure": ["density"],
                      "estimate": [estimate], "ci_low": [low], "ci_high": [high]})
    p = pd.DataFrame({"from_year": [2017], "to_year": [2019], "panel_actors": [n],
                      "density_before": [d0], "density_after": [d0 + (estimate or 0)]})
    return blocks.change_verdict(u, p, language)


def test_change_verdict_hedges_when_the_interval_includes_zero():
    assert verdict(-0.07, -0.09, -0.05).endswith(
        "faldt tætheden med 0,07 (fra 0,30 til 0,23); et 95\u00a0%-interval går fra −0,09 til "
        "−0,05, så faldet er større end tilfældig variation i besvarelserne kan forklare.")
    assert verdict(-0.01, -0.04, 0.02).endswith(
        "faldt tætheden med 0,01 (fra 0,30 til 0,29); et 95\u00a0%-interval går fra −0,04 til 0,02 "
        "og rummer 0, så faldet kan skyldes tilfældig variation i besvarelserne og kan ikke "
        "med sikkerhed kaldes en reel ændring.")
    assert "steg tætheden med 0,03" in verdict(0.03, 0.01, 0.05) and \
        "så stigningen er større end" in verdict(0.03, 0.01, 0.05)
    assert "so the increase may be chance variation" in verdict(0.03, -0.01, 0.05, language="en")
    assert "er tætheden den samme begge år (0,30)" in verdict(0.0, -0.02, 0.02)
    assert verdict(float("nan"), float("nan"), float("nan"), n=1) == \
        "Fra 2017 til 2019 svarede kun 1 aktør i begge målinger: for få til at vurdere ændringen."
    # a small change is never shown as 0,00: more decimals
    assert "faldt tætheden med 0,004 (fra 0,020 til 0,016); et 95\u00a0%-interval går fra −0,006 " \
        "til −0,002" in verdict(-0.004, -0.006, -0.002, d0=0.02)


def test_qap_sentences():
    qap = pd.DataFrame({"from_year": [2017, 2018, 2019], "to_year": [2018, 2019, 2020],
                        "correlation": [0.54, 0.04, float("nan")],
                        "p_value": [1 / 1001, 0.31, float("nan")]})
    assert blocks.qap_sentence(qap, 2017, 2018) == (
        "Fra 2017 til 2018 ligner panelets relationer hinanden mere, end tilfældet ville give: "
        "korrelationen er 0,54 (p = 0,001), hvor 0 betyder ingen sammenhæng og 1 præcis de "
        "samme relationer. Netværket har altså bevaret noget af sin struktur.")
    assert blocks.qap_sentence(qap, 2018, 2019, "en").startswith(
        "From 2018 to 2019 the panel's relations are no more alike than chance could make them: "
        "the correlation is 0.04 (p = 0.310).")
    assert "kan stabiliteten ikke beregnes" in blocks.qap_sentence(qap, 2019, 2020)
