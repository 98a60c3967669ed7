"""The ``localnet`` command: run a study's notebooks into a report, and prepare its waves.

Bad input exits with status 2 and a message naming the file, line, column and value; a failing
notebook or an internal error exits with status 1; ``--debug`` shows the Python traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import LocalnetError
from .paths import DEFAULT_OUT, DEMO_STUDY, INSTALLED

__all__ = ["main", "build_parser"]


DESCRIPTION = """\
Social network analysis of the organisations around a community centre: from a yearly
survey to an HTML report with network maps and tables."""
EPILOG = """\
Start with:  localnet run --out my-report        (runs the demo study)
  then:      localnet run --study my-study --out my-report --jobs 2
'localnet COMMAND --help' tells more about a command."""


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(
            f"{text!r}: give the number of notebooks to run at the same time, a whole number "
            "of 1 or more (e.g. the number of cores)")
    return jobs


def _year(text: str) -> int:
    if not (text.isdigit() and len(text) == 4):
        raise argparse.ArgumentTypeError(f"{text!r} is not a year: give four digits, e.g. 2020")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="localnet", description=DESCRIPTION,
                                     epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks on errors")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                     title="commands")
    demo_default = "the embedded demo study" if INSTALLED else "the demo study, data/"

    run = commands.add_parser(
        "run", help="run the notebooks on a study and write the report",
        description="Check every input file of the study, run the notebooks (papermill) and "
                    "write report.html, tables.xlsx, the CSV tables and the figures into the "
                    "output folder. Only files an earlier run wrote there are ever replaced.")
    run.add_argument("--study", type=Path, default=DEMO_STUDY,
                     help=f"study folder with study.toml, actors.csv, surveys/ "
                          f"(default: {demo_default})")
    run.add_argument("--out", type=Path, default=DEFAULT_OUT,
                     help=f"output folder: new, empty, or an earlier run's (default: "
                          f"{DEFAULT_OUT if INSTALLED else 'reports/'})")
    run.add_argument("--years", type=_year, nargs="+", metavar="Y",
                     help="measurement years to run (default: every year with a survey file)")
    run.add_argument("--jobs", type=_jobs, default=1, metavar="N",
                     help="notebooks to run at the same time, e.g. the number of cores "
                          "(default: 1)")
    run.add_argument("--force", action="store_true",
                     help="run every notebook again; by default a run into the folder of an "
                          "earlier run reuses the results whose inputs did not change")
    run.add_argument("--pseudonymise", action="store_true",
                     help="name every actor in every output by its type and a number "
                          "(e.g. 'Borgerforening 3'), except those listed in study.toml's "
                          "public; the key stays in <study>/pseudonyms.csv: keep it with the "
                          "study and never share it (also: pseudonymise = true in study.toml)")

    template = commands.add_parser(
        "template", help="write the questionnaire workbook for a wave",
        description="Write the questionnaire workbook for a wave in the study's survey layout "
                    "(one row per organisation), to import into a survey tool or fill in.")
    template.add_argument("--year", type=_year, required=True, help="the measurement year")
    template.add_argument("--study", type=Path, required=True, help="study folder")
    template.add_argument("--out", type=Path,
                          help="file to write (default: <study>/questionnaire_<year>.xlsx)")

    new_year = commands.add_parser(
        "new-year", help="prepare a study for a new wave",
        description="Add a new measurement year to the study: every actor present in the "
                    "latest wave is marked present in the new one (edit actors.csv for those "
                    "who came or left), and the questionnaire for it is written.")
    new_year.add_argument("year", type=_year, help="the new measurement year, e.g. 2020")
    new_year.add_argument("--study", type=Path, required=True, help="study folder")

    forms = commands.add_parser(
        "forms", help="write one questionnaire workbook per organisation of a wave",
        description="Write one form (an .xlsx workbook) per actor present in the wave, to "
                    "e-mail to each organisation: its contacts with every other actor, with "
                    "drop-down lists, the structure locked and a hidden identifier. Collect "
                    "the returned forms with 'localnet collect'.")
    forms.add_argument("--year", type=_year, required=True, help="the measurement year")
    forms.add_argument("--study", type=Path, required=True, help="study folder")
    forms.add_argument("--out", type=Path,
                       help="folder to write the forms to (default: <study>/forms_<year>)")

    collect = commands.add_parser(
        "collect", help="merge the returned forms of a wave into its survey file",
        description="Check every returned form in FOLDER (recognised by its hidden identifier, "
                    "whatever its file name) and, only if all are clean, write "
                    "<study>/surveys/<year>.xlsx and the list of who has returned a form.")
    collect.add_argument("folder", type=Path, metavar="FOLDER",
                         help="folder holding the returned forms (.xlsx)")
    collect.add_argument("--year", type=_year, required=True, help="the measurement year")
    collect.add_argument("--study", type=Path, required=True, help="study folder")
    collect.add_argument("--replace", action="store_true",
                         help="write over an existing surveys/<year>.xlsx")
    collect.add_argument("--status", type=Path,
                         help="the status list to write (default: "
                              "<study>/forms_<year>/status.csv)")

    layout = commands.add_parser(
        "layout", help="show or reset the map positions kept in the study",
        description="The first run writes every actor's place on the maps into the study "
                    "folder's positions.csv; later runs keep them and place only new actors, "
                    "so next year's map is last year's map. Without --reset, say how many "
                    "actors the file places.")
    layout.add_argument("--study", type=Path, default=DEMO_STUDY,
                        help=f"study folder (default: {demo_default})")
    layout.add_argument("--reset", action="store_true",
                        help="remove positions.csv (only a file the kit wrote), so that the "
                             "next run lays the map out afresh")

    demo = commands.add_parser(
        "demo", help="write the synthetic demo study into a folder",
        description="Write the synthetic demo study (50 organisations, three waves) into a new "
                    "or empty folder.")
    demo.add_argument("--out", type=Path, required=INSTALLED,
                      default=None if INSTALLED else DEMO_STUDY,
                      help="folder to write the demo study to" +
                           ("" if INSTALLED else " (default: data/)"))
    return parser


def _dispatch(args: argparse.Namespace) -> None:
    if args.command == "run":
        from .run.pipeline import run

        run(args.study, args.out, args.years, jobs=args.jobs, force=args.force,
            pseudonymise=args.pseudonymise)
    elif args.command == "template":
        from .collect.questionnaire import make_template

        for line in make_template(args.study, args.year, args.out):
            print(line)
    elif args.command == "new-year":
        from .collect.questionnaire import new_year

        for line in new_year(args.study, args.year):
            print(line)
    elif args.command == "forms":
        from .collect.forms import make_forms

        for line in make_forms(args.study, args.year, args.out):
            print(line)
    elif args.command == "collect":
        from .collect.returned import make_collect

        for line in make_collect(args.study, args.year, args.folder, args.replace,
                                 args.status):
            print(line)
    elif args.command == "layout":
        from .inputs.positions import describe_positions, reset_positions

        print(reset_positions(args.study) if args.reset else describe_positions(args.study))
    elif args.command == "demo":
        from .demo import write_demo

        seed = write_demo(args.out)
        print(f"demo study written to {args.out} (calibrated at seed {seed})")


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status (0 ok, 1 notebook failure, 2 bad input)."""
    args = build_parser().parse_args(argv)
    # nbformat's jsonschema imports the optional rfc3987_syntax, which builds a parser for
    # about 2 s at import (python-jsonschema/jsonschema#1428); notebook schemas check no IRI,
    # so this process goes without it
    sys.modules.setdefault("rfc3987_syntax", None)
    try:
        _dispatch(args)
    except LocalnetError as exc:
        if args.debug:
            raise
        print(f"localnet: error: {exc}", file=sys.stderr)
        return exc.exit_status
    except KeyboardInterrupt:
        if args.debug:
            raise
        print("localnet: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # a bug in the kit: one line, the traceback only on request
        if args.debug:
            raise
        print(f"localnet: internal error: {type(exc).__name__}: {exc} (run again with "
              "--debug to see where, and report it)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
