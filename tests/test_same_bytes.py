"""Same inputs, same bytes (issue 20): two builds of the same data, copied to two folders of
different names and depths, into two output folders, with the same ``SOURCE_DATE_EPOCH``,
publish byte-identical files: pages, executed notebooks, figures, build records, index,
methodology, export, workbook, reports and PDFs (whatever the build publishes)."""

from __future__ import annotations

import pytest

from analysis.engine.run import published_files

pytestmark = pytest.mark.notebook

# what the request must publish at least (the test cannot pass on an empty build)
EXPECTED = [f"CALL/2019/{section}{suffix}"
            for section in ("waste", "housing", "mobility", "energy")
            for suffix in (".html", ".ipynb", ".figures.csv", ".build.json", ".pdf")] + [
    "CALL/2019/rapport.html", "CALL/2019/rapport.pdf", "index.html", "methodologie.html",
    "figures.csv", "figures.json", "figures.xlsx", "figures_fr.csv"]




def _first_difference(a: bytes, b: bytes) -> str:
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
              min(len(a), len(b)))
    return (f"octet {at} ({len(a)} / {len(b)} octets) : {a[max(0, at - 60):at + 60]!r} "
            f"≠ {b[max(0, at - 60):at + 60]!r}")


def test_both_builds_publish_the_same_files(two_builds):
    one, two, _ = two_builds
    assert published_files(one) == published_files(two)
    missing = [name for name in EXPECTED if name not in published_files(one)]
    assert missing == []


def test_every_published_file_has_the_same_bytes(two_builds):
    one, two, _ = two_builds
    pairs = {name: ((one / name).read_bytes(), (two / name).read_bytes())
             for name in published_files(one)}
    different = [f"{name} : {_first_difference(a, b)}" for name, (a, b) in pairs.items()
                 if a != b]
    assert different == [], "fichiers différents :\n" + "\n".join(different)


def test_no_published_file_names_a_folder_of_the_build(two_builds):
    one, _, folders = two_builds
    roots = [str(f).encode() for f in folders] + [str(one.parent.parent).encode()]
    found = [f"{name} : {root.decode()}" for name in published_files(one)
             for root in roots if root in (one / name).read_bytes()]
    assert found == []


def test_pages_are_dated_by_source_date_epoch(two_builds):
    one, _, _ = two_builds
    for name in ("CALL/2019/waste.html", "index.html", "methodologie.html"):
        assert "Construit le 14/11/2023" in (one / name).read_text(encoding="utf-8"), name
