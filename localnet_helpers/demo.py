"""The seeded generator of the embedded demo study in ``data/``.

The demo's actors are the 50 organisations of CFBU's report (Bilag 2) with their types; the
survey answers are **synthetic**. They are drawn from a fixed seed so that regenerating gives
byte-identical files, and calibrated so that the kit computes exactly the counts the report
published (Figures 6 and 7: actors, relations and hub-network size per year) plus the report's
qualitative findings: the hub, Kvarterhuset and Frederiksberg Kommune SSA are the three actors
with most relations in 2019; the hub reaches every citizen association and 5 of 7 volunteer
organisations in 2019; the hub's relations are deeper than the others'; the share of deep
relations does not rise; a tenant board and an owners' association lose relations 2017 -> 2019.

How: per year, the hub's partners are fixed (the calibration input), then the remaining
relations are drawn by weighted sampling without replacement (Efraimidis-Spirakis keys), with
weights = product of the two actors' activity, boosted for pairs related the year before so
that ties persist. Depth, surfaces, which side reported and the free-text fields are then drawn
per relation. Whole studies are drawn for seed 0, 1, 2, ... until every finding above holds.
Only :class:`random.Random` is used, whose sequence Python keeps stable across versions.

Run ``localnet demo --out DIR`` to regenerate.
"""

from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass
from pathlib import Path

from .inputs.forms import DEEP_FROM

__all__ = ["ACTORS", "HUB", "YEARS", "DEMO_FILES", "DEMO_MARKER", "generate_demo",
           "check_demo_folder", "write_demo"]

HUB = "medborgercentret"
YEARS = (2017, 2018, 2019)

