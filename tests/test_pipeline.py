"""End to end: `localnet run` executes the real notebooks with papermill.

On the demo every published figure of CFBU's report is asserted from the produced files; on
the hand-worked toy study (conftest.py), a study the kit has never seen, every number is
asserted against the values worked out by hand, with the report in English.
"""

import pandas as pd
import pytest

from localnet_helpers import demo
from localnet_helpers.catalogue import read_csv
from localnet_helpers.inputs.forms import DEEP_FROM
from localnet_helpers.measures import network

from conftest import CANARIES, HOSTILE_NAMES

pytestmark = pytest.mark.e2e

HUB = "medborgercentret"


def test_progress_and_report_path_printed(demo_run):
    out, result = demo_run
    assert "[12/12] " in result.stdout and "] 07_report.ipynb (" in result.stdout
    assert "] 08_exports.ipynb (" in result.stdout
    assert f"report: {out / 'report.html'}" in result.stdout
    assert result.stderr == ""


def test_published_figures_6_and_7(demo_run):
    out, _ = demo_run
    summary = pd.read_csv(out / "summary.csv")
    assert list(summary.columns) == network.SUMMARY_COLUMNS
    got = {(r.year, r.network): (r.actors, r.relations) for r in summary.itertuples()}
    assert got == {
        (2017, "area"): (48, 337), (2018, "area"): (50, 291), (2019, "area"): (49, 268),
        (2017, "hub"): (40, 263), (2018, "hub"): (42, 214), (2019, "hub"): (42, 205),
    }
    assert summary["mean_relations"].tolist() == pytest.approx(
        [2 * 337 / 48, 2 * 263 / 40, 2 * 291 / 50, 2 * 214 / 42, 2 * 268 / 49, 2 * 205 / 42])


def year_tables(out, year):
    relations = read_csv(out / str(year) / "relations.csv")
    centrality = read_csv(out / str(year) / "centrality.csv")
    return relations, centrality


def test_2019_top_three_in_order(demo_run):
    _, centrality = year_tables(demo_run[0], 2019)
    assert list(centrality["actor_id"][:3]) == [HUB, "kvarterhuset", "fk_ssa"]
    top = centrality["relations"].tolist()[:4]
    assert top[0] > top[1] > top[2] > top[3]


def test_2019_hub_reach_by_type(demo_run):
    relations, centrality = year_tables(demo_run[0], 2019)
    hub_rel = relations[(relations["source"] == HUB) | (relations["target"] == HUB)]
    partners = set(hub_rel["source"]) | set(hub_rel["target"]) - {HUB}
    kinds = centrality.set_index("actor_id")["type"]
    citizens = set(kinds[kinds == "citizen"].index)
    volunteers = set(kinds[kinds == "volunteer"].index)
    assert citizens <= partners and len(citizens) == 11
    assert len(volunteers) == 7 and len(volunteers & partners) == 5


def deep_share(relations):
    return (relations["depth"] >= DEEP_FROM).mean()


def test_depth_findings(demo_run):
    shares = []
    for year in demo.YEARS:
        relations, _ = year_tables(demo_run[0], year)
        is_hub = (relations["source"] == HUB) | (relations["target"] == HUB)
        assert deep_share(relations[is_hub]) > deep_share(relations[~is_hub]), year
        shares.append(deep_share(relations))
    assert shares[0] >= shares[1] >= shares[2]


def test_a_tenant_board_and_an_owners_association_lose_relations(demo_run):
    first = year_tables(demo_run[0], 2017)[1].set_index("actor_id")["relations"]
    last = year_tables(demo_run[0], 2019)[1].set_index("actor_id")["relations"]
    losers = [a for a in last.index if a in first.index and last[a] < first[a]]
    assert any(a.startswith("ab_") for a in losers)  # afdelingsbestyrelse
    assert any(a.startswith("gf_") for a in losers)  # grundejerforening


def test_answers_look_real(demo_run):
    out, _ = demo_run
    for year, actors in zip(demo.YEARS, (48, 50, 49)):
        relations, centrality = year_tables(out, year)
        assert set(relations["reports"]) == {1, 2}
        assert relations["surfaces"].between(1, 6).all() and relations["surfaces"].max() == 6
        assert len(centrality) == actors
        assert (relations["source"] < relations["target"]).all()
        basis = read_csv(out / str(year) / "data_basis.csv").iloc[0]
        assert basis["questionnaires"] == actors  # Figure 2: 48, 50, 49 questionnaires
        for notebook in ("02_clean_survey.ipynb", "03_network.ipynb"):
            assert (out / str(year) / "executed" / notebook).is_file()


