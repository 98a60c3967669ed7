"""Report texts and tables: number formatting, Figures 6/7, published figures, user text
shown as text, figures drawing names literally."""

import html
import re

import matplotlib
import networkx as nx
import pandas as pd
import pytest
from IPython.display import HTML

from localnet_helpers.errors import InputError
from localnet_helpers.inputs.study import load_study
from localnet_helpers.report import blocks as report
from localnet_helpers.report import figures, interactive

from conftest import write_study

SUMMARY = pd.DataFrame([
    {"year": 2017, "network": "area", "actors": 48, "relations": 337,
     "mean_relations": 2 * 337 / 48},
    {"year": 2017, "network": "hub", "actors": 40, "relations": 263,
     "mean_relations": 2 * 263 / 40},
    {"year": 2019, "network": "area", "actors": 49, "relations": 268,
     "mean_relations": 2 * 268 / 49},
    {"year": 2019, "network": "hub", "actors": 42, "relations": 205,
     "mean_relations": 2 * 205 / 42},
])


def test_round_half_up_on_the_decimal_form():
    assert round(2 * 41 / 8, 1) == 10.2  # the trap this avoids: exact halves go to even
    assert report.round_half_up(2 * 41 / 8, 1) == 10.3
    assert report.round_half_up(2.675, 2) == 2.68
    assert report.fmt(2 * 263 / 40, 1) == "13,2"
    assert report.fmt(-0.25, 1, "en") == "\u22120.3"  # a real minus sign


def test_figure_table_like_the_report():
    table = report.figure_table(SUMMARY, "hub")
    assert table.to_dict("index") == {
        "Antal aktører": {"2017": "40", "2019": "42"},
        "Antal relationer": {"2017": "263", "2019": "205"},
        "Gennemsnitligt antal relationer pr. aktør": {"2017": "13,2", "2019": "9,8"},
    }
    english = report.figure_table(SUMMARY, "area", "en")
    assert english.loc["Mean relations per actor"].tolist() == ["14.0", "10.9"]


def test_published_comparison_flags_differences(tmp_path):
    toml = ('title = "T"\nhub = "A"\n[published.area]\nrelations = { 2017 = 337, 2019 = 268 }\n'
            'mean_relations = { 2017 = 14.0, 2019 = 10.7 }\n[published.hub]\n'
            'mean_relations = { 2017 = 13.2 }\n')
    study = load_study(write_study(tmp_path / "s", toml=toml))
    table = report.published_comparison(SUMMARY, study)
    assert table[["year", "network", "measure", "computed", "match"]].values.tolist() == [
        [2017, "area", "mean_relations", 14.0, True],
        [2017, "area", "relations", 337, True],
        [2017, "hub", "mean_relations", 13.2, True],
        [2019, "area", "mean_relations", 10.9, False],
        [2019, "area", "relations", 268, True],
    ]
    sentence, differences = report.comparison_lines(table)
    assert sentence == "4 af 5 offentliggjorte tal genskabes præcist. Afvigelser:"
    assert differences == ["Hele området, Gennemsnitligt antal relationer pr. aktør, 2019: "
                           "offentliggjort 10,7, beregnet 10,9"]


def test_change_sentence_is_computed():
    sentence = report.change_sentence(SUMMARY, "area", "Medborgercentret")
    assert sentence == ("Fra 2017 til 2019 gik antallet af relationer i hele området fra 337 "
                        "til 268 (\u221220\u00a0%), og det gennemsnitlige antal relationer "
                        "pr. aktør fra 14,0 til 10,9.")


def test_top_actors_share_ranks_on_ties():
    centrality = pd.DataFrame({"actor_id": list("abcd"), "name": list("ABCD"),
                               "type": ["citizen"] * 4, "relations": [5, 3, 3, 1],
                               "betweenness": [0.5, 0.25, 0.125, 0.0]})
    table = report.top_actors_table(centrality, 3, "en")
    assert table["Rank"].tolist() == [1, 2, 2]
    assert table["Betweenness"].tolist() == ["0.500", "0.250", "0.125"]


