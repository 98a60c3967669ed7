"""The ``localnet`` command.

``localnet run [--study DIR] [--out DIR] [--years Y ...]`` runs the notebooks on a study and
writes the tables and ``report.html``; ``localnet template --year Y`` writes the questionnaire
workbook for a wave; ``localnet new-year Y`` prepares a study for a new wave;
``localnet demo --out DIR`` regenerates the demo study.
Bad input exits with status 2 and a message naming the file, line, column and value; a failing
notebook or an internal error exits with status 1; ``--debug`` shows the Python traceback.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import LocalnetError
from .paths import DEFAULT_OUT, DEMO_STUDY

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="localnet", description=__doc__.split("\n\n")[0])
    parser.add_argument("--debug", action="store_true", help="show Python tracebacks on errors")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="run the notebooks on a study and write the report")
    run.add_argument("--study", type=Path, default=DEMO_STUDY,
                     help="study folder (default: the embedded demo, data/)")
    run.add_argument("--out", type=Path, default=DEFAULT_OUT,
                     help="output folder (default: reports/)")
    run.add_argument("--years", type=int, nargs="+", metavar="Y",
                     help="measurement years to run (default: every year with a survey file)")
    run.add_argument("--jobs", type=int, default=1, metavar="N",
                     help="notebooks to run at the same time, e.g. the number of cores; the next "
                          "notebooks' kernels start while earlier ones run (default: 1)")

    template = commands.add_parser(
        "template", help="write the questionnaire workbook for a wave (surveys/<year>.xlsx)")
    template.add_argument("--year", type=int, required=True, help="the measurement year")
    template.add_argument("--study", type=Path, default=DEMO_STUDY,
                          help="study folder (default: the embedded demo, data/)")
    template.add_argument("--out", type=Path,
                          help="file to write (default: <study>/questionnaire_<year>.xlsx)")

    new_year = commands.add_parser(
        "new-year", help="prepare a study for a new wave: register years and questionnaire")
    new_year.add_argument("year", type=int, help="the new measurement year")
    new_year.add_argument("--study", type=Path, default=DEMO_STUDY,
                          help="study folder (default: the embedded demo, data/)")

    demo = commands.add_parser("demo", help="regenerate the synthetic demo study")
    demo.add_argument("--out", type=Path, default=DEMO_STUDY,
                      help="folder to write the demo study to (default: data/)")
    return parser


def _dispatch(args: argparse.Namespace) -> None:
    if args.command == "run":
        from .pipeline import run

        run(args.study, args.out, args.years, jobs=args.jobs)
    elif args.command == "template":
        from .questionnaire import make_template

        for line in make_template(args.study, args.year, args.out):
            print(line)
    elif args.command == "new-year":
        from .questionnaire import new_year

        for line in new_year(args.study, args.year):
            print(line)
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
