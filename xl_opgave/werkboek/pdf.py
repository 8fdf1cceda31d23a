"""Workbooks to PDF through headless LibreOffice, as an adviser would print them: Dutch number style, the
workbook's own print set-up, every formula recalculated.

- The profile is thrown away after each call; its settings are written before its first start (as
  `libreoffice.py` explains): `ooSetupSystemLocale` nl-NL, so that numbers read "3.050" and "€2,94 mld."
  whatever the machine's locale, and a full recalculation on load (OOXMLRecalcMode 0), so that a
  workbook whose cached values are stale (after `fill --into`) prints its own inputs' figures.
- Calibri, the workbooks' font, is replaced by the metric-compatible Carlito (Debian's
  `fonts-crosextra-carlito`): the same line breaks and page breaks as in Excel. Without it LibreOffice
  falls back to a font of other widths; `carlito_aanwezig` lets the caller warn.
- Nothing half-written: every PDF is made in a temporary folder first, checked, and only then
  published with `bestanden.schrijf_atomisch` (never over an existing file without `force`); they wait
  on disk, not in memory, so a thousand gebieden cost one PDF of memory at a time.

`maak_pdfs(paden, uitmap)` is the one entry point (the `pdf` command, `fill --pdf` and `fill --into … --pdf`).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from xl_opgave.core.fouten import InvoerFout

GEEN_LIBREOFFICE = ("LibreOffice (soffice) is niet gevonden; nodig voor een pdf. Installeer het, bijvoorbeeld met "
                    "'apt-get install libreoffice-calc-nogui fonts-crosextra-carlito', of open het werkboek in Excel "
                    "en kies Bestand > Opslaan als > PDF.")


def vereis_libreoffice() -> None:
    """For `fill --pdf`: LibreOffice must be there before anything is written (workbooks without the PDFs
    asked for would be half the job)."""
    from xl_opgave.werkboek.libreoffice import soffice_pad

    if soffice_pad() is None:
        raise InvoerFout(GEEN_LIBREOFFICE + " Er is niets geschreven.")


def carlito_aanwezig() -> bool:
    """Whether fontconfig gives Carlito (metric-compatible with Calibri) for Calibri."""
    if shutil.which("fc-match") is None:
        return False
    try:
        uit = subprocess.run(["fc-match", "Calibri"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return "carlito" in uit.lower()


def maak_profiel(map_: Path) -> Path:
    """A fresh LibreOffice profile in `map_` with the Dutch locale and full recalculation (before first start)."""
    from xl_opgave.werkboek.libreoffice import _schrijf_instellingen

    _schrijf_instellingen(map_, locale="nl-NL")
    return map_


def pdf_doelen(paden: Sequence[Path], uitmap: Path | None) -> list[Path]:
    """Where each workbook's PDF goes: `uitmap/<naam>.pdf`, or beside the workbook without `uitmap`."""
    doelen = [(Path(uitmap) if uitmap is not None else Path(p).parent) / f"{Path(p).stem}.pdf" for p in paden]
    gezien: dict[Path, Path] = {}
    for pad, doel in zip(paden, doelen, strict=True):
        if doel.resolve() in gezien:
            raise InvoerFout(f"twee werkboeken geven dezelfde pdf {doel.name}: {gezien[doel.resolve()]} en {pad}; "
                             "geef ze andere namen of een andere --out")
        gezien[doel.resolve()] = Path(pad)
    return doelen


def maak_pdfs(paden: Sequence[str | Path], uitmap: str | Path | None = None, *, force: bool = False,
              timeout: float | None = None) -> list[Path]:
    """One PDF per workbook, in `uitmap` (default: beside each workbook); returns the paths written.

    Refused before anything is written (`InvoerFout`, `bestanden.BestaatAl`, `veilig.OnleesbaarBestand`):
    LibreOffice missing, a workbook missing or not a readable xlsx/xlsm, an output path that is a file, two
    workbooks with the same name, an existing PDF without `force`. A conversion that fails writes nothing.
    """
    if timeout is None:  # one LibreOffice call for all: its time grows with the number of workbooks
        timeout = 120 + 15 * len(paden)
    from xl_opgave.bestanden import eis_vrij, schrijf_atomisch
    from xl_opgave.werkboek.libreoffice import LibreOfficeFout, _draai, _profielslot, soffice_pad
    from xl_opgave.werkboek.veilig import open_pakket

    bronnen = [Path(p) for p in paden]
    if not bronnen:
        raise InvoerFout("geen werkboek opgegeven")
    uit = Path(uitmap) if uitmap is not None else None
    if uit is not None and uit.exists() and not uit.is_dir():
        raise InvoerFout(f"uitvoermap {uit} is geen map", bron=str(uit))
    for bron in bronnen:
        if not bron.is_file():
            raise InvoerFout("werkboek niet gevonden", bron=str(bron))
        with open_pakket(bron):  # no .xls, no encrypted file, no zip bomb goes to LibreOffice
            pass
    doelen = pdf_doelen(bronnen, uit)
    eis_vrij(doelen, overschrijven=force)
    soffice = soffice_pad()
    if soffice is None:
        raise InvoerFout(GEEN_LIBREOFFICE)
    with tempfile.TemporaryDirectory(prefix="xl_opgave_pdf_") as tmp:
        werk = Path(tmp)
        profiel = maak_profiel(werk / "profiel")
        # Each workbook under a numbered name: two inputs 'a/x.xlsx' and 'b/y.xlsx' never collide, and a
        # name with odd characters never reaches the command line.
        invoer = werk / "in"
        invoer.mkdir()
        kopieen = []
        for i, bron in enumerate(bronnen):
            kopie = invoer / f"w{i:04d}{bron.suffix.lower()}"
            shutil.copyfile(bron, kopie)
            kopieen.append(kopie)
        uitvoer = werk / "uit"
        uitvoer.mkdir()
        opdracht = [soffice, "--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck",
                    f"-env:UserInstallation={profiel.resolve().as_uri()}", "--convert-to", "pdf",
                    "--outdir", str(uitvoer), *(str(k) for k in kopieen)]
        try:
            with _profielslot(profiel):
                log = _draai(opdracht, timeout)
        except LibreOfficeFout as fout:
            raise InvoerFout(f"LibreOffice kon de pdf niet maken: {fout.melding}") from None
        gemaakt: list[Path] = []
        for bron, kopie in zip(bronnen, kopieen, strict=True):
            pdf = uitvoer / f"{kopie.stem}.pdf"
            if _begin(pdf) != b"%PDF":
                regel = log.strip().splitlines()[-1] if log.strip() else ""
                raise InvoerFout(f"LibreOffice heeft geen pdf gemaakt{': ' + regel if regel else ''}", bron=str(bron))
            gemaakt.append(pdf)
        if uit is not None:
            uit.mkdir(parents=True, exist_ok=True)  # like fill --out: a new folder is made, only once all PDFs exist
        return [schrijf_atomisch(doel, pdf.read_bytes(), overschrijven=force)
                for doel, pdf in zip(doelen, gemaakt, strict=True)]


def _begin(pad: Path) -> bytes:
    """The first four bytes of a file (b'' when LibreOffice wrote none)."""
    if not pad.is_file():
        return b""
    with open(pad, "rb") as f:
        return f.read(4)