def test_data_text_is_escaped_where_shown(tmp_path):
    toml = 'title = "<b>T</b>"\nhub = "A"\nnotes = ["<script>alert(1)</script>"]\n'
    study = load_study(write_study(tmp_path / "s", toml=toml))
    title = report.title_block(study, "<i>A</i>", [2020]).data
    assert "&lt;b&gt;T&lt;/b&gt;" in title and "&lt;i&gt;A&lt;/i&gt;" in title
    assert "<strong>" in title  # the labels are bold
    assert "<script>" not in report.notes_block(study).data
    assert report.heading(7, "<script>").data == \
        '<h2 id="section-7">7. &lt;script&gt;</h2>'
    contents = report.contents(["<i>A</i>", "B"], "Indhold").data
    assert '<li><a href="#section-1">&lt;i&gt;A&lt;/i&gt;</a></li>' in contents
    assert '<li><a href="#section-2">B</a></li>' in contents
    assert "<script>" not in report.note("<script>x</script>").data
    table = pd.DataFrame({"Aktør": ["<script>alert(1)</script>"]})
    assert "&lt;script&gt;" in report.html_table(table).data
    for shown in (report.paragraph("<b>x</b>", bold=True), report.warning("<b>x</b>"),
                  report.items(["<b>x</b>"])):
        assert "&lt;b&gt;x&lt;/b&gt;" in shown.data and "<b>" not in shown.data


#: Markdown that would pull something into the report: a file from the current folder, a
#: live script link, an image from another host.
ATTACKS = ("![k](secret.txt)", "[klik](javascript:alert(1))", "![x](https://evil.example/x.png)",
           '<img src="https://evil.example/y.png">', "[f](file:///etc/passwd)")


def test_rich_text_allows_only_emphasis_and_web_links():
    assert report.rich_text("Se [rapporten](https://example.org/r?a=1&b=2) og *dette*, "
                            "**det** og [den](http://example.org).") == (
        'Se <a href="https://example.org/r?a=1&amp;b=2" rel="noopener noreferrer">rapporten</a>'
        " og <em>dette</em>, <strong>det</strong> og "
        '<a href="http://example.org" rel="noopener noreferrer">den</a>.')
    for attack in ATTACKS:
        shown = report.rich_text(attack)
        assert not re.search(r"<(img|a)\b", shown), attack
        assert html.unescape(shown) == attack
    for literal in ("2 * 3 * 4", "$5 og $10", "$\\x$", "a*b*c", "[x](https://a.org/\" b)"):
        assert html.unescape(report.rich_text(literal)) == literal, literal


def test_names_and_notes_are_never_read_as_markup(tmp_path):
    notes = [*ATTACKS, "*vigtigt*"]
    toml = ('title = "Kant *tilfælde* ![t](secret.txt)"\nhub = "A"\n'
            'area = "**Nord** [x](javascript:alert(1))"\nnotes = [' +
            ", ".join(f"'{n}'" for n in notes) + "]\n")
    study = load_study(write_study(tmp_path / "s", toml=toml))
    hub_name = "**H** ![h](secret.txt) $5"
    blocks = [report.title_block(study, hub_name, [2018, 2019]), report.notes_block(study),
              report.reading_guide(study, hub_name)]
    for block in blocks:
        assert isinstance(block, HTML)
        assert "<img" not in block.data
        assert not re.search(r"href=\"(?!https?:)", block.data)
    title, notes_html, guide = (b.data for b in blocks)
    assert "<h1" in title and "Kant <em>tilfælde</em> ![t](secret.txt)</h1>" in title
    assert "<strong>Nord</strong> [x](javascript:alert(1))" in title
    assert f"<strong>Omdrejningspunkt:</strong> {hub_name}" in title  # literal, no bold
    assert all(html.escape(a, quote=False) in notes_html for a in ATTACKS)
    assert "<li><em>vigtigt</em></li>" in notes_html
    # a name ending in a digit takes 's in Danish too ("Borgerforening 3's")
    assert "<strong>**H** ![h](secret.txt) $5's netværk:</strong> **H** ![h](secret.txt) $5," \
        in guide
    assert "<li><strong>Samskabe:</strong> Aktører udvikler i fællesskab nye måder at løse " \
        "komplekse problemer på – ofte med inddragelse af beboere.</li>" in guide
    assert "knowledge sharing" not in guide  # the seed's definitions, not English glosses


