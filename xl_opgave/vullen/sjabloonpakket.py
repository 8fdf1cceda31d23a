"""The template as a fill-in form: its package cut once around every cell that differs per gebied.

`werkboek_bytes` builds a workbook with XlsxWriter (~120 ms). For a batch of gebieden the template is
built once (for the programme's shape without amounts), together with the recording of every cell
whose content depends on the programme (`werkboek.sjabloon.Opname`): the input cells (by defined
name), the formula cells (getter of the cached value, the sheet titles with the gebied among them), the
text cells that name a data file, every sheet's page header and footer (the footer names the gebied),
and the rows whose height follows such texts, with the page breaks that follow from those heights.
Each sheet part is then cut into fixed text and slots; per gebied only the slots are rendered, the
changed parts deflated and every other zip member copied as raw bytes (`pakket._Pakket.schrijf`).

The result has, cell for cell, the values and formulas `werkboek_bytes` writes for that gebied, and
the same row heights and page breaks; texts are written as inline strings (never as formulas), so the
bytes of the sheet parts differ, and the shared-string table's `count` is set once for the cells that
no longer refer to it (its strings stay, so `uniqueCount` stays true). The chart's cached series values
are rendered from the same cached cell values.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from xl_opgave.core.model import Programma
from xl_opgave.vullen.pakket import (
    FOUTWAARDEN,
    _bereik,
    _Blad,
    _celref,
    _lees_werkboek,
    _Pakket,
    _splits_cel,
    _xml_tekst,
    _zoek_naam,
    _zonder,
    gedeelde_teksten_geteld,
    kolomnummer,
)
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.sjabloon import Opname, Stand
from xl_opgave.werkboek.xmlstroom import attribuutwaarde


@dataclass(frozen=True)
class _Slot:
    soort: str  # 'invoer' | 'formule' | 'tekst' | 'kopvoet' | 'rij'
    sleutel: object  # invoer: (name, index); formule/tekst: (sheet, cell); kopvoet: sheet; rij: (sheet, 0-based row)
    attributen: str  # the <c> attributes without t/cm/vm (keeps r and s)
    formule: str = ""  # the <f>…</f> element of a formula cell, verbatim
    rij: tuple[tuple[str, str], ...] = ()  # the <row> element's attributes (a 'rij' slot)


_BIJZONDER = re.compile(r"[&<>_\x00-\x1f\ud800-\udfff\ufffe\uffff]")  # all that _xml_tekst escapes


def _tekst(tekst: str) -> str:
    """Text for XML (fast path: most texts need no escaping)."""
    return _xml_tekst(tekst) if _BIJZONDER.search(tekst) else tekst


def _invoer_xml(attributen: str, waarde: object) -> str:
    """An input or text cell as XlsxWriter writes it (numbers %.16G), text as an inline string."""
    if waarde is None or waarde == "":
        return f"<c{attributen}/>"
    if isinstance(waarde, bool):
        return f'<c{attributen} t="b"><v>{int(waarde)}</v></c>'
    if isinstance(waarde, int | float):
        return f"<c{attributen}><v>{waarde:.16G}</v></c>"
    tekst = str(waarde)
    ruimte = ' xml:space="preserve"' if tekst != tekst.strip() or "\n" in tekst else ""
    return f'<c{attributen} t="inlineStr"><is><t{ruimte}>{_tekst(tekst)}</t></is></c>'


def _kopvoet_xml(kop: str, voet: str) -> str:
    """A sheet's page header and footer as XlsxWriter writes them (the gebied is in the footer)."""
    return (f"<headerFooter><oddHeader>{_tekst(kop)}</oddHeader><oddFooter>{_tekst(voet)}</oddFooter>"
            "</headerFooter>")


_KOPVOET = re.compile(r"<headerFooter\b.*?</headerFooter>", re.S)
_KOPVOET_BREUKEN = re.compile(r"<headerFooter\b.*?</headerFooter>(?:<rowBreaks\b.*?</rowBreaks>)?", re.S)
# XlsxWriter's order of a <row>'s attributes; a height that is not the default 20 pixels is written as
# ht (in points, from whole pixels) with customHeight.
_RIJ_VOLGORDE = ("r", "spans", "s", "customFormat", "ht", "hidden", "customHeight", "outlineLevel", "collapsed")
_STANDAARD_PIXELS = 20


def _rij_xml(attributen: tuple[tuple[str, str], ...], hoogte: float) -> str:
    """A row's start tag with this height, as XlsxWriter's set_row writes it."""
    uit = {k: v for k, v in attributen if k not in ("ht", "customHeight")}
    pixels = int(hoogte * 4.0 / 3.0 + 0.5)
    if pixels != _STANDAARD_PIXELS:
        uit["ht"] = f"{pixels * 0.75:.16g}"
        uit["customHeight"] = "1"
    plaats = {k: i for i, k in enumerate(_RIJ_VOLGORDE)}
    volgorde = sorted(uit, key=lambda k: plaats.get(k, len(_RIJ_VOLGORDE)))
    return "<row" + "".join(f' {k}="{attribuutwaarde(uit[k])}"' for k in volgorde) + ">"


