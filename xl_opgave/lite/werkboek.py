"""The workbook open in xlwings Lite: the macros' `Werkboek` and the template reader's workbook in one.

A Lite script gets the open workbook as an xlwings `Book` (xlwings' remote object model: the values
of the sheets as Excel had them when the script started; writes are applied when it ends). That is
the object model classic xlwings gives, so `LiteWerkboek` is `macros.boek.XlwingsWerkboek` with what
Lite lacks taken out: there is no file of the workbook (no snapshot for the file checker, no folder
for relative paths), and messages go to Lite's output pane.

It is also the workbook the template reader (`werkboek.lezer`) and the value checker
(`werkboek.controle.controleer_waarden`) read: `code`, `pad`, `bestemming(naam)`, `waarde(blad, cel)`
and `invoernamen()`, from the defined names and the cell values of the open book.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Any

from xl_opgave.core.fouten import InvoerFout
from xl_opgave.lite.invoernamen import invoernamen
from xl_opgave.macros import acties
from xl_opgave.macros.boek import XlwingsWerkboek
from xl_opgave.macros.werkboek import plat
from xl_opgave.werkboek.adressen import Gebied, splits_cel


def cellen_van(adres: str) -> list[str]:
    """The cells of an A1 address ('$C$5:$D$6', 'B3', 'Invoer!$B$3'), row by row: ['C5', 'D5', 'C6', 'D6']."""
    try:
        hoeken = [splits_cel(deel.strip()) for deel in adres.rpartition("!")[2].split(":")]
    except ValueError:
        hoeken = []
    if not 1 <= len(hoeken) <= 2:
        raise ValueError(f"geen celadres: {adres!r}")
    (r1, k1), (r2, k2) = hoeken if len(hoeken) == 2 else hoeken * 2  # one cell: both corners
    return Gebied("", min(r1, r2), min(k1, k2), max(r1, r2), max(k1, k2)).adressen()


class LiteWerkboek(XlwingsWerkboek):
    """`Werkboek` (macros) and template reader's workbook over the `book` of an xlwings Lite script."""

    def __init__(self, book: Any) -> None:
        super().__init__(book)
        self._plaatsen: dict[str, tuple[str, list[str]] | None] = {}
        self._cellen: dict[tuple[str, str], object] = {}
        self._code: str | None = None

    # -- the macros' Werkboek: what xlwings Lite does not have ------------------------------------------
    @property
    def map(self) -> Path | None:
        return None  # Lite cannot see the folder of the workbook file

    @contextmanager
    def momentopname(self) -> Iterator[Path]:
        raise InvoerFout("xlwings Lite heeft geen bestand van het open werkboek; de controle leest de namen en "
                         "waarden van het werkboek zelf")
        yield Path()  # pragma: no cover - a generator for contextmanager; never reached

    def melding(self, tekst: str) -> None:
        print(tekst)  # Lite shows printed text in its output pane

    def schrijf_naam(self, naam: str, waarde: object) -> None:
        super().schrijf_naam(naam, waarde)
        self._cellen.clear()

    def schrijf_blok(self, blad: str, linksboven: str, rijen: Sequence[Sequence[object]]) -> None:
        super().schrijf_blok(blad, linksboven, rijen)
        self._cellen.clear()

    def wis_blok(self, blad: str, bereik: str) -> None:
        super().wis_blok(blad, bereik)
        self._cellen.clear()

    # -- the template reader's workbook (werkboek.lezer.Werkboek) ---------------------------------------
    @property
    def code(self) -> str:
        if self._code is None:
            self._code = acties.programma_van(self)
        return self._code

    @property
    def pad(self) -> PurePosixPath:
        return PurePosixPath(str(self.book.name))

    def invoernamen(self) -> tuple[str, ...]:
        return invoernamen(self.code)

    def bestemming(self, naam: str) -> tuple[str, list[str]] | None:
        """Sheet and cells a defined name points at; None when it is missing or not one range."""
        if naam not in self._plaatsen:
            self._plaatsen[naam] = self._lees_bestemming(naam)
        return self._plaatsen[naam]

    def _lees_bestemming(self, naam: str) -> tuple[str, list[str]] | None:
        if not self.heeft_naam(naam):
            return None
        try:
            bereik = self.book.names[naam].refers_to_range
            blad, cellen = str(bereik.sheet.name), cellen_van(str(bereik.address))
            waarden = plat(bereik.options(ndim=2).value)
        except Exception:  # noqa: BLE001 - a name on #VERW!, a constant or several areas counts as broken
            return None
        if len(waarden) != len(cellen):
            return None
        self._cellen.update(((blad, cel), w) for cel, w in zip(cellen, waarden, strict=True))
        return blad, cellen

    def waarde(self, blad: str, cel: str) -> object:
        if (blad, cel) not in self._cellen:
            self._cellen[(blad, cel)] = self.book.sheets[blad].range(cel).value
        return self._cellen[(blad, cel)]


def controleer_open_werkboek(wb: acties.Werkboek) -> list[Any]:
    """The check of *Controleer* in xlwings Lite: `controle.controleer_waarden` on the open workbook."""
    from xl_opgave.werkboek.controle import controleer_waarden

    if not isinstance(wb, LiteWerkboek):
        raise TypeError("controleer_open_werkboek reads a LiteWerkboek")
    return controleer_waarden(wb)  # type: ignore[arg-type]