CENTRALITY = pd.DataFrame({"year": [2018, 2018, 2019, 2019], "actor_id": ["a", "b", "h", "a"],
                           "rank": [1, 1, 1, 2], "relations": [1, 1, 1, 1]})


def test_hub_absent_year_is_said_in_both_languages():
    assert report.hub_absent_sentences(CENTRALITY, "h", "Huset") == [
        "Huset var ikke til stede i 2018, så Husets netværk har ingen aktører og ingen "
        "relationer det år."]
    assert report.hub_rank_sentences(CENTRALITY, "h", "The House", "en") == [
        "The House was not present in 2018, so The House's network has no actors and no "
        "relations that year.",
        "The House ranks 1 of 2 actors by relations in 2019 (1 relation)."]
    assert report.hub_rank_sentences(CENTRALITY, "h", "Huset")[1] == \
        "Huset er nr. 1 af 2 aktører målt på antal relationer i 2019 (1 relation)."
    assert report.hub_absent_sentences(CENTRALITY[CENTRALITY["year"] == 2019], "h", "H") == []


def test_change_sentence_from_no_relations_has_no_percentage():
    summary = pd.DataFrame({"year": [2018, 2019], "network": ["hub", "hub"],
                            "relations": [0, 3], "mean_relations": [0.0, 1.5]})
    assert report.change_sentence(summary, "hub", "Huset", "en") == (
        "From 2018 to 2019 the relations in the Huset's network went from 0 to 3, and mean "
        "relations per actor from 0.0 to 1.5.")


def test_response_warnings_below_the_minimum():
    bases = pd.DataFrame([{"year": 2019, "actors": 50, "questionnaires": 36,
                           "response_rate": 0.72},
                          {"year": 2020, "actors": 50, "questionnaires": 45,
                           "response_rate": 0.9}])
    assert report.response_warnings(bases, 0.8) == [
        "Svarprocenten i 2019 er 72\u00a0% (36 af 50 aktører), under 80\u00a0%. Relationer til "
        "aktører, der ikke har svaret, bygger kun på de andres svar."]


def test_check_study_warns_on_low_response(tmp_path):
    from localnet_helpers.run.pipeline import check_study

    from conftest import TOY_SURVEY

    # only A, B and E answer: 3 of 5 actors
    answered = "\n".join(line for line in TOY_SURVEY.splitlines()
                         if not line.startswith(("Gamma", "Delta"))) + "\n"
    warnings = []
    check_study(write_study(tmp_path / "s", surveys={2020: answered}), warn=warnings.append)
    assert warnings == ["warning: 2020: response rate 60% (3 of 5 actors answered) is below "
                        "80%; their relations rest on the others' answers only"]


def test_hub_names_come_from_the_study():
    t = report.texts("da", "Nordens Plads")
    assert t["networks"]["hub"] == "Nordens Plads' netværk"
    assert t["sections"][6] == "Nordens Plads' rækkevidde"
    assert report.texts("en", "Alpha Centre")["scopes"]["hub_relations"] == \
        "Alpha Centre's own relations"
    sentence = report.change_sentence(SUMMARY, "hub", "Medborgercentret")
    assert sentence.startswith("Fra 2017 til 2019 gik antallet af relationer i "
                               "Medborgercentrets netværk fra 263 til 205")


