"""The three button actions, written once against the `Werkboek` interface.

- `vul_gebied`: fill the workbook's inputs with one gebied's figures from a data file (validated by
  `vullen.databestand`; name → value by `werkboek.sjabloon.invoer_waarden`), then recalculate;
- `controleer`: run the checker (`werkboek.controle`) on a snapshot of the workbook and write its
  findings to sheet *Controles*, columns F–J (`BEVINDINGEN_*`), next to the template's own checks
  in columns A–D, which are never touched;
- `ververs_resultaat`: recalculate (Excel: Application.Calculate) and report the master check.

`voer_knop_uit` is what a button runs: it reads its parameters from the named cells of sheet
*Knoppen* (`KNOP_*`), turns a user error into a Dutch message instead of a traceback, and writes the
outcome to `Knop_Status`. `voer_gekozen_actie_uit` is the single *Uitvoeren* button of the .xlsm: it
takes the action from the drop-down cell `Knop_Actie` (one of `ACTIE_KEUZES`) and then does the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xl_opgave.core.fouten import InvoerFout
from xl_opgave.macros.werkboek import Werkboek
from xl_opgave.werkboek import namen as nm

# Named cells on sheet Knoppen of the .xlsm (see commando/excel_setup.py).
BLAD_KNOPPEN = "Knoppen"
KNOP_GEBIED = "Knop_Gebied"
KNOP_DATABESTAND = "Knop_Databestand"
KNOP_GEBIEDENLIJST = "Knop_Gebiedenlijst"
KNOP_STATUS = "Knop_Status"
KNOP_ACTIE = "Knop_Actie"

# The choices of the Knop_Actie drop-down (Dutch, as shown) → action; the first entry of a pair is
# what the cell holds.
ACTIE_KEUZES: tuple[tuple[str, str], ...] = (
    ("Vul gebied", "vul_gebied"),
    ("Controleer", "controleer"),
    ("Ververs resultaat", "ververs_resultaat"),
)
STANDAARD_KEUZE = "Ververs resultaat"

# The findings area on sheet Controles: right of the template's checks (columns A–D).
BEVINDINGEN_BLAD = nm.BLAD_CONTROLES
BEVINDINGEN_EERSTE_KOLOM = "F"
BEVINDINGEN_LAATSTE_KOLOM = "J"
BEVINDINGEN_TITEL_RIJ = 3
BEVINDINGEN_KOP_RIJ = 5
BEVINDINGEN_EERSTE_RIJ = 6
MAX_BEVINDINGEN = 500
BEVINDINGEN_TITEL = "Bevindingen van de knop Controleren (xl_opgave; dit gebied wordt bij elke controle overschreven)"
BEVINDINGEN_KOP = ("Nr.", "Soort", "Plaats", "Bevinding", "Wat te doen")

ACTIES = ("vul_gebied", "controleer", "ververs_resultaat")
# A check over the workbook: its findings (`werkboek.controle.Bevinding`: soort, plaats, melding, advies).
Controle = Callable[[Werkboek], Sequence[Any]]
MAX_STATUS = 2000


@dataclass(frozen=True)
class Uitkomst:
    actie: str
    ok: bool
    tekst: str  # one Dutch sentence (or a few lines for a data file with problems)
    aantal: int = 0  # cells filled (vul_gebied) or findings (controleer)


def bevindingen_bereik() -> str:
    """The whole findings area, title to last possible row."""
    laatste = BEVINDINGEN_EERSTE_RIJ + MAX_BEVINDINGEN
    return f"{BEVINDINGEN_EERSTE_KOLOM}{BEVINDINGEN_TITEL_RIJ}:{BEVINDINGEN_LAATSTE_KOLOM}{laatste}"


def programma_van(wb: Werkboek) -> str:
    """'nplv' or 'npvr' from the template's Sjabloon_Programma cell."""
    code = ""
    if wb.heeft_naam(nm.PROGRAMMA):
        code = str(wb.lees_naam(nm.PROGRAMMA)[0] or "").strip().lower()
    if code not in ("nplv", "npvr"):
        raise InvoerFout(f"dit is geen xl_opgave-sjabloon: de naam {nm.PROGRAMMA} met NPLV of NPVR ontbreekt "
                         "(maak een sjabloon met xl-opgave excel-setup of xl-opgave template)")
    return code


def _pad(tekst: str | Path, map_: Path | None) -> Path:
    """A path as typed in a cell: quotes from Windows' 'Copy as path' removed, relative to the workbook."""
    pad = Path(str(tekst).strip().strip('"').strip())
    pad = pad.expanduser()
    if not pad.is_absolute() and map_ is not None:
        pad = map_ / pad
    return pad


