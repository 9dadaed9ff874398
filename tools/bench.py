"""Benchmark: wall time and peak memory of a full build into a temporary directory.

Run with ``make bench``. Measurements only; never asserted in tests.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time


def main() -> int:
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "analysis.cli", "build", "-o", out, "--no-progress"],
                       check=True)
        seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"build complet : {seconds:.1f} s ; mémoire maximale d'un processus enfant : "
          f"{peak_mb:.0f} Mo")
    return 0


if __name__ == "__main__":
    sys.exit(main())