def test_figures_shown_from_their_files(tmp_path):
    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    from localnet_helpers.report.figures import save_figure
    from localnet_helpers.report.interactive import write_interactive_map

    fig = plt.figure(figsize=(4, 3))
    png = save_figure(fig, tmp_path, "chart")[0]
    plt.close(fig)
    shown = figures.image(png)
    assert shown.width == 400 and shown.data[:8] == b"\x89PNG\r\n\x1a\n"  # 4 in at 100 px/in

    graph = nx.Graph([("a", "b")])
    nx.set_node_attributes(graph, {"a": "<b>A</b>", "b": "B"}, "name")
    nx.set_node_attributes(graph, "citizen", "type")
    page = write_interactive_map(graph, "a", {"a": (0.0, 0.0), "b": (0.5, 0.0)},
                                 {"citizen": "Borgere"}, "relationer",
                                 tmp_path / "interactive_map_2020.html", "Kort & mere", "da")
    text = page.read_text(encoding="utf-8")
    assert "<title>Kort &amp; mere</title>" in text and '<html lang="da">' in text
    fragment = interactive.map_fragment(page)
    assert fragment.startswith('<div class="localnet-map"><svg id="localnet-map-2020"')
    assert "&lt;b&gt;A&lt;/b&gt;" in fragment and "<b>" not in fragment
    assert "<title>Kort" not in fragment  # the page's own head stays out of the report

    page.write_text(text.replace(interactive.MAP_BEGIN, ""), encoding="utf-8")
    with pytest.raises(InputError, match="run 05_maps again"):
        interactive.map_fragment(page)
    with pytest.raises(InputError, match="run 05_maps and 06_charts before the report"):
        figures.image(tmp_path / "missing.png")


#: Names that matplotlib's mathtext would parse: the first fails to parse, the second would be
#: set in italics as the formula "5 og ".
DOLLAR_NAMES = ("$\\x$", "$5 og $10")


def shown_texts(fig) -> list[tuple[str, bool]]:
    """Every text of a drawn figure as matplotlib lays it out: (string, drawn as mathtext)."""
    import io

    from matplotlib.text import Text

    fig.savefig(io.BytesIO(), format="png")  # draws every text, tick labels included
    return [t._preprocess_math(t.get_text()) for t in fig.findobj(Text) if t.get_text()]


def assert_literal(fig, *names):
    import matplotlib.pyplot as plt

    shown = shown_texts(fig)
    plt.close(fig)
    assert not [s for s, math in shown if math], "drawn as mathtext"
    for name in names:
        assert any(name in s for s, _ in shown), name


def dollar_graph():
    graph = nx.Graph([("h", "x"), ("x", "y")])
    nx.set_node_attributes(graph, {"h": "Huset $2", "x": DOLLAR_NAMES[0],
                                   "y": DOLLAR_NAMES[1]}, "name")
    nx.set_node_attributes(graph, "citizen", "type")
    for edge in graph.edges:
        graph.edges[edge].update(depth=2, surfaces=1, reports=2)
    return graph


def test_dollar_names_are_drawn_literally_on_maps():
    matplotlib.use("agg")
    from localnet_helpers.report import maps

    graph = dollar_graph()
    pos = maps.stable_layout({2020: graph}, "h")
    labels = {n: report.short_label(d["name"]) for n, d in graph.nodes(data=True)}
    types = {"professional": "P", "volunteer": "V", "citizen": "$C$"}
    fig = maps.network_map(graph, "h", pos, labels, types, ("Husets $2 $x$", "Alle"), "$o$",
                           title="Kort $\\alpha$")
    assert_literal(fig, *DOLLAR_NAMES, "Husets $2 $x$", "$C$", "Kort $\\alpha$")
    fig = maps.change_map(graph, graph, "h", pos, labels, {"kept": "$k$", "new": "N",
                                                           "lost": "L"}, ("$i$", "$o$"))
    assert_literal(fig, *DOLLAR_NAMES, "$k$ (2)", "$i$")


