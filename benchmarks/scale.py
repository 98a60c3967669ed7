"""Synthetic studies of any size for benchmarks: ``python benchmarks/scale.py 2000 DIR``.

Three waves; actor types 60 % professional, 20 % volunteer, 20 % citizen; a heavy-tailed
(log-normal) activity per actor so that a few actors have many relations, as in real areas;
about ``mean_degree`` / 2 relations per actor and wave (2,000 actors: about 20,000 relations),
60 % of them kept from the wave before; 1-6 surfaces per relation, 60 % reported by both sides;
a few actors arrive and leave between waves. Deterministic for a seed.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import numpy as np

FORMS = ("Videndele", "Samvirke", "Ressourceudveksle", "Samordne", "Samskabe")
PURPOSES = ("Fællesskab", "Uddannelse", "Beskæftigelse", "Sundhed", "Tryghed")
GROUPS = ("Alle beboere", "Børn og unge", "Familier", "Ældre")


def _edges(rng, present, activity, count, previous):
    """``count`` distinct pairs of present actors: 60 % kept from ``previous``, the rest
    drawn with probability proportional to the product of the two actors' activity."""
    index = {a: i for i, a in enumerate(present)}
    kept = [e for e in sorted(previous) if e[0] in index and e[1] in index]
    kept = {kept[i] for i in rng.permutation(len(kept))[: int(0.6 * count)]}
    weights = activity[present] / activity[present].sum()
    edges = set(kept)
    while len(edges) < count:
        pairs = rng.choice(len(present), size=(2 * (count - len(edges)) + 16, 2), p=weights)
        for i, j in pairs:
            if i != j:
                edges.add((present[min(i, j)], present[max(i, j)]))
                if len(edges) == count:
                    break
    return edges


def write_scale_study(root: Path, actors: int, mean_degree: float = 20, seed: int = 0,
                      years: tuple[int, ...] = (2021, 2022, 2023)) -> Path:
    """Write a study folder with ``actors`` actors and three waves in the long layout."""
    rng = np.random.default_rng(seed)
    root.mkdir(parents=True, exist_ok=True)
    (root / "surveys").mkdir(exist_ok=True)
    kinds = rng.choice(["professional", "volunteer", "citizen"], size=actors, p=[.6, .2, .2])
    activity = rng.lognormal(0.0, 0.8, size=actors)
    activity[0] = activity.max() * 3  # the hub
    presence = {y: np.flatnonzero(rng.random(actors) < 0.97) for y in years}
    for y in years:
        presence[y] = np.union1d(presence[y], [0])
    with open(root / "actors.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["actor_id", "name", "type", "aliases", "years"])
        for a in range(actors):
            present = " ".join(str(y) for y in years if a in set(presence[y]))
            if present:
                writer.writerow([f"a{a:05d}", f"Organisation {a}", kinds[a], "", present])
    (root / "study.toml").write_text(f'title = "Scale study, {actors} actors"\nhub = "a00000"\n',
                                     encoding="utf-8")
    previous: set = set()
    for year in years:
        present = [int(a) for a in presence[year] if (a in set().union(*presence.values()))]
        count = int(len(present) * mean_degree / 2)
        edges = _edges(rng, np.array(present), activity, count, previous)
        previous = edges
        with open(root / "surveys" / f"{year}.csv", "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(["respondent", "partner", "form", "purpose", "target_group",
                             "description"])
            answered = set()
            for a, b in sorted(edges):
                surfaces = int(rng.integers(1, 7))
                forms = rng.integers(1, 6, size=surfaces)
                sides = [(a, b), (b, a)] if rng.random() < 0.6 else \
                    [(a, b)] if rng.random() < 0.5 else [(b, a)]
                for who, partner in sides:
                    answered.add(who)
                    for form in forms[: surfaces if (who, partner) == sides[0] else 1]:
                        writer.writerow([f"a{who:05d}", f"a{partner:05d}", FORMS[form - 1],
                                         PURPOSES[form % len(PURPOSES)],
                                         GROUPS[form % len(GROUPS)], "Samarbejde"])
            for a in present:
                if a not in answered:
                    writer.writerow([f"a{a:05d}", "", "", "", "", ""])
    return root


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("actors", type=int)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(write_scale_study(args.folder, args.actors, seed=args.seed))
