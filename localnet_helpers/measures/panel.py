"""Is the change real? The panel of two waves, the node bootstrap of its change, and QAP.

Definitions (also in ``docs/metrics.md``):

panel of two waves
    The actors present in both waves that answered the survey in both (the ``respondents`` of
    each wave). Comparing the same actors, each of whom gave a report both times, keeps
    changes in who was mapped and who answered out of the change.
panel relations
    A wave's relations (the study's tie rule, ``relations.csv``) between two panel actors.
panel density
    relations / (n (n - 1) / 2) for a panel of n actors; 0 for n < 2. kept, new and lost
    count the panel relations in both waves, only the later one and only the earlier one.
mean relations per actor
    density x (n - 1) = 2 x relations / n on the panel.
node bootstrap (Snijders & Borgatti 1999, the method behind UCINET's paired comparison of
densities)
    A replicate draws n of the panel's n actors with replacement, the same draw for both
    waves. The replicate's density is the share of relations among the pairs of drawn actors,
    leaving out pairs of two copies of one actor: with c_a the number of copies of actor a,
    sum over a < b of c_a c_b A_ab / ((n^2 - sum c_a^2) / 2). The change in a replicate is its
    density after minus before (times n - 1 for mean relations). A draw of a single actor
    (possible only in tiny panels) has no pair and is left out; ``replicates`` counts the
    replicates used. The 95 % interval is the 2.5th and 97.5th percentile of the replicates'
    changes (``numpy.percentile``, linear interpolation); ``estimate`` is the change on the
    panel itself.
QAP correlation (Krackhardt 1987, 1988; Hubert 1987)
    The Pearson correlation of the two waves' panel adjacency (1 = relation, 0 = none) over
    all unordered pairs of panel actors; its p-value = (1 + number of permutations with a
    correlation >= the observed) / (1 + permutations), where a permutation relabels the later
    wave's actors at random (rows and columns together). Both waves' numbers of relations stay
    the same under a permutation, so "correlation >= observed" is counted exactly as "relations
    in both >= observed". Empty when a wave has no panel relations or all of them (the
    correlation is undefined).

Random draws come from :func:`numpy.random.default_rng` seeded with ``(seed, from_year,
to_year)``, so a pair of waves gives the same numbers whichever other waves are run, and
reruns are byte-identical. Everything is vectorised: a replicate is a row of copy counts, a
permutation a row of indices; no loop runs over pairs of actors.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .change import year_pairs

__all__ = ["PANEL_COLUMNS", "UNCERTAINTY_COLUMNS", "QAP_COLUMNS", "SEED", "REPLICATES",
           "PERMUTATIONS", "Wave", "pair_rng", "panel_actors", "panel_adjacency",
           "bootstrap_draws", "bootstrap_densities", "permutation_draws", "qap_correlation",
           "panel_change", "change_uncertainty", "qap_table"]

PANEL_COLUMNS = ["from_year", "to_year", "panel_actors", "relations_before", "relations_after",
                 "density_before", "density_after", "kept", "new", "lost"]
UNCERTAINTY_COLUMNS = ["from_year", "to_year", "measure", "estimate", "ci_low", "ci_high",
                       "replicates"]
QAP_COLUMNS = ["from_year", "to_year", "panel_actors", "correlation", "p_value",
               "permutations"]

#: The seed of every bootstrap and permutation (with the pair of waves).
SEED = 2017
#: Bootstrap replicates and QAP permutations per pair of waves.
REPLICATES = 1000
PERMUTATIONS = 1000


@dataclass(frozen=True)
class Wave:
    """One wave for the panel: its ``relations`` (``source``, ``target``: the wave's
    ``relations.csv``), the actors ``present`` and those that ``answered``."""

    relations: pd.DataFrame
    present: frozenset[str] | set[str]
    answered: frozenset[str] | set[str]


def panel_actors(before: Wave, after: Wave) -> list[str]:
    """The panel of two waves, sorted: present in both and answered in both.

    >>> r = pd.DataFrame({"source": [], "target": []})
    >>> panel_actors(Wave(r, {"A", "B", "C"}, {"A", "B"}), Wave(r, {"A", "B", "C"}, {"B", "C"}))
    ['B']
    """
    return sorted((before.present & before.answered) & (after.present & after.answered))


def panel_adjacency(relations: pd.DataFrame, panel: list[str]) -> sp.csr_array:
    """The 0/1 adjacency of the relations between two actors of ``panel``, in its order
    (symmetric, zero diagonal, sparse)."""
    n = len(panel)
    index = pd.Series(np.arange(n), index=pd.Index(panel, dtype=object))
    inside = relations["source"].isin(index.index) & relations["target"].isin(index.index)
    u = index[relations.loc[inside, "source"]].to_numpy()
    v = index[relations.loc[inside, "target"]].to_numpy()
    rows, cols = np.concatenate([u, v]), np.concatenate([v, u])
    matrix = sp.csr_array((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    matrix.sum_duplicates()
    matrix.data[:] = 1.0  # a pair listed twice is one relation
    return matrix


def _relations(matrix: sp.csr_array) -> int:
    return int(matrix.nnz // 2)


def _density(relations: int, n: int) -> float:
    return relations / (n * (n - 1) / 2) if n > 1 else 0.0


def pair_rng(seed: int, y0: int, y1: int) -> np.random.Generator:
    """The random generator of the pair of waves y0 -> y1: seeded with (seed, y0, y1)."""
    return np.random.default_rng([int(seed), int(y0), int(y1)])


def bootstrap_draws(n: int, replicates: int = REPLICATES,
                    rng: np.random.Generator | int = SEED) -> np.ndarray:
    """``replicates`` rows of n actor indices drawn with replacement from ``range(n)``."""
    rng = np.random.default_rng(rng) if not isinstance(rng, np.random.Generator) else rng
    return rng.integers(0, n, size=(replicates, n))


def bootstrap_densities(matrix: sp.csr_array, draws: np.ndarray) -> np.ndarray:
    """The density of every replicate of ``draws`` (rows of drawn indices), pairs of two
    copies of one actor left out; NaN for a draw of a single actor (no pair).

    >>> a = sp.csr_array(np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], dtype=float))
    >>> bootstrap_densities(a, np.array([[0, 1, 2], [0, 0, 1], [2, 2, 2]])).tolist()
    [0.6666666666666666, 1.0, nan]
    """
    replicates, n = draws.shape
    size = matrix.shape[0]
    offsets = (np.arange(replicates)[:, None] * size + draws).ravel()
    copies = np.bincount(offsets, minlength=replicates * size).reshape(replicates, size) \
        .astype(float)
    linked = np.einsum("rj,jr->r", copies, np.asarray(matrix @ copies.T))  # c' A c
    pairs = n * n - (copies ** 2).sum(axis=1)  # 2 x pairs of distinct actors
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(pairs > 0, linked / np.where(pairs > 0, pairs, 1.0), np.nan)


def permutation_draws(n: int, permutations: int = PERMUTATIONS,
                      rng: np.random.Generator | int = SEED) -> np.ndarray:
    """``permutations`` rows, each a random permutation of ``range(n)``."""
    rng = np.random.default_rng(rng) if not isinstance(rng, np.random.Generator) else rng
    return rng.permuted(np.tile(np.arange(n), (permutations, 1)), axis=1)


def qap_correlation(before: sp.csr_array, after: sp.csr_array,
                    draws: np.ndarray) -> tuple[float, float] | None:
    """The Pearson correlation of two 0/1 adjacency matrices over the unordered pairs, and
    its QAP p-value over the permutations ``draws`` of the later wave's actors; None when
    either has no relations or all of them.

    >>> a = sp.csr_array(np.array([[0, 1, 0], [1, 0, 1], [0, 1, 0]], dtype=float))
    >>> qap_correlation(a, a, np.array([[0, 1, 2], [1, 0, 2]]))
    (1.0, 0.6666666666666666)
    """
    n = before.shape[0]
    pairs = n * (n - 1) // 2
    s0, s1 = _relations(before), _relations(after)
    if not 0 < s0 < pairs or not 0 < s1 < pairs:
        return None
    upper = sp.triu(before, k=1).tocoo()
    u, v = upper.row, upper.col
    both = int(after.multiply(before).sum() // 2)
    dense = after.toarray().astype(bool)
    chunk = max(1, 2_000_000 // max(len(u), 1))  # index arrays of a few MB at a time
    permuted = np.concatenate([dense[part[:, u], part[:, v]].sum(axis=1)  # in both, per draw
                               for part in np.array_split(draws, range(chunk, len(draws),
                                                                       chunk))])
    spread = math.sqrt((pairs * s0 - s0 ** 2) * (pairs * s1 - s1 ** 2))  # exact integers
    correlation = (pairs * both - s0 * s1) / spread
    p_value = (1 + int((permuted >= both).sum())) / (1 + len(draws))
    return float(correlation), float(p_value)


def _pairs(waves: Mapping[int, Wave]):
    for y0, y1 in dict.fromkeys(year_pairs(list(waves))):  # two waves: the pair once
        panel = panel_actors(waves[y0], waves[y1])
        yield y0, y1, panel, (panel_adjacency(waves[y0].relations, panel),
                              panel_adjacency(waves[y1].relations, panel))


def panel_change(waves: Mapping[int, Wave]) -> pd.DataFrame:
    """:data:`PANEL_COLUMNS` for every pair of waves of :func:`.change.year_pairs`: the
    panel's size, its relations and density in each wave, and the panel relations kept, new
    and lost."""
    rows = []
    for y0, y1, panel, (a0, a1) in _pairs(waves):
        n, r0, r1 = len(panel), _relations(a0), _relations(a1)
        kept = int(a0.multiply(a1).sum() // 2)
        rows.append({"from_year": y0, "to_year": y1, "panel_actors": n,
                     "relations_before": r0, "relations_after": r1,
                     "density_before": _density(r0, n), "density_after": _density(r1, n),
                     "kept": kept, "new": r1 - kept, "lost": r0 - kept})
    return pd.DataFrame(rows, columns=PANEL_COLUMNS)


def change_uncertainty(waves: Mapping[int, Wave], replicates: int = REPLICATES,
                       seed: int = SEED) -> pd.DataFrame:
    """:data:`UNCERTAINTY_COLUMNS`: per pair of waves the panel's change in ``density`` and
    ``mean_relations`` with the 95 % interval of a node bootstrap (see the module). A panel
    of fewer than two actors has empty values and 0 replicates."""
    rows = []
    for y0, y1, panel, (a0, a1) in _pairs(waves):
        n = len(panel)
        estimate = _density(_relations(a1), n) - _density(_relations(a0), n)
        low = high = np.nan
        used = 0
        if n >= 2:
            draws = bootstrap_draws(n, replicates, pair_rng(seed, y0, y1))
            changes = bootstrap_densities(a1, draws) - bootstrap_densities(a0, draws)
            changes = changes[~np.isnan(changes)]
            used = len(changes)
            if used:
                low, high = np.percentile(changes, [2.5, 97.5])
        else:
            estimate = np.nan
        for measure, scale in (("density", 1), ("mean_relations", max(n - 1, 0))):
            rows.append({"from_year": y0, "to_year": y1, "measure": measure,
                         "estimate": estimate * scale, "ci_low": low * scale,
                         "ci_high": high * scale, "replicates": used})
    return pd.DataFrame(rows, columns=UNCERTAINTY_COLUMNS)


def qap_table(waves: Mapping[int, Wave], permutations: int = PERMUTATIONS,
              seed: int = SEED) -> pd.DataFrame:
    """:data:`QAP_COLUMNS`: per pair of waves the QAP correlation of the panel's relations
    and its p-value (see the module); correlation and p-value empty and 0 permutations when
    a wave has no panel relations or all of them."""
    rows = []
    for y0, y1, panel, (a0, a1) in _pairs(waves):
        n = len(panel)
        draws = permutation_draws(n, permutations, pair_rng(seed, y0, y1)) if n >= 2 else None
        result = qap_correlation(a0, a1, draws) if n >= 2 else None
        correlation, p_value = result if result else (np.nan, np.nan)
        rows.append({"from_year": y0, "to_year": y1, "panel_actors": n,
                     "correlation": correlation, "p_value": p_value,
                     "permutations": permutations if result else 0})
    return pd.DataFrame(rows, columns=QAP_COLUMNS)
