"""Command line: ``analysis build`` and ``analysis list``.

Exit codes: 0 success, 1 a notebook failed, 2 invalid parameters or data (checked before any
kernel), 3 another build holds the outputs folder and ``--no-wait`` was given.

The build first compares one hash of everything it reads with the last complete build's
(:func:`analysis.cache.build_stamp`); only when something changed does it import pandas and
papermill, plan the run and check each page against its own build record.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from analysis.core.errors import AnalysisError
from analysis.core.paths import DEFAULT_OUTPUT_DIR, NOTEBOOKS_DIR, data_dir
from analysis.core.specs import section_specs

DESCRIPTION = ("Rapports de développement durable des EPCI : exécute les notebooks de chaque "
               "section pour chaque territoire et année, et produit les pages HTML.")
EPILOG = ("Codes de sortie : 0 réussite ; 1 un notebook a échoué (les autres sont construits) ; "
          "2 paramètres, données ou écriture impossibles (vérifiés avant tout noyau, rien "
          "n'est publié) ; 3 une autre construction écrit dans le même dossier (--no-wait).")
FIRST_YEAR, LAST_YEAR = 1990, 2100  # as the tables' rule on the year column


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups,
                                 "utilisation : " if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse in French: usage, help option and error line."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, formatter_class=_Formatter, add_help=False, **kwargs)
        self.add_argument("-h", "--help", action="help", help="afficher cette aide et quitter")

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog} : erreur : {message}\n")


def _year(text: str) -> int:
    """A year as the command line takes it: four digits, within the tables' range."""
    if not text.strip().isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            f"année {text!r} invalide : une année s'écrit avec quatre chiffres, de "
            f"{FIRST_YEAR} à {LAST_YEAR} (par exemple 2019)")
    return int(text)


def _add_where_options(b) -> None:
    """Where the pages run (Dask) and what they make (PDF)."""
    b.add_argument("--dask", action="store_true",
                   help="exécuter les pages sur un cluster Dask local (un processus par cœur, "
                        "ou -j) : mêmes pages, mêmes octets")
    b.add_argument("--scheduler", default=None, metavar="ADRESSE",
                   help="exécuter les pages sur le cluster Dask de cet ordonnanceur "
                        "(tcp://hôte:8786) ; implique --dask")
    b.add_argument("--fresh-kernels", action="store_true",
                   help="un noyau Python neuf pour chaque page (plus lent) ; par défaut chaque "
                        "processus garde un noyau, ses imports faits, remis à neuf entre deux "
                        "pages")
    b.add_argument("--no-pdf", action="store_true",
                   help="pages HTML seulement, sans PDF (plus rapide pendant la mise au "
                        "point) ; le PDF d'une page reconstruite est retiré : il ne la "
                        "montrerait plus")


