"""The template reader's cells by address: what `lezer` reads of every workbook, with a memory of rows.

`lees_adressen(pakket, deel, gevraagd, gedeeld, onthoud=...)` gives the cells asked for ({5: {'C5', 'D5'}})
of one sheet part by address, as `pakketlezer.lees_cellen` reads them (shared strings and shared
formulas filled in). The sheet is read in chunks of complete rows (`pakketlezer.rij_stukken`: DTD
refused, truncation refused, every chunk parsed, so XML that is not well-formed is refused also in a
row nobody asked for); per row only the cells asked for, and the masters of shared formulas, are taken.

`verzamel` reads the same template sheets of a thousand returned workbooks, and most of their rows are
byte for byte the same in every one (labels, inputs nobody changed, the checks). With `onthoud` (a key
that stands for this very `gevraagd` for the life of the process: the reader's plan of a workbook
shape), each chunk is cut into stretches at every '</row>' (outside a comment or CDATA section, which
Excel and LibreOffice never write in sheetData, it can only be a row's end tag, as the chunking relies
on too), and a stretch whose bytes were parsed before, under the same root start tag (which declares
the namespaces) and the same key, gives the cells it gave then: the same bytes in the same context are
the same elements. A stretch is only remembered when it parsed as whole elements on its own (a marker
element after each must come out at the top level) and each of its rows carries its own number (`r`).
The memory is bounded (`_GEHEUGEN_GRENS` bytes of stretches); once full, new stretches are parsed and
not kept, so a long run's memory stays flat. A remembered cell's `Cel` is shared (it is immutable).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Collection, Hashable, Iterator, Mapping

from xl_opgave.werkboek.adressen import kolomletters, verschuif
from xl_opgave.werkboek.pakketlezer import (
    _C,
    _F,
    _IS,
    _ROW,
    _V,
    Cel,
    GedeeldeTeksten,
    _getal,
    _inline_tekst,
    _kolom,
    _Ruw,
    _waarde,
    ontleed_rijen,
    rij_stukken,
    vergeet_teksten,
)
from xl_opgave.werkboek.veilig import OnleesbaarBestand, Pakket

# A cell taken from a row: (ref, asked for, its Cel (None when it needs this workbook's shared strings or
# a master's formula), t, value (the index text for t="s"), formula text, f's t, f's ref, f's si).
RuweCel = tuple
Rijen = tuple[tuple[int, tuple[RuweCel, ...]], ...]  # per row: its number, the cells taken

_GEHEUGEN_GRENS = 4 * 1024 * 1024
_geheugen: dict[tuple[bytes, Hashable], dict[bytes, Rijen]] = {}  # (root start tag, key) → stretch → rows
_geheugen_gebruik = [0]
_GRENS_NS = "urn:xl-opgave:stuk"
_GRENS = f'<g xmlns="{_GRENS_NS}"/>'.encode()
_GRENS_TAG = f"{{{_GRENS_NS}}}g"
_RIJ_EN_GRENS = b"</row>" + _GRENS
_LEGE_CEL = Cel(None)


def vergeet() -> None:
    """Empty this process's memory of rows and shared strings (tests start from nothing)."""
    _geheugen.clear()
    _geheugen_gebruik[0] = 0
    vergeet_teksten()


def lees_adressen(pakket: Pakket, deel: str, gevraagd: Mapping[int, Collection[str]], gedeeld: GedeeldeTeksten,
                  *, onthoud: Hashable | None = None) -> dict[str, Cel]:
    """The cells asked for of one sheet part, by address; cells that are not there are left out."""
    laatste = max(gevraagd, default=0)
    uit: dict[str, Cel] = {}
    teksten: list[tuple[str, str | None, int]] = []  # cells holding a shared string: (ref, formula, index)
    kinderen: list[tuple[str, str, int]] = []  # cells of a shared formula: (ref, si, row)
    meesters: dict[str, tuple[int, int, str]] = {}
    for rij, cellen in _rijen(pakket, deel, gevraagd, onthoud):
        if rij > laatste:
            break  # a shared formula's master precedes its children: nothing further is needed
        for ref, gewild, cel, soort, waarde, f, f_t, f_ref, f_si in cellen:
            if f_t == "shared":
                if f and f_ref:
                    meesters[f_si or ""] = (rij, _kolom(ref, 0), f)
                elif gewild and not f and f_si is not None:
                    kinderen.append((ref, f_si, rij))
            if not gewild:
                continue
            if cel is None:
                formule = "=" + f if f is not None else None
                cel = Cel(None if soort == "s" else waarde, formule)
                if soort == "s":
                    index = _getal(waarde) if waarde is not None else None
                    if isinstance(index, int):
                        teksten.append((ref, formule, index))
            uit[ref] = cel
    if teksten:
        gedeeld.lees(i for _, _, i in teksten)
        for ref, formule, index in teksten:
            uit[ref] = Cel(gedeeld.tekst(index), formule)
    for ref, si, rij_ in kinderen:
        if si in meesters:
            m_rij, m_kolom, meester = meesters[si]
            uit[ref] = Cel(uit[ref].waarde, "=" + verschuif(meester, rij_ - m_rij, _kolom(ref, 0) - m_kolom))
    return uit


