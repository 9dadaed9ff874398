"""Command line: ``analysis build`` and ``analysis list``.

Exit codes: 0 success, 1 a notebook failed, 2 invalid parameters (checked before any kernel).
"""

from __future__ import annotations

import argparse
import sys

from .build import build, finish, plan, summary
from .errors import AnalysisError
from .sections import SECTIONS, availability


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="analysis", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    b = commands.add_parser("build", help="exécuter les notebooks et produire le HTML")
    # codes are read as text on purpose: a SIREN or INSEE code must keep its leading zeros
    b.add_argument("--territory", "-t", action="append", type=str,
                   help="code court (CALL) ou SIREN ; répétable ; défaut : tous")
    b.add_argument("--year", "-y", action="append", type=int,
                   help="année ; répétable ; défaut : toutes les années avec des données")
    b.add_argument("--section", "-s", action="append", type=str,
                   help=f"section ({', '.join(SECTIONS)}) ; défaut : toutes celles qui ont des "
                        f"données")
    b.add_argument("--output-dir", "-o", default=None, help="défaut : outputs/")
    b.add_argument("--data-dir", default=None, help="défaut : data/ (ou $ANALYSIS_DATA_DIR)")
    b.add_argument("--stop-on-error", action="store_true",
                   help="s'arrêter au premier notebook en échec (défaut : continuer)")
    b.add_argument("--no-progress", action="store_true", help="sans barre de progression")
    lst = commands.add_parser("list", help="lister les territoires, années et sections")
    lst.add_argument("--data-dir", default=None)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "list":
            df = availability(args.data_dir)
            df["year"] = df["year"].map(lambda y: "pas de données" if y != y or y is None
                                        else str(int(y)))
            print(df.to_string(index=False))
            return 0
        specs = plan(args.territory, args.year, args.section, args.output_dir, args.data_dir)
    except AnalysisError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2
    if not specs:
        print("erreur : rien à construire pour ces paramètres", file=sys.stderr)
        return 2
    results = build(specs, keep_going=not args.stop_on_error, progress=not args.no_progress)
    output_dir = specs[0].output_dir
    index, synthesis_error = finish(output_dir, results, args.data_dir,
                                    progress=not args.no_progress)
    for result in results:
        if not result.ok:
            print(f"échec : {result.spec.territory.short} {result.spec.year} "
                  f"{result.spec.section.name} — {result.error}", file=sys.stderr)
    if synthesis_error:
        print(f"échec : synthèse — {synthesis_error}", file=sys.stderr)
    print(summary(results, index))
    return 0 if all(r.ok for r in results) and not synthesis_error else 1


if __name__ == "__main__":
    sys.exit(main())
