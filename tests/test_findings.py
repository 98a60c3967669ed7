"""The sentences the report says (localnet_helpers.report.findings), on hand-made tables.

Every expected sentence below was written by hand from the table above it; the last test
checks the demo report's key findings against the demo run's CSV files.
"""

import html
import re

import pandas as pd
import pytest

from localnet_helpers.report import findings
from localnet_helpers.report.blocks import fmt


def summary(rows):
    columns = ["year", "network", "actors", "relations", "mean_relations", "components",
               "isolates", "deep_share"]
    return pd.DataFrame(rows, columns=columns)


SUMMARY = summary([
    # 2019: 5 actors, 10 relations; 2020: 6 actors, 8 relations (−2, −20 %)
    [2019, "area", 5, 10, 4.0, 1, 0, 0.3], [2019, "hub", 4, 4, 2.0, 1, 0, 0.5],
    [2020, "area", 6, 8, 8 / 3, 3, 2, 0.25], [2020, "hub", 4, 4, 2.0, 1, 0, 0.5],
])


def test_size_first_and_last_wave_with_change_and_hedge():
    assert findings.size(SUMMARY, "Alpha", "da") == [
        "Netværket i hele området gik fra 10 relationer mellem 5 aktører i 2019 til 8 relationer "
        "mellem 6 aktører i 2020 (−2 relationer, −20\u00a0%); Alphas netværk gik fra 4 til 4 "
        "relationer (uændret). I gennemsnit havde en aktør 4,0 relationer i 2019 og 2,7 i "
        "2020. Aktørerne var altså i kontakt med færre andre aktører; hvad faldet skyldes, "
        "kan undersøgelsen ikke sige med sikkerhed."]


def test_size_from_no_relations_has_no_percent_and_one_relation_is_singular():
    grown = summary([[2019, "area", 2, 0, 0.0, 2, 2, 0.0], [2020, "area", 2, 1, 1.0, 1, 0, 1.0]])
    (sentence,) = findings.size(grown, "Hub", "en")
    # the hub was absent from both waves: its network has no relations
    assert sentence.startswith("The whole area's network went from 0 relations between 2 actors "
                               "in 2019 to 1 relation between 2 actors in 2020 (+1 relation); "
                               "Hub's network went from 0 to 0 relations (unchanged).")
    assert "The actors were thus in contact with more others" in sentence


def test_size_of_one_wave():
    one = SUMMARY[SUMMARY["year"] == 2020]
    assert findings.size(one, "Alpha", "da") == [
        "I 2020 havde netværket i hele området 8 relationer mellem 6 aktører, og Alphas "
        "netværk havde 4 relationer mellem 4 aktører."]


def centrality(rows, year=2020):
    table = pd.DataFrame(rows, columns=["actor_id", "name", "relations", "betweenness"])
    table["rank"] = table["relations"].rank(method="min", ascending=False).astype(int)
    return table.assign(year=year, type="professional")


def test_central_keeps_ties_at_the_third_rank():
    # relations 5, 4, 3, 3, 1: ranks 1, 2, 3, 3, 5 -> four actors
    table = centrality([["a", "A", 5, 0.5], ["b", "B", 4, 0.1], ["c", "C", 3, 0.0],
                        ["d", "D", 3, 0.0], ["e", "E", 1, 0.0]])
    assert findings.central(table, 2020, "da") == [
        "De mest centrale aktører i 2020, målt på antal relationer, var A med 5 relationer, "
        "B med 4 relationer, C med 3 relationer og D med 3 relationer."]


def test_central_with_too_many_ties_counts_them():
    table = centrality([[x, x.upper(), 1, 0.0] for x in "abcdef"])  # six actors, 1 each
    assert findings.central(table, 2020, "en") == [
        "In 2020, 6 actors had the same number of relations (1), and none had more."]
    assert findings.central(table.assign(relations=0), 2020) == []


def test_bridge_names_the_highest_betweenness_and_its_ties():
    table = centrality([["a", "A", 5, 0.5], ["b", "B", 4, 0.5], ["c", "C", 3, 0.1]])
    assert findings.bridge(table, 2020, "da") == [
        "Som mellemled ligger A og B højest i 2020 (0,50): ingen forbinder flere aktører, der "
        "ikke selv har kontakt med hinanden."]
    assert findings.bridge(table.assign(betweenness=0.0), 2020) == []