def _rijen(pakket: Pakket, deel: str, gevraagd: Mapping[int, Collection[str]], onthoud: Hashable | None
           ) -> Iterator[tuple[int, tuple[RuweCel, ...]]]:
    """Per row in document order: its number (a row without `r` follows the previous one) and the cells
    taken from it."""
    rij = 0
    for kop, slot, stuk in rij_stukken(pakket, deel):
        stukken = stuk.split(b"</row>")  # each without its '</row>'; the last one empty
        if onthoud is None or stukken[-1].strip() or b":row" in stuk or stuk.count(b"</row") != len(stukken) - 1:
            # Nothing to remember, or row ends written otherwise ('</x:row>', '</row >'): the chunk as one.
            gedeeld = _kan_gedeeld(stuk)
            for el in ontleed_rijen(pakket, deel, kop + stuk + slot):
                rij = int(r) if (r := el.get("r")) and r.isdigit() else rij + 1
                yield rij, _kies(el, rij, gevraagd.get(rij), gedeeld)
            continue
        del stukken[-1]
        geheugen = _geheugen.setdefault((kop, onthoud), {})
        bekend = [geheugen.get(s) for s in stukken]
        nieuw = [s for s, b in zip(stukken, bekend, strict=True) if b is None]
        elementen = _ontleed_stukken(pakket, deel, kop, slot, nieuw) if nieuw else []
        if elementen is None:  # not each stretch whole on its own: the chunk as one, remembered nowhere
            gedeeld = _kan_gedeeld(stuk)
            for el in ontleed_rijen(pakket, deel, kop + stuk + slot):
                rij = int(r) if (r := el.get("r")) and r.isdigit() else rij + 1
                yield rij, _kies(el, rij, gevraagd.get(rij), gedeeld)
            continue
        nieuwe = iter(elementen)
        for s, rijen_ in zip(stukken, bekend, strict=True):
            if rijen_ is None:
                gedeeld = _kan_gedeeld(s)
                genummerd = True
                gemaakt = []
                for el in next(nieuwe):
                    if (r := el.get("r")) and r.isdigit():
                        rij = int(r)
                    else:
                        rij, genummerd = rij + 1, False
                    gemaakt.append((rij, _kies(el, rij, gevraagd.get(rij), gedeeld)))
                rijen_ = tuple(gemaakt)
                if genummerd and _geheugen_gebruik[0] < _GEHEUGEN_GRENS:
                    geheugen[s] = rijen_
                    _geheugen_gebruik[0] += len(s)
            for rij, cellen in rijen_:
                yield rij, cellen


def _kan_gedeeld(stuk: bytes) -> bool:
    """Whether `stuk` may hold a shared formula (its 't' attribute is "shared", unless written with
    character references)."""
    return b"shared" in stuk or b"&" in stuk


def _ontleed_stukken(pakket: Pakket, deel: str, kop: bytes, slot: bytes, stukken: list[bytes]
                     ) -> list[list[ET.Element]] | None:
    """The row elements of each stretch (given without its '</row>'), all parsed at once with a marker
    element after each; None when a marker does not come out at the top level (a stretch that is not a
    sequence of whole elements)."""
    try:
        wortel = ET.fromstring(kop + _RIJ_EN_GRENS.join(stukken) + _RIJ_EN_GRENS + slot)
    except ET.ParseError:
        raise OnleesbaarBestand(pakket.pad, f"het onderdeel {deel} is geen geldige XML of is afgebroken.") from None
    uit: list[list[ET.Element]] = []
    huidig: list[ET.Element] = []
    for el in wortel:
        tag = el.tag
        if tag == _GRENS_TAG:
            uit.append(huidig)
            huidig = []
        elif tag in _ROW:
            huidig.append(el)
    if len(uit) != len(stukken) or huidig:
        return None
    return uit


def _kies(el: ET.Element, rij: int, wil: Collection[str] | None, gedeeld: bool) -> tuple[RuweCel, ...]:
    """The cells of row `el` (number `rij`) that are asked for (`wil`), and, where the row may hold shared
    formulas, the masters among the others, as `RuweCel`."""
    if wil is None and not gedeeld:
        return ()
    c_tags, v_tags, f_tags, is_tags = _C, _V, _F, _IS
    uit: list[RuweCel] = []
    vorige: str | None = None
    kolom = 0
    for c in el:
        if c.tag not in c_tags:
            continue
        ref = c.get("r")
        if ref is None:  # allowed: the column after the previous cell's
            kolom = (_kolom(vorige, kolom) if vorige else kolom) + 1
            ref, vorige = f"{kolomletters(kolom)}{rij}", None
        else:
            vorige = ref
        if wil is None or ref not in wil:
            if gedeeld:
                meester = None
                for kind in c:
                    if kind.tag in f_tags and kind.get("t") == "shared" and kind.get("ref") and kind.text:
                        meester = (ref, False, None, None, None, kind.text, "shared", kind.get("ref"), kind.get("si"))
                if meester is not None:
                    uit.append(meester)
            continue
        soort = c.get("t", "n")
        if not len(c):  # a cell with only a style: empty, whatever its type
            uit.append((ref, True, None if soort == "s" else _LEGE_CEL, soort, None, None, None, None, None))
            continue
        v = f = f_t = f_ref = f_si = inline = None
        for kind in c:
            tag = kind.tag
            if tag in v_tags:
                v = kind.text or ""
            elif tag in f_tags:
                f = kind.text or ""
                f_t, f_ref, f_si = kind.get("t"), kind.get("ref"), kind.get("si")
            elif tag in is_tags:
                inline = _inline_tekst(kind)
        waarde: object
        if soort == "n":  # the common cell: a number (or empty)
            waarde = (_getal(v) if v.strip() else None) if v is not None else None
        elif soort == "s":  # the index, taken up with this workbook's shared strings
            waarde = v
        else:
            waarde = _waarde(_Ruw(soort, v, f, None, inline), None)  # type: ignore[arg-type] - no shared string
        # The cell's `Cel` now, unless it needs this workbook's shared strings or a master's formula.
        cel = None if soort == "s" or (f_t == "shared" and not f) else Cel(waarde, "=" + f if f is not None else None)
        uit.append((ref, True, cel, soort, waarde, f, f_t, f_ref, f_si))
    return tuple(uit)