def breuken_xml(breuken: list[int]) -> str:
    """<rowBreaks> as XlsxWriter writes it (a page starts at each 0-based row); '' without breaks."""
    if not breuken:
        return ""
    brk = "".join(f'<brk id="{r}" max="16383" man="1"/>' for r in sorted(set(breuken)))
    return f'<rowBreaks count="{len(set(breuken))}" manualBreakCount="{len(set(breuken))}">{brk}</rowBreaks>'


def _formule_xml(attributen: str, formule: str, waarde: object) -> str:
    """A formula cell with its cached value, as XlsxWriter's write_formula writes it."""
    if waarde is None:
        return f"<c{attributen}>{formule}</c>"
    if isinstance(waarde, bool):
        return f'<c{attributen} t="b">{formule}<v>{int(waarde)}</v></c>'
    if isinstance(waarde, int | float):
        return f"<c{attributen}>{formule}<v>{waarde}</v></c>"
    tekst = str(waarde)
    if tekst == "":
        return f"<c{attributen}>{formule}<v></v></c>"
    soort = "e" if tekst in FOUTWAARDEN else "str"
    return f'<c{attributen} t="{soort}">{formule}<v>{_tekst(tekst)}</v></c>'


_NUMREF = re.compile(
    r"(<c:numRef><c:f>)([^<]+)(</c:f>)<c:numCache>.*?</c:numCache>", re.S
)
_REEKS = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!]+))!\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$")


def _grafiekcellen(verwijzing: str) -> list[tuple[str, str]]:
    treffer = _REEKS.match(verwijzing)
    if not treffer:
        return []
    blad = (treffer.group(1) or "").replace("''", "'") or treffer.group(2)
    k1, r1 = treffer.group(3), int(treffer.group(4))
    k2, r2 = treffer.group(5) or k1, int(treffer.group(6) or r1)
    if k1 != k2:
        return []
    return [(blad, f"{k1}{r}") for r in range(r1, r2 + 1)]


def _num_cache(waarden: list[object]) -> str:
    """<c:numCache> as XlsxWriter writes it: General, the count, one point per number (text as 0)."""
    delen = [f'<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="{len(waarden)}"/>']
    for i, waarde in enumerate(waarden):
        if waarde is None:
            continue
        getal = waarde if isinstance(waarde, int | float) and not isinstance(waarde, bool) else 0
        delen.append(f'<c:pt idx="{i}"><c:v>{getal}</c:v></c:pt>')
    delen.append("</c:numCache>")
    return "".join(delen)