REACH = pd.DataFrame([
    # 2019: 3 of 4 (75 %); 2020: 4 of 5 (80 %): professionals 2 of 2, volunteers 2 of 3
    [2019, "professional", 2, 2, 1.0], [2019, "volunteer", 2, 1, 0.5], [2019, "citizen", 0, 0, 0],
    [2019, "all", 4, 3, 0.75],
    [2020, "professional", 2, 2, 1.0], [2020, "volunteer", 3, 2, 2 / 3],
    [2020, "citizen", 0, 0, 0.0], [2020, "all", 5, 4, 0.8],
], columns=["year", "type", "actors", "reached", "share"])


def test_reach_counts_beside_shares_by_type_and_the_first_wave():
    assert findings.reach(REACH, "Alpha", (2019, 2020), (2019, 2020), "da") == [
        "I 2020 havde Alpha relationer til 4 af de 5 øvrige aktører (80\u00a0%): 2 af 2 "
        "professionelle aktører (100\u00a0%) og 2 af 3 frivillige organisationer (67\u00a0%). "
        "I 2019 var det 3 af 4 (75\u00a0%)."]
    assert findings.reach(REACH, "Alpha", (2019, 2020), (2019,), "da") == []  # hub absent


def test_reach_by_type_most_and_least():
    assert findings.reach_by_type(REACH, "Alpha", 2020, (2020,), "en") == [
        "In 2020, Alpha had relations with all 2 professional actors, but only with 2 of 3 "
        "volunteer organisations (67%)."]


def depth_rows(scope, counts):
    return [[scope, "relations", d, n] for d, n in zip(range(1, 6), counts)]


def test_depth_hub_against_the_others_and_the_trend():
    # hub: 3 relations, 2 deep (forms 4 and 5); others: 4 relations, 1 deep
    table = pd.DataFrame(depth_rows("hub_relations", [1, 0, 0, 1, 1])
                         + depth_rows("other_relations", [2, 1, 0, 0, 1]),
                         columns=["scope", "unit", "depth", "count"])
    assert findings.depth(table, SUMMARY, "Alpha", 2020, "da") == [
        "Alphas egne relationer er dybere end de øvrige relationer i området: i 2020 var 2 af "
        "3 (67\u00a0%) dybe (samordne eller samskabe) mod 1 af 4 (25\u00a0%) af de øvrige.",
        "Andelen af dybe relationer i hele området var 30\u00a0% i 2019 og 25\u00a0% i 2020."]
    shallow = table.assign(count=[1, 0, 0, 0, 0, 0, 0, 0, 0, 1])
    assert findings.depth(shallow, SUMMARY, "Alpha", 2020, "en")[0].startswith(
        "Alpha's own relations are not deeper than the other relations in the area: in 2020, "
        "0 of 1 (0%)")


CHANGES = pd.DataFrame([
    # losses −3, −2, −2, −2 (a tie at the third place: all four), gains +1; F absent in 2019
    ["a", "A", "professional", -3], ["b", "B", "volunteer", -2], ["c", "C", "volunteer", -2],
    ["d", "D", "citizen", -2], ["e", "E", "citizen", 1], ["f", "F", "citizen", None],
], columns=["actor_id", "name", "type", "change"])


def test_movers_never_cut_a_tie():
    assert findings.movers(CHANGES, 2019, 2020, "da") == [
        "Størst nettotilbagegang fra 2019 til 2020 havde A med −3 og B, C og D med −2 hver; "
        "størst nettofremgang havde E med +1."]
    only_losses = CHANGES[CHANGES["change"].fillna(0) <= 0]
    assert findings.movers(only_losses, 2019, 2020, "en") == [
        "The largest net losses from 2019 to 2020 were A (−3) and B, C and D (−2 each); no "
        "actor gained relations."]


def test_movers_keep_only_the_largest_when_a_tie_is_too_long():
    many = pd.DataFrame([[x, x.upper(), "citizen", -1] for x in "abcdef"] +
                        [["g", "G", "citizen", -4]],
                        columns=["actor_id", "name", "type", "change"])
    assert findings.movers(many, 2019, 2020, "da") == [
        "Størst nettotilbagegang fra 2019 til 2020 havde G med −4; ingen aktør fik flere "
        "relationer."]