# -- the actions ----------------------------------------------------------------------------------
def vul_gebied(wb: Werkboek, gebied: str, databestand: str | Path, *,
               gebiedenlijst: str | Path | None = None) -> Uitkomst:
    """Fill every input name with the figures of `gebied` from `databestand`; nothing is written unless
    the whole data file is valid and the workbook has every input name."""
    from xl_opgave.vullen.databestand import DatabestandFout, lees_databestand
    from xl_opgave.vullen.gebieden import laad_gebieden
    from xl_opgave.vullen.vul import controleer_sjabloon
    from xl_opgave.werkboek.namen import is_scenarionaam
    from xl_opgave.werkboek.sjabloon import invoer_waarden

    code = programma_van(wb)
    pad = _pad(databestand, wb.map)
    if not pad.exists():
        raise InvoerFout(f"databestand {pad} niet gevonden")
    lijst = laad_gebieden(code, _pad(gebiedenlijst, wb.map)) if gebiedenlijst else None
    gegevens = lees_databestand(pad, code, gebieden=lijst)
    # What the template cannot hold (NPVR dekking rows, more dekking rows than it has, a range in one cell)
    # is refused here as `fill` and `fill --into` refuse it: written nowhere, it would vanish from the figures.
    if problemen := controleer_sjabloon(gegevens):
        raise DatabestandFout(problemen, bron=str(pad))
    naam = gegevens.lijst.zoek(gebied, bron=str(pad)).naam
    programma = gegevens.gebieden.get(naam)
    if programma is None:
        raise InvoerFout(f"het databestand bevat geen rijen voor {naam}", bron=str(pad))
    # The scenario block (switches, amounts) is the adviser's choice: filling a gebied keeps it.
    waarden = {n: w for n, w in invoer_waarden(programma).items() if not is_scenarionaam(n)}
    ontbreekt = [n for n in waarden if not wb.heeft_naam(n)]
    if ontbreekt:
        raise InvoerFout(f"het werkboek mist {len(ontbreekt)} invoernamen (eerste: {ontbreekt[0]}); "
                         "maak een nieuw sjabloon en neem de invoer over")
    for n, w in waarden.items():
        wb.schrijf_naam(n, w)
    wb.herbereken()
    return Uitkomst("vul_gebied", True, f"{naam}: {len(waarden)} invoernamen ingevuld uit {pad.name} en herberekend.",
                    len(waarden))


def controleer(wb: Werkboek, controle: Controle | None = None) -> Uitkomst:
    """Run the checker on the workbook's current state; write the findings next to the checks.

    `controle` makes the findings; by default the file checker (`werkboek.controle.controleer`) on a
    snapshot of the workbook. Where there is no file (xlwings Lite) the caller passes a check that
    reads the open workbook (`xl_opgave.lite.werkboek.controleer_open_werkboek`).
    """
    programma_van(wb)
    if controle is not None:
        bevindingen = controle(wb)
    else:
        from xl_opgave.werkboek.controle import controleer as controleer_bestand

        with wb.momentopname() as pad:
            bevindingen = controleer_bestand(pad)
    wb.wis_blok(BEVINDINGEN_BLAD, bevindingen_bereik())
    getoond = bevindingen[:MAX_BEVINDINGEN]
    if bevindingen:
        samenvatting = f"{len(bevindingen)} {'bevinding' if len(bevindingen) == 1 else 'bevindingen'}"
        if len(bevindingen) > MAX_BEVINDINGEN:
            samenvatting += f"; de eerste {MAX_BEVINDINGEN} staan hieronder"
    else:
        samenvatting = "Geen bevindingen: het werkboek is in orde."
    rijen: list[list[object]] = [[BEVINDINGEN_TITEL], [samenvatting], list(BEVINDINGEN_KOP)]
    rijen += [[i, b.soort, b.plaats, b.melding, b.advies] for i, b in enumerate(getoond, start=1)]
    wb.schrijf_blok(BEVINDINGEN_BLAD, f"{BEVINDINGEN_EERSTE_KOLOM}{BEVINDINGEN_TITEL_RIJ}", rijen)
    tekst = (f"{samenvatting}; zie blad {BEVINDINGEN_BLAD}, kolommen "
             f"{BEVINDINGEN_EERSTE_KOLOM}–{BEVINDINGEN_LAATSTE_KOLOM}." if bevindingen else samenvatting)
    return Uitkomst("controleer", not bevindingen, tekst, len(bevindingen))


