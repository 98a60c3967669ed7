"""Who did not answer a wave, and how many relations rest on one side's report.

Definitions (also in ``docs/metrics.md``):

non-respondents
    The actors present in a wave that did not answer its survey (not among its
    ``respondents``).
one-sided relations
    A wave's relations with exactly one end among the respondents: the relation rests on
    that side's report alone, because the other side did not answer and could neither
    confirm nor deny it. (No relation has two non-respondents: nobody reported it.)
"""

from __future__ import annotations

import pandas as pd

__all__ = ["non_respondents", "one_sided_relations"]


def non_respondents(present: pd.DataFrame, answered: set[str]) -> pd.DataFrame:
    """The rows of ``present`` (register rows of the actors present in a wave, with
    ``actor_id`` and ``name``) of the actors that did not answer, sorted by name, actor_id.

    >>> present = pd.DataFrame({"actor_id": ["A", "B", "C"], "name": ["Zeta", "Beta", "Eta"]})
    >>> non_respondents(present, {"B"})["name"].tolist()
    ['Eta', 'Zeta']
    """
    missing = present[~present["actor_id"].isin(set(answered))]
    return missing.sort_values(["name", "actor_id"]).reset_index(drop=True)


def one_sided_relations(relations: pd.DataFrame, answered: set[str]) -> int:
    """How many of a wave's ``relations`` (``source``, ``target``) have exactly one end
    among the actors that ``answered``.

    >>> r = pd.DataFrame({"source": ["A", "A", "B"], "target": ["B", "C", "C"]})
    >>> one_sided_relations(r, {"A", "B"})
    2
    """
    answered = set(answered)
    ends = relations["source"].isin(answered).astype(int) + \
        relations["target"].isin(answered).astype(int)
    return int((ends == 1).sum())