def _add_national(commands) -> None:
    """The ``national`` command: the national table of every EPCI."""
    nat = commands.add_parser(
        "national", help="la table nationale : tous les EPCI de France, tous les indicateurs "
                         "des fichiers nationaux",
        description="Écrire la table nationale (une ligne par EPCI de France, un indicateur "
                    "par colonne, en un seul passage vectorisé) et ses sources dans "
                    "DOSSIER/national/ (CSV et Parquet).")
    nat.add_argument("--year", "-y", type=_year, default=None, metavar="ANNÉE",
                     help="année du rapport (aucune donnée postérieure) ; défaut : la dernière "
                          "année d'un fichier national")
    nat.add_argument("--output-dir", "-o", default=None, metavar="DOSSIER",
                     help="défaut : outputs/")
    nat.add_argument("--data-dir", default=None, metavar="DOSSIER",
                     help="défaut : data/ (ou $ANALYSIS_DATA_DIR)")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="analysis", description=DESCRIPTION, epilog=EPILOG)
    commands = parser.add_subparsers(dest="command", required=True, title="commandes",
                                     metavar="{build,list,national,new-section}",
                                     parser_class=_Parser)
    b = commands.add_parser("build", help="exécuter les notebooks et produire le HTML",
                            description="Exécuter les notebooks et produire les pages HTML, "
                                        "l'index, la synthèse et l'export des chiffres.",
                            epilog=EPILOG)
    # codes are read as text on purpose: a SIREN or INSEE code must keep its leading zeros
    b.add_argument("--territory", "-t", action="append", type=str, metavar="CODE",
                   help="code court (CALL) ou SIREN ; répétable ; défaut : tous")
    b.add_argument("--region", action="append", type=str, metavar="CODE",
                   help="tous les EPCI d'une région (code INSEE de la région : 32 pour les "
                        "Hauts-de-France) ; répétable, avec ou sans -t")
    b.add_argument("--year", "-y", action="append", type=_year, metavar="ANNÉE",
                   help=f"année sur quatre chiffres ({FIRST_YEAR}-{LAST_YEAR}) ; répétable ; "
                        f"défaut : toutes les années avec des données")
    # the names are written out, not read from analysis.sections (which imports pandas):
    # the names come from the sections' section.toml: read at once, without pandas
    b.add_argument("--section", "-s", action="append", type=str, metavar="SECTION",
                   help=f"section ({', '.join(section_specs(scope='territory'))}) ; défaut : "
                        f"toutes celles qui "
                        f"ont des données")
    b.add_argument("--output-dir", "-o", default=None, metavar="DOSSIER",
                   help="défaut : outputs/")
    b.add_argument("--data-dir", default=None, metavar="DOSSIER",
                   help="défaut : data/ (ou $ANALYSIS_DATA_DIR)")
    b.add_argument("--jobs", "-j", type=int, default=None, metavar="N",
                   help=f"notebooks exécutés en même temps ; défaut : le nombre de cœurs "
                        f"({os.cpu_count()})")
    b.add_argument("--timeout", type=float, default=None, metavar="SECONDES",
                   help="arrêter un notebook qui n'a pas fini après ce délai et le signaler "
                        "en échec ; défaut : 600")
    b.add_argument("--force", action="store_true",
                   help="tout reconstruire, même ce qui est à jour")
    b.add_argument("--no-wait", action="store_true",
                   help="si une autre construction écrit dans le même dossier : s'arrêter "
                        "(code 3) au lieu de l'attendre")
    b.add_argument("--stop-on-error", action="store_true",
                   help="s'arrêter au premier notebook en échec (défaut : continuer)")
    b.add_argument("--no-progress", action="store_true", help="sans barre de progression")
    _add_where_options(b)
    lst = commands.add_parser("list", help="lister les territoires, années et sections",
                              description="Lister les territoires, sections et années qui "
                                          "ont des données.")
    lst.add_argument("--data-dir", default=None, metavar="DOSSIER",
                     help="défaut : data/ (ou $ANALYSIS_DATA_DIR)")
    _add_national(commands)
    new = commands.add_parser(
        "new-section", help="créer une section vide qui fonctionne, avec son test",
        description="Créer une section : son paquet (sections/NOM), son notebook, ses tables "
                    "de données (en-têtes seulement), son dictionnaire et son test. Rien "
                    "d'autre n'est modifié : la section est trouvée par le moteur.")
    new.add_argument("name", metavar="NOM", help="nom court, minuscules et _ (qualite_air)")
    new.add_argument("--label", required=True, metavar="TITRE",
                     help="titre français de la section (« Qualité de l'air »)")
    for each in (parser, b, lst, new):  # argparse's own heading, in French
        each._optionals.title = "options"
    return parser


def _request(args: argparse.Namespace) -> tuple[dict, Path, Path]:
    """What a build is asked for, as it enters the whole-build stamp."""
    out = Path(args.output_dir or DEFAULT_OUTPUT_DIR).resolve()
    data = data_dir(args.data_dir)
    request = {"territories": args.territory, "years": args.year, "sections": args.section,
               "regions": args.region,
               "output_dir": str(out), "data_dir": str(data), "python": sys.executable,
               "pdf": not args.no_pdf}
    return request, out, data


def _list(args: argparse.Namespace) -> int:
    from analysis.engine.plan import availability

    df = availability(args.data_dir)
    df["year"] = df["year"].map(lambda y: "pas de données" if y != y or y is None
                                else str(int(y)))
    print(df.to_string(index=False))
    return 0


def _build(args: argparse.Namespace) -> int:
    from analysis.engine import cache

    started = time.monotonic()
    request, out, data = _request(args)
    if args.jobs is not None and args.jobs < 1:
        print("erreur : --jobs doit être au moins 1", file=sys.stderr)
        return 2
    if args.timeout is not None and not args.timeout > 0:
        print("erreur : --timeout doit être un nombre de secondes positif", file=sys.stderr)
        return 2
    overlap = _overlap(out, data)
    if overlap:
        print(f"erreur : {overlap}", file=sys.stderr)
        return 2
    stamp = cache.build_stamp(request, data, NOTEBOOKS_DIR) if data.is_dir() else ""
    if stamp and not args.force and cache.stamp_is_current(out, stamp):
        print(f"Tout est à jour : rien à reconstruire ({time.monotonic() - started:.2f} s) — "
              f"{out / 'index.html'}")
        return 0

    from analysis.engine.run import shared_parsing

    with shared_parsing():  # what the plan parses, the notebooks reuse
        return _plan_and_run(args, out, stamp, started)


