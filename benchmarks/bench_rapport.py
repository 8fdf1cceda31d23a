"""Benchmark of the report's work: `bereken` (once per gebied in the batch fill), the interval check, the
aanname dependencies, the checks, the whole analysis and the memo.

    python benchmarks/bench_rapport.py [--herhalingen 7]

Best of `--herhalingen` runs each, in one process; `bereken` as the mean of 300 calls per run.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _beste(functie, herhalingen: int) -> float:
    tijden = []
    for _ in range(herhalingen):
        begin = time.perf_counter()
        functie()
        tijden.append(time.perf_counter() - begin)
    return min(tijden)


def _meet(code: str, herhalingen: int) -> dict[str, float]:
    from xl_opgave import referentie
    from xl_opgave.core.aannames import afhankelijkheden
    from xl_opgave.core.controles import voer_uit
    from xl_opgave.core.rekenen import bereken
    from xl_opgave.core.vergelijking import lees, toets
    from xl_opgave.notitie import notitie_bytes

    ref = referentie.laad(code)
    p = ref.programma
    basis = bereken(p)
    gedrukt = {c.id: lees(c).bedrag.laag for c in ref.cijfers}
    analyse = referentie.analyse(code)
    return {
        "bereken (punt)": min(timeit.repeat(lambda: bereken(p), number=300, repeat=herhalingen)) / 300,
        "intervalwerelden": _beste(lambda: toets(p, list(ref.cijfers), basis.__getitem__), herhalingen),
        "aannames (lezingen)": _beste(lambda: afhankelijkheden(p, ref.aannames, gedrukt.__getitem__, basis), herhalingen),
        "controles": _beste(lambda: voer_uit(ref.controles, ref.inhoud, [*ref.cijfers, *ref.bijlagecijfers], p),
                            herhalingen),
        "hele analyse": _beste(lambda: referentie.analyse(code), herhalingen),
        "notitie .docx": _beste(lambda: notitie_bytes(ref, analyse, ".docx"), herhalingen),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--herhalingen", type=int, default=7)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from xl_opgave import referentie

    print(f"machine: {platform.machine()}, Python {platform.python_version()}, {platform.system()}")
    for code in referentie.PROGRAMMAS:
        for naam, seconden in _meet(code, args.herhalingen).items():
            print(f"{code} {naam:<22} {seconden * 1000:8.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