def test_dollar_names_are_drawn_literally_on_charts():
    matplotlib.use("agg")
    from localnet_helpers.report import charts

    names = {"area": "Område $a$", "hub": "Husets $\\x$ netværk"}
    summary = pd.DataFrame({"year": [2020, 2020], "network": ["area", "hub"],
                            "actors": [3, 2], "relations": [2, 1],
                            "mean_relations": [4 / 3, 1.0]})
    assert_literal(charts.summary_chart(summary, names, ("$r$", "$m$")), *names.values(), "$r$")
    centrality = pd.DataFrame({"actor_id": ["x", "y"], "name": list(DOLLAR_NAMES),
                               "relations": [2, 1]})
    assert_literal(charts.top_actors_chart({2020: centrality}, "x", "$r$"), *DOLLAR_NAMES)
    purposes = pd.DataFrame({"network": ["area", "area", "hub"],
                             "purpose": [DOLLAR_NAMES[0], DOLLAR_NAMES[1], DOLLAR_NAMES[0]],
                             "surfaces": [2, 1, 2], "share": [2 / 3, 1 / 3, 1.0]})
    assert_literal(charts.category_chart(purposes, "purpose", names, "$s$", "-", title="$t$"),
                   *DOLLAR_NAMES, *names.values(), "$t$")
    depth = pd.DataFrame([{"year": 2020, "scope": s, "unit": "relations", "depth": d,
                           "count": 0, "share": 0.0} for s in ("area", "hub_network")
                          for d in range(1, 6)])
    fig = charts.depth_chart(depth, {"area": "$a$", "hub_network": "Husets $\\x$"},
                             [f"${d}$" for d in range(1, 6)], "$s$")
    assert_literal(fig, "Husets $\\x$", "$5$")


def test_charts_of_a_wave_without_surfaces(recwarn):
    matplotlib.use("agg")
    from localnet_helpers.report import charts

    empty = pd.DataFrame(columns=["network", "purpose", "surfaces", "share"])
    fig = charts.category_chart(empty, "purpose", {"area": "A", "hub": "H"}, "%", "-",
                                title="Formål")
    assert_literal(fig, "Formål")
    assert not [w for w in recwarn if "legend" in str(w.message)]


def test_one_label_shortener_wraps_or_cuts():
    from localnet_helpers.report.figures import short_label

    name = "Frederiksberg Kommune: Social, Sundheds- og Arbejdsmarkedsområdet"
    assert report.short_label is short_label
    assert short_label(name).splitlines() == ["Frederiksberg Kommune:", "Social, Sundheds- og",
                                              "Arbejdsmarkedsområdet"]
    assert short_label(name, 30, cut=True) == name[:29] + "…"
    assert short_label(name, 40, cut=True, mark="") == name[:40]
    assert short_label("Akelius", 30, cut=True) == short_label("Akelius") == "Akelius"


def test_numbers_are_written_as_the_language_writes_them():
    assert report.fmt(1072) == "1.072" and report.fmt(1072, language="en") == "1,072"
    assert report.fmt(-0.2, percent=True) == "\u221220\u00a0%"
    assert report.fmt(-0.2, language="en", percent=True) == "\u221220%"
    assert report.fmt(3, sign=True) == "+3" and report.fmt(-0.4, sign=True) == "0"
    assert report.counted(1, "relation") == "1 relation"
    assert report.counted(1, "relation", "en") == "1 relation"
    assert report.counted(1072, "relation") == "1.072 relationer"
    bases = pd.DataFrame({"year": [2020], "actors": [1500], "questionnaires": [1072],
                          "response_rate": [1072 / 1500], "rows": [1072], "surfaces": [2345],
                          "agreement_rate": [0.5]})
    table = report.data_basis_table(bases, pd.DataFrame({"rule": [], "year": []}))
    assert table["2020"].tolist() == ["1.500", "1.072", "71\u00a0%", "1.072", "2.345", "50\u00a0%"]
    assert report.response_warnings(bases, 0.8)[0].startswith(
        "Svarprocenten i 2020 er 71\u00a0% (1.072 af 1.500 aktører), under 80\u00a0%.")
    ei = pd.DataFrame({"group": ["all"], "internal": [1200], "external": [800],
                       "ei_index": [-0.2]})
    assert report.ei_display(ei).values.tolist() == [["Alle", "1.200", "800", "\u22120,20"]]


