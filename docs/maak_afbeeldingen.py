"""Render the README's pictures from the shipped NPLV template: the first page of Resultaat and of Invoer.

    python docs/maak_afbeeldingen.py

Needs LibreOffice and poppler-utils (pdftoppm), like the tests. Writes docs/resultaat.png and
docs/invoer.png. Not part of the staleness checks: LibreOffice versions render a little differently.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from xl_opgave.werkboek.pdf import maak_pdfs  # noqa: E402

BLADEN = {"Resultaat": "resultaat.png", "Invoer": "invoer.png"}


def eerste_pagina(pdf: Path, blad: str) -> int:
    """The first page whose header names the sheet (every page's header starts with its sheet's name)."""
    tekst = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for nummer, pagina in enumerate(tekst.split("\f"), start=1):
        if pagina.strip().startswith(blad):
            return nummer
    raise SystemExit(f"geen pagina van blad {blad} in {pdf}")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="xl_opgave_afb_") as tmp:
        pdf, = maak_pdfs([ROOT / "workbooks" / "nplv.xlsx"], tmp)
        for blad, naam in BLADEN.items():
            nummer = eerste_pagina(pdf, blad)
            basis = Path(tmp) / blad
            subprocess.run(["pdftoppm", "-png", "-r", "100", "-f", str(nummer), "-l", str(nummer), "-singlefile",
                            str(pdf), str(basis)], check=True)
            doel = ROOT / "docs" / naam
            doel.write_bytes(basis.with_suffix(".png").read_bytes())
            print(f"geschreven: {doel.relative_to(ROOT)} (pagina {nummer})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