def test_change_shows_the_decline(demo_run):
    change = read_csv(demo_run[0] / "change.csv").set_index(["from_year", "to_year", "network"])
    for which in ("area", "hub"):
        first_last = change.loc[(2017, 2019, which)]
        assert first_last["lost"] > first_last["new"], which  # the networks thinned
    assert change.loc[(2017, 2019, "area"), "jaccard"] < change.loc[(2017, 2018, "area"),
                                                                    "jaccard"]
    movers = read_csv(demo_run[0] / "change_actors.csv").set_index("actor_id")
    assert movers.loc["ab_soendermarken", "change"] < 0
    assert movers["change"].sum() < 0


def test_reach_depth_and_robustness(demo_run):
    out = demo_run[0]
    reach = read_csv(out / "2019" / "reach.csv").set_index("type")
    assert reach.loc["citizen", ["actors", "reached"]].tolist() == [11, 11]
    assert reach.loc["volunteer", ["actors", "reached"]].tolist() == [7, 5]
    assert reach.loc["all", ["actors", "reached"]].tolist() == [48, 41]
    summary = read_csv(out / "summary.csv").set_index(["year", "network"])
    for year in demo.YEARS:
        depth = read_csv(out / str(year) / "depth.csv")
        deep = depth[(depth["unit"] == "relations") & (depth["depth"] >= DEEP_FROM)]
        share = deep.groupby("scope")["share"].sum()
        assert share["hub_relations"] > share["other_relations"]
        assert share["area"] == pytest.approx(summary.loc[(year, "area"), "deep_share"])
    robust = read_csv(out / "robustness.csv").set_index(["year", "tie_rule"])
    assert robust.loc[(2019, "union"), "relations"] == 268
    assert robust.loc[(2019, "reciprocated"), "relations"] < 268


def test_tables_workbook(demo_run):
    from openpyxl import load_workbook

    book = load_workbook(demo_run[0] / "tables.xlsx", read_only=True)
    assert book.sheetnames[:4] == ["Om tabellerne", "Oversigt", "Datagrundlag", "Centralitet"]
    assert {"Ændringer", "Ændringer pr. aktør", "Rækkevidde", "Sektorblanding",
            "E-I-indeks", "Panel", "Usikkerhed på ændringen",
            "Stabilitet (QAP)"} <= set(book.sheetnames)


def test_the_change_is_judged_on_the_panel(demo_run):
    from localnet_helpers.report import blocks

    out = demo_run[0]
    panel = read_csv(out / "panel_change.csv")
    uncertainty = read_csv(out / "change_uncertainty.csv")
    qap = read_csv(out / "qap.csv")
    pairs = [(2017, 2018), (2018, 2019), (2017, 2019)]
    assert list(zip(panel["from_year"], panel["to_year"])) == pairs
    assert list(zip(qap["from_year"], qap["to_year"])) == pairs
    summary = read_csv(out / "summary.csv").set_index(["year", "network"])
    for rec in panel.to_dict("records"):  # the panel is part of both waves' area network
        for year, side in ((rec["from_year"], "before"), (rec["to_year"], "after")):
            assert rec["panel_actors"] <= summary.loc[(year, "area"), "actors"]
            assert rec[f"relations_{side}"] <= summary.loc[(year, "area"), "relations"]
    assert (uncertainty["ci_low"] <= uncertainty["estimate"]).all()
    assert (uncertainty["estimate"] <= uncertainty["ci_high"]).all()
    assert (uncertainty["replicates"] == 1000).all() and (qap["permutations"] == 1000).all()
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Er ændringen reel?" in html
    assert blocks.change_verdict(uncertainty, panel) in html  # the key findings' sentence


def test_report_html(demo_run):
    out, _ = demo_run
    html = (out / "report.html").read_text(encoding="utf-8")
    for text in ("Samarbejdet omkring Medborgercentret Nordens Plads (demo)",
                 "Netværket i hele området", "Medborgercentret Nordens Plads", '<html lang="da">',
                 "syntetiske", "<td>337</td>", "<td>10,9</td>", "<td>9,8</td>",
                 "offentliggjort 10,7, beregnet 10,9", "17 af 18 offentliggjorte tal",
                 "2 × relationer / aktører", "Medborgercentret Nordens Plads' netværk",
                 "Datagrundlag", "Kontakt til egen organisation fjernet"):
        assert text in html, text
    assert html.count("data:image/png;base64,") >= 2  # chart and map embedded
    assert "<title>Samarbejdet omkring Medborgercentret Nordens Plads (demo)</title>" in html
    assert "def " not in html and "import " not in html  # code cells hidden


