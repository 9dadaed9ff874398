"""The benchmark tools' own logic (``make bench``): what they write, and how they split a
page's time. The measures themselves are never asserted (no timed test)."""

from __future__ import annotations

import sys

from analysis.core.paths import PROJECT_ROOT

sys.path.insert(0, str(PROJECT_ROOT / "tools"))
import bench  # noqa: E402
import bench_scale  # noqa: E402

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


def test_the_scaling_model_separates_what_a_build_pays_once_from_each_report():
    # runs made up from f = 20 s, a = 0.5 s, b = 1 s (times chosen exact in binary)
    runs = bench_scale.Runs(small=6, large=12, one=20 + 6 * 1.5, two=20 + 6 * (0.5 + 0.5),
                            one_large=20 + 12 * 1.5)
    assert bench_scale.model(runs) == (20.0, 0.5, 1.0)
    fitted = {"f": 20.0, "a": 0.5, "b": 1.0}
    assert bench_scale.predicted_minutes(fitted, 90, 2) == (20 + 90 * 1.0) / 60


def test_noise_never_gives_the_model_a_negative_part():
    # the larger run no slower per report than the smaller, 2 workers slower than 1
    runs = bench_scale.Runs(small=6, large=12, one=30.0, two=31.0, one_large=30.0)
    f, a, b = bench_scale.model(runs)
    assert (f, a, b) == (30.0, 0.0, 0.0)


def test_reads_made_while_the_national_table_is_computed_are_not_counted_twice():
    log = [  # SYNTHETIC parse log: loader, file, pid, start, seconds, where
        "load_lovac\tlovac.xlsx\t10\t100.0\t2.0\tprocess",
        "compute_national_table\tepci.csv\t20\t200.0\t5.0\tkernel",
        "load_heat\theat.csv\t20\t201.0\t1.5\tkernel",  # inside the table's 5 s
        "load_irve\tirve.parquet\t21\t201.0\t0.5\tkernel",  # same time, another process
    ]
    reads = bench_scale.read_times(log)
    assert reads == bench_scale.ReadTimes(process=2.0, kernel=2.0, table=3.5,
                                          table_where="kernel")


def test_the_parts_of_a_build_add_up_to_what_they_were_cut_from():
    split = bench_scale.PageSplit(pages=4, seconds=10.0, cells=6.0, render=2.0)
    reads = bench_scale.ReadTimes(process=3.0, kernel=1.0, table=2.0, table_where="kernel")
    parts = bench_scale.time_parts(20.0, split, reads, kernel_seconds=1.5)
    assert parts[bench_scale.CELLS_PART] == 3.0  # 6 of cells less 1 of reads and 2 of table
    assert parts[bench_scale.SERIAL_PART] == 7.0  # 20 - 10 of pages - 3 read by the plan
    assert parts[bench_scale.READ_PART] == 4.0 and parts[bench_scale.TABLE_PART] == 2.0
    # the table computed by the plan comes out of the serial part, not of the cells
    in_plan = bench_scale.time_parts(20.0, split, bench_scale.ReadTimes(3.0, 1.0, 2.0,
                                                                        "process"), 1.5)
    assert in_plan[bench_scale.CELLS_PART] == 5.0 and in_plan[bench_scale.SERIAL_PART] == 5.0
