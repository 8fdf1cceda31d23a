"""Benchmark of start-up and of one-workbook commands: `xl-opgave --help`, `report`, `check`.

    python benchmarks/bench_start.py [--keer 7]

Each command runs `--keer` times in a fresh process, as a user starts it (the `xl-opgave` script of
this environment, with the modules' bytecode written first, as an installed package has it); the
median and the fastest wall-clock time are printed. Targets of issue 10: `--help` under 0,3 s,
`report` and `check` of one workbook under 0,5 s.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _omgeving() -> dict[str, str]:
    omgeving = dict(os.environ)
    omgeving.pop("PYTHONDONTWRITEBYTECODE", None)
    return omgeving


def _xl_opgave() -> list[str]:
    script = Path(sys.executable).with_name("xl-opgave")
    return [str(script)] if script.exists() else [sys.executable, "-m", "xl_opgave.cli"]


def _meet(argv: list[str], keer: int) -> tuple[float, float]:
    tijden = []
    for _ in range(keer):
        begin = time.perf_counter()
        subprocess.run([*_xl_opgave(), *argv], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
                       env=_omgeving())
        tijden.append(time.perf_counter() - begin)
    return statistics.median(tijden), min(tijden)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keer", type=int, default=7)
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} kernen, Python {platform.python_version()}, "
          f"{platform.system()}")
    subprocess.run([sys.executable, "-c", "import compileall, xl_opgave, pathlib; "
                    "compileall.compile_dir(pathlib.Path(xl_opgave.__file__).parent, quiet=1)"],
                   check=True, cwd=ROOT, env=_omgeving())
    with tempfile.TemporaryDirectory(prefix="bench_start_") as tmp:
        gebied = Path(tmp) / "gebied"
        subprocess.run([*_xl_opgave(), "fill", str(ROOT / "workbooks" / "voorbeeld_nplv_gebieden.xlsx"), "--template",
                        "nplv", "--out", str(gebied)], check=True, capture_output=True, env=_omgeving())
        werkboek = gebied / "Rotterdam-Zuid.xlsx"
        libreoffice = None
        if shutil.which("soffice"):
            from xl_opgave.werkboek.libreoffice import herbereken

            libreoffice, = herbereken([werkboek], Path(tmp) / "lo")
        gevallen = [
            ("xl-opgave --help", ["--help"]),
            ("xl-opgave report nplv", ["report", "nplv"]),
            ("xl-opgave report npvr", ["report", "npvr"]),
            ("xl-opgave check workbooks/nplv.xlsx", ["check", str(ROOT / "workbooks" / "nplv.xlsx")]),
            ("xl-opgave check workbooks/npvr.xlsx", ["check", str(ROOT / "workbooks" / "npvr.xlsx")]),
            ("xl-opgave check <gebied, door fill>", ["check", str(werkboek)]),
        ]
        if libreoffice is not None:
            gevallen.append(("xl-opgave check <gebied, door LibreOffice opgeslagen>", ["check", str(libreoffice)]))
        breedte = max(len(n) for n, _ in gevallen)
        print(f"{'opdracht':<{breedte}}  {'mediaan s':>9}  {'snelste s':>9}")
        for naam, argv in gevallen:
            mediaan, snelste = _meet(argv, args.keer)
            print(f"{naam:<{breedte}}  {mediaan:>9.2f}  {snelste:>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
