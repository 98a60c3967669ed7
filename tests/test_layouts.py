"""The same answers in every layout and format give byte-identical relations.csv."""

from openpyxl import Workbook

from localnet_helpers.catalogue import write_csv
from localnet_helpers.collect.questionnaire import wide_columns
from localnet_helpers.inputs import register, survey
from localnet_helpers.inputs.codebook import DEFAULT_CODEBOOK
from localnet_helpers.measures import network

from conftest import TOY_ACTORS

PARTNERS = ["Alpha Centre", "Beta Club", "Gamma Board", "Delta School", "Epsilon Choir"]
# respondent -> partner -> surfaces as (description, form, purpose, target group)
ANSWERS = {
    "Alpha Centre": {"Beta Club": [("Netværksmøde", "Videndele", "Sundhed", "Ældre"),
                                   ("Sundhedsdag", "Samordne", "Sundhed", "Ældre")],
                     "Gamma Board": [("Byhave", "Samskabe", "Fællesskab", "Alle beboere")]},
    "Beta Club": {"Alpha Centre": [("Henvisning", "Samvirke", "Fællesskab", "Alle")],
                  "Delta School": [("Koordinering", "Samvirke", "Fællesskab", "Børn")]},
    "Gamma Board": {"Delta School": [("Orientering", "Videndele", "Uddannelse", "Børn")]},
    "Delta School": {"Gamma Board": [("Orientering", "Videndele", "Uddannelse", "Børn"),
                                     ("Forældremøde", "Videndele", "Uddannelse", "Børn"),
                                     ("Lån af lokaler", "Ressourceudveksle", "Uddannelse",
                                      "Børn")]},
    "Epsilon Choir": {},
}


def long_rows():
    rows = [["respondent", "partner", "form", "purpose", "target_group", "description"]]
    for who, contacts in ANSWERS.items():
        if not contacts:
            rows.append([who, "", "", "", "", ""])
        for partner, surfaces in contacts.items():
            rows += [[who, partner, form, purpose, group, text]
                     for text, form, purpose, group in surfaces]
    return rows


def wide_rows():
    rows = [wide_columns(DEFAULT_CODEBOOK, PARTNERS, 3)]
    for who, contacts in ANSWERS.items():
        row = [who]
        for partner in PARTNERS:
            surfaces = contacts.get(partner, [])
            row += ["Ja" if surfaces else "Nej", len(surfaces) or ""]
            for n in range(3):
                row += list(surfaces[n]) if n < len(surfaces) else ["", "", "", ""]
        rows.append(row)
    return rows


def csv_bytes(rows, delimiter, encoding):
    text = "\r\n".join(delimiter.join(f'"{c}"' if delimiter in str(c) else str(c) for c in row)
                       for row in rows) + "\r\n"
    return text.encode(encoding)


def relations_csv(tmp_path, name, data=None, rows=None, codebook=None):
    path = tmp_path / name
    if rows is not None:
        book = Workbook()
        for row in rows:
            book.active.append(row)
        book.save(path)
    else:
        path.write_bytes(data)
    actors = register.load_register(tmp_path / "actors.csv")
    cleaned = survey.clean_survey(survey.read_survey(path, codebook), actors, 2020, codebook)
    relations = network.relations_from_surfaces(cleaned.surfaces, "union",
                                                set(cleaned.respondents["actor_id"]))
    return write_csv(relations, tmp_path / f"{name}.relations.csv").read_bytes()


def test_long_wide_cp1252_utf8_bom_and_xlsx_agree(tmp_path):
    (tmp_path / "actors.csv").write_text(TOY_ACTORS, encoding="utf-8")
    book = DEFAULT_CODEBOOK
    results = {
        "long.csv": relations_csv(tmp_path, "long.csv", csv_bytes(long_rows(), ",", "utf-8")),
        "wide-cp1252.csv": relations_csv(tmp_path, "wide-cp1252.csv",
                                         csv_bytes(wide_rows(), ";", "cp1252"), codebook=book),
        "wide-bom.csv": relations_csv(tmp_path, "wide-bom.csv",
                                      csv_bytes(wide_rows(), ",", "utf-8-sig"), codebook=book),
        "wide.xlsx": relations_csv(tmp_path, "wide.xlsx", rows=wide_rows(), codebook=book),
    }
    assert results["long.csv"].decode().splitlines() == [
        "source,target,surfaces,depth,reports", "A,B,2,4,2", "A,C,1,5,1", "B,D,1,2,1",
        "C,D,3,3,2"]
    assert len(set(results.values())) == 1, {k: v.decode() for k, v in results.items()}


def test_cr_only_line_ends_and_a_long_cell_read_like_the_others(tmp_path):
    """An old Mac export (line ends \\r alone) with a 1 MB description gives the same
    relations as the long CSV."""
    (tmp_path / "actors.csv").write_text(TOY_ACTORS, encoding="utf-8")
    rows = wide_rows()
    description = rows[0].index("Beta Club - kontaktflade 1 - beskrivelse")
    rows[1][description] = "x" * 1024 ** 2
    data = csv_bytes(rows, ";", "cp1252").replace(b"\r\n", b"\r")
    expected = relations_csv(tmp_path, "long.csv", csv_bytes(long_rows(), ",", "utf-8"))
    assert relations_csv(tmp_path, "mac.csv", data, codebook=DEFAULT_CODEBOOK) == expected
