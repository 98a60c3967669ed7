"""What the report says: the key findings and the sentence under each section's figure or table.

Every function takes tables of the run (as :mod:`localnet_helpers.catalogue` reads them) and
returns sentences in the study's language, every number in them computed from those tables and
formatted as the tables format it (:func:`.blocks.fmt`), so a number in a sentence equals the
number in the table beside it. A function returns an empty list when its tables hold nothing to
say (one wave, the hub absent, no relations).

Where a finding is uncertain the sentence says so, as CFBU's report does: a change in the number
of relations is a measurement, its cause is not ("hvad faldet skyldes, kan undersøgelsen ikke
sige med sikkerhed"), and a wave answered by too few actors is named as a limit of the
comparison.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from .blocks import counted, fmt, genitive, texts

__all__ = ["joined", "size", "central", "reach", "unreached", "depth", "movers", "by_type",
           "basis", "reciprocity", "components", "change_pairs", "bridge", "reach_by_type",
           "mixing", "purposes"]

#: Collaboration forms counted as deep (joint work, co-creation), as in ``deep_share``.
DEEP = (4, 5)


def joined(items: Sequence[str], language: str = "da", names: bool = True) -> str:
    """``items`` as a list in running text: "a", "a og b", "a, b og c"; if an item holds a
    comma itself (a name like "Boligsocial Helhedsplan, Kvarterhuset"), the items are
    separated by semicolons, so the list still reads as the items it has (not for items
    that are not ``names``, e.g. numbers with a decimal comma).

    >>> joined(["a", "b", "c"]), joined(["a"], "en"), joined([]), joined(["a, b", "c", "d"])
    ('a, b og c', 'a', '', 'a, b; c og d')
    """
    if len(items) < 2:
        return "".join(items)
    separator = "; " if names and any("," in item for item in items) else ", "
    return f"{separator.join(items[:-1])} {texts(language)['page']['and']} {items[-1]}"


def _lower(label: str) -> str:
    """A type label inside a sentence ("Frivillige organisationer" → "frivillige ...")."""
    return label[:1].lower() + label[1:]


def _type_label(kind: str, language: str) -> str:
    return _lower(texts(language)["types"].get(kind, kind))


def _pct(value: float, language: str) -> str:
    return fmt(value, 0, language, percent=True)


def _change(before: float, after: float, noun: str, language: str) -> str:
    """"−69 relationer, −20 %": the change in a count, and in per cent when it had a base;
    "uændret" when there is none."""
    diff = after - before
    if not diff:
        return texts(language)["findings"]["unchanged"]
    text = counted(int(diff), noun, language, sign=True)
    if before:
        text += f", {fmt(diff / before, 0, language, sign=True, percent=True)}"
    return text


def size(summary: pd.DataFrame, hub_name: str, language: str = "da") -> list[str]:
    """The size of the whole-area and the hub network in the first and the last wave.

    Relations and actors of each network (``summary.csv``) in the first and the last wave, the
    change in relations and in per cent of the first wave's (no per cent from zero), the mean
    relations per actor in the whole area, and a hedge on the cause of a change; for one
    wave, that wave's size.
    """
    f = texts(language)["findings"]
    area = summary[summary["network"] == "area"].sort_values("year")
    hub = summary[summary["network"] == "hub"].set_index("year")
    first, last = area.iloc[0], area.iloc[-1]
    hub_of = genitive(hub_name, language)

    def rel(n: float) -> str:
        return counted(int(n), "relation", language)

    def act(n: float) -> str:
        return counted(int(n), "actor", language)

    def hub_value(year: int, column: str) -> float:
        return float(hub.loc[year, column]) if year in hub.index else 0.0

    if first["year"] == last["year"]:
        year = int(last["year"])
        return [f["size_one"].format(year=year, r=rel(last["relations"]),
                                     a=act(last["actors"]), hub_of=hub_of,
                                     h=rel(hub_value(year, "relations")),
                                     ha=act(hub_value(year, "actors")))]
    y0, y1 = int(first["year"]), int(last["year"])
    h0, h1 = hub_value(y0, "relations"), hub_value(y1, "relations")
    sentence = f["size_change"].format(
        r0=rel(first["relations"]), a0=act(first["actors"]), y0=y0,
        r1=rel(last["relations"]), a1=act(last["actors"]), y1=y1,
        diff=_change(first["relations"], last["relations"], "relation", language),
        hub_of=hub_of, h0=fmt(h0, 0, language), h1=fmt(h1, 0, language),
        hdiff=_change(h0, h1, "relation", language),
        m0=fmt(first["mean_relations"], 1, language), m1=fmt(last["mean_relations"], 1, language))
    sentence = sentence[:1].upper() + sentence[1:]
    if last["relations"] < first["relations"]:
        return [f"{sentence} {f['hedge_down']}"]
    if last["relations"] > first["relations"]:
        return [f"{sentence} {f['hedge_up']}"]
    return [sentence]


def central(centrality: pd.DataFrame, year: int, language: str = "da", top: int = 3,
            most: int = 5) -> list[str]:
    """The wave's most central actors by relations: every actor ranked ``top`` or better
    (ties share a rank, so there may be more); if that is more than ``most`` actors, only
    those with the most relations, or a count of them if they too are more than ``most``."""
    f = texts(language)["findings"]
    part = centrality[(centrality["year"] == year) & (centrality["relations"] > 0)] \
        .sort_values(["rank", "name", "actor_id"])
    if part.empty:
        return []
    chosen = _leaders(part, part["relations"], top, most)  # ranked ``top`` or better
    if chosen.empty:
        tied = part[part["rank"] == 1]
        return [f["central_tied"].format(year=year, n=fmt(len(tied), 0, language),
                                         relations=fmt(tied["relations"].iloc[0], 0, language))]
    names = [f["item"].format(name=r["name"],
                              value=counted(int(r["relations"]), "relation", language))
             for r in chosen.to_dict("records")]
    return [f["central"].format(year=year, names=joined(names, language))]


def _leaders(part: pd.DataFrame, values: pd.Series, top: int, most: int) -> pd.DataFrame:
    """The rows of ``part`` (sorted by ``values``, largest first) with the ``top`` largest
    values, every row tied with the last of them too (a tie is never cut); if those are more
    than ``most``, only the rows with the very largest value; if those too are more, none.

    >>> t = pd.DataFrame({"v": [5, 4, 3, 3, 1]})
    >>> list(_leaders(t, t["v"], 3, 5)["v"]), list(_leaders(t, t["v"], 3, 3)["v"])
    ([5, 4, 3, 3], [5])
    """
    if part.empty:
        return part
    for bound in (values.iloc[min(top, len(part)) - 1], values.iloc[0]):
        chosen = part[values >= bound]
        if len(chosen) <= most:
            return chosen
    return part.head(0)


def _reach_row(reach: pd.DataFrame, year: int) -> pd.Series | None:
    rows = reach[(reach["year"] == year) & (reach["type"] == "all")]
    return rows.iloc[0] if len(rows) and rows.iloc[0]["actors"] else None


def reach(reach_table: pd.DataFrame, hub_name: str, years: Sequence[int],
          hub_present: Sequence[int], language: str = "da") -> list[str]:
    """Whom the hub reaches in the last wave: the other actors it has a relation to, as a
    count beside the share, in all and by type (``reach.csv``), and the first wave's share
    for comparison. Nothing for a wave the hub was not present in."""
    f = texts(language)["findings"]
    last = years[-1]
    row = _reach_row(reach_table, last)
    if last not in hub_present or row is None:
        return []
    types = reach_table[(reach_table["year"] == last) & (reach_table["type"] != "all")
                        & (reach_table["actors"] > 0)]
    parts = [f["reach_part"].format(reached=fmt(r["reached"], 0, language),
                                    actors=fmt(r["actors"], 0, language),
                                    type=_type_label(r["type"], language),
                                    share=_pct(r["share"], language))
             for r in types.to_dict("records")]
    sentence = f["reach"].format(year=last, hub=hub_name, reached=fmt(row["reached"], 0, language),
                                 others=fmt(row["actors"], 0, language),
                                 share=_pct(row["share"], language),
                                 parts=joined(parts, language))
    first = years[0]
    before = _reach_row(reach_table, first)
    if first != last and first in hub_present and before is not None:
        sentence += " " + f["reach_before"].format(
            year=first, reached=fmt(before["reached"], 0, language),
            others=fmt(before["actors"], 0, language), share=_pct(before["share"], language))
    return [sentence]


def unreached(relations: pd.DataFrame, centrality: pd.DataFrame, hub: str, hub_name: str,
              year: int, language: str = "da", top: int = 3, most: int = 5) -> list[str]:
    """The actors present in ``year`` the hub has no relation to: how many, and those of them
    with the most relations to others (``centrality.csv``'s ``relations``; the ``top`` first,
    ties kept up to ``most``). Nothing if the hub was absent or reached everyone."""
    f = texts(language)["findings"]
    part = centrality[centrality["year"] == year]
    if hub not in set(part["actor_id"]):
        return []
    ends = relations[(relations["source"] == hub) | (relations["target"] == hub)]
    partners = set(ends["source"]) | set(ends["target"]) | {hub}
    others = part[~part["actor_id"].isin(partners)] \
        .sort_values(["relations", "name", "actor_id"], ascending=[False, True, True])
    if others.empty:
        return []
    linked = others[others["relations"] > 0]
    chosen = _leaders(linked, linked["relations"], top, most)
    names = [f["unreached_item"].format(name=r["name"], value=fmt(r["relations"], 0, language))
             for r in chosen.to_dict("records")]
    n = counted(len(others), "actor", language)
    if not names:
        return [f["unreached_none"].format(hub=hub_name, n=n)]
    return [f["unreached"].format(hub=hub_name, n=n, names=joined(names, language))]


def depth(depth_table: pd.DataFrame, summary: pd.DataFrame, hub_name: str, year: int,
          language: str = "da") -> list[str]:
    """How deep the hub's own relations are against the other relations of the area in
    ``year`` (deep = forms 4–5; ``depth.csv``'s scopes ``hub_relations`` and
    ``other_relations``), and the trend of the whole area's share of deep relations from the
    first to the last wave (``summary.csv``'s ``deep_share``)."""
    f = texts(language)["findings"]
    relations = depth_table[depth_table["unit"] == "relations"]
    sentences = []

    def counts(scope: str) -> tuple[int, int]:
        part = relations[relations["scope"] == scope]
        return int(part.loc[part["depth"].isin(DEEP), "count"].sum()), int(part["count"].sum())

    (n, total), (other_n, other_total) = counts("hub_relations"), counts("other_relations")
    if total and other_total:
        share, other_share = n / total, other_n / other_total
        key = "depth_more" if share > other_share else "depth_not_more"
        sentence = f[key].format(hub_of=genitive(hub_name, language), year=year,
                                 n=fmt(n, 0, language), total=fmt(total, 0, language),
                                 share=_pct(share, language), other_n=fmt(other_n, 0, language),
                                 other_total=fmt(other_total, 0, language),
                                 other_share=_pct(other_share, language))
        sentences.append(sentence[:1].upper() + sentence[1:])
    area = summary[summary["network"] == "area"].sort_values("year")
    if len(area) > 1:
        first, last = area.iloc[0], area.iloc[-1]
        sentences.append(f["depth_trend"].format(
            s0=_pct(first["deep_share"], language), s1=_pct(last["deep_share"], language),
            y0=int(first["year"]), y1=int(last["year"])))
    return sentences


def _largest(changes: pd.DataFrame, gainers: bool, top: int, most: int) -> pd.DataFrame:
    """The actors with the largest loss (or gain), as :func:`_leaders` chooses them."""
    part = changes[changes["change"] > 0] if gainers else changes[changes["change"] < 0]
    part = part.sort_values(["change", "name", "actor_id"], ascending=[not gainers, True, True])
    return _leaders(part, part["change"].abs(), top, most)


def movers(change_actors: pd.DataFrame, first: int, last: int, language: str = "da",
           top: int = 3, most: int = 5) -> list[str]:
    """The actors that lost and gained the most relations from the first to the last wave
    (``change_actors.csv``'s ``change``, actors present in both): the ``top`` largest of
    each, every actor tied with the last of them too, at most ``most`` (else only the
    largest, if they are not more)."""
    f = texts(language)["findings"]
    changes = change_actors.dropna(subset=["change"])

    def names(chosen: pd.DataFrame) -> str:
        groups = []
        for change, group in chosen.groupby("change", sort=False):
            key = "mover_group_each" if len(group) > 1 else "mover_group"
            groups.append(f[key].format(names=joined(list(group["name"]), language),
                                        value=fmt(change, 0, language, sign=True)))
        return joined(groups, language) if len(groups) < 2 else \
            f"{'; '.join(groups[:-1])} {texts(language)['page']['and']} {groups[-1]}"

    losers, gainers = _largest(changes, False, top, most), _largest(changes, True, top, most)
    if len(losers) and len(gainers):
        key = "movers"
    elif len(losers):
        key = "movers_lost"
    elif len(gainers):
        key = "movers_gained"
    else:
        return []
    return [f[key].format(y0=first, y1=last, losers=names(losers), gainers=names(gainers))]


def by_type(change_actors: pd.DataFrame, first: int, last: int,
            language: str = "da") -> list[str]:
    """The mean change in relations per actor from the first to the last wave, by actor
    type, among the actors present in both (``change_actors.csv``), the largest loss first."""
    changes = change_actors.dropna(subset=["change"])
    if changes.empty:
        return []
    f = texts(language)["findings"]
    means = changes.groupby("type")["change"].mean()
    order = sorted(means.index, key=lambda kind: (means[kind], kind))
    parts = [f["by_type_part"].format(type=_type_label(kind, language),
                                      mean=fmt(means[kind], 1, language, sign=True))
             for kind in order]  # "−4,1 for borgerdrevne foreninger"
    return [f["by_type"].format(y0=first, y1=last, parts=joined(parts, language, names=False))]


def basis(data_basis: pd.DataFrame, minimum: float, language: str = "da") -> list[str]:
    """The data basis where it limits the findings: a sentence for every wave whose response
    rate (``data_basis.csv``) is below the study's ``min_response_rate``; otherwise one
    sentence with the response rates."""
    f = texts(language)["findings"]
    rows = data_basis.sort_values("year")
    years = joined([str(y) for y in rows["year"]], language)
    below = rows[rows["response_rate"] < minimum]
    if len(below):
        return [f["basis_low"].format(
            year=r["year"], rate=_pct(r["response_rate"], language),
            q=fmt(r["questionnaires"], 0, language), n=fmt(r["actors"], 0, language),
            min=_pct(minimum, language)) for r in below.to_dict("records")]
    if (rows["non_respondents"] == 0).all():
        return [f["basis_full"].format(years=years)]
    low, high = (_pct(rows["response_rate"].min(), language),
                 _pct(rows["response_rate"].max(), language))
    shown = low if low == high else f["rate_range"].format(low=low, high=high)
    return [f["basis_fine"].format(rates=shown, years=years, min=_pct(minimum, language))]


def reciprocity(data_basis: pd.DataFrame, robustness: pd.DataFrame, tie_rule: str,
                language: str = "da") -> list[str]:
    """How much rests on one side's report: the last wave's share of relations between two
    respondents that both reported (``data_basis.csv``'s ``agreement_rate``), and, under the
    union tie rule with more than one wave, the number of relations both sides reported
    (``robustness.csv``'s reciprocated rows) in the first and the last wave."""
    f = texts(language)["findings"]
    rows = data_basis.sort_values("year")
    last = rows.iloc[-1]
    sentences = []
    if last["agreement_pairs"] and not pd.isna(last["agreement_rate"]):
        sentences += [f["union_rule"]] * (tie_rule == "union")
        sentences.append(f["reciprocated"].format(year=int(last["year"]),
                                                  share=_pct(last["agreement_rate"], language)))
    both = robustness[robustness["tie_rule"] == "reciprocated"].sort_values("year")
    if tie_rule == "union" and len(both) > 1:
        first, end = both.iloc[0], both.iloc[-1]
        sentences.append(f["reciprocated_change"].format(
            r0=fmt(first["relations"], 0, language), y0=int(first["year"]),
            r1=fmt(end["relations"], 0, language), y1=int(end["year"]),
            diff=_change(first["relations"], end["relations"], "relation", language)))
    return sentences


def components(summary: pd.DataFrame, year: int, language: str = "da") -> list[str]:
    """Whether the whole area's network of ``year`` hangs together (``summary.csv``'s
    ``components``, counting an actor without relations as a part of its own, and
    ``isolates``)."""
    f = texts(language)["findings"]
    rows = summary[(summary["network"] == "area") & (summary["year"] == year)]
    if rows.empty or not rows.iloc[0]["actors"]:
        return []
    row = rows.iloc[0]
    if row["components"] <= 1:
        return [f["maps_connected"].format(year=year)]
    sentence = f["maps_split"].format(year=year, parts=fmt(row["components"], 0, language))
    if row["isolates"]:
        sentence += " " + f["maps_isolates"].format(
            isolates=counted(int(row["isolates"]), "actor", language))
    return [sentence]


def change_pairs(change: pd.DataFrame, years: Sequence[int], language: str = "da") -> list[str]:
    """For each pair of consecutive waves: of the whole area's relations in the earlier wave
    between actors present in both (kept + lost, ``change.csv``), how many continued and
    their share, how many ended, and how many new ones began."""
    f = texts(language)["findings"]
    area = change[change["network"] == "area"]
    sentences = []
    for before, after in zip(years, years[1:]):
        rows = area[(area["from_year"] == before) & (area["to_year"] == after)]
        if rows.empty:
            continue
        r = rows.iloc[0]
        earlier = int(r["kept"] + r["lost"])
        if not earlier:
            continue
        sentences.append(f["change_pair"].format(
            y0=before, y1=after, before=counted(earlier, "relation", language),
            kept=fmt(r["kept"], 0, language), share=_pct(r["kept"] / earlier, language),
            new=fmt(r["new"], 0, language), lost=fmt(r["lost"], 0, language)))
    return sentences


def bridge(centrality: pd.DataFrame, year: int, language: str = "da") -> list[str]:
    """The actor with the highest betweenness in ``year`` (``centrality.csv``), if any
    actor lies between two others at all; ties are named together."""
    f = texts(language)["findings"]
    part = centrality[centrality["year"] == year]
    if part.empty or not (part["betweenness"] > 0).any():
        return []
    value = fmt(part["betweenness"].max(), 2, language)
    top = part[[fmt(v, 2, language) == value for v in part["betweenness"]]] \
        .sort_values(["name", "actor_id"])
    return [f["bridge"].format(name=joined(list(top["name"]), language), year=year, value=value)]


def reach_by_type(reach_table: pd.DataFrame, hub_name: str, year: int,
                  hub_present: Sequence[int], language: str = "da") -> list[str]:
    """The actor types of which the hub reached the largest and the smallest share in
    ``year`` (``reach.csv``), counts beside shares, or that it reached the same share of
    all."""
    f = texts(language)["findings"]
    part = reach_table[(reach_table["year"] == year) & (reach_table["type"] != "all")
                       & (reach_table["actors"] > 0)]
    if year not in hub_present or len(part) < 2:
        return []
    shares = {r["type"]: r["share"] for r in part.to_dict("records")}
    order = sorted(shares, key=lambda kind: (-shares[kind], kind))
    most, least = order[0], order[-1]
    if _pct(shares[most], language) == _pct(shares[least], language):
        return [f["reach_equal"].format(year=year, hub=hub_name,
                                        share=_pct(shares[most], language))]
    rows = {r["type"]: r for r in part.to_dict("records")}

    def phrase(kind: str) -> str:
        r = rows[kind]
        if r["reached"] == r["actors"]:
            return f["reach_all"].format(actors=fmt(r["actors"], 0, language),
                                         type=_type_label(kind, language))
        return f["reach_part"].format(reached=fmt(r["reached"], 0, language),
                                      actors=fmt(r["actors"], 0, language),
                                      type=_type_label(kind, language),
                                      share=_pct(r["share"], language))

    return [f["reach_most"].format(year=year, hub=hub_name, most=phrase(most),
                                   least=phrase(least))]


def mixing(mixing_table: pd.DataFrame, ei_index: pd.DataFrame, year: int,
           language: str = "da") -> list[str]:
    """The pair of different actor types with the most relations between them in ``year``
    (``mixing.csv``; ties by density) and the type whose relations most often cross types
    (the highest E-I index, ``ei_index.csv``)."""
    f = texts(language)["findings"]
    across = mixing_table[(mixing_table["type_a"] != mixing_table["type_b"])
                          & (mixing_table["relations"] > 0)]
    if across.empty:
        return [f["mixing_none"].format(year=year)] if len(mixing_table) else []
    pair = across.sort_values(["relations", "density", "type_a", "type_b"],
                              ascending=[False, False, True, True]).iloc[0]
    groups = ei_index[(ei_index["group"] != "all") & ei_index["ei_index"].notna()] \
        .sort_values(["ei_index", "group"], ascending=[False, True])
    open_group = groups.iloc[0]
    return [f["mixing_most"].format(
        year=year, a=_type_label(pair["type_a"], language), b=_type_label(pair["type_b"], language),
        relations=counted(int(pair["relations"]), "relation", language),
        density=_pct(pair["density"], language), open=_type_label(open_group["group"], language),
        ei=fmt(open_group["ei_index"], 2, language))]


def purposes(purpose_table: pd.DataFrame, target_table: pd.DataFrame, year: int,
             language: str = "da") -> list[str]:
    """The most frequent purpose and target group of the whole area's contact surfaces in
    ``year`` (``purposes.csv``, ``target_groups.csv``; ties named together), with the range
    of the purposes' shares, so a reader sees how much the most frequent stands out."""
    f = texts(language)["findings"]

    def most(table: pd.DataFrame, column: str) -> tuple[str, str, str] | None:
        part = table[(table["network"] == "area") & (table["surfaces"] > 0)]
        if part.empty:
            return None
        top = part[part["surfaces"] == part["surfaces"].max()].sort_values(column)
        names = [texts(language)["blank"] if pd.isna(v) or v == "" else str(v)
                 for v in top[column]]
        return (joined(names, language), _pct(top["share"].iloc[0], language),
                _pct(part["share"].min(), language))

    purpose, target = most(purpose_table, "purpose"), most(target_table, "target_group")
    if purpose is None or target is None:
        return []
    return [f["purposes_top"].format(year=year, purpose=purpose[0], p_share=purpose[1],
                                     p_low=purpose[2], target=target[0], t_share=target[1])]