def test_mean_change_by_type():
    # citizens: (−2 + 1) / 2 = −0,5; professionals −3; volunteers (−2 − 2) / 2 = −2
    assert findings.by_type(CHANGES, 2019, 2020, "da") == [
        "Blandt aktører, der var med i både 2019 og 2020, ændrede antallet af relationer sig i "
        "gennemsnit pr. aktør med −3,0 for professionelle aktører, −2,0 for frivillige "
        "organisationer og −0,5 for borgerdrevne foreninger."]


def basis(rates):
    return pd.DataFrame([[year, 10, round(rate * 10), 10 - round(rate * 10), rate]
                         for year, rate in rates],
                        columns=["year", "actors", "questionnaires", "non_respondents",
                                 "response_rate"])


def test_basis_names_a_low_wave_and_otherwise_the_rates():
    assert findings.basis(basis([(2019, 0.9), (2020, 0.6)]), 0.8, "da") == [
        "Svarprocenten var kun 60\u00a0% i 2020 (6 af 10 aktører), under grænsen på 80\u00a0%; "
        "relationer til dem, der ikke svarede, bygger kun på den ene parts svar, så tallene "
        "for 2020 kan ikke med sikkerhed sammenlignes med de andre målinger."]
    assert findings.basis(basis([(2019, 0.9), (2020, 1.0)]), 0.8, "da") == [
        "Svarprocenten var mellem 90\u00a0% og 100\u00a0% i 2019 og 2020, over "
        "undersøgelsens grænse på 80\u00a0%."]
    assert findings.basis(basis([(2020, 1.0)]), 0.8, "en") == [
        "Every actor answered the survey in 2020."]


def test_components_and_isolates():
    assert findings.components(SUMMARY, 2019, "da") == [
        "I 2019 hænger hele netværket sammen: alle aktører kan nå hinanden gennem relationer."]
    assert findings.components(SUMMARY, 2020, "da") == [
        "I 2020 falder netværket i 3 dele, der ikke har relationer til hinanden. "
        "2 aktører har ingen relation."]


def test_change_pairs_of_consecutive_waves():
    change = pd.DataFrame([[2019, 2020, "area", 1, 2, 3, 1 / 6], [2019, 2020, "hub", 9, 9, 9, 0.3]],
                          columns=["from_year", "to_year", "network", "kept", "new", "lost",
                                   "jaccard"])
    assert findings.change_pairs(change, (2019, 2020), "da") == [
        "Af de 4 relationer i 2019 mellem aktører, der også var med i 2020, fortsatte 1 "
        "(25\u00a0%), 3 ophørte, og 2 nye kom til."]


def test_mixing_names_the_pair_with_most_relations_across_types():
    mixing = pd.DataFrame([["professional", "professional", 9, 10, 0.9],
                           ["professional", "citizen", 3, 12, 0.25],
                           ["professional", "volunteer", 3, 6, 0.5],
                           ["volunteer", "citizen", 0, 2, 0.0]],
                          columns=["type_a", "type_b", "relations", "possible", "density"])
    ei = pd.DataFrame([["professional", 9, 6, -0.2], ["volunteer", 0, 3, 1.0],
                       ["citizen", 0, 3, 1.0], ["all", 9, 6, -0.2]],
                      columns=["group", "internal", "external", "ei_index"])
    # 3 relations each: the denser pair (professional-volunteer, 50 %) first; E-I tie: by key
    assert findings.mixing(mixing, ei, 2020, "da") == [
        "Flest relationer på tværs af typerne i 2020 går mellem professionelle aktører og "
        "frivillige organisationer (3 relationer, 50\u00a0% af de mulige); borgerdrevne foreninger "
        "har den største andel af deres relationer på tværs (E-I-indeks 1,00)."]
    alone = mixing.assign(relations=[9, 0, 0, 0])
    assert findings.mixing(alone, ei, 2020, "en") == [
        "In 2020 there are no relations across actor types."]