#: (actor_id, name, type, aliases); aliases include the report's shortened spellings.
ACTORS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("ab_soendermarken", "Afdelingsbestyrelsen i Søndermarken", "citizen", ("AB Søndermarken",)),
    ("ab_tartuhus", "Afdelingsbestyrelsen i Tartuhus", "citizen", ("AB Tartuhus",)),
    ("domus_vista_beboer", "Domus Vista Beboerrepræsentation", "citizen", ()),
    ("domusklubben", "Domusklubben", "citizen", ()),
    ("fortaelleklub", "Fortælleklub", "citizen", ("Fortælleklubben",)),
    ("gf_domus_vista_1", "Grundejerforeningen i Domus Vista Park 1", "citizen", ("GF Domus Vista Park 1",)),
    ("gf_domus_vista_2", "Grundejerforeningen i Domus Vista Park 2", "citizen", ("GF Domus Vista Park 2",)),
    ("gf_domus_vista_3", "Grundejerforeningen i Domus Vista Park 3", "citizen", ("GF Domus Vista Park 3",)),
    ("nordens_have", "Nordens Have", "citizen", ()),
    ("noerkledamerne", "Nørkledamerne", "citizen", ()),
    ("zoom", "ZOOM (foto- og videoklub)", "citizen", ("ZOOM",)),
    ("arena_spartacus", "Arena Spartacus/FB Street", "volunteer", ("FB Street",)),
    ("bydelsmoedre", "Bydelsmødre", "volunteer", ("Bydelsmødrene",)),
    ("cykling_uden_alder", "Cykling uden alder", "volunteer", ()),
    ("dansk_flygtningehjaelp", "Dansk Flygtningehjælp", "volunteer", ()),
    ("frederiksberg_boldklub", "Frederiksberg Boldklub", "volunteer", ()),
    ("game", "GAME", "volunteer", ()),
    ("maends_moedesteder", "Mænds Mødesteder", "volunteer", ()),
    ("roede_kors", "Røde Kors", "volunteer", ("Røde Kors Frederiksberg",)),
    ("akaciegaarden", "Akaciegården (plejehjem)", "professional", ("Akaciegården",)),
    ("akelius", "Akelius", "professional", ()),
    ("apotek_lille_bjoern", "Apotek Lille Bjørn", "professional", ()),
    ("kvarterhuset", "Boligsocial Helhedsplan, Kvarterhuset", "professional",
     ("Kvarterhuset Boligsocial helhedsplan", "Kvarterhuset")),
    ("domus_vista_fysioterapi", "Domus Vista Fysioterapi", "professional", ()),
    ("ffb_kab", "FFB/KAB (boligorganisationer)", "professional", ("FFB & KAB",)),
    ("fof", "Folkeligt Oplysningsforbund", "professional", ("FOF",)),
    ("fk_boern_unge", "Frederiksberg Kommune: Børn & Unge", "professional",
     ("Fb. Kom. Børne- og Ungeområdet", "Fb. Kom. Børne- & Ungeområdet")),
    ("fk_kultur_fritid", "Frederiksberg Kommune: Kultur & Fritid", "professional",
     ("Fb. Kom. Kultur & Fritid",)),
    ("fk_ssa", "Frederiksberg Kommune: Social, Sundheds- og Arbejdsmarkedsområdet", "professional",
     ("Fb. Kom. Social-, Sundheds- og Arbejdsmarked", "Frederiksberg Kommune SSA")),
    ("fk_vej_park_miljoe", "Frederiksberg Kommune: Vej, Park & Miljø", "professional",
     ("Fb. Kom. Vej, Park & Miljø",)),
    ("frb_sundhedscenter", "Frederiksberg Sundhedscenter", "professional", ()),
    ("fritidsguiderne", "Fritidsguiderne + Fritidspasordningen", "professional", ("Fritidsguiderne",)),
    ("gravhunden", "Gravhunden (daginstitution)", "professional", ("Gravhunden",)),
    ("hjemmeplejen", "Hjemmeplejen Frederiksberg Kommune", "professional", ("Hjemmeplejen",)),
    ("klub_norden", "Klub Norden (fritids- og ungdomsklub)", "professional", ("Klub Norden",)),
    ("lotte", "Lotte (plejehjem)", "professional", ("Plejehjemmet Lotte",)),
    ("medborgercentret", "Medborgercentret Nordens Plads", "professional",
     ("Medborgercenter Nordens Plads", "Medborgercentret")),
    ("meny", "MENY", "professional", ()),
    ("netto", "Netto", "professional", ()),
    ("omraadefornyelsen", "Områdefornyelsen", "professional", ()),
    ("sfo_drivhuset", "SFO Drivhuset", "professional", ()),
    ("skolen_nordens_plads", "Skolen ved Nordens Plads (specialskole)", "professional",
     ("Skolen ved Nordens Plads",)),
    ("solmarken", "Solmarken (daginstitution)", "professional", ("Solmarken",)),
    ("ssp_frederiksberg", "SSP Frederiksberg", "professional", ("SSP",)),
    ("stoette_kontakt", "Støtte- og Kontaktpersonsordningen", "professional", ()),
    ("sundhedsplejen", "Sundhedsplejen", "professional", ()),
    ("soendermarksskolen", "Søndermarksskolen (folkeskole)", "professional",
     ("Søndermarkskolen", "Søndermarksskolen")),
    ("tandplejen", "Tandplejen", "professional", ()),
    ("uu", "Ungdommens Uddannelsesvejledning", "professional", ("UU",)),
    ("ungdomsskolen", "Ungdomsskolen", "professional", ()),
)

#: Actors absent in a year (all others are present every year): 48, 50 and 49 actors.
ABSENT = {2017: {"cykling_uden_alder", "fortaelleklub"}, 2018: set(), 2019: {"game"}}

#: Calibration targets per year (CFBU 2020, Figures 6 and 7):
#: (actors in the hub network, relations in the hub network, relations in the whole area).
TARGETS = {2017: (40, 263, 337), 2018: (42, 214, 291), 2019: (42, 205, 268)}

