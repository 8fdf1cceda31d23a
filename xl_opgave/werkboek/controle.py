"""The checker of a template workbook an adviser has edited; it never modifies the file.

Findings (each with sheet!cell and what to do): missing or broken defined names, error values,
inputs that are text / negative / out of range (a scenario switch other than 0 or 1), dekking
assigned to an unknown onderdeel, a formula on Berekening/Resultaat/Controles overwritten or
changed, failing Controles, cached values that disagree with the core's recomputation from the
workbook's own inputs and switches (or are missing), and a workbook made by an older template version.

The oracle for formulas and cached values is the template regenerated from the workbook's own
inputs (`orakel.orakel_van`: same layout, the core's values); formulas are compared with
`orakel.normaal`. The formulas depend only on the programme's shape, so when the inputs cannot be read the reference template is the
oracle for the formulas and Controles, and only the comparison of cached values is skipped (one
finding says so): every other check always runs.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from xl_opgave.core.bedrag import MAX_BEDRAG_MLN
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.model import Programma
from xl_opgave.core.opmaak import getal_kort
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.lezer import (
    Cellenbron,
    StroomWerkboek,
    afronding_uit,
    lees_waarden,
    open_werkboek,
    programma_uit,
    schakelaars_uit,
    verwachte_invoer,
)
from xl_opgave.werkboek.orakel import Orakel, formule_orakel, formuletekst, orakel_van

if TYPE_CHECKING:
    from xl_opgave.werkboek.sjabloon.stand import Stand

FOUTWAARDEN = frozenset({"#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#N/A", "#NUM!", "#NULL!", "#GETTING_DATA"})
TOLERANTIE = 1e-6


@dataclass(frozen=True)
class Bevinding:
    soort: str
    blad: str
    cel: str
    melding: str
    advies: str

    @property
    def plaats(self) -> str:
        return f"{self.blad}!{self.cel}" if self.blad else "werkboek"

    def tekst(self) -> str:
        return f"{self.plaats}: {self.melding} — {self.advies}"

    def als_dict(self) -> dict[str, str]:
        return {**asdict(self), "plaats": self.plaats}


def controleer(pad: str | os.PathLike[str]) -> list[Bevinding]:
    """All findings of one workbook (empty: clean). Raises OnleesbaarBestand when it cannot be read."""
    return onderzoek(open_werkboek(pad)).bevindingen


@dataclass
class Onderzoek:
    """What checking a workbook gives: its findings, and what they were found with (for a reader of many
    returned workbooks, which needs the recomputation too): the workbook's inputs as the core's model and
    its `Stand` (the outcomes with its own scenario switches and rounding choice). Both None when the
    inputs cannot be read."""

    bevindingen: list[Bevinding]
    programma: Programma | None
    stand: Stand | None


def onderzoek(werkboek: StroomWerkboek) -> Onderzoek:
    """Check a workbook read by `lezer.open_werkboek(..., alles=True)` (see `controleer`)."""
    bevindingen: list[Bevinding] = []
    bevindingen += _versie(werkboek)
    bevindingen += _namen(werkboek)
    bevindingen += _foutwaarden(werkboek)
    bevindingen += _invoer(werkboek)
    programma = _programma(werkboek, bevindingen, "formules, foutwaarden, namen en Controles")
    stand = None
    if programma is not None:
        from xl_opgave.werkboek.sjabloon.stand import Stand

        # The workbook's own switches and rounding choice: Resultaat shows its amounts rounded as chosen.
        stand = Stand(programma, schakelaars=schakelaars_uit(werkboek), afronding=afronding_uit(werkboek))
    bevindingen += _tegen_orakel(werkboek, stand)
    return Onderzoek(bevindingen, programma, stand)


def _programma(werkboek: Cellenbron, bevindingen: list[Bevinding], wel: str) -> Programma | None:
    """The workbook's inputs as the core's model; None (and findings saying so) when they cannot be read."""
    try:
        return programma_uit(werkboek)
    except InvoerFout as fout:
        if not any(b.soort.startswith(("invoer", "dekking", "naam")) for b in bevindingen):
            blad, _, cel = fout.plaats.partition("!")
            soort = "invoer_buiten_bereik" if "buiten bereik" in fout.melding else "invoer_onleesbaar"
            bevindingen.append(Bevinding(soort, blad, cel, fout.melding, "Herstel deze invoer."))
        # A value that is readable but out of range is not "unreadable": say which of the two it is.
        if "buiten bereik" in fout.melding:
            reden = "een invoer ligt buiten bereik"
        elif fout.plaats:
            reden = "een invoer is niet leesbaar"
        else:
            reden = "een gedefinieerde naam van de invoer ontbreekt of is kapot"
        waar = f" ({fout.plaats})" if fout.plaats else ""
        bevindingen.append(Bevinding(
            "waarden_niet_vergeleken", "", "",
            f"opgeslagen waarden niet vergeleken met de herberekening: {reden}{waar}; "
            f"{wel} zijn wel gecontroleerd",
            "Herstel eerst de invoer hierboven en controleer het werkboek opnieuw."))
        return None


# Error values as Excel shows them in a Dutch interface too (a reader of the open workbook may get these).
_FOUTWAARDEN_NL = frozenset({"#WAARDE!", "#N/B", "#DEEL/0!", "#NAAM?", "#VERW!", "#GETAL!", "#LEEG!"})


def controleer_waarden(werkboek: Cellenbron) -> list[Bevinding]:
    """The findings that need only the values behind the defined names, not the file itself.

    For a workbook that is open without a file at hand: xlwings Lite reads the open book
    (`xl_opgave.lite.werkboek`). `werkboek` is anything with the reader's interface (`lezer.Werkboek`:
    `code`, `pad`, `bestemming`, `waarde`, `invoernamen`).

    Checked: template version; names of inputs, results and the master check that are missing or do
    not point at cells; error values behind those names; the inputs (as `controleer`); every named
    result against the core's recomputation from the workbook's own inputs and scenario switches;
    the master check and the failing rows of sheet Controles. Not checked (that needs the file, as
    `controleer` has it): whether every other formula is still the template's own and holds the
    value the core gives it.
    """
    from xl_opgave.core.bedrag import NUL
    from xl_opgave.core.rekenen import bereken
    from xl_opgave.core.resultaten import waarde
    from xl_opgave.referentie import laad
    from xl_opgave.werkboek.scenarios import combineer

    resultaten = laad(werkboek.code).resultaat_namen
    bevindingen = _versie(werkboek)
    gevonden: dict[str, tuple[str, list[str]]] = {}
    for naam in [*werkboek.invoernamen(), *(n.naam for n in resultaten), nm.CONTROLE_TOTAAL, nm.VERSIE]:
        bestemming = werkboek.bestemming(naam)
        if bestemming is None:
            bevindingen.append(Bevinding("naam_ontbreekt", "", "", f"gedefinieerde naam {naam} ontbreekt of verwijst "
                                         "niet naar cellen", "Maak een nieuw sjabloon of herstel de naam (Formules → "
                                         "Namen beheren)."))
        else:
            gevonden[naam] = bestemming
    fout_in = set()
    for naam, (blad, cellen) in gevonden.items():
        for cel in cellen:
            inhoud = werkboek.waarde(blad, cel)
            if isinstance(inhoud, str) and inhoud.strip() in FOUTWAARDEN | _FOUTWAARDEN_NL:
                fout_in.add(naam)
                bevindingen.append(Bevinding("foutwaarde", blad, cel, f"foutwaarde {inhoud.strip()} ({naam})",
                                             "Zoek de oorzaak in de invoer waar deze cel van afhangt."))
    bevindingen += _invoer(werkboek)
    programma = _programma(werkboek, bevindingen, "namen, foutwaarden, invoer en Controles")
    if programma is not None:
        uitkomsten = bereken(combineer(programma, schakelaars_uit(werkboek)))
        for rn in resultaten:
            if rn.naam not in gevonden or rn.naam in fout_in:
                continue
            blad, cellen = gevonden[rn.naam]
            bedrag = uitkomsten.get(rn.sleutel, NUL)
            juist = waarde(NUL if bedrag.nb else bedrag, rn.kant)  # as the template's Berekening rows count
            getoond = werkboek.waarde(blad, cellen[0])
            if not _gelijk(getoond, juist):
                oud, nieuw = _waarde_tekst(getoond), _waarde_tekst(juist)
                if oud == nieuw:
                    oud, nieuw = _waarde_tekst(getoond, 10), _waarde_tekst(juist, 10)
                bevindingen.append(Bevinding(
                    "waarde_wijkt_af", blad, cellen[0], f"{rn.naam} is {oud}, herberekend uit de invoer {nieuw}",
                    "Een formule op blad Berekening is gewijzigd of overschreven: zet hem terug (kopieer uit een "
                    "nieuw sjabloon) en herbereken (Ctrl+Alt+F9)."))
    if nm.CONTROLE_TOTAAL in gevonden and nm.CONTROLE_TOTAAL not in fout_in:
        bevindingen += _controles_uit_waarden(werkboek, *gevonden[nm.CONTROLE_TOTAAL])
    return bevindingen


def _controles_uit_waarden(werkboek: Cellenbron, blad: str, cellen: list[str]) -> list[Bevinding]:
    """The master check and, when it fails, the failing checks: the numbered rows (column A) above it,
    with their outcome in column C, what they check in B and what to do in D."""
    totaal = werkboek.waarde(blad, cellen[0])
    if _is_getal(totaal) and totaal == 1:
        return []
    uit: list[Bevinding] = []
    laatste = int("".join(t for t in cellen[0] if t.isdigit()))
    for rij in range(1, laatste):
        nummer, uitkomst = werkboek.waarde(blad, f"A{rij}"), werkboek.waarde(blad, f"C{rij}")
        if _is_getal(nummer) and _is_getal(uitkomst) and uitkomst != 1:
            advies = werkboek.waarde(blad, f"D{rij}") or "Zie blad Controles."
            uit.append(Bevinding("controle_faalt", blad, f"C{rij}",
                                 f"controle faalt: {werkboek.waarde(blad, f'B{rij}')}", str(advies)))
    if not uit:
        uit.append(Bevinding("controle_faalt", blad, cellen[0], f"hoofdcontrole {nm.CONTROLE_TOTAAL} is "
                             f"{_waarde_tekst(totaal)}, niet 1", "Zie blad Controles."))
    return uit


def _versie(werkboek: Cellenbron) -> list[Bevinding]:
    bestemming = werkboek.bestemming(nm.VERSIE)
    versie = werkboek.waarde(bestemming[0], bestemming[1][0]) if bestemming else None
    if str(versie or "").strip() == nm.SJABLOON_VERSIE:
        return []
    blad, cel = (bestemming[0], bestemming[1][0]) if bestemming else ("", "")
    return [Bevinding("oude_versie", blad, cel, f"gemaakt met sjabloonversie {versie or 'onbekend'}, "
                      f"de huidige is {nm.SJABLOON_VERSIE}",
                      "Maak een nieuw sjabloon (xl-opgave template) en neem de invoer over.")]


def _namen(werkboek: StroomWerkboek) -> list[Bevinding]:
    from xl_opgave.referentie import laad

    verwacht = [*verwachte_invoer(werkboek.code), *(n.naam for n in laad(werkboek.code).resultaat_namen),
                nm.CONTROLE_TOTAAL, nm.VERSIE]
    uit = []
    for naam in verwacht:
        if not werkboek.heeft_naam(naam):
            uit.append(Bevinding("naam_ontbreekt", "", "", f"gedefinieerde naam {naam} ontbreekt",
                                 "Maak een nieuw sjabloon of herstel de naam (Formules → Namen beheren)."))
        elif werkboek.bestemming(naam) is None:
            reden = werkboek.kapot.get(naam) or f"verwijst naar {werkboek.naam_tekst(naam)}"
            uit.append(Bevinding("naam_kapot", "", "", f"gedefinieerde naam {naam} {reden}",
                                 "Herstel de verwijzing (Formules → Namen beheren)."))
    return uit


def _foutwaarden(werkboek: StroomWerkboek) -> list[Bevinding]:
    # Only the cells the template defines are read (inputs, formulas, check texts): the adviser's own cells
    # elsewhere are theirs, and reading them would make the work depend on the sheet's extent.
    uit = []
    volgorde = {b: i for i, b in enumerate(werkboek.bladnamen)}
    # Only the few cells with a finding are put in order (sheet, row, column): a stable sort of those gives
    # the same order as sorting every cell read.
    gevonden = [(blad, adres, cel) for blad, adres, cel in werkboek.gelezen()
                if (cel.formule is not None and "#REF!" in cel.formule)  # type: ignore[attr-defined]
                or (isinstance(cel.waarde, str) and cel.waarde.strip() in FOUTWAARDEN)]  # type: ignore[attr-defined]
    for blad, adres, cel in sorted(gevonden, key=lambda x: (volgorde.get(x[0], 0), _rij_kolom(x[1]))):
        formule, waarde = cel.formule, cel.waarde  # type: ignore[attr-defined]
        if formule is not None and "#REF!" in formule:
            uit.append(Bevinding("foutwaarde", blad, adres, "formule verwijst naar #REF!",
                                 "Een verwijzing is verloren (rij of blad verwijderd); maak het sjabloon opnieuw."))
        elif isinstance(waarde, str) and waarde.strip() in FOUTWAARDEN:
            uit.append(Bevinding("foutwaarde", blad, adres, f"foutwaarde {waarde.strip()}",
                                 "Zoek de oorzaak in de invoer waar deze cel van afhangt."))
    return uit


@cache
def _rij_kolom(adres: str) -> tuple[int, int]:
    from xl_opgave.werkboek.adressen import splits_cel

    return splits_cel(adres)


def _is_getal(waarde: object) -> bool:
    return isinstance(waarde, int | float) and not isinstance(waarde, bool)



def _waarde_tekst(waarde: object, max_decimalen: int = 4) -> str:
    """A cell value for a message: numbers in Dutch notation, text quoted, empty as 'leeg'."""
    if waarde is None or waarde == "":
        return "leeg"
    if isinstance(waarde, bool):
        return "WAAR" if waarde else "ONWAAR"
    if _is_getal(waarde):
        return getal_kort(waarde, max_decimalen)  # type: ignore[arg-type]
    return repr(waarde) if isinstance(waarde, str) else str(waarde)


def _is_pm(waarde: object) -> bool:
    return isinstance(waarde, str) and waarde.strip().upper() == "PM"


def _invoer(werkboek: Cellenbron) -> list[Bevinding]:
    from xl_opgave.core.model import Codeboek, normaliseer
    from xl_opgave.referentie import laad

    ref = laad(werkboek.code).programma
    codes = Codeboek(ref)
    uit = []
    gelezen = lees_waarden(werkboek)
    tekstnamen = {nm.GEBIED, nm.AFRONDING, nm.ONTBREKEND}  # the rounding choice is checked on blad Controles
    for naam, (blad, cellen, waarden) in gelezen.items():
        if naam in tekstnamen or naam.endswith(("_Bron", "_Pijler", "_Onderdeel", "_Toelichting")):
            continue
        for cel, waarde in zip(cellen, waarden, strict=True):
            if waarde is None or _is_pm(waarde) and not naam.startswith(("In_Jaren", "In_Scenario_")):
                continue
            if isinstance(waarde, str) and waarde.strip() in FOUTWAARDEN:
                continue  # reported as an error value
            if not _is_getal(waarde):
                advies = ("Typ 1 (scenario aan) of 0 (uit)." if naam.startswith("In_Scenario_")
                          else "Typ een getal (€ mln) of PM.")
                soort_waarde = "tekst " if isinstance(waarde, str) else ""
                uit.append(Bevinding("invoer_tekst", blad, cel,
                                     f"{soort_waarde}{_waarde_tekst(waarde)} waar een getal hoort ({naam})", advies))
            elif naam.startswith("In_Jaren") and waarde <= 0:  # type: ignore[operator]
                uit.append(Bevinding("invoer_buiten_bereik", blad, cel, f"aantal jaren {getal_kort(waarde)} buiten bereik: "
                                     "niet groter dan 0",
                                     "Vul het aantal jaren van de periode in."))
            elif naam.startswith("In_Scenario_") and waarde not in (0, 1):
                uit.append(Bevinding("invoer_buiten_bereik", blad, cel, f"scenarioschakelaar {getal_kort(waarde)} buiten bereik: niet 0 of 1 "
                                     f"({naam})", "Zet de schakelaar op 1 (scenario aan) of 0 (uit)."))
            elif (naam.startswith("In_Sleutel_") or naam.startswith("In_ScenarioPost_") and naam.endswith("_Sleutel")) \
                    and not 0 <= waarde <= 1:  # type: ignore[operator]
                uit.append(Bevinding("invoer_buiten_bereik", blad, cel, f"verdeelsleutel {getal_kort(waarde)} buiten bereik: niet tussen 0 en 1",
                                     "Een verdeelsleutel is een aandeel tussen 0 en 1 (50% = 0,5), of PM."))
            elif waarde < 0:  # type: ignore[operator]
                uit.append(Bevinding("invoer_negatief", blad, cel, f"negatief bedrag {getal_kort(waarde)} ({naam})",
                                     "Bedragen zijn ≥ 0; een dekking hoort in de dekkingstabel, niet als negatieve opgave."))
            elif not naam.startswith(("In_Kern", "In_Jaren")) and not waarde <= MAX_BEDRAG_MLN:  # type: ignore[operator]
                uit.append(Bevinding("invoer_buiten_bereik", blad, cel,
                                     f"bedrag {_waarde_tekst(waarde)} buiten bereik: meer dan € 1.000.000 mln ({naam})",
                                     "Bedragen zijn in € mln; staat het bedrag in euro's?"))
    if not nm.bereik_modus(ref):
        pijlers = {normaliseer(q.naam): q.code for q in ref.pijlers}
        for periode in ref.perioden:
            kolommen = {k: gelezen.get(nm.dekking(periode, k)) for k in nm.DEKKING_KOLOMMEN}
            if any(v is None for v in kolommen.values()):
                continue
            for i in range(len(kolommen["Bron"][2])):  # type: ignore[index]
                rij = {k: v[2][i] for k, v in kolommen.items()}  # type: ignore[index]
                if all(rij[k] in (None, "") for k in ("Bron", "Pijler", "Onderdeel", "Cofin", "Rijksfin")):
                    continue
                blad, cellen, _ = kolommen["Onderdeel"]  # type: ignore[misc]
                pijler_tekst = str(rij["Pijler"] or "").strip()
                onderdeel_tekst = str(rij["Onderdeel"] or "").strip()
                pijler = pijlers.get(normaliseer(pijler_tekst)) if pijler_tekst else None
                if pijler is None:
                    pb, pc, _ = kolommen["Pijler"]  # type: ignore[misc]
                    uit.append(Bevinding("dekking_toewijzing", pb, pc[i], f"pijler {pijler_tekst!r} bestaat niet",
                                         "Kies de pijler uit de keuzelijst (exacte naam, anders telt Excel de dekking niet mee)."))
                    continue
                if onderdeel_tekst.lower() == nm.HELE_PIJLER.lower():
                    continue
                namen_van_pijler = {o.naam.lower() for o in ref.onderdelen_van(pijler)}
                if onderdeel_tekst.lower() not in namen_van_pijler:
                    try:
                        code = codes.code("onderdeel", onderdeel_tekst) if onderdeel_tekst else ""
                    except InvoerFout:
                        code = ""
                    reden = (f"onderdeel {onderdeel_tekst!r} bestaat niet in {pijler_tekst}" if not code or
                             ref.onderdeel(code).pijler != pijler else
                             f"onderdeel {onderdeel_tekst!r} is niet de exacte naam uit de lijst")
                    uit.append(Bevinding("dekking_toewijzing", blad, cellen[i], reden,
                                         f"Kies het onderdeel uit de keuzelijst of '{nm.HELE_PIJLER}'."))
    return uit


def _tegen_orakel(werkboek: StroomWerkboek, stand: Stand | None) -> list[Bevinding]:
    """Formulas, cached values and Controles against the template for the workbook's own inputs, switches
    and rounding choice (`orakel.orakel_van`).

    `stand` None (the inputs cannot be read): the reference template is the oracle for the
    formulas (they depend only on the programme's shape) and the cached values are not compared.
    """
    waarden_vergelijken = stand is not None
    orakel = orakel_van(werkboek.code, stand) if stand is not None else formule_orakel(werkboek.code)
    uit: list[Bevinding] = []
    zonder_waarde: list[str] = []
    for blad in nm.REKENBLADEN:
        if blad not in werkboek.bladnamen:
            uit.append(Bevinding("blad_ontbreekt", blad, "A1", f"blad {blad} ontbreekt", "Maak het sjabloon opnieuw."))
            continue
        # Per cell only dictionary look-ups on the common path: this runs for a few thousand cells of every
        # workbook `verzamel` reads.
        cellen, formules, waarden, is_eigen = werkboek.cellen, orakel.formules, orakel.waarden, orakel.is_eigen
        for adres in orakel.cellen(blad):
            plaats = (blad, adres)
            verwacht = formules[plaats]
            cel = cellen.get(plaats)
            if cel is None:
                inhoud = None
            else:
                inhoud = cel.formule  # type: ignore[attr-defined]
                if inhoud is None:
                    inhoud = cel.waarde  # type: ignore[attr-defined]
            gevonden = inhoud if isinstance(inhoud, str) and inhoud.startswith("=") else formuletekst(inhoud)
            if gevonden is None:
                vervangen = ("verwijderd (de cel is leeg)" if inhoud in (None, "")
                             else f"vervangen door {_waarde_tekst(inhoud)}")
                uit.append(Bevinding("formule_overschreven", blad, adres,
                                     f"formule {vervangen} (verwacht {verwacht})",
                                     "Zet de formule terug (kopieer uit een nieuw sjabloon); wijzig alleen blad Invoer."))
                continue
            if gevonden != verwacht and not is_eigen(blad, adres, gevonden):
                uit.append(Bevinding("formule_gewijzigd", blad, adres, f"formule {gevonden} wijkt af (verwacht {verwacht})",
                                     "Zet de formule terug; wijzig alleen blad Invoer."))
                continue
            if not waarden_vergelijken:
                continue
            opgeslagen = cel.waarde if cel is not None else None  # type: ignore[attr-defined]
            juist = waarden.get(plaats)
            if opgeslagen == juist and type(opgeslagen) is type(juist):
                continue  # equal, as `_gelijk` would find
            if opgeslagen is None and juist not in (None, ""):
                zonder_waarde.append(f"{blad}!{adres}")
                continue
            if isinstance(opgeslagen, str) and opgeslagen.strip() in FOUTWAARDEN:
                continue
            if not _gelijk(opgeslagen, juist):
                oud, nieuw = _waarde_tekst(opgeslagen), _waarde_tekst(juist)
                if oud == nieuw:  # the difference lies beyond 4 decimals: show it
                    oud, nieuw = _waarde_tekst(opgeslagen, 10), _waarde_tekst(juist, 10)
                uit.append(Bevinding("waarde_wijkt_af", blad, adres,
                                     f"opgeslagen waarde {oud}, herberekend uit de invoer {nieuw}",
                                     "Herbereken het werkboek (Ctrl+Alt+F9) en sla het op."))
    if zonder_waarde:
        blad, _, cel = zonder_waarde[0].partition("!")
        uit.append(Bevinding("geen_opgeslagen_waarde", blad, cel,
                             f"{len(zonder_waarde)} formulecellen zonder opgeslagen waarde (eerste: {zonder_waarde[0]})",
                             "Open het werkboek in Excel of LibreOffice, laat het herberekenen en sla het op."))
    uit += _controles(werkboek, orakel)
    return uit


def _controles(werkboek: StroomWerkboek, orakel: Orakel) -> list[Bevinding]:
    """Failing checks: the template's check formulas in column C of Controles (not the COUNTIF ones)."""
    uit: list[Bevinding] = []
    if nm.BLAD_CONTROLES not in werkboek.bladnamen:
        return uit
    for adres in orakel.cellen(nm.BLAD_CONTROLES):
        rij, kolom = _rij_kolom(adres)
        if kolom != 3 or (orakel.formule(nm.BLAD_CONTROLES, adres) or "").startswith("=COUNTIF"):
            continue
        waarde = werkboek.waarde(nm.BLAD_CONTROLES, adres)
        if _is_getal(waarde) and waarde != 1:
            omschrijving = werkboek.waarde(nm.BLAD_CONTROLES, f"B{rij}")
            advies = werkboek.waarde(nm.BLAD_CONTROLES, f"D{rij}") or "Zie blad Controles."
            uit.append(Bevinding("controle_faalt", nm.BLAD_CONTROLES, adres,
                                 f"controle faalt: {omschrijving}", str(advies)))
    return uit


def _gelijk(a: object, b: object) -> bool:
    if a in (None, "") and b in (None, ""):
        return True
    if _is_getal(a) and _is_getal(b):
        return abs(float(a) - float(b)) <= TOLERANTIE * max(1.0, abs(float(b)))  # type: ignore[arg-type]
    return a == b


def controleer_bestanden(paden: list[str]) -> dict[str, list[Bevinding] | str]:
    """Per file its findings, or the one-line reason it cannot be read."""
    from xl_opgave.werkboek.veilig import OnleesbaarBestand

    uit: dict[str, list[Bevinding] | str] = {}
    for pad in paden:
        try:
            uit[pad] = controleer(Path(pad))
        except OnleesbaarBestand as fout:
            uit[pad] = str(fout)
    return uit