CHANGE_ACTORS = pd.DataFrame({
    "actor_id": list("abcdefgh"), "name": list("ABCDEFGH"), "type": ["citizen"] * 8,
    "relations_2017": [20, 18, 18, 22, 18, 9, 5, 1], "relations_2019": [8, 7, 9, 13, 10, 9, 8, 2],
    "change": [-12, -11, -9, -9, -8, 0, 3, 1]})


def test_movers_never_cut_through_a_tie():
    losers = report.movers(CHANGE_ACTORS, 2)
    assert losers["Aktør"].tolist() == ["A", "B"]
    tied = report.movers(CHANGE_ACTORS, 3)  # c and d both lost 9: both shown
    assert tied["Aktør"].tolist() == ["A", "B", "C", "D"]
    assert tied["Ændring"].tolist() == ["\u221212", "\u221211", "\u22129", "\u22129"]
    assert report.movers(CHANGE_ACTORS, 5)["Aktør"].tolist() == list("ABCDE")
    gainers = report.movers(CHANGE_ACTORS, 1, "en", gainers=True)
    assert gainers["Change"].tolist() == ["+3"] and gainers["2017"].tolist() == ["5"]
    assert report.movers(CHANGE_ACTORS, 9, gainers=True)["Aktør"].tolist() == ["G", "H"]


def test_reach_percentages_are_explained_from_the_data(tmp_path):
    reach = pd.DataFrame({"year": [2019, 2019], "type": ["citizen", "all"],
                          "actors": [11, 48], "reached": [11, 41], "share": [1.0, 41 / 48]})
    toml = ('title = "T"\nhub = "A"\n[published.area]\nactors = { 2019 = 49 }\n'
            'mean_relations = { 2019 = 10.7 }\n')
    study = load_study(write_study(tmp_path / "s", toml=toml))
    table = report.published_comparison(
        pd.DataFrame({"year": [2019], "network": ["area"], "actors": [49],
                      "mean_relations": [10.9]}), study)
    sentence, lines = report.comparison_lines(table, "da", "Medborgercentret")
    assert sentence == "1 af 2 offentliggjorte tal genskabes præcist. Afvigelser:"
    assert len(lines) == 1 and "offentliggjort 10,7, beregnet 10,9" in lines[0]
    [explained] = report.reach_explanation(reach, table, "Medborgercentret")
    assert "relationer til 41 af de 48 øvrige aktører (85,4\u00a0%)" in explained
    assert "er det 41 af 49 (83,7\u00a0%)" in explained
    assert "Medborgercentrets rækkevidde" in explained
    [english] = report.reach_explanation(reach, table, "The House", "en")
    assert "41 of the 48 other actors (85.4%)" in english and "41 of 49 (83.7%)" in english
    assert report.reach_explanation(reach[reach["type"] == "citizen"], table, "M") == []


def test_robustness_columns_name_the_hub():
    robustness = pd.DataFrame({"year": [2019], "tie_rule": ["union"], "relations": [1268],
                               "mean_relations": [10.94], "hub_partners": [41],
                               "hub_reach": [41 / 48]})
    table = report.robustness_display(robustness, hub_name="Medborgercentret")
    assert list(table.columns)[-2:] == ["Medborgercentrets relationer",
                                        "Medborgercentrets rækkevidde"]
    assert table.iloc[0].tolist()[2:] == ["1.268", "10,9", "41", "85\u00a0%"]
    assert "{" not in "".join(report.robustness_display(robustness, "en").columns)
    assert list(report.robustness_display(robustness).columns)[-2:] == [
        "Omdrejningspunktets relationer", "Omdrejningspunktets rækkevidde"]