#: Present actors without a relation to the hub, per year (calibration input): in 2019 the hub
#: reaches all citizen associations, 5 of 7 volunteer organisations and 25 of 30 professionals.
NOT_HUB_PARTNERS = {
    2017: {"apotek_lille_bjoern", "akelius", "tandplejen", "domus_vista_fysioterapi", "netto",
           "gf_domus_vista_3", "zoom", "frederiksberg_boldklub"},
    2018: {"apotek_lille_bjoern", "akelius", "tandplejen", "domus_vista_fysioterapi", "netto",
           "sundhedsplejen", "frederiksberg_boldklub", "arena_spartacus"},
    2019: {"apotek_lille_bjoern", "akelius", "tandplejen", "netto", "hjemmeplejen",
           "frederiksberg_boldklub", "dansk_flygtningehjaelp"},
}

#: Relative activity of actors (how many partners they tend to have), before random spread.
ACTIVITY = {"professional": 1.4, "volunteer": 1.0, "citizen": 1.0}
SPECIAL_ACTIVITY = {"kvarterhuset": 7.0, "fk_ssa": 5.0}
#: Weight factor for a pair that was related the year before: ties tend to persist.
PERSIST = 6.0
#: Depth distributions (depth 1..5) of the hub's relations and of all other relations.
HUB_DEPTH = (0.10, 0.16, 0.20, 0.30, 0.24)
OTHER_DEPTH = (0.32, 0.26, 0.20, 0.13, 0.09)
#: Surfaces per relation (1..6).
HUB_SURFACES = (0.20, 0.25, 0.20, 0.15, 0.12, 0.08)
OTHER_SURFACES = (0.42, 0.27, 0.14, 0.09, 0.05, 0.03)
#: Chance that both sides report a relation (else one side does).
BOTH_REPORT = {"hub": 0.75, "other": 0.55}

PURPOSES = ("Fællesskab og naboskab", "Uddannelse", "Beskæftigelse", "Kriminalitetsforebyggelse",
            "Sundhed", "Kultur og fritid", "Integration", "Tryghed")
TARGET_GROUPS = ("Alle beboere", "Børn og unge", "Familier", "Ældre",
                 "Voksne uden for arbejdsmarkedet", "Nydanskere")
DESCRIPTIONS = {
    1: ("Erfaringsudveksling om rekruttering af frivillige", "Netværksmøde for lokale aktører",
        "Gensidig orientering om aktiviteter i området", "Sparring om udsatte familier",
        "Dialog om tryghed i kvarteret", "Orientering om nye tilbud til ældre"),
    2: ("Henviser beboere til hinandens tilbud", "Koordinering af lektiecafé",
        "Henvisning af ældre beboere til åbne tilbud", "Fordeling af aktiviteter i sommerferien",
        "Koordinering af åbningstider"),
    3: ("Lån af lokaler til møder", "Donation af æbler til sommerfesten", "Lån af teknisk udstyr",
        "Økonomisk støtte til arrangement", "Lån af borde og stole til gadefest"),
    4: ("Koordinationsgruppe om forældreansvar", "Fælles arrangement på Nordens Plads",
        "Oplæg om kriminalitetsforebyggelse på skolen", "Fælles sundhedsdag for beboere",
        "Fælles ferieaktiviteter for børn og unge"),
    5: ("Fælles byhave udviklet med beboerne", "Højskolearrangement for ældre udviklet sammen",
        "Nyt tilbud til unge uden job eller uddannelse", "Ny model for frivilligt arbejde",
        "Kvarterets sommerfestival udviklet sammen"),
}


@dataclass
class _Relation:
    depth: int
    surfaces: int
    reporters: tuple[str, ...]


def _present(year: int) -> list[str]:
    return sorted(a[0] for a in ACTORS if a[0] not in ABSENT[year])


def _pick(rng: random.Random, weights: tuple[float, ...]) -> int:
    """Return 1-based index drawn with ``weights`` using one ``rng.random()`` call."""
    u, acc = rng.random() * sum(weights), 0.0
    for i, w in enumerate(weights, start=1):
        acc += w
        if u < acc:
            return i
    return len(weights)


def _sample_pairs(rng: random.Random, pairs: list[tuple[str, str]], weight, m: int):
    """Weighted sample of ``m`` pairs without replacement (Efraimidis-Spirakis keys)."""
    keyed = sorted(((rng.random() ** (1.0 / weight(p)), p) for p in pairs), reverse=True)
    return {p for _, p in keyed[:m]}


