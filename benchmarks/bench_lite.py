"""Benchmark of the xlwings Lite route (a script, not a test): python benchmarks/bench_lite.py

Runs the generated main.py in Pyodide under Node (the npm `pyodide` of tests/pyodide; install it with
`npm ci --prefix tests/pyodide`), with the stand-in xlwings module of the tests, and measures:

- cold start: `loadPyodide()` in a fresh Node process (what Lite pays when Excel opens the add-in;
  in Excel the browser engine and the download of Pyodide come on top);
- loading main.py: running the file as Lite does (writing the carried package into Pyodide's file
  system and importing it), in a fresh Pyodide;
- first call: the first RESTOPGAVE, and the first OPGAVE (which loads and analyses the reference data);
- per call: RESTOPGAVE on a 5-row range, OPGAVE, JAARLIJKS, BEDRAG, RESTOPGAVE over 10,000 rows,
  RESTOPGAVE_TABEL over the 5 onderdelen of the NPLV sheet;
- the script Controleer on a snapshot of workbooks/nplv.xlsx.

The same calls in this CPython are shown beside them. Median of several runs; Lite's own overhead
(Office.js, xlwings' conversion) comes on top of these figures in Excel.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import platform
import statistics
import sys
import time
from functools import partial
from pathlib import Path
from types import SimpleNamespace

HIER = Path(__file__).resolve().parent
sys.path.insert(0, str(HIER.parent / "tests"))

import pyodide_hulp  # noqa: E402
from lite_boek import LiteBoek, momentopname  # noqa: E402

from xl_opgave.functiebeschrijvingen import FUNCTIES  # noqa: E402
from xl_opgave.lite import bundel  # noqa: E402

WERK = "/home/pyodide/lite"

AANROEPEN = {
    "RESTOPGAVE(5 getallen; 5 getallen)": "main.RESTOPGAVE(O5N, D5N)",
    "RESTOPGAVE(5 rijen met PM; 5 rijen)": "main.RESTOPGAVE(O5, D5)",
    'OPGAVE("NPLV"; naam)': 'main.OPGAVE("NPLV", "Restopgave_Totaal_Tot2030")',
    'JAARLIJKS(cel; "tot2030")': 'main.JAARLIJKS(2935.0, "tot2030")',
    "BEDRAG(cel)": "main.BEDRAG(2935.0)",
    "RESTOPGAVE_TABEL(5 onderdelen)": "main.RESTOPGAVE_TABEL(N5, O5, D5, S5, R5)",
    "RESTOPGAVE(10.000 rijen; 10.000 rijen)": "main.RESTOPGAVE(O10K, D10K)",
}
KLAARZETTEN = """
O5 = [[1735.0], [475.0], [155.0], [85.0], ["PM"]]
D5 = [[290.0], [45.0], [0.0], [90.0], [70.0]]
O5N = [[1735.0], [475.0], [155.0], [85.0], [600.0]]
D5N = [[290.0], [45.0], [0.0], [90.0], [70.0]]
N5 = [["Nieuwbouw"], ["Herstructurering"], ["Leefomgeving"], ["Mobiliteit"], ["Governance"]]
S5 = [[0.5], [0.5], [0.75], [0.5], [None]]
R5 = [[100.0], [20.0], [0.0], [45.0], [None]]
O10K = [[float(i % 997)] for i in range(10_000)]
D10K = [[float(i % 991)] for i in range(10_000)]
"""


def _mediaan_ms(waarden: list[float]) -> float:
    return statistics.median(waarden)


def _bestanden() -> dict[str, str]:
    return {f"{WERK}/xlwings.py": (HIER.parent / "tests" / "lite_xlwings.py").read_text(encoding="utf-8"),
            f"{WERK}/lite_boek.py": (HIER.parent / "tests" / "lite_boek.py").read_text(encoding="utf-8"),
            f"{WERK}/main.py": bundel.main_py()}


def pyodide_metingen(starts: int, herhalingen: int) -> dict[str, float]:
    """Milliseconds per measurement in Pyodide (medians over `starts` fresh Node processes)."""
    per: dict[str, list[float]] = {}
    snap = json.dumps(momentopname(HIER.parent / "workbooks" / "nplv.xlsx"), default=str)
    for _ in range(starts):
        begin = time.perf_counter()
        sessie = pyodide_hulp.start()
        per.setdefault("koude start: loadPyodide()", []).append(sessie.laden_ms)
        per.setdefault("koude start: Node-proces tot Pyodide klaar", []).append((time.perf_counter() - begin) * 1e3)
        try:
            uit = sessie.json(
                "import sys, time, json\n"
                f"sys.path.insert(0, {WERK!r})\n"
                "t = time.perf_counter()\nimport xlwings, main\nladen = time.perf_counter() - t\n"
                + KLAARZETTEN +
                "t = time.perf_counter()\nmain.RESTOPGAVE(O5, D5)\neerste_rest = time.perf_counter() - t\n"
                "t = time.perf_counter()\nmain.OPGAVE('NPLV', 'Restopgave_Totaal_Tot2030')\n"
                "eerste_opgave = time.perf_counter() - t\n"
                "main.JAARLIJKS(1.0, 'tot2030')\n"
                "json.dumps([laden, eerste_rest, eerste_opgave])",
                bestanden=_bestanden())
            per.setdefault("main.py laden (pakket wegschrijven, functies importeren)", []).append(uit[0] * 1e3)
            per.setdefault("eerste RESTOPGAVE", []).append(uit[1] * 1e3)
            per.setdefault("eerste OPGAVE (referentiedata laden en analyseren)", []).append(uit[2] * 1e3)
            for naam, code in AANROEPEN.items():
                n = herhalingen if "10.000" not in naam else max(10, herhalingen // 100)
                t = sessie.json(f"t = time.perf_counter()\nfor _ in range({n}):\n    {code}\n"
                                f"json.dumps((time.perf_counter() - t) / {n})")
                per.setdefault(f"per aanroep: {naam}", []).append(t * 1e3)
            eerste, tweede = sessie.json(
                "import lite_boek\n"
                f"snap = json.loads({snap!r})\n"
                "tijden = []\n"
                "for _ in range(2):\n"
                "    t = time.perf_counter()\n    main.xl_opgave_controleer(lite_boek.LiteBoek(snap))\n"
                "    tijden.append(time.perf_counter() - t)\n"
                "json.dumps(tijden)")
            per.setdefault("script Controleer, eerste keer (laadt de lezer en de controle)", []).append(eerste * 1e3)
            per.setdefault("script Controleer (nplv.xlsx)", []).append(tweede * 1e3)
        finally:
            sessie.sluit()
    return {naam: _mediaan_ms(w) for naam, w in per.items()}


def cpython_metingen(herhalingen: int) -> dict[str, float]:
    from xl_opgave.lite import scripts
    from xl_opgave.lite.functies import roep

    ns: dict[str, object] = {}
    exec(KLAARZETTEN, ns)  # noqa: S102 - the same argument values as in Pyodide
    # main.py's functions are one-line calls of roep(): the same here, without xlwings
    ns["main"] = SimpleNamespace(**{f.naam: partial(roep, f.naam) for f in FUNCTIES})
    uit: dict[str, float] = {}
    t = time.perf_counter()
    roep("OPGAVE", "NPLV", "Restopgave_Totaal_Tot2030")
    uit["eerste OPGAVE (referentiedata laden en analyseren)"] = (time.perf_counter() - t) * 1e3
    roep("JAARLIJKS", 1.0, "tot2030")
    for naam, code in AANROEPEN.items():
        n = herhalingen if "10.000" not in naam else max(10, herhalingen // 100)
        gecompileerd = compile(code, naam, "eval")
        t = time.perf_counter()
        for _ in range(n):
            eval(gecompileerd, ns)  # noqa: S307 - our own benchmark expressions
        uit[f"per aanroep: {naam}"] = (time.perf_counter() - t) / n * 1e3
    snap = momentopname(HIER.parent / "workbooks" / "nplv.xlsx")
    with contextlib.redirect_stdout(io.StringIO()):  # the script's message for Lite's output pane
        scripts.controleer(LiteBoek(snap))
        t = time.perf_counter()
        scripts.controleer(LiteBoek(snap))
    uit["script Controleer (nplv.xlsx)"] = (time.perf_counter() - t) * 1e3
    return uit


def _tijd(ms: float | None) -> str:
    if ms is None:
        return "–"
    if ms >= 1000:
        return f"{ms / 1000:.1f} s".replace(".", ",")
    if ms >= 1:
        return f"{ms:.1f} ms".replace(".", ",")
    return f"{ms * 1000:.0f} µs"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=3, help="fresh Node processes (cold starts) to take the median of")
    parser.add_argument("--herhalingen", type=int, default=1000, help="calls per per-call measurement")
    args = parser.parse_args()
    reden = pyodide_hulp.ontbreekt()
    if reden:
        print(f"fout: {reden}", file=sys.stderr)
        return 2
    lite = pyodide_metingen(args.starts, args.herhalingen)
    cpy = cpython_metingen(args.herhalingen)
    print(f"# xlwings Lite-route: Pyodide (npm pyodide) onder Node, main.py {len(bundel.main_py().encode()) // 1000} kB")
    print(f"# {platform.processor() or platform.machine()}, Python {platform.python_version()} (CPython-kolom), "
          f"mediaan van {args.starts} koude starts, {args.herhalingen} aanroepen per meting")
    print("| meting | Pyodide | CPython |")
    print("|---|---|---|")
    for naam, ms in lite.items():
        print(f"| {naam} | {_tijd(ms)} | {_tijd(cpy.get(naam))} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
