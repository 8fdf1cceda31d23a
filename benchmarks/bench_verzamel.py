"""Benchmark of `xl-opgave verzamel`: time and memory for 20, 200 and 1,000 returned gebied workbooks.

    python benchmarks/bench_verzamel.py [--aantallen 20,200,1000] [--steekproef 100] [--processen N]

For each count a synthetic data folder is split over that many fictitious gebieden
(`vullen.voorbeeld.synthetisch`) and `fill` writes one workbook per gebied (every cached value, as Excel
or LibreOffice would save it); those are the returned workbooks. Measured in the same run, each in a fresh
process (with the modules' bytecode written first, as an installed package has it):
- verzamel: the whole command (find the files, read, check and recompute every workbook, statuses, the
  national picture, the overview workbook and the CSV), on all cores;
- openpyxl: the plain way per workbook, `load_workbook` and read every named input through its defined
  name (no check, no recomputation, no overview), on a sample of `--steekproef` workbooks, with the same
  number of processes;
- peak memory: ru_maxrss of the verzamel process and of its largest worker process.
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

MAAK = r"""
import sys
from xl_opgave.vullen.vul import vul_map
vul_map(sys.argv[1], "nplv", sys.argv[3], gebieden=sys.argv[2], voortgang=False)
"""

VERZAMEL = r"""
import json, resource, sys, time
from xl_opgave.verzamelen.verzamel import verzamel
begin = time.perf_counter()
v = verzamel([sys.argv[1]], "nplv", sys.argv[3], gebieden=sys.argv[2], voortgang=False,
             werkers=int(sys.argv[4]) if sys.argv[4] != "0" else None)
seconden = time.perf_counter() - begin
print(json.dumps({"seconden": seconden, "bestanden": sum(1 for r in v.regels if r.bestand),
                  "in_orde": v.indeling.per_status()["in orde"], "werkers": v.werkers,
                  "rss_zelf": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "rss_werker": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""

OPENPYXL = r"""
import json, sys, time, warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

def een(pad):
    import openpyxl
    from xl_opgave.werkboek.lezer import verwachte_invoer
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = openpyxl.load_workbook(pad, data_only=True)
    waarden = {}
    for naam in verwachte_invoer("nplv"):
        gedefinieerd = wb.defined_names.get(naam)
        if gedefinieerd is None:
            continue
        for blad, bereik in gedefinieerd.destinations:
            cellen = wb[blad][bereik.replace("$", "")]
            if isinstance(cellen, tuple):
                waarden[naam] = [c.value for rij in cellen for c in (rij if isinstance(rij, tuple) else (rij,))]
            else:
                waarden[naam] = cellen.value
    return len(waarden)

if __name__ == "__main__":
    bestanden = sorted(str(p) for p in Path(sys.argv[1]).glob("Gebied_*.xlsx"))[: int(sys.argv[2])]
    begin = time.perf_counter()
    with ProcessPoolExecutor(int(sys.argv[3])) as pool:
        list(pool.map(een, bestanden, chunksize=4))
    print(json.dumps({"seconden": time.perf_counter() - begin, "bestanden": len(bestanden)}))
"""


def _omgeving() -> dict[str, str]:
    omgeving = dict(os.environ)
    omgeving.pop("PYTHONDONTWRITEBYTECODE", None)  # measure as installed: with bytecode
    return omgeving


def _draai(code: str, *argumenten: str) -> dict:
    uit = subprocess.run([sys.executable, "-c", code, *argumenten], check=True, capture_output=True, text=True,
                         cwd=ROOT, env=_omgeving())
    regels = uit.stdout.strip().splitlines()
    return json.loads(regels[-1]) if regels else {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--aantallen", default="20,200,1000")
    parser.add_argument("--steekproef", type=int, default=100)
    parser.add_argument("--processen", type=int, default=0, help="0: as verzamel chooses (every core)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from xl_opgave.vullen.voorbeeld import synthetisch

    kernen = os.cpu_count() or 1
    werkers = args.processen or kernen
    print(f"machine: {platform.machine()}, {kernen} kernen, Python {platform.python_version()}, {platform.system()}")
    subprocess.run([sys.executable, "-c", "import compileall, xl_opgave, pathlib; "
                    "compileall.compile_dir(pathlib.Path(xl_opgave.__file__).parent, quiet=1)"],
                   check=True, cwd=ROOT, env=_omgeving())
    kop = (f"{'werkboeken':>10} {'verzamel s':>11} {'ms/werkboek':>12} {'openpyxl ms/wb':>15} {'sneller':>8} "
           f"{'RSS MB':>7} {'RSS werker MB':>14}")
    print(kop)
    print("-" * len(kop))
    with tempfile.TemporaryDirectory(prefix="bench_verzamel_") as tmp:
        for aantal in (int(a) for a in args.aantallen.split(",")):
            map_ = Path(tmp) / str(aantal)
            data, lijst = synthetisch(map_ / "data", aantal)
            terug = map_ / "terug"
            _draai(MAAK, str(data), str(lijst), str(terug))
            (terug / "totaal.xlsx").unlink()
            v = _draai(VERZAMEL, str(terug), str(lijst), str(map_ / "overzicht.xlsx"), str(args.processen))
            assert v["in_orde"] == aantal, v
            steek = min(aantal, args.steekproef)
            basis = _draai(OPENPYXL, str(terug), str(steek), str(werkers))
            per_wb = 1000 * v["seconden"] / v["bestanden"]
            basis_wb = 1000 * basis["seconden"] / basis["bestanden"]
            print(f"{aantal:>10} {v['seconden']:>11.2f} {per_wb:>12.1f} {basis_wb:>15.1f} {basis_wb / per_wb:>7.1f}x "
                  f"{v['rss_zelf'] / 1024:>7.0f} {v['rss_werker'] / 1024:>14.0f}")
    print(f"verzamel: hele opdracht (lezen, controleren, herberekenen, overzicht en CSV schrijven), {werkers} "
          f"processen; openpyxl: load_workbook en elke invoernaam lezen op een steekproef van ≤ {args.steekproef} "
          f"werkboeken, {werkers} processen.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
