"""Benchmark of the worksheet functions (a script, not a test): python benchmarks/bench_udfs.py

- RESTOPGAVE over 10,000-row ranges, as xlwings hands them over (ndim=2: a list of 1-cell rows),
  all numbers (the fast path) and with text cells ('-', Dutch numbers: the per-cell path);
- 10,000 scalar calls (RESTOPGAVE, RIJKSDEEL, JAARLIJKS with 1×1 ranges, as from single cells);
- the cold import of xl_opgave.udfs on top of `import xlwings`, which Excel pays at every start
  (fresh interpreters, median of several runs).

Targets (issue 4): < 10 µs per scalar call, < 5 ms per 10,000-row range, < 50 ms import on top of
xlwings. The figures are the core's work; xlwings' COM conversion comes on top in Excel.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable


def _beste(functie: Callable[[], object], herhalingen: int) -> float:
    """Best and median wall time of `herhalingen` runs, in seconds."""
    tijden = []
    for _ in range(herhalingen):
        start = time.perf_counter()
        functie()
        tijden.append(time.perf_counter() - start)
    return statistics.median(tijden)


def bereiken(n: int = 10_000) -> dict[str, float]:
    from xl_opgave import udfs

    opgave = [[float(i % 997)] for i in range(n)]
    dekking = [[float(i % 991)] for i in range(n)]
    tekst = [["-" if i % 10 == 0 else f"{i % 997},5"] for i in range(n)]
    uit = {}
    for methode in ("totaal", "onderdeel"):
        uit[f"RESTOPGAVE {n} rijen, getallen, {methode}"] = _beste(lambda m=methode: udfs.RESTOPGAVE(opgave, dekking, m), 30)
    uit[f"RESTOPGAVE {n} rijen, tekstcellen ('-', '12,5')"] = _beste(lambda: udfs.RESTOPGAVE(tekst, dekking), 10)
    sleutel = [[0.5]] * n
    uit[f"RIJKSRESTOPGAVE {n} rijen, getallen"] = _beste(lambda: udfs.RIJKSRESTOPGAVE(opgave, sleutel, dekking), 30)
    return uit


def scalair(n: int = 10_000) -> dict[str, float]:
    from xl_opgave import udfs

    udfs.JAARLIJKS([[1.0]], "tot2030")  # the period table loads once, on first use
    gevallen = {
        "RESTOPGAVE(cel; cel)": lambda: udfs.RESTOPGAVE([[445.0]], [[290.0]]),
        "RIJKSDEEL(cel; cel)": lambda: udfs.RIJKSDEEL([[445.0]], [[0.5]]),
        "JAARLIJKS(cel; \"tot2030\")": lambda: udfs.JAARLIJKS(2935.0, "tot2030"),
        "BEDRAG(cel)": lambda: udfs.BEDRAG(2935.0),
    }
    uit = {}
    for naam, functie in gevallen.items():
        def lus(f=functie):
            for _ in range(n):
                f()

        uit[f"{naam}, per aanroep"] = _beste(lus, 5) / n
    return uit


def _importtijd(code: str, runs: int) -> float:
    tijden = []
    for _ in range(runs):
        uit = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={**os.environ, "PYTHONDONTWRITEBYTECODE": "0"}
        ).stdout
        tijden.append(float(uit))
    return statistics.median(tijden)


def importtijden(runs: int = 9) -> dict[str, float]:
    meet = "import time; t = time.perf_counter(); {imp}; print(time.perf_counter() - t)"
    xlwings = _importtijd(meet.format(imp="import xlwings"), runs)
    bovenop = _importtijd(
        "import time, xlwings; t = time.perf_counter(); import xl_opgave.udfs; print(time.perf_counter() - t)", runs
    )
    samen = _importtijd(meet.format(imp="import xlwings, xl_opgave.udfs"), runs)
    return {
        "import xlwings": xlwings,
        "import xl_opgave.udfs bovenop xlwings": bovenop,
        "import xlwings + xl_opgave.udfs": samen,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="verse interpreters per importmeting (mediaan)")
    args = parser.parse_args()
    print(f"# {platform.python_implementation()} {platform.python_version()}, {platform.machine()}, "
          f"{os.cpu_count()} cores, {platform.platform()}")
    for naam, waarde in bereiken().items():
        print(f"{naam:55s} {waarde * 1e3:8.2f} ms")
    for naam, waarde in scalair().items():
        print(f"{naam:55s} {waarde * 1e6:8.2f} µs")
    for naam, waarde in importtijden(args.runs).items():
        print(f"{naam:55s} {waarde * 1e3:8.1f} ms (mediaan van {args.runs})")


if __name__ == "__main__":
    main()