class Sjabloonpakket:
    """A template package prepared for many fills: `vul(programma)` → the gebied's workbook bytes."""

    def __init__(self, data: bytes, opname: Opname, invoernamen: Mapping[str, object], bron: str = "sjabloon") -> None:
        self.opname = opname
        self.pakket = _Pakket(data, bron)
        werkboek = _lees_werkboek(self.pakket)
        self._breuken: dict[tuple[str, tuple[tuple[int, float], ...]], list[int]] = {}
        # Target cells per sheet: (row, column) → slot.
        per_blad: dict[str, dict[tuple[int, int], _Slot]] = {}
        self.invoer_aantal: dict[str, int] = {}
        for naam in invoernamen:
            gevonden = _zoek_naam(werkboek, naam)
            if gevonden is None:
                raise ValueError(f"sjabloon zonder naam {naam}")
            gebied = _bereik(werkboek, gevonden, bron)
            cellen = gebied.cellen()
            self.invoer_aantal[naam] = len(cellen)
            for i, (r, k) in enumerate(cellen):
                per_blad.setdefault(gebied.blad, {})[(r, k)] = _Slot("invoer", (naam, i), "")
        for soort, plaatsen in (("formule", opname.formules), ("tekst", opname.teksten)):
            for blad, cel in plaatsen:
                treffer = re.fullmatch(r"([A-Z]+)(\d+)", cel)
                assert treffer
                per_blad.setdefault(blad, {})[(int(treffer.group(2)), kolomnummer(treffer.group(1)))] = _Slot(
                    soort, (blad, cel), ""
                )
        master = _zoek_naam(werkboek, nm.CONTROLE_TOTAAL)
        gebied = _bereik(werkboek, master, bron) if master else None
        self.master: tuple[str, str] | None = (gebied.blad, _celref(gebied.r1, gebied.k1)) if gebied else None
        for blad in opname.kopvoet:
            per_blad.setdefault(blad, {})
        # Where the value of a cell a row's height depends on comes from, per gebied.
        self.rijcellen: dict[tuple[str, str], _Slot] = {}
        for (blad, _), maat in opname.rijen.items():
            for cel, _ in maat.cellen:
                slot = per_blad.get(blad, {}).get(_splits_cel(cel))
                if slot is None:
                    raise ValueError(f"sjabloon: de hoogte van een rij hangt af van {blad}!{cel}, geen invulcel")
                self.rijcellen[(blad, cel)] = slot
        rijen_per_blad: dict[str, set[int]] = {}
        for blad, r0 in opname.rijen:
            rijen_per_blad.setdefault(blad, set()).add(r0 + 1)
        # Cut each sheet part into fixed text and slots.
        self.delen: dict[str, tuple[list[str], list[_Slot]]] = {}
        gedeeld_weg = 0  # slot cells that refer to the shared-string table in the template
        ontlede: dict[str, _Blad] = {}
        for blad, doelen in per_blad.items():
            deel = werkboek.blad_deel(blad)
            tekst = self.pakket.tekst(deel)
            ontleed = ontlede[deel] = _Blad.lees(tekst, f"{bron} [{deel}]")
            stukken: list[tuple[int, int, _Slot]] = []
            for rij in sorted(rijen_per_blad.get(blad, ())):
                if rij not in ontleed.rijen:
                    raise ValueError(f"sjabloon: rij {rij} ontbreekt op blad {blad}")
                begin, eind, kop_eind, _ = ontleed.rijen[rij]
                if kop_eind == eind:
                    raise ValueError(f"sjabloon: rij {rij} op blad {blad} is leeg")
                stukken.append((begin, kop_eind, _Slot("rij", (blad, rij - 1), "",
                                                       rij=tuple(ontleed.rij_attributen[rij].items()))))
            rijen = sorted({r for r, _ in doelen})
            for rij in rijen:
                if rij not in ontleed.rijen:
                    raise ValueError(f"sjabloon: rij {rij} ontbreekt op blad {blad}")
                aanwezig = {k: (b, e, a, i) for k, b, e, a, i in ontleed.cellen_in_rij(rij, bron)}
                for (r, k), slot in doelen.items():
                    if r != rij:
                        continue
                    if k not in aanwezig:
                        raise ValueError(f"sjabloon: cel {blad}!{_celref(r, k)} ontbreekt")
                    begin, eind, attributen, binnen = aanwezig[k]
                    gedeeld_weg += ' t="s"' in attributen
                    schoon = _zonder(attributen, "t", "cm", "vm")
                    formule = ""
                    if slot.soort == "formule":
                        f = re.search(r"<f\b[^>]*/>|<f\b.*?</f>", binnen, re.S)
                        if f is None:
                            raise ValueError(f"sjabloon: {blad}!{_celref(r, k)} is geen formule")
                        formule = f.group(0)
                    stukken.append((begin, eind, _Slot(slot.soort, slot.sleutel, schoon, formule)))
            if blad in opname.kopvoet:
                # With rows whose height differs per gebied, the page breaks after the footer do too.
                treffer = (_KOPVOET_BREUKEN if blad in rijen_per_blad else _KOPVOET).search(tekst)
                if treffer is None:
                    raise ValueError(f"sjabloon: blad {blad} heeft geen kop- en voettekst")
                stukken.append((treffer.start(), treffer.end(), _Slot("kopvoet", blad, "")))
            stukken.sort(key=lambda s: s[0])
            vast: list[str] = []
            slots: list[_Slot] = []
            positie = 0
            for begin, eind, slot in stukken:
                vast.append(tekst[positie:begin])
                slots.append(slot)
                positie = eind
            vast.append(tekst[positie:])
            self.delen[deel] = (vast, slots)
        # The slot cells are written as inline strings or numbers, never as shared strings: the table's
        # count of references is set once (every other sheet of the template counted as it is).
        for _, deel in werkboek.bladen:
            if deel and deel not in ontlede:
                ontlede[deel] = _Blad.lees(self.pakket.tekst(deel), f"{bron} [{deel}]")
        if gedeeld_weg:
            totaal = sum(cel.soort == "s" for b in ontlede.values() for cellen in b.cellen.values() for cel in cellen)
            nieuw = gedeelde_teksten_geteld(self.pakket, werkboek, totaal - gedeeld_weg)
            if nieuw:
                self.pakket = _Pakket(self.pakket.schrijf(nieuw), bron)
        # Charts: the numeric caches of series on the template's own cells.
        self.grafieken: dict[str, tuple[list[str], list[list[tuple[str, str]]]]] = {}
        for naam in sorted(self.pakket.namen):
            if not re.fullmatch(r"xl/charts/chart\d+\.xml", naam):
                continue
            tekst = self.pakket.tekst(naam)
            vast, reeksen, positie = [], [], 0
            for treffer in _NUMREF.finditer(tekst):
                cellen = _grafiekcellen(treffer.group(2))
                if not cellen or not all(c in opname.formules for c in cellen):
                    continue
                kop_eind = treffer.start() + len(treffer.group(1)) + len(treffer.group(2)) + len(treffer.group(3))
                vast.append(tekst[positie:kop_eind])
                reeksen.append(cellen)
                positie = treffer.end()
            if reeksen:
                vast.append(tekst[positie:])
                self.grafieken[naam] = (vast, reeksen)

    @property
    def data(self) -> bytes:
        """The prepared template package (what every gebied's workbook copies its other parts from)."""
        return self.pakket.data

    def _pagina(self, blad: str, hoogtes: dict[int, float]) -> list[int]:
        """A sheet's page breaks with these row heights (computed once per distinct set of heights)."""
        sleutel = (blad, tuple(sorted(hoogtes.items())))
        if sleutel not in self._breuken:
            self._breuken[sleutel] = self.opname.breuken(blad, hoogtes)
        return self._breuken[sleutel]

    def delen_voor(self, stand: Stand) -> dict[str, bytes]:
        """The new text of every part that differs per programme."""
        cache = self.opname.cache(stand)
        teksten = self.opname.tekstwaarden(stand)
        kopvoet = self.opname.kopvoetteksten(stand)
        invoer: dict[str, list[object]] = {}
        for naam, aantal in self.invoer_aantal.items():
            waarde = stand.w.get(naam)
            if isinstance(waarde, list | tuple):
                lijst = list(waarde)
            else:
                lijst = [waarde]
            if len(lijst) != aantal:
                raise ValueError(f"{naam}: {len(lijst)} waarden voor {aantal} cellen")
            invoer[naam] = lijst

        def celwaarde(blad: str, cel: str) -> object:
            slot = self.rijcellen[(blad, cel)]
            if slot.soort == "invoer":
                naam, index = slot.sleutel  # type: ignore[misc]
                return invoer[naam][index]
            return (cache if slot.soort == "formule" else teksten)[slot.sleutel]  # type: ignore[index]

        hoogtes: dict[str, dict[int, float]] = {}
        for (blad, r0), maat in self.opname.rijen.items():
            hoogtes.setdefault(blad, {})[r0] = maat.hoogte(lambda cel, blad=blad: celwaarde(blad, cel))
        breuken = {blad: self._pagina(blad, h) for blad, h in hoogtes.items()}
        nieuw: dict[str, bytes] = {}
        for deel, (vast, slots) in self.delen.items():
            uit = [vast[0]]
            for slot, volgend in zip(slots, vast[1:], strict=True):
                if slot.soort == "formule":
                    uit.append(_formule_xml(slot.attributen, slot.formule, cache[slot.sleutel]))  # type: ignore[index]
                elif slot.soort == "tekst":
                    uit.append(_invoer_xml(slot.attributen, teksten[slot.sleutel]))  # type: ignore[index]
                elif slot.soort == "kopvoet":
                    uit.append(_kopvoet_xml(*kopvoet[slot.sleutel]))  # type: ignore[index]
                    if slot.sleutel in breuken:
                        uit.append(breuken_xml(breuken[slot.sleutel]))  # type: ignore[index]
                elif slot.soort == "rij":
                    blad, r0 = slot.sleutel  # type: ignore[misc]
                    uit.append(_rij_xml(slot.rij, hoogtes[blad][r0]))
                else:
                    naam, index = slot.sleutel  # type: ignore[misc]
                    uit.append(_invoer_xml(slot.attributen, invoer[naam][index]))
                uit.append(volgend)
            nieuw[deel] = "".join(uit).encode("utf-8")
        for deel, (vast, reeksen) in self.grafieken.items():
            uit = [vast[0]]
            for cellen, volgend in zip(reeksen, vast[1:], strict=True):
                uit.append(_num_cache([cache[c] for c in cellen]))
                uit.append(volgend)
            nieuw[deel] = "".join(uit).encode("utf-8")
        return nieuw

    def controle(self, stand: Stand) -> int:
        """The master check (Controle_Totaal) of this programme's workbook: 1 when every check passes."""
        if self.master is None:
            return 1
        return int(self.opname.formules[self.master](stand))  # type: ignore[call-overload]

    def vul(self, programma: Programma, stand: Stand | None = None) -> bytes:
        """The complete workbook of this programme (e.g. one gebied's figures)."""
        stand = stand or Stand(programma)
        return self.pakket.schrijf(self.delen_voor(stand), niveau=1)
