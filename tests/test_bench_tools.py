"""The benchmark tools' own logic (``make bench``): what they write, and how they split a
page's time. The measures themselves are never asserted (no timed test)."""

from __future__ import annotations

import sys

from analysis.core.paths import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "tools"))
import bench  # noqa: E402

DOC = """# Mesures

<!-- a: début -->
old a
<!-- a: fin -->

<!-- b: début -->
b, written by another bench
<!-- b: fin -->
"""


def test_a_bench_rewrites_its_own_section_and_leaves_the_others(tmp_path, capsys):
    path = tmp_path / "benchmarks.md"
    path.write_text(DOC, encoding="utf-8")
    bench.write_section("<!-- a: début -->", "<!-- a: fin -->", ["new a", "", "more"], path)
    assert path.read_text(encoding="utf-8") == DOC.replace("old a", "new a\n\nmore")


def test_a_section_the_file_lacks_is_added_at_its_end(tmp_path, capsys):
    path = tmp_path / "benchmarks.md"
    path.write_text(DOC, encoding="utf-8")
    bench.write_section("<!-- c: début -->", "<!-- c: fin -->", ["c"], path)
    assert path.read_text(encoding="utf-8") == (
        DOC + "\n<!-- c: début -->\nc\n<!-- c: fin -->\n")


def test_the_engine_share_of_a_page_leaves_out_cells_rendering_and_kernel_start():
    timing = {"seconds": 2.0, "kernel_start": 1.25, "reset": 0.0625, "cells": 0.5,
              "render": 0.125}
    assert bench.engine_seconds(timing) == 0.125
