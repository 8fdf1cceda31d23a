"""Benchmark of `xl-opgave fill`: time per workbook and peak memory for 20, 200 and 1,000 gebieden.

    python benchmarks/bench_fill.py [--aantallen 20,200,1000] [--steekproef 100]

For each count a synthetic data folder is made by splitting the NPLV national inputs over that many
fictitious gebieden (`vullen.voorbeeld.synthetisch`). Measured in the same run, each in a fresh
process:
- fill: the whole command (read and validate the data, one workbook per gebied with every cached value,
  totaal.xlsx), all cores;
- openpyxl: the plain way per gebied, load the template workbook (workbooks/nplv.xlsx), write the
  gebied's inputs by defined name, save (no cached values, the chart is lost), on a sample of
  `--steekproef` gebieden, with the same number of processes;
- peak memory: ru_maxrss of the fill process itself and of its largest worker process.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

VULLEN = r"""
import json, resource, sys, time
from xl_opgave.vullen.vul import vul_map
begin = time.perf_counter()
s = vul_map(sys.argv[1], "nplv", sys.argv[3], gebieden=sys.argv[2], voortgang=False)
seconden = time.perf_counter() - begin
print(json.dumps({"seconden": seconden, "bestanden": len(s.bestanden) + 1, "werkers": s.werkers,
                  "rss_zelf": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "rss_werker": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""

OPENPYXL = r"""
import json, os, sys, time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

def een(args):
    import openpyxl
    from xl_opgave.werkboek.sjabloon import invoer_waarden
    sjabloon, programma, doel = args
    wb = openpyxl.load_workbook(sjabloon)
    for naam, waarde in invoer_waarden(programma).items():
        (blad, bereik), = wb.defined_names[naam].destinations
        cellen = wb[blad][bereik.replace("$", "")]
        if isinstance(cellen, tuple):
            platte = [c for rij in cellen for c in (rij if isinstance(rij, tuple) else (rij,))]
            for cel, w in zip(platte, waarde):
                cel.value = w
        else:
            cellen.value = waarde
    wb.save(doel)

if __name__ == "__main__":
    from xl_opgave.vullen.databestand import lees_databestand
    from xl_opgave.vullen.gebieden import laad_gebieden
    data, lijst, uit, aantal, werkers = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    uit.mkdir(parents=True, exist_ok=True)
    g = lees_databestand(data, "nplv", gebieden=laad_gebieden("nplv", lijst))
    taken = [(sys.argv[6], p, str(uit / f"{i}.xlsx")) for i, p in enumerate(list(g.gebieden.values())[:aantal])]
    begin = time.perf_counter()
    with ProcessPoolExecutor(werkers) as pool:
        list(pool.map(een, taken, chunksize=4))
    print(json.dumps({"seconden": time.perf_counter() - begin, "bestanden": len(taken)}))
"""


def _draai(code: str, *argumenten: str) -> dict:
    uit = subprocess.run([sys.executable, "-c", code, *argumenten], check=True, capture_output=True, text=True,
                         cwd=ROOT)
    return json.loads(uit.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aantallen", default="20,200,1000")
    parser.add_argument("--steekproef", type=int, default=100)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from xl_opgave.vullen.voorbeeld import synthetisch

    werkers = os.cpu_count() or 1
    print(f"machine: {platform.machine()}, {werkers} kernen, Python {platform.python_version()}, {platform.system()}")
    kop = (f"{'gebieden':>9} {'fill s':>8} {'ms/werkboek':>12} {'openpyxl ms/wb':>15} {'sneller':>8} "
           f"{'RSS fill MB':>12} {'RSS werker MB':>14}")
    print(kop)
    print("-" * len(kop))
    with tempfile.TemporaryDirectory(prefix="bench_fill_") as tmp:
        for aantal in (int(a) for a in args.aantallen.split(",")):
            map_ = Path(tmp) / str(aantal)
            data, lijst = synthetisch(map_ / "data", aantal)
            vul = _draai(VULLEN, str(data), str(lijst), str(map_ / "uit"))
            steek = min(aantal, args.steekproef)
            basis = _draai(OPENPYXL, str(data), str(lijst), str(map_ / "openpyxl"), str(steek), str(werkers),
                           str(ROOT / "workbooks" / "nplv.xlsx"))
            per_wb = 1000 * vul["seconden"] / vul["bestanden"]
            basis_wb = 1000 * basis["seconden"] / basis["bestanden"]
            print(f"{aantal:>9} {vul['seconden']:>8.2f} {per_wb:>12.1f} {basis_wb:>15.1f} {basis_wb / per_wb:>7.1f}x "
                  f"{vul['rss_zelf'] / 1024:>12.0f} {vul['rss_werker'] / 1024:>14.0f}")
    print(f"fill: hele opdracht (data lezen en controleren, {aantal} werkboeken + totaal.xlsx), {werkers} processen; "
          f"openpyxl: laden-vullen-opslaan per gebied op een steekproef van ≤ {args.steekproef} gebieden, "
          f"{werkers} processen.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
