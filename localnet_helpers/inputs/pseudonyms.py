"""Pseudonyms: a run whose outputs may be shared outside, every actor named by type and number.

In a pseudonymised run (``localnet run --pseudonymise``, or ``pseudonymise = true`` in
``study.toml``) every output names an actor by its **pseudonym**, its type's label in the
study's language and a number (``Borgerforening 3``; the hub's label is ``Medborgercenter``),
and by an id made from it (``borgerforening-3``, :func:`pseudonym_id`); its name, aliases
and actor_id appear nowhere. The actors listed in ``public`` (actor_ids in ``study.toml``)
keep their id, name and aliases. The descriptions of the contact surfaces are left out.

The boundary is the input: the register is pseudonymised before ``01_actors`` writes it
(:func:`conceal_register`), and a wave's cleaned answers before ``02_clean_survey`` writes them
(:func:`conceal_survey`), so every later step sees pseudonyms only. The study's own texts
(title, area, notes) and the cleaning log's texts have every spelling of an actor replaced by
its pseudonym (:meth:`Pseudonyms.text`); survey line numbers that would tie a pseudonym to
its place in the survey file (often alphabetical) are left out.

**The key**, ``<study>/pseudonyms.csv`` (``actor_id,pseudonym``), stays with the study and
must never be shared: it undoes the pseudonyms. The run writes it (:func:`update_key`) and
only ever adds to it: an actor keeps its pseudonym across runs and waves, a new actor gets the
next number of its type, nobody is renumbered. The numbers of the actors added together are
drawn at random, so that a number says nothing about the register's (often alphabetical)
order. A key edited by hand is checked (:func:`read_key`): every pseudonym once, every
actor_id once and in the register.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import errno
import io
import os
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..errors import InputError, Problem
from ..texts import genitive, load
from ..xlsx import replace_file
from .files import LINE, read_table
from .register import normalise_name

__all__ = ["KEY_FILE", "KEY_COLUMNS", "ACTOR_RULES", "Pseudonyms", "pseudonym_id", "labels",
           "read_key", "update_key", "pseudonyms_for", "conceal_register", "conceal_survey"]

#: The key's file name in the study folder, and its columns.
KEY_FILE = "pseudonyms.csv"
KEY_COLUMNS = ["actor_id", "pseudonym"]
#: Cleaning-log rules whose entry names an actor: in a pseudonymised run their line (which
#: would tie the pseudonym to its place in the survey file) is given as 0.
ACTOR_RULES = ("name-matched", "self-contact-dropped", "respondent-in-two-blocks")
#: The columns of the long survey layout: a cleaning-log ``column`` named so is kept.
_FIELDS = ("respondent", "partner", "form", "purpose", "target_group", "description")
_WORD = re.compile(r"[^\W_]+")


def pseudonym_id(pseudonym: str) -> str:
    """The actor_id an output gives an actor with ``pseudonym``: its words normalised
    (:func:`~localnet_helpers.inputs.register.normalise_name`) and joined by ``-``.

    >>> pseudonym_id("Professionel aktør 12"), pseudonym_id("Borgerforening 3")
    ('professionel-aktoer-12', 'borgerforening-3')
    """
    return "-".join(normalise_name(pseudonym).split())


def labels(language: str) -> dict[str, str]:
    """The label of each actor type and of the hub (key ``hub``) in ``language``."""
    return dict(load(language)["pseudonyms"])


def read_key(path: str | Path, actor_ids: set[str]) -> dict[str, str]:
    """The key ``path`` (``actor_id,pseudonym``) as actor_id -> pseudonym; empty if there is
    no file. Every problem is reported at once: an actor_id twice or not in ``actor_ids``
    (the register), a pseudonym empty, without a letter or digit, or twice (two pseudonyms
    are the same when their :func:`pseudonym_id` is)."""
    path = Path(path)
    if not path.exists():
        return {}
    table = read_table(path, KEY_COLUMNS, allow_empty=True)
    problems = [Problem("the key has the columns actor_id and pseudonym only; move this "
                        "column to a file of your own", 1, column)
                for column in table.columns if column not in KEY_COLUMNS + [LINE]]
    key: dict[str, str] = {}
    lines: dict[str, int] = {}
    owners: dict[str, tuple[str, int]] = {}
    for actor_id, pseudonym, line in zip(table["actor_id"], table["pseudonym"], table[LINE]):
        if actor_id in lines:
            problems.append(Problem(f"actor_id already has a pseudonym on line {lines[actor_id]}",
                                    line, "actor_id", actor_id))
            continue
        lines[actor_id] = line
        if actor_id not in actor_ids:
            problems.append(Problem("no actor in actors.csv has this actor_id; delete the line, "
                                    "or put the actor back in actors.csv", line, "actor_id",
                                    actor_id))
        made = pseudonym_id(pseudonym)
        if not made:
            problems.append(Problem("a pseudonym needs a letter or a digit, e.g. "
                                    "'Borgerforening 3'", line, "pseudonym", pseudonym))
        elif made in owners:
            problems.append(Problem(f"the pseudonym of '{owners[made][0]}' too (line "
                                    f"{owners[made][1]}); every actor needs its own",
                                    line, "pseudonym", pseudonym))
        else:
            owners[made] = (actor_id, line)
        key[actor_id] = pseudonym
    if problems:
        raise InputError(path, problems, hint="the key gives each actor of actors.csv one "
                         "pseudonym of its own; correct the file, or delete it to draw new "
                         "pseudonyms (the old ones then no longer hold).")
    return key


def _number(pseudonym: str, label: str) -> int:
    match = re.fullmatch(re.escape(label) + r" ([0-9]+)", pseudonym)
    return int(match.group(1)) if match else 0


def update_key(root: str | Path, register: pd.DataFrame, hub: str,
               language: str) -> dict[str, str]:
    """Give every actor of ``register`` without one a pseudonym in ``<root>/pseudonyms.csv``
    and return the key.

    The pseudonym is the label of the actor's type (of the hub, for ``hub``) in ``language``
    (:func:`labels`) and the next number of that label: one more than the highest in the key.
    Actors getting numbers of one label at the same time get them in random order. The file is
    written only when an actor was added (whole, or not at all), rows sorted by actor_id,
    UTF-8 with ``\\n`` line ends; an existing pseudonym is never changed. An actor keeps its
    pseudonym when its type changes or another actor becomes the hub. Two runs doing this at
    the same moment take turns (the study folder is locked meanwhile), so the second finds the
    first's pseudonyms instead of drawing others.
    """
    with _study_locked(Path(root)):  # two runs adding actors at once: one after the other
        return _update_key(Path(root) / KEY_FILE, register, hub, language)


@contextlib.contextmanager
def _study_locked(root: Path) -> Iterator[None]:
    """Hold an exclusive lock on the study folder ``root`` itself (no file is made for it),
    waiting for another run that holds it. Windows cannot lock a folder, nor can some network
    drives: there, none."""
    try:
        import fcntl
    except ImportError:  # Windows
        yield
        return
    fd = os.open(root, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError as exc:
            if exc.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EINVAL):
                raise
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _update_key(path: Path, register: pd.DataFrame, hub: str, language: str) -> dict[str, str]:
    key = read_key(path, set(register["actor_id"]))
    named = labels(language)
    missing: dict[str, list[str]] = {}
    for actor_id, kind in zip(register["actor_id"], register["type"]):
        if actor_id not in key:
            missing.setdefault(named["hub"] if actor_id == hub else named[kind], []) \
                .append(actor_id)
    if not missing:
        return key
    shuffle = secrets.SystemRandom().shuffle
    taken = {pseudonym_id(p) for p in key.values()}
    for label, actors in sorted(missing.items()):
        number = max((_number(p, label) for p in key.values()), default=0)
        shuffle(actors)
        for actor_id in actors:
            number += 1
            while pseudonym_id(f"{label} {number}") in taken:  # a hand-made one in the way
                number += 1
            key[actor_id] = f"{label} {number}"
            taken.add(pseudonym_id(key[actor_id]))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(KEY_COLUMNS)
    writer.writerows(sorted(key.items()))
    replace_file(path, buffer.getvalue().encode("utf-8"))  # stopped while writing: key kept
    return key


@dataclass(frozen=True)
class Pseudonyms:
    """What a pseudonymised run puts in place of each actor: ``ids`` and ``names`` map every
    actor_id of the register to the id and name the outputs give it (its own for the actors
    in ``public``), ``spellings`` every normalised spelling (actor_id, name, alias) of the
    other actors to their pseudonym (and those of the public actors to ``""``: kept)."""

    ids: dict[str, str]
    names: dict[str, str]
    public: frozenset[str]
    spellings: dict[str, str]
    language: str = "da"

    def text(self, text: str) -> str:
        """``text`` with every spelling of a pseudonymised actor replaced by its pseudonym.

        A spelling is found as a run of whole words that normalises to it (case, æ/ae,
        punctuation as in matching survey names), also with a genitive -s (after a word of 3
        letters or more); the longest spelling wins, and a public actor's spelling is kept
        (also where another actor's is part of it). Free text that describes an actor without
        naming it stays as it is.
        """
        words = [(m.start(), m.end(), normalise_name(m.group())) for m in _WORD.finditer(text)]
        longest = max((len(s.split()) for s in self.spellings), default=0)
        parts, done, i = [], 0, 0
        while i < len(words):
            for j in range(min(len(words), i + longest), i, -1):
                keys = [w[2] for w in words[i:j]]
                found = self.spellings.get(" ".join(keys))
                if found is None and len(keys[-1]) > 3 and keys[-1].endswith("s"):
                    owner = self.spellings.get(" ".join(keys[:-1] + [keys[-1][:-1]]))
                    found = genitive(owner, self.language) if owner else None
                if found is not None:  # "": a public actor's spelling, kept as written
                    parts += [text[done:words[i][0]], found or text[words[i][0]:words[j - 1][1]]]
                    done, i = words[j - 1][1], j
                    break
            else:
                i += 1
        return "".join(parts) + text[done:]

    def id_of(self, actor_id: str) -> str:
        """The id an output gives the actor ``actor_id`` (an unknown id: concealed as text)."""
        return self.ids.get(actor_id) or self.text(actor_id)


def pseudonyms_for(root: str | Path, register: pd.DataFrame, public: tuple[str, ...] = (),
                   language: str = "da") -> Pseudonyms:
    """The pseudonyms of ``register`` by the key in the study folder ``root``.

    Raises :class:`InputError` naming the key when an actor has no pseudonym yet (run
    ``localnet run --pseudonymise``, which adds them) or when a public actor's id or a
    spelling of it is also a pseudonym.
    """
    path = Path(root) / KEY_FILE
    key = read_key(path, set(register["actor_id"]))
    missing = [a for a in register["actor_id"] if a not in key]
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5
                                          else "")
        raise InputError(path, f"no pseudonym yet for {shown}",
                         hint="run `localnet run --pseudonymise` (or `localnet run` with "
                              "pseudonymise = true in study.toml): it gives every new actor "
                              "its pseudonym.")
    ids, names, spellings, own = {}, {}, {}, {}
    for rec in register.to_dict("records"):
        actor_id = rec["actor_id"]
        if actor_id in public:
            ids[actor_id], names[actor_id] = actor_id, rec["name"]
            for spelling in (actor_id, rec["name"], *rec["aliases"]):
                own[normalise_name(spelling)] = actor_id
                if normalise_name(spelling):
                    spellings.setdefault(normalise_name(spelling), "")
        else:
            ids[actor_id], names[actor_id] = pseudonym_id(key[actor_id]), key[actor_id]
            for spelling in (actor_id, rec["name"], *rec["aliases"]):
                if normalise_name(spelling):
                    spellings[normalise_name(spelling)] = key[actor_id]
    problems = [Problem(f"the public actor '{own[normalise_name(names[a])]}' is also called "
                        "so; give the line another pseudonym", None, "pseudonym", names[a])
                for a in sorted(ids) if a not in public and normalise_name(names[a]) in own]
    if problems:
        raise InputError(path, problems)
    return Pseudonyms(ids, names, frozenset(public), spellings, language)


def conceal_register(register: pd.DataFrame, pseudonyms: Pseudonyms | None) -> pd.DataFrame:
    """The register as a pseudonymised run writes it: every actor not public with its
    pseudonym's id and name and no aliases, sorted by actor_id; unchanged without
    ``pseudonyms``."""
    if pseudonyms is None:
        return register
    hidden = ~register["actor_id"].isin(pseudonyms.public)
    table = register.assign(
        name=[pseudonyms.names[a] for a in register["actor_id"]],
        aliases=[a if not h else () for a, h in zip(register["aliases"], hidden)],
        actor_id=[pseudonyms.ids[a] for a in register["actor_id"]])
    return table.sort_values("actor_id", ignore_index=True)


def conceal_survey(cleaned, pseudonyms: Pseudonyms | None):
    """A wave's cleaned answers (:class:`~localnet_helpers.inputs.survey.CleanSurvey`) as a
    pseudonymised run writes them; unchanged without ``pseudonyms``.

    Surfaces and respondents get the actors' output ids, the descriptions are left out, the
    purposes and target groups have actors' spellings replaced (:meth:`Pseudonyms.text`),
    and a surface's ``line`` is its number in the table sorted by respondent, partner and
    line (not its line in the survey file). The cleaning log keeps every entry (the data
    basis counts them) with its texts pseudonymised; an entry that names an actor
    (:data:`ACTOR_RULES`) gives line 0. The warnings are pseudonymised too.
    """
    if pseudonyms is None:
        return cleaned
    ids, text = pseudonyms.id_of, pseudonyms.text
    surfaces = cleaned.surfaces.assign(
        respondent=cleaned.surfaces["respondent"].map(ids),
        partner=cleaned.surfaces["partner"].map(ids),
        purpose=cleaned.surfaces["purpose"].map(text),
        target_group=cleaned.surfaces["target_group"].map(text),
        description="")
    surfaces = surfaces.sort_values(["respondent", "partner", LINE], ignore_index=True)
    surfaces[LINE] = range(1, len(surfaces) + 1)
    respondents = cleaned.respondents.assign(
        actor_id=cleaned.respondents["actor_id"].map(ids)) \
        .sort_values("actor_id", ignore_index=True)
    log = cleaned.log.copy()
    named = log["rule"].isin(ACTOR_RULES)
    log["column"] = [c if c in _FIELDS else text(str(c)) for c in log["column"]]
    log["before"] = [text(str(v)) for v in log["before"]]
    log["after"] = [ids(str(v)) if rule == "name-matched" else
                    "kept" if rule == "respondent-in-two-blocks" else text(str(v))
                    for v, rule in zip(log["after"], log["rule"])]
    log.loc[named, "line"] = 0
    log = log.sort_values(["line", "column", "rule"], kind="stable", ignore_index=True)
    return dataclasses.replace(cleaned, surfaces=surfaces, respondents=respondents, log=log,
                               warnings=[text(w) for w in cleaned.warnings])