def test_unseen_study_gives_hand_worked_numbers(toy_run):
    summary = read_csv(toy_run / "summary.csv")
    columns = ["year", "network", "actors", "relations", "mean_relations", "isolates"]
    assert summary[columns].to_dict("records") == [
        {"year": 2020, "network": "area", "actors": 5, "relations": 4, "mean_relations": 1.6,
         "isolates": 1},
        {"year": 2020, "network": "hub", "actors": 3, "relations": 2,
         "mean_relations": pytest.approx(4 / 3), "isolates": 0},
    ]
    relations = read_csv(toy_run / "2020" / "relations.csv")
    assert relations.values.tolist() == [["A", "B", 2, 4, 2], ["A", "C", 1, 5, 1],
                                         ["B", "D", 1, 2, 1], ["C", "D", 3, 3, 2]]
    centrality = read_csv(toy_run / "2020" / "centrality.csv")
    assert centrality["actor_id"].tolist() == ["A", "B", "C", "D", "E"]
    assert centrality["betweenness"].tolist() == pytest.approx([1 / 12] * 4 + [0])
    html = (toy_run / "report.html").read_text(encoding="utf-8")
    for text in ("Toy study", "Alpha Centre's network", "Data basis", '<html lang="en">',
                 "<td>1.6</td>", "Mean relations per actor = 2 × relations / actors"):
        assert text in html, text


def test_personal_data_never_reaches_the_output(toy_run):
    files = [p for p in toy_run.rglob("*") if p.is_file()]
    assert len(files) > 10
    for path in files:
        data = path.read_bytes()
        for canary in CANARIES:
            assert canary.encode() not in data, f"{canary} in {path}"
    log = read_csv(toy_run / "2020" / "cleaning_log.csv")
    dropped = log[log["rule"] == "personal-data-dropped"]
    assert sorted(dropped["column"]) == ["E-mail", "Kontaktperson", "Telefon"]


def test_names_from_the_data_are_shown_as_text_only(toy_run):
    html = (toy_run / "report.html").read_text(encoding="utf-8")
    for name in HOSTILE_NAMES:
        assert name not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    scripts = html.count("<script")
    assert scripts == 1, scripts  # the interactive map's own script, nothing else


def test_report_is_self_contained(demo_run):
    import re

    html = (demo_run[0] / "report.html").read_text(encoding="utf-8")
    outside = re.findall(r'<(?:script|link|img|iframe)[^>]*(?:src|href)="(?!data:|#)[^"]*"',
                         html)
    assert outside == []
    for number in range(1, 16):
        assert f'id="section-{number}"' in html and f'href="#section-{number}"' in html
    for text in ("Sådan læses rapporten", "Samskabe", "Interaktivt kort 2019",
                 "11 af 11 (100\u00a0%)", "5 af 7 (71\u00a0%)", "41 af 48 (85\u00a0%)", "Fortsat",
                 "Ophørt",
                 "E-I-indeks", "Formål og målgrupper", "Største fald i antal relationer",
                 "Begge parter"):
        assert text in html, text


def test_figures_and_graph_exports(demo_run):
    import networkx as nx

    out = demo_run[0]
    names = sorted(p.name for p in (out / "figures").iterdir())
    stems = {n.rsplit(".", 1)[0] for n in names}
    assert {"map_2017", "map_2018", "map_2019", "change_2017_2018", "change_2018_2019",
            "networks", "central_actors", "depth", "mixing_2019", "purposes_2019",
            "target_groups_2019", "interactive_map_2019"} == stems
    assert all(f"{stem}.{ext}" in names for stem in stems - {"interactive_map_2019"}
               for ext in ("png", "svg"))
    page = (out / "figures" / "interactive_map_2019.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="da">' in page
    # the two rings and a circle per actor of every wave (48, 50, 49), one wave shown at a time
    assert page.count("<circle") == 2 + 48 + 50 + 49
    assert all(f'data-wave="{year}"' in page for year in demo.YEARS)
    for year, relations in zip(demo.YEARS, (337, 291, 268)):
        for name in ("network.graphml", "network.gexf"):
            path = out / str(year) / name
            graph = nx.read_graphml(path) if name.endswith("graphml") else nx.read_gexf(path)
            assert graph.number_of_edges() == relations
        node = nx.read_graphml(out / str(year) / "network.graphml").nodes["medborgercentret"]
        assert node["type"] == "Professionelle aktører"  # in the study's language
        assert node["label"] == "Medborgercentret Nordens Plads"


def test_a_run_writes_exactly_the_declared_files(demo_run):
    """Every file of the output folder belongs to one dataset of the catalogue, and every
    dataset of the run's waves was written."""
    import fnmatch

    from localnet_helpers import catalogue

    out, _ = demo_run
    files = [p.relative_to(out).as_posix() for p in out.rglob("*")
             if p.is_file() and not p.name.startswith(".localnet")]
    owners = {name: catalogue.owner_of(name, [2017, 2018, 2019]) for name in files}
    assert [name for name, owner in owners.items() if owner is None] == []
    for name in files:  # no file matches two datasets
        matches = [d for d in catalogue.DATASETS
                   if fnmatch.fnmatchcase(name, catalogue.glob(d))]
        assert len(matches) == 1, (name, matches)
    assert set(owners.values()) == set(catalogue.DATASETS)
    for entry in catalogue.DATASETS.values():  # a wave's dataset for every wave
        if entry.per_year:
            for year in (2017, 2018, 2019):
                assert list(out.glob(catalogue.glob(entry.name, year))), (entry.name, year)