def _draw_year(rng, year, activity, previous):
    """Return {pair: _Relation} for one year given last year's relations."""
    present = _present(year)
    partners = [a for a in present if a != HUB and a not in NOT_HUB_PARTNERS[year]]
    outsiders = [a for a in present if a != HUB and a in NOT_HUB_PARTNERS[year]]
    hub_actors, hub_relations, area_relations = TARGETS[year]
    assert len(partners) + 1 == hub_actors and len(present) - len(outsiders) == hub_actors

    def weight(pair):
        w = activity[pair[0]] * activity[pair[1]]
        return w * PERSIST if pair in previous else w

    inner = [(a, b) for i, a in enumerate(partners) for b in partners[i + 1:]]
    outer = sorted({tuple(sorted((o, x))) for o in outsiders for x in partners + outsiders
                    if o != x})
    edges = {tuple(sorted((HUB, p))) for p in partners}
    edges |= _sample_pairs(rng, inner, weight, hub_relations - len(partners))
    edges |= _sample_pairs(rng, outer, weight, area_relations - hub_relations)

    relations = {}
    for pair in sorted(edges):
        is_hub = HUB in pair
        old = previous.get(pair)
        depth = old.depth if old and rng.random() < 0.6 else _pick(
            rng, HUB_DEPTH if is_hub else OTHER_DEPTH)
        surfaces = _pick(rng, HUB_SURFACES if is_hub else OTHER_SURFACES)
        if rng.random() < BOTH_REPORT["hub" if is_hub else "other"]:
            reporters = pair
        else:
            reporters = (pair[0],) if rng.random() < 0.5 else (pair[1],)
        relations[pair] = _Relation(depth, surfaces, reporters)
    _everyone_reports(relations)
    return relations


def _everyone_reports(relations):
    """Every actor with relations reports at least one of them (makes it two-sided)."""
    reporting = {a for rel in relations.values() for a in rel.reporters}
    for pair, rel in sorted(relations.items()):
        for actor in pair:
            if actor not in reporting:
                rel.reporters = pair
                reporting.add(actor)


def _degrees(relations, year):
    degree = {a: 0 for a in _present(year)}
    for a, b in relations:
        degree[a] += 1
        degree[b] += 1
    return degree


def _deep_share(rels) -> float:
    return sum(r.depth >= DEEP_FROM for r in rels) / len(rels)


def _findings_hold(study) -> bool:
    """Check the report's qualitative findings on a drawn study."""
    last = _degrees(study[2019], 2019)
    ranked = sorted(last, key=lambda a: -last[a])
    top = [last[a] for a in ranked[:4]]
    if ranked[:3] != [HUB, "kvarterhuset", "fk_ssa"] or not top[0] > top[1] > top[2] > top[3]:
        return False
    shares = []
    for year in YEARS:
        hub = [r for p, r in study[year].items() if HUB in p]
        other = [r for p, r in study[year].items() if HUB not in p]
        if not _deep_share(hub) > _deep_share(other):
            return False
        shares.append(_deep_share(study[year].values()))
    if not shares[0] >= shares[1] >= shares[2]:
        return False
    first = _degrees(study[2017], 2017)
    losers = {a for a in first if a in last and last[a] < first[a]}
    return any(a.startswith("ab_") for a in losers) and any(a.startswith("gf_") for a in losers)


def generate_demo(max_attempts: int = 10_000) -> tuple[int, dict]:
    """Draw studies for seeds 0, 1, ... and return the first whose findings hold.

    Returns ``(seed, {year: {(a, b): _Relation}})`` (relations only; see :func:`write_demo`).
    """
    for seed in range(max_attempts):
        rng = random.Random(seed)
        activity = {}
        for actor_id, _, kind, _ in ACTORS:
            spread = 2.0 ** rng.gauss(0.0, 0.6)
            activity[actor_id] = SPECIAL_ACTIVITY.get(actor_id, ACTIVITY[kind] * spread)
        study, previous = {}, {}
        for year in YEARS:
            previous = study[year] = _draw_year(rng, year, activity, previous)
        if _findings_hold(study):
            return seed, study
    raise RuntimeError("no seed satisfied the demo's findings")  # pragma: no cover


