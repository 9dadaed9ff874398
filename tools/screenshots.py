"""Full-page screenshots of every page of a build, at 1280 px (a desktop) and 390 px (a phone),
for a person to look at: ``python tools/screenshots.py OUTPUTS_DIR DEST [--only GLOB]``.

Writes ``DEST/<page path with / as __>.<width>.png`` (``CALL__2019__waste.390.png``) with
headless Chromium (``tools/chromium.py``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from chromium import Browser, BrowserError  # noqa: E402

WIDTHS = (1280, 390)


def shot_name(page: Path, root: Path, width: int) -> str:
    """``CALL/2019/waste.html`` at 390 px → ``CALL__2019__waste.390.png``."""
    stem = page.relative_to(root).with_suffix("").as_posix().replace("/", "__")
    return f"{stem}.{width}.png"


def capture(browser: Browser, page_path: Path, root: Path, dest: Path) -> list[Path]:
    """One page at each width; the PNG files written."""
    written = []
    for width in WIDTHS:
        page = browser.open_page(width)
        try:
            page.goto(page_path.resolve().as_uri())
            target = dest / shot_name(page_path, root, width)
            page.screenshot(target)
            written.append(target)
        finally:
            page.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outputs", type=Path, help="dossier d'une construction (outputs/)")
    parser.add_argument("dest", type=Path, help="dossier où écrire les captures PNG")
    parser.add_argument("--only", default="**/*.html",
                        help="motif des pages à capturer (par défaut toutes : **/*.html)")
    args = parser.parse_args(argv)
    pages = sorted(args.outputs.glob(args.only))
    if not pages:
        print(f"aucune page HTML dans {args.outputs} ({args.only})", file=sys.stderr)
        return 1
    args.dest.mkdir(parents=True, exist_ok=True)
    try:
        with Browser() as browser:
            for page in pages:
                for png in capture(browser, page, args.outputs, args.dest):
                    print(png)
    except BrowserError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
