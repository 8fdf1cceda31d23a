"""The template as a fill-in form: its package cut once around every cell that differs per gebied.

`werkboek_bytes` builds a workbook with XlsxWriter (~120 ms). For a batch of gebieden the template is
built once (for the programme's shape without amounts), together with the recording of every cell
whose content depends on the programme (`werkboek.sjabloon.Opname`): the input cells (by defined
name), the formula cells (getter of the cached value, the sheet titles with the gebied among them), the
text cells that name a data file, and every sheet's page header and footer (the footer names the gebied).
Each sheet part is then cut into fixed text and slots; per gebied only the slots are rendered, the
changed parts deflated and every other zip member copied as raw bytes (`pakket._Pakket.schrijf`).

The result has, cell for cell, the values and formulas `werkboek_bytes` writes for that gebied;
texts are written as inline strings (never as formulas), so the bytes of the sheet parts differ.
The chart's cached series values are rendered from the same cached cell values.
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
    _xml_tekst,
    _zoek_naam,
    _zonder,
    kolomnummer,
)
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.sjabloon import Opname, Stand


@dataclass(frozen=True)
class _Slot:
    soort: str  # 'invoer' | 'formule' | 'tekst' | 'kopvoet'
    sleutel: object  # invoer: (name, index); formule/tekst: (sheet, cell); kopvoet: sheet
    attributen: str  # the <c> attributes without t/cm/vm (keeps r and s)
    formule: str = ""  # the <f>…</f> element of a formula cell, verbatim


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
        # Cut each sheet part into fixed text and slots.
        self.delen: dict[str, tuple[list[str], list[_Slot]]] = {}
        for blad, doelen in per_blad.items():
            deel = werkboek.blad_deel(blad)
            tekst = self.pakket.tekst(deel)
            ontleed = _Blad.lees(tekst, f"{bron} [{deel}]")
            stukken: list[tuple[int, int, _Slot]] = []
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
                    schoon = _zonder(attributen, "t", "cm", "vm")
                    formule = ""
                    if slot.soort == "formule":
                        f = re.search(r"<f\b[^>]*/>|<f\b.*?</f>", binnen, re.S)
                        if f is None:
                            raise ValueError(f"sjabloon: {blad}!{_celref(r, k)} is geen formule")
                        formule = f.group(0)
                    stukken.append((begin, eind, _Slot(slot.soort, slot.sleutel, schoon, formule)))
            if blad in opname.kopvoet:
                treffer = _KOPVOET.search(tekst)
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