def _spelling(rng: random.Random, actor_id: str) -> str:
    """A respondent's own name as typed: mostly the register name, sometimes an alias."""
    _, name, _, aliases = _BY_ID[actor_id]
    u = rng.random()
    if aliases and u < 0.15:
        return aliases[int(rng.random() * len(aliases))]
    if u > 0.97:
        return f" {name.upper()} "
    return name


_BY_ID = {a[0]: a for a in ACTORS}
_TYPE_ORDER = {"professional": 0, "volunteer": 1, "citizen": 2}

#: How the survey lists some actors: the report's own shorter spellings.
LISTED = {"soendermarksskolen": "Søndermarkskolen", "fk_kultur_fritid": "Fb. Kom. Kultur & Fritid",
          "ffb_kab": "FFB & KAB", "kvarterhuset": "Kvarterhuset Boligsocial helhedsplan"}

#: The survey tool's labels of the five forms (declared in the demo's codebook.toml).
FORM_LABELS = {
    1: "Videndeling – vi fortæller om vores arbejde",
    2: "Samvirke – vi henviser og undgår dobbeltarbejde",
    3: "Fysisk bidrag – vi giver, deler eller låner hinanden noget",
    4: "Samordning – vi trækker på hinanden og gør noget sammen",
    5: "Samskabelse – vi skaber noget nyt sammen",
}
PERSONAL = ("Kontaktperson", "E-mail", "Telefon")

#: Quirks of real exports, each handled by a logged cleaning rule (no relation changes):
#: a respondent ticking itself, a contact whose number of surfaces was left empty, and details
#: typed for a contact then answered "Nej".
QUIRKS = {2017: ("count-empty", "kvarterhuset"), 2018: ("self", "domusklubben"),
          2019: ("details-on-no", "dansk_flygtningehjaelp")}


def _answers(rng: random.Random, year: int, relations) -> dict[str, dict[str, list[tuple]]]:
    """Per respondent, per partner: the surfaces it reports as (form, purpose, group, text)."""
    answers: dict[str, dict[str, list[tuple]]] = {a: {} for a in _present(year)}
    for (a, b), rel in sorted(relations.items()):
        forms = [rel.depth] + [1 + int(rng.random() * rel.depth) for _ in range(rel.surfaces - 1)]
        rng.shuffle(forms)
        surfaces = [(f, PURPOSES[int(rng.random() * len(PURPOSES))],
                     TARGET_GROUPS[int(rng.random() * len(TARGET_GROUPS))],
                     DESCRIPTIONS[f][int(rng.random() * len(DESCRIPTIONS[f]))]) for f in forms]
        first = rel.reporters[0] if len(rel.reporters) == 1 or rng.random() < 0.5 \
            else rel.reporters[1]
        for reporter in rel.reporters:
            share = surfaces if reporter == first else \
                surfaces[: 1 + int(rng.random() * len(surfaces))]
            answers[reporter][b if reporter == a else a] = share
    return answers