def _plan_and_run(args: argparse.Namespace, out: Path, stamp: str, started: float) -> int:
    from analysis.engine import cache
    from analysis.engine.plan import left_out, plan
    from analysis.inputs.territories import region_territories

    try:
        # a region's EPCI without a page is left out and said; one named with -t stops
        in_regions = [t.siren for code in args.region or []
                      for t in region_territories(code, args.data_dir)]
        specs = plan(args.territory, args.year, args.section, args.output_dir,
                     args.data_dir, pdf=not args.no_pdf, listed=in_regions)
        for territory, reason in left_out(in_regions, specs, args.year, args.data_dir):
            print(f"laissé de côté : {territory.short} ({territory.name}) — {reason}",
                  file=sys.stderr)
    except AnalysisError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2
    if not specs:
        print("erreur : rien à construire pour ces paramètres", file=sys.stderr)
        return 2
    try:
        with cache.output_lock(out, wait=not args.no_wait):
            if stamp and not args.force and cache.stamp_is_current(out, stamp):
                # the build we waited for has just made the same pages
                print(f"Tout est à jour : rien à reconstruire — {out / 'index.html'}")
                return 0
            return _run(args, specs, out, stamp, started)
    except cache.BuildLockedError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 3


def _overlap(out: Path, data: Path) -> str:
    """Why ``out`` cannot receive the outputs (it overlaps the data folder), or ""."""
    if out == data or out.is_relative_to(data):
        return (f"le dossier de sortie {out} est dans le dossier de données {data} : les "
                f"pages produites y seraient prises pour des données ; choisir un dossier "
                f"hors de {data} (option -o)")
    if data.is_relative_to(out):
        return (f"le dossier de sortie {out} contient le dossier de données {data} : choisir "
                f"un dossier de sortie à part (option -o), par exemple {out / 'outputs'}")
    return ""


def _run(args: argparse.Namespace, specs: list, out: Path, stamp: str, started: float) -> int:
    from analysis.engine import cache
    from analysis.engine.notebook import DEFAULT_TIMEOUT_SECONDS, remove_leftover_staging
    from analysis.engine.run import build, finish, published_files, summary

    timeout = args.timeout or DEFAULT_TIMEOUT_SECONDS
    remove_leftover_staging(out)  # a killed build's half-written pages never get published
    if args.dask or args.scheduler:
        from analysis.engine.distributed import build_on_dask

        results = build_on_dask(specs, args.scheduler, args.jobs, args.force,
                                progress=not args.no_progress, warm=not args.fresh_kernels,
                                timeout=timeout)
    else:
        results = build(specs, keep_going=not args.stop_on_error,
                        progress=not args.no_progress, jobs=args.jobs, force=args.force,
                        timeout=timeout, warm=not args.fresh_kernels)
    unwritten = [r for r in results if r.write_error]
    if unwritten:  # the index and the export could not be written either: stop here
        print(f"erreur : {unwritten[0].error} ; rien n'a été publié pour {len(unwritten)} "
              f"section(s), les pages précédentes restent en place : libérer de la place "
              f"puis relancer", file=sys.stderr)
        return 2
    index, synthesis_error = finish(out, results, args.data_dir,
                                    progress=not args.no_progress, force=args.force,
                                    timeout=timeout, pdf=not args.no_pdf)
    for result in results:
        if not result.ok:
            print(f"échec : {result.spec.territory.short} {result.spec.year} "
                  f"{result.spec.section.name} — {result.error}", file=sys.stderr)
    if synthesis_error:
        print(f"échec : synthèse — {synthesis_error}", file=sys.stderr)
    ok = all(r.ok for r in results) and not synthesis_error
    if ok and len(results) == len(specs) and stamp:
        cache.write_stamp(out, stamp, published_files(out))
    print(f"{summary(results, index)} ({time.monotonic() - started:.0f} s en tout)")
    return 0 if ok else 1


def _new_section(args: argparse.Namespace) -> int:
    from analysis.core.paths import PROJECT_ROOT
    from analysis.engine.scaffold import new_section

    created = new_section(args.name, args.label)
    print(f"Section « {args.name} » créée ({len(created)} fichiers) :")
    for path in created:
        print(f"  {path.relative_to(PROJECT_ROOT)}")
    print("Étapes suivantes : déclarer les indicateurs dans indicators.toml, saisir les lignes "
          "sourcées dans data/, puis make test et analysis build -s " + args.name)
    return 0


def _national(args: argparse.Namespace) -> int:
    from analysis.engine.run import shared_parsing
    from analysis.national.table import national_table, national_years, write_national_table

    started = time.monotonic()
    with shared_parsing():  # the files the years are read from are parsed once
        year = args.year or max(national_years(args.data_dir))
        table, described = national_table(year, args.data_dir)
    out = Path(args.output_dir or DEFAULT_OUTPUT_DIR).resolve()
    paths = write_national_table(table, described, year, out)
    print(f"Table nationale {year} : {len(table)} EPCI, {len(described)} indicateurs "
          f"({time.monotonic() - started:.0f} s) — " + ", ".join(str(p) for p in paths))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "new-section":
            return _new_section(args)
        if args.command == "national":
            return _national(args)
        return _list(args) if args.command == "list" else _build(args)
    except AnalysisError as exc:
        print(f"erreur : {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a full disk, a folder that cannot be written
        from analysis.core.paths import describe_write_error

        print(f"erreur : {describe_write_error(exc)} ; rien n'a été publié à moitié : "
              f"corriger puis relancer", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
