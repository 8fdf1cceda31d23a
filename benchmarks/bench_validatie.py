"""Benchmark of reading and validating a data file of 100.000 rows (issue 8: linear, under 5 s).

    python benchmarks/bench_validatie.py [--rijen 100000]

Four cases, each in a fresh process, on the NPLV national inputs split over as many fictitious gebieden
as make up the rows (`vullen.voorbeeld.nplv_rijen`: per gebied 20 opgave rows and 16 dekking rows;
`--rijen` counts both):
- CSV, valid: `lees_databestand` on a folder with opgave.csv and dekking.csv;
- CSV, every gebied unknown (the refusal the issue measured at 89 s and 470 MB);
- .xlsx, valid: the same rows in sheets Opgave and Dekking, read by the streaming reader;
- .xlsx, every gebied unknown.
Printed: seconds and peak memory (ru_maxrss) of that process.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

METEN = r"""
import json, resource, sys, time
from xl_opgave.vullen.databestand import DatabestandFout, lees_databestand
from xl_opgave.vullen.gebieden import laad_gebieden
data, lijst = sys.argv[1], sys.argv[2]
begin = time.perf_counter()
gebieden = laad_gebieden("nplv", lijst)
try:
    g = lees_databestand(data, "nplv", gebieden=gebieden)
    uitkomst = f"{len(g.gebieden)} gebieden"
except DatabestandFout as fout:
    uitkomst = f"geweigerd: {len(fout.problemen)} problemen"
print(json.dumps({"seconden": time.perf_counter() - begin, "uitkomst": uitkomst,
                  "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _bestanden(map_: Path, rijen: int) -> dict[str, tuple[Path, Path]]:
    import xlsxwriter

    from xl_opgave.referentie import laad
    from xl_opgave.vullen.voorbeeld import NPLV_DEKKING, NPLV_OPGAVE, _csv, nplv_rijen

    aantal = max(1, rijen // 36)
    namen = [f"Gebied {i:06d}" for i in range(1, aantal + 1)]
    from decimal import ROUND_DOWN

    opgave, dekking = nplv_rijen(laad("nplv").programma, namen, ROUND_DOWN)
    lijst = map_ / "gebieden.csv"
    lijst.write_text("gebied\n" + "".join(f"{n}\n" for n in namen), encoding="utf-8")
    uit: dict[str, tuple[Path, Path]] = {}
    def rijen_van(tabel: list[list[object]], vervang: tuple[str, str] | None) -> list[list[object]]:
        if vervang is None:
            return tabel
        return [[str(r[0]).replace(*vervang), *r[1:]] for r in tabel]

    for soort, vervang in (("geldig", None), ("onbekend", ("Gebied ", "Onbekend "))):
        csv_map = map_ / f"csv_{soort}"
        csv_map.mkdir()
        (csv_map / "opgave.csv").write_bytes(_csv(NPLV_OPGAVE, rijen_van(opgave, vervang)))
        (csv_map / "dekking.csv").write_bytes(_csv(NPLV_DEKKING, rijen_van(dekking, vervang)))
        uit[f"CSV, {soort}"] = (csv_map, lijst)
        pad = map_ / f"{soort}.xlsx"
        wb = xlsxwriter.Workbook(str(pad))  # texts as shared strings, as Excel saves them
        for naam, kop, tabel in (("Opgave", NPLV_OPGAVE, opgave), ("Dekking", NPLV_DEKKING, dekking)):
            blad = wb.add_worksheet(naam)
            blad.write_row(0, 0, kop)
            for i, rij in enumerate(rijen_van(tabel, vervang), start=1):
                blad.write_row(i, 0, rij)
        wb.close()
        uit[f".xlsx, {soort}"] = (pad, lijst)
    return uit


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rijen", type=int, default=100_000, help="rijen in het databestand (opgave en dekking)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import os

    print(f"machine: {platform.machine()}, {os.cpu_count()} kernen, Python {platform.python_version()}, "
          f"{platform.system()}")
    with tempfile.TemporaryDirectory(prefix="bench_validatie_") as tmp:
        gevallen = _bestanden(Path(tmp), args.rijen)
        print(f"{'geval':<20} {'seconden':>9} {'RSS MB':>8}  uitkomst")
        for naam, (data, lijst) in gevallen.items():
            uit = subprocess.run([sys.executable, "-c", METEN, str(data), str(lijst)], check=True,
                                 capture_output=True, text=True, cwd=ROOT)
            meting = json.loads(uit.stdout.strip().splitlines()[-1])
            print(f"{naam:<20} {meting['seconden']:>9.2f} {meting['rss'] / 1024:>8.0f}  {meting['uitkomst']}")
    print(f"{args.rijen} rijen (opgave en dekking); doel: onder 5 s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