def _wide_table(rng: random.Random, year: int, relations) -> list[list]:
    """The wide export of one year: header row, then one row per questionnaire."""
    from .collect.questionnaire import wide_columns

    book = demo_codebook()
    answers = _answers(rng, year, relations)
    listed = sorted(_present(year), key=lambda a: (_TYPE_ORDER[_BY_ID[a][2]], _BY_ID[a][1]))
    names = [LISTED.get(a, _BY_ID[a][1]) for a in listed]
    header = list(PERSONAL) + wide_columns(book, names, MAX_SURFACES)
    quirk, quirk_actor = QUIRKS[year]
    rows = [header]
    for number, respondent in enumerate(listed, start=1):
        row = [f"Kontaktperson {number:02d}", f"kontakt{number:02d}@eksempel.dk",
               f"+45 00 00 00 {number:02d}", _spelling(rng, respondent)]
        for partner in listed:
            surfaces = answers[respondent].get(partner, [])
            if quirk == "self" and respondent == partner == quirk_actor:
                surfaces = [(1, PURPOSES[0], TARGET_GROUPS[0], "Vores egne medlemsmøder")]
            count = str(len(surfaces)) if surfaces else ""
            if quirk == "count-empty" and respondent == HUB and partner == quirk_actor:
                count = ""
            row += ["Ja" if surfaces else "Nej", count]
            for n in range(MAX_SURFACES):
                if n < len(surfaces):
                    form, purpose, group, text = surfaces[n]
                    row += [text, FORM_LABELS[form], purpose, group]
                elif (quirk == "details-on-no" and n == 0 and not surfaces
                      and respondent == HUB and partner == quirk_actor):
                    row += ["Mødtes til nytårskur i januar", "", "", ""]
                else:
                    row += ["", "", "", ""]
        rows.append(row)
    return rows


#: Surfaces per contact in the demo's questionnaire (the most any relation has).
MAX_SURFACES = 6

STUDY_TOML = '''\
# The embedded demo study: the 50 actors of CFBU's report "Medborgercentre som platform for
# lokal sammenhængskraft" (2020), with SYNTHETIC survey answers made by
# localnet_helpers/demo.py (run `localnet demo --out data` to regenerate them).
title = "Samarbejdet omkring Medborgercentret Nordens Plads (demo)"
area = "Området omkring Nordens Plads, Frederiksberg"
hub = "medborgercentret"
language = "da"
tie_rule = "union"
notes = [
  "Demo: aktørerne er de 50 aktører i CFBU's rapport (Bilag 2), men alle spørgeskemasvar er syntetiske. De er dannet af en tilfældighedsgenerator med fast startværdi, kalibreret så antallet af aktører og relationer i hele området og i Medborgercentrets netværk svarer til rapportens figur 6 og 7.",
  "Rapporten angiver 10,7 relationer pr. aktør i hele området i 2019. Efter definitionen 2 × relationer / aktører giver 268 relationer og 49 aktører 10,9; rapportens 10,7 svarer til 50 aktører.",
  "Rapporten angiver, at Medborgercentret i 2019 har relationer til 83 pct. af alle aktører, til alle borgerdrevne foreninger, 71 pct. af de frivillige organisationer og 60 pct. af de professionelle aktører. Det kan ikke passe sammen med figur 7: 42 aktører i Medborgercentrets netværk betyder 41 partnere, mens 11 + 5 + 18 af Bilag 2's aktører kun giver 34. Demoen følger figur 7: alle 11 borgerdrevne foreninger, 5 af 7 frivillige organisationer og 25 af 30 professionelle aktører.",
]

# Figures printed in the report; the report sets them beside what the kit computes.
[published.area]
actors = { 2017 = 48, 2018 = 50, 2019 = 49 }
relations = { 2017 = 337, 2018 = 291, 2019 = 268 }
mean_relations = { 2017 = 14.0, 2018 = 11.6, 2019 = 10.7 }

[published.hub]
actors = { 2017 = 40, 2018 = 42, 2019 = 42 }
relations = { 2017 = 263, 2018 = 214, 2019 = 205 }
mean_relations = { 2017 = 13.2, 2018 = 10.2, 2019 = 9.8 }
'''


def demo_codebook():
    """The demo exports' codebook: the default wide layout, the sheet name, the personal-data
    columns and the survey tool's labels of the five forms."""
    from .inputs.codebook import DEFAULT_CODEBOOK, Codebook

    return Codebook(columns=dict(DEFAULT_CODEBOOK.columns), yes=("Ja",), no=("Nej", ""),
                    forms={label: depth for depth, label in FORM_LABELS.items()},
                    personal=PERSONAL, sheet="Besvarelser", max_surfaces=MAX_SURFACES)