def test_purposes_most_frequent_with_ties():
    purposes = pd.DataFrame([["area", "Sundhed", 4, 0.4], ["area", "Kultur", 4, 0.4],
                             ["area", "Idræt", 2, 0.2], ["hub_network", "Idræt", 9, 0.9]],
                            columns=["network", "purpose", "surfaces", "share"])
    targets = pd.DataFrame([["area", "Ældre", 7, 0.7], ["area", "Børn", 3, 0.3]],
                           columns=["network", "target_group", "surfaces", "share"])
    assert findings.purposes(purposes, targets, 2020, "da") == [
        "Det hyppigste formål i 2020 var Kultur og Sundhed (40\u00a0% af kontaktfladerne; "
        "formålene ligger mellem 20\u00a0% og 40\u00a0%), og den hyppigste målgruppe var "
        "Ældre (70\u00a0%)."]


@pytest.mark.e2e
def test_demo_key_findings_equal_the_tables(demo_run):
    out = demo_run[0]
    page = (out / "report.html").read_text(encoding="utf-8")
    start = page.index('<h2 id="section-1">')
    section = page[start:page.index('<h2 id="section-2">')]
    items = [html.unescape(re.sub(r"<[^>]+>", "", item))
             for item in re.findall(r"<li>(.*?)</li>", section, re.S)]
    assert 5 <= len(items) <= 8
    said = " ".join(items)
    table = pd.read_csv(out / "summary.csv")
    area = table[table["network"] == "area"].sort_values("year")
    first, last = area.iloc[0], area.iloc[-1]
    assert (f"fra {fmt(first['relations'])} relationer mellem {fmt(first['actors'])} aktører i "
            f"{first['year']} til {fmt(last['relations'])} relationer mellem "
            f"{fmt(last['actors'])} aktører i {last['year']}") in said
    central = pd.read_csv(out / str(last["year"]) / "centrality.csv")
    for record in central[central["rank"] <= 3].to_dict("records"):
        assert f"{record['name']} med {record['relations']} relationer" in said
    reach = pd.read_csv(out / str(last["year"]) / "reach.csv").set_index("type")
    everyone = reach.loc["all"]
    assert (f"relationer til {fmt(everyone['reached'])} af de {fmt(everyone['actors'])} "
            f"øvrige aktører ({fmt(everyone['share'], percent=True)})") in said


def test_unreached_names_those_with_most_relations():
    # hub a reaches b; c (3 relations), d (3), e (1) and f (0) are not reached
    table = centrality([["a", "A", 1, 0.0], ["b", "B", 4, 0.0], ["c", "C", 3, 0.0],
                        ["d", "D", 3, 0.0], ["e", "E", 1, 0.0], ["f", "F", 0, 0.0]])
    relations = pd.DataFrame([["a", "b"], ["b", "c"], ["c", "d"]], columns=["source", "target"])
    assert findings.unreached(relations, table, "a", "Alpha", 2020, "da", top=2) == [
        "Alpha havde ingen relation til 4 aktører; af dem har C (3) og D (3) flest relationer "
        "til andre."]
    everyone = pd.DataFrame([["a", x] for x in "bcdef"], columns=["source", "target"])
    assert findings.unreached(everyone, table, "a", "Alpha", 2020) == []
    assert findings.unreached(relations, table, "zz", "Hub", 2020) == []  # hub absent


def test_reciprocity_share_and_the_change_under_the_stricter_rule():
    data_basis = pd.DataFrame([[2019, 10, 6, 0.6], [2020, 8, 4, 0.5]],
                              columns=["year", "agreement_pairs", "agreement_both",
                                       "agreement_rate"])
    robustness = pd.DataFrame([[2019, "union", 10], [2019, "reciprocated", 6],
                               [2020, "union", 8], [2020, "reciprocated", 4]],
                              columns=["year", "tie_rule", "relations"])
    assert findings.reciprocity(data_basis, robustness, "union", "da") == [
        "En relation tæller, når mindst én part har angivet den.",
        "I 2020 er 50\u00a0% af relationerne mellem to aktører, der begge har svaret, angivet af "
        "begge parter.",
        "Tælles kun relationer, som begge parter har angivet, gik antallet fra 6 i 2019 til 4 "
        "i 2020 (−2 relationer, −33\u00a0%)."]
    assert findings.reciprocity(data_basis, robustness, "reciprocated", "en") == [
        "In 2020, 50% of the relations between two actors who both answered were reported by "
        "both sides."]
