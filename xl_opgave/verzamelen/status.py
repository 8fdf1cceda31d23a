"""One status per returned file, and per gebied on the list without a file: never an abort.

In order of precedence:
- `onleesbaar`: the file cannot or must not be read (the safe opener's one-line reason);
- `ander programma`: a template of the other programme (an NPVR workbook in an NPLV collection);
- `onbekend gebied`: its gebied cell is empty, or names a gebied that is not on the list (the gebied is
  read from the workbook itself, never from the file name);
- `dubbel`: two or more files for one gebied: all listed, none counted until one is left. With
  `--nieuwste` the one the workbook's own properties say was saved last counts, with its own status,
  and the others stay `dubbel`; when the newest times tie (or a time is missing) all stay `dubbel`;
- `oude sjabloonversie`: made with an older template: read, recomputed and counted in the sum of all
  readable workbooks, not in the sum of those `in orde`;
- `bevindingen`: the checker found something (counted and listed);
- `in orde`;
- `ontbreekt`: a gebied on the list that no file is for.

A file "counts" (its results go into the sums and the national picture) when its status is in orde,
bevindingen or oude sjabloonversie and its results could be computed from its inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.opmaak import getal_nl
from xl_opgave.verzamelen.lezen import Gelezen
from xl_opgave.vullen.gebieden import Gebiedenlijst, vouw
from xl_opgave.werkboek import namen as nm

IN_ORDE = "in orde"
BEVINDINGEN = "bevindingen"
ONLEESBAAR = "onleesbaar"
ANDER_PROGRAMMA = "ander programma"
OUDE_VERSIE = "oude sjabloonversie"
DUBBEL = "dubbel"
ONBEKEND_GEBIED = "onbekend gebied"
ONTBREEKT = "ontbreekt"
STATUSSEN = (IN_ORDE, BEVINDINGEN, OUDE_VERSIE, DUBBEL, ONBEKEND_GEBIED, ANDER_PROGRAMMA, ONLEESBAAR, ONTBREEKT)
TELLEN_MEE = (IN_ORDE, BEVINDINGEN, OUDE_VERSIE)


@dataclass
class Regel:
    """One row of the Status sheet: a file (with what was read from it) or a gebied without a file."""

    gebied: str  # the list's spelling when on the list; else as the workbook says ('' when empty)
    bestand: str  # '' for a gebied without a file
    status: str
    toelichting: str
    gelezen: Gelezen | None = None
    wijzigingen: int = 0
    opgelost: bool = False  # a `dubbel` that --nieuwste resolved: listed, needs no attention

    @property
    def telt(self) -> bool:
        """Its results go into the sums (see the module docstring)."""
        return self.status in TELLEN_MEE and self.gelezen is not None and self.gelezen.berekend

    @property
    def aandacht(self) -> bool:
        """Needs the adviser's attention (every status but `in orde`, and a resolved `dubbel`)."""
        return self.status != IN_ORDE and not self.opgelost


@dataclass
class Indeling:
    regels: list[Regel] = field(default_factory=list)  # files and missing gebieden, by gebied in list order

    def per_status(self) -> dict[str, int]:
        return {s: sum(1 for r in self.regels if r.status == s) for s in STATUSSEN}

    def tellend(self) -> dict[str, Regel]:
        """Gebied → the row whose results count."""
        return {r.gebied: r for r in self.regels if r.telt}


def deel_in(gelezen: Sequence[Gelezen], code: str, lijst: Gebiedenlijst, *, nieuwste: bool = False) -> Indeling:
    """The status of every file and of every gebied on the list without one (see the module docstring)."""
    per_gebied: dict[str, list[Regel]] = {}
    overig: list[Regel] = []
    for g in gelezen:
        regel = _eerste_status(g, code, lijst)
        if regel.status == "":  # a readable workbook of this programme for a gebied on the list
            per_gebied.setdefault(regel.gebied, []).append(regel)
        else:
            overig.append(regel)
    for regels in per_gebied.values():
        if len(regels) == 1:
            _eigen_status(regels[0])
        else:
            _dubbel(regels, nieuwste)
    indeling = Indeling()
    for gebied in lijst.namen:
        regels = per_gebied.get(gebied)
        if regels:
            indeling.regels += sorted(regels, key=lambda r: r.bestand)
        else:
            indeling.regels.append(Regel(gebied, "", ONTBREEKT, "geen werkboek teruggekomen"))
    volgorde = {s: i for i, s in enumerate(STATUSSEN)}
    indeling.regels += sorted(overig, key=lambda r: (volgorde[r.status], vouw(r.gebied), r.bestand))
    return indeling