def _csv_text(rows: list[list[str]], delimiter: str = ",", newline: str = "\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=newline)
    writer.writerows(rows)
    return buffer.getvalue()


def _write_xlsx(rows: list[list[str]], path: Path) -> None:
    from openpyxl import Workbook

    from .xlsx import save_workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Besvarelser"
    for row in rows:
        sheet.append([int(v) if isinstance(v, str) and v.isdigit() else v for v in row])
    save_workbook(book, path)


#: The files :func:`write_demo` writes, relative to its folder.
DEMO_FILES = ("study.toml", "codebook.toml", "actors.csv", "surveys/2017.csv",
              "surveys/2018.csv", "surveys/2019.xlsx")
#: The first line of the demo's ``study.toml``: how a folder shows it holds a demo study.
DEMO_MARKER = STUDY_TOML.splitlines()[0]


def check_demo_folder(out: str | Path) -> None:
    """Refuse a folder :func:`write_demo` may not write into.

    Accepted: a missing folder, an empty one, or one holding a demo study written before (its
    ``study.toml`` starts with :data:`DEMO_MARKER`) and no file other than :data:`DEMO_FILES`
    and the files a run keeps in the study folder (the steps' ``study_writes``, such as the
    map's ``positions.csv``).
    Anything else may be someone's study, and is refused with an
    :class:`~localnet_helpers.errors.InputError`.
    """
    from .catalogue import STEPS
    from .errors import InputError

    out = Path(out)
    kept = {name for step in STEPS for name in step.study_writes}
    hint = ("give a new or empty folder, e.g. --out my-demo; to write the demo again into a "
            "folder that holds other files, move or delete those files first.")
    if not out.exists() and not out.is_symlink():
        return
    if not out.is_dir() or out.is_symlink():
        raise InputError(out, "not a folder", hint=hint)
    entries = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    if not entries:
        return
    foreign = [name for name in entries if name not in {*DEMO_FILES, *kept, "surveys"}
               or (out / name).is_symlink() or (out / name).is_dir() != (name == "surveys")]
    study = out / "study.toml"
    ours = study.is_file() and study.read_bytes().startswith(DEMO_MARKER.encode("utf-8"))
    if foreign:
        shown = ", ".join(foreign[:5]) + (", …" if len(foreign) > 5 else "")
        raise InputError(out, f"the folder is not empty and holds files the demo does not "
                         f"write ({shown}); it may be someone's study", hint=hint)
    if not ours:
        raise InputError(out, "the folder is not empty and its study.toml is not the demo's "
                         "(or it has none); it may be someone's study", hint=hint)


def write_demo(out: str | Path) -> int:
    """Write the demo study into ``out`` and return the seed at which the findings held.

    Writes ``study.toml``, ``codebook.toml``, ``actors.csv`` and the wide survey exports
    ``surveys/2017.csv`` and ``2018.csv`` (semicolon-separated, Windows-1252, CRLF, as Danish
    survey tools export) and ``surveys/2019.xlsx``. ``out`` must be a new or empty folder, or
    hold an earlier demo study and nothing else (see :func:`check_demo_folder`), whose files
    are then written again; anything else is refused before a file is written.
    """
    out = Path(out)
    check_demo_folder(out)
    (out / "surveys").mkdir(parents=True, exist_ok=True)
    seed, study = generate_demo()
    actors = [["actor_id", "name", "type", "aliases", "years"]] + [
        [a, name, kind, "|".join(aliases), " ".join(str(y) for y in YEARS if a not in ABSENT[y])]
        for a, name, kind, aliases in sorted(ACTORS)]
    (out / "study.toml").write_text(STUDY_TOML, encoding="utf-8")
    from .inputs.codebook import codebook_text

    (out / "codebook.toml").write_text(codebook_text(demo_codebook()), encoding="utf-8")
    (out / "actors.csv").write_text(_csv_text(actors), encoding="utf-8")
    rng = random.Random(f"survey-{seed}")
    for year in YEARS:
        rows = _wide_table(rng, year, study[year])
        if year == YEARS[-1]:
            _write_xlsx(rows, out / "surveys" / f"{year}.xlsx")
        else:
            (out / "surveys" / f"{year}.csv").write_bytes(
                _csv_text(rows, ";", "\r\n").encode("cp1252"))
    return seed