def ververs_resultaat(wb: Werkboek) -> Uitkomst:
    """Recalculate Berekening, Resultaat and Controles; report the master check."""
    programma_van(wb)
    wb.herbereken()
    totaal = wb.lees_naam(nm.CONTROLE_TOTAAL)[0] if wb.heeft_naam(nm.CONTROLE_TOTAAL) else None
    if totaal == 1:
        return Uitkomst("ververs_resultaat", True, "Herberekend; alle controles zijn in orde.")
    return Uitkomst("ververs_resultaat", False,
                    f"Herberekend; de hoofdcontrole ({nm.CONTROLE_TOTAAL}) is {totaal!r}: zie blad Controles.")


# -- what a button runs ---------------------------------------------------------------------------
def _cel(wb: Werkboek, naam: str) -> str:
    if not wb.heeft_naam(naam):
        return ""
    waarde = wb.lees_naam(naam)[0]
    return "" if waarde is None else str(waarde).strip()


def foutmelding(fout: Exception) -> str:
    """A user error as one Dutch text (InvoerFout with its place, or the unreadable-file reason)."""
    if isinstance(fout, InvoerFout):
        return fout.tekst()
    return str(fout)


def voer_knop_uit(wb: Werkboek, actie: str, *, controle: Controle | None = None) -> Uitkomst:
    """Run `actie` with the parameters from sheet Knoppen; write the outcome to Knop_Status.

    `controle`: see `controleer` (only used by the action 'controleer')."""
    from xl_opgave.werkboek.veilig import OnleesbaarBestand

    if actie not in ACTIES:
        raise ValueError(f"onbekende actie {actie!r}")
    try:
        if actie == "vul_gebied":
            gebied = _cel(wb, KNOP_GEBIED) or _cel(wb, nm.GEBIED)
            databestand = _cel(wb, KNOP_DATABESTAND)
            if not gebied:
                raise InvoerFout(f"kies eerst een gebied (cel {KNOP_GEBIED} op blad {BLAD_KNOPPEN})")
            if not databestand:
                raise InvoerFout(f"vul eerst het databestand in (cel {KNOP_DATABESTAND} op blad {BLAD_KNOPPEN}): "
                                 "een .xlsx met de bladen Opgave en Dekking, of een map met opgave.csv en dekking.csv")
            uitkomst = vul_gebied(wb, gebied, databestand, gebiedenlijst=_cel(wb, KNOP_GEBIEDENLIJST) or None)
        elif actie == "controleer":
            uitkomst = controleer(wb, controle)
        else:
            uitkomst = ververs_resultaat(wb)
    except (InvoerFout, OnleesbaarBestand) as fout:
        uitkomst = Uitkomst(actie, False, f"Niet gelukt: {foutmelding(fout)}")
    _meld_status(wb, uitkomst)
    return uitkomst


def _meld_status(wb: Werkboek, uitkomst: Uitkomst) -> None:
    if wb.heeft_naam(KNOP_STATUS):
        moment = dt.datetime.now().strftime("%d-%m-%Y %H:%M")
        wb.schrijf_naam(KNOP_STATUS, f"{moment} – {uitkomst.tekst}"[:MAX_STATUS])


def gekozen_actie(wb: Werkboek) -> str:
    """The action chosen in Knop_Actie (the Dutch label, case and spaces folded)."""
    keuze = _cel(wb, KNOP_ACTIE)
    gevouwen = " ".join(keuze.split()).casefold()
    for label, actie in ACTIE_KEUZES:
        if gevouwen == label.casefold():
            return actie
    labels = ", ".join(f"'{label}'" for label, _ in ACTIE_KEUZES)
    if not wb.heeft_naam(KNOP_ACTIE):
        raise InvoerFout(f"de cel {KNOP_ACTIE} (de keuzelijst Actie op blad {BLAD_KNOPPEN}) ontbreekt; maak een "
                         "nieuw sjabloon met xl-opgave excel-setup")
    if not keuze:
        raise InvoerFout(f"kies eerst een actie (cel {KNOP_ACTIE} op blad {BLAD_KNOPPEN}): {labels}")
    raise InvoerFout(f"onbekende actie '{keuze}' in cel {KNOP_ACTIE} op blad {BLAD_KNOPPEN}; kies {labels}")


def voer_gekozen_actie_uit(wb: Werkboek) -> Uitkomst:
    """The Uitvoeren button: run the action chosen in Knop_Actie (see `voer_knop_uit`); an empty or
    unknown choice is reported in Knop_Status like any other user error."""
    try:
        actie = gekozen_actie(wb)
    except InvoerFout as fout:
        uitkomst = Uitkomst("", False, f"Niet gelukt: {foutmelding(fout)}")
        _meld_status(wb, uitkomst)
        return uitkomst
    return voer_knop_uit(wb, actie)