def _eerste_status(g: Gelezen, code: str, lijst: Gebiedenlijst) -> Regel:
    if g.onleesbaar:
        return Regel("", g.pad, ONLEESBAAR, g.onleesbaar, g)
    if g.code != code:
        return Regel(g.gebied, g.pad, ANDER_PROGRAMMA,
                     f"een {g.code.upper()}-werkboek; deze verzameling is {code.upper()}: niet gelezen en niet "
                     "meegeteld", g)
    if not g.gebied:
        hint = _lijkt_op(g.pad, lijst)
        return Regel("", g.pad, ONBEKEND_GEBIED,
                     f"de cel van het gebied ({g.gebied_plaats or nm.GEBIED}) is leeg; het gebied wordt uit het "
                     f"werkboek gelezen, niet uit de bestandsnaam{hint}", g)
    try:
        gebied = lijst.zoek(g.gebied).naam
    except InvoerFout as fout:
        if g.is_totaal:
            return Regel(g.gebied, g.pad, ONBEKEND_GEBIED, "het totaal van xl-opgave fill (totaal.xlsx), geen werkboek "
                         "van één gebied: telt niet mee", g)
        return Regel(g.gebied, g.pad, ONBEKEND_GEBIED, f"{fout.melding} ({g.gebied_plaats})", g)
    return Regel(gebied, g.pad, "", "", g)


def _lijkt_op(pad: str, lijst: Gebiedenlijst) -> str:
    """' (de bestandsnaam lijkt op 'X')' when the file's name is a gebied of the list, as a hint only."""
    stam = Path(pad).stem.replace("_", " ")
    try:
        return f" (de bestandsnaam lijkt op {lijst.zoek(stam).naam!r}: vul het gebied in en sla het werkboek op)"
    except InvoerFout:
        return ""


def _eigen_status(regel: Regel) -> None:
    g = regel.gelezen
    assert g is not None
    if g.versie != nm.SJABLOON_VERSIE:
        regel.status = OUDE_VERSIE
        regel.toelichting = (f"gemaakt met sjabloonversie {g.versie or 'onbekend'}, de huidige is "
                             f"{nm.SJABLOON_VERSIE}; telt mee in de som van alle leesbare werkboeken, niet in die "
                             f"van de werkboeken in orde")
    elif g.bevindingen:
        regel.status = BEVINDINGEN
        regel.toelichting = f"{_aantal(len(g.bevindingen), 'bevinding', 'bevindingen')}: {g.bevindingen[0].tekst()}"
    else:
        regel.status = IN_ORDE
        regel.toelichting = ""
    if not g.berekend and g.invoerfout:
        regel.toelichting += ("; " if regel.toelichting else "") + (
            f"geen uitkomsten: de invoer is niet te lezen ({g.invoerfout}); telt niet mee")
    if g.afwijkend:
        regel.toelichting += ("; " if regel.toelichting else "") + (
            f"opgeslagen waarden wijken af van de herberekening bij {_aantal(len(g.afwijkend), 'benoemde uitkomst', 'benoemde uitkomsten')} "
            "(opgeslagen zonder herberekenen, of formules gewijzigd); de herberekende tellen")


def _dubbel(regels: list[Regel], nieuwste: bool) -> None:
    namen = [r.bestand for r in regels]
    gekozen: Regel | None = None
    reden = ""
    if nieuwste:
        tijden = [r.gelezen.opgeslagen if r.gelezen else None for r in regels]
        if any(t is None for t in tijden):
            reden = "niet van elk bestand zegt het werkboek wanneer het is opgeslagen: --nieuwste kan niet kiezen"
        else:
            hoogste = max(tijden)  # type: ignore[type-var]
            kandidaten = [r for r, t in zip(regels, tijden, strict=True) if t == hoogste]
            if len(kandidaten) == 1:
                gekozen = kandidaten[0]
            else:
                reden = (f"{len(kandidaten)} bestanden zijn op hetzelfde moment opgeslagen ({_tijd(hoogste)}): "
                         "--nieuwste kan niet kiezen")
    for regel in regels:
        anderen = ", ".join(n for n in namen if n != regel.bestand)
        if regel is gekozen:
            _eigen_status(regel)
            toelichting = f"nieuwste van {len(regels)} bestanden voor dit gebied (opgeslagen {_tijd(regel.gelezen.opgeslagen)}); " \
                          f"{anderen} {'telt' if len(regels) == 2 else 'tellen'} niet mee (--nieuwste)"
            regel.toelichting = toelichting + (f"; {regel.toelichting}" if regel.toelichting else "")
        elif gekozen is not None:
            regel.status, regel.opgelost = DUBBEL, True
            regel.toelichting = (f"ouder dan {gekozen.bestand} (opgeslagen {_tijd(regel.gelezen.opgeslagen)}); telt "
                                 "niet mee (--nieuwste)")
        else:
            regel.status = DUBBEL
            regel.toelichting = (f"ook {anderen} is voor dit gebied; geen telt mee tot er één over is"
                                 + (f" ({reden})" if reden else " (of kies met --nieuwste het laatst opgeslagen)"))


def _tijd(tijd) -> str:  # noqa: ANN001 - a datetime or None
    return tijd.strftime("%d-%m-%Y %H:%M:%S UTC") if tijd is not None else "onbekend"


def _aantal(n: int, een: str, meer: str) -> str:
    return f"{getal_nl(n, 0)} {een if n == 1 else meer}"
