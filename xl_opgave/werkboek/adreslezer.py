"""The template reader's cells by address: what `lezer` reads of every workbook, with a memory of rows.

`lees_adressen(pakket, deel, gevraagd, gedeeld, onthoud=...)` gives the cells asked for ({5: {'C5', 'D5'}})
of one sheet part by address, as `pakketlezer.lees_cellen` reads them (shared strings and shared
formulas filled in). The sheet is read in chunks of complete rows (`pakketlezer.rij_stukken`: DTD
refused, truncation refused, every chunk parsed, so XML that is not well-formed is refused also in a
row nobody asked for); per row only the cells asked for, and the masters of shared formulas, are taken.

`verzamel` reads the same template sheets of a thousand returned workbooks: their rows are the same but
for the values (the texts of <v> elements). With `onthoud` (a key that stands for this very `gevraagd`
for the life of the process: the reader's plan of a workbook shape), each chunk is cut into stretches
at every '</row>' (outside a comment or CDATA section, which Excel and LibreOffice never write in
sheetData, it can only be a row's end tag, as the chunking relies on too). A stretch's skeleton is its
bytes with the text taken out of every plain <v> whose text is character data as it stands (`_V_TEKST`:
printable ASCII without '<', '&', ']' or CR; any other <v> stays in the skeleton). A stretch whose
skeleton was parsed before, under the same root start tag (which declares the namespaces) and the
same key, gives the cells it gave then, each <v> value made anew from this stretch's own text: the
skeleton is well-formed whole elements (it parsed so), and putting character data back where a text
was keeps it so and changes only that element's text. The skeleton is parsed with a mark in place of
each text, so which cell's value is which text is known by the mark, not by counting. A stretch is only remembered when it parsed as whole elements on its own (a marker
element after each must come out at the top level) and each of its rows carries its own number (`r`).
The memory is bounded (`_GEHEUGEN_GRENS` bytes of stretches); once full, new stretches are parsed and
not kept, so a long run's memory stays flat. A remembered cell's `Cel` is shared (it is immutable).
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Collection, Hashable, Iterator, Mapping

from xl_opgave.werkboek.adressen import kolomletters, verschuif
from xl_opgave.werkboek.pakketlezer import (
    _C,
    _F,
    _IS,
    _ROW,
    _V,
    INT_CIJFERS,
    Cel,
    GedeeldeTeksten,
    _geheel,
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

# A cell taken from a row: (ref, asked for, its Cel (None when it needs this workbook's shared strings, a
# master's formula or its own <v> text), t, value (the index text for t="s"), formula text, f's t, f's ref,
# f's si, bron: the index of the stretch's <v> text that holds its value, or -1).
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
# The text of a plain <v> (no attributes, no prefix) that is certainly character data as it stands:
# printable ASCII, tab and newline, without '<', '&' (no references to resolve), ']' (no ']]>') or CR (no
# line ends to normalise). Taken out of a stretch, it leaves the stretch's skeleton; any other <v> stays
# in the skeleton as it is.
_V_TEKST = re.compile(rb"<v>([\t\n\x20-\x25\x27-\x3b\x3d-\x5c\x5e-\x7e]*)</v>")
_LEGE_V = b"<v></v>"
# A mark stands for the i-th text in the parse of a skeleton: private-use characters around a number
# unique to this process, so no text a workbook holds is taken for one.
_MERK = f"\ue000{os.urandom(8).hex()}:{{}}\ue001"


def _merk(i: int) -> str:
    return _MERK.format(i)


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
    for rij, cellen, waarden in _rijen(pakket, deel, gevraagd, onthoud):
        if rij > laatste:
            break  # a shared formula's master precedes its children: nothing further is needed
        for ref, gewild, cel, soort, waarde, f, f_t, f_ref, f_si, bron in cellen:
            if f_t == "shared":
                if f and f_ref:
                    meesters[f_si or ""] = (rij, _kolom(ref, 0), f)
                elif gewild and not f and f_si is not None:
                    kinderen.append((ref, f_si, rij))
            if not gewild:
                continue
            if bron >= 0:  # its value is this workbook's text of a <v> (see `_rijen`)
                tekst = waarden[bron]
                waarde = _getal_bytes(tekst) if soort == "n" else _van_v(soort, tekst.decode("ascii"), f)
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
           ) -> Iterator[tuple[int, tuple[RuweCel, ...], list[bytes]]]:
    """Per row in document order: its number (a row without `r` follows the previous one), the cells
    taken from it, and the texts of the plain <v> elements of its stretch (for the cells whose value
    is one of them: `RuweCel` bron)."""
    rij = 0
    for kop, slot, stuk in rij_stukken(pakket, deel):
        stukken = stuk.split(b"</row>")  # each without its '</row>'; the last one empty
        if onthoud is None or stukken[-1].strip() or b":row" in stuk or stuk.count(b"</row") != len(stukken) - 1:
            # Nothing to remember, or row ends written otherwise ('</x:row>', '</row >'): the chunk as one.
            rijen_ = _rijen_van_het_stuk(pakket, deel, kop + stuk + slot, _kan_gedeeld(stuk), gevraagd, rij)
            yield from rijen_
            rij = rijen_[-1][0] if rijen_ else rij
            continue
        del stukken[-1]
        geheugen = _geheugen.setdefault((kop, onthoud), {})
        # A stretch is remembered by its skeleton: its bytes with the text of every plain <v> taken out.
        delen = [_V_TEKST.split(s) for s in stukken]
        skeletten = [d[0] if len(d) == 1 else _LEGE_V.join(d[::2]) for d in delen]
        bekend = [geheugen.get(k) for k in skeletten]
        nieuw = [d for d, b in zip(delen, bekend, strict=True) if b is None]
        elementen = _ontleed_stukken(pakket, deel, kop, slot, nieuw) if nieuw else []
        if elementen is None:  # not each stretch whole on its own: the chunk as one, remembered nowhere
            rijen_ = _rijen_van_het_stuk(pakket, deel, kop + stuk + slot, _kan_gedeeld(stuk), gevraagd, rij)
            yield from rijen_
            rij = rijen_[-1][0] if rijen_ else rij
            continue
        nieuwe = iter(elementen)
        for skelet, d, rijen_ in zip(skeletten, delen, bekend, strict=True):
            if rijen_ is None:
                gedeeld = _kan_gedeeld(skelet)
                merken = {_merk(i): i for i in range(len(d) // 2)}
                genummerd = True
                gemaakt = []
                for el in next(nieuwe):
                    if (nummer := _geheel(el.get("r"))) is not None:
                        rij = nummer
                    else:
                        rij, genummerd = rij + 1, False
                    gemaakt.append((rij, _kies(el, rij, gevraagd.get(rij), gedeeld, merken)))
                rijen_ = tuple(gemaakt)
                if genummerd and _geheugen_gebruik[0] < _GEHEUGEN_GRENS:
                    geheugen[skelet] = rijen_
                    _geheugen_gebruik[0] += len(skelet)
            waarden = d[1::2]
            for rij, cellen in rijen_:
                yield rij, cellen, waarden


def _rijen_van_het_stuk(pakket: Pakket, deel: str, xml: bytes, gedeeld: bool,
                        gevraagd: Mapping[int, Collection[str]], rij: int
                        ) -> list[tuple[int, tuple[RuweCel, ...], list[bytes]]]:
    """The rows of a chunk parsed as one (nothing remembered), numbered on from `rij`."""
    uit = []
    for el in ontleed_rijen(pakket, deel, xml):
        rij = nummer if (nummer := _geheel(el.get("r"))) is not None else rij + 1
        uit.append((rij, _kies(el, rij, gevraagd.get(rij), gedeeld, None), []))
    return uit


def _kan_gedeeld(stuk: bytes) -> bool:
    """Whether `stuk` may hold a shared formula (its 't' attribute is "shared", unless written with
    character references)."""
    return b"shared" in stuk or b"&" in stuk


def _ontleed_stukken(pakket: Pakket, deel: str, kop: bytes, slot: bytes, stukken: list[list[bytes]]
                     ) -> list[list[ET.Element]] | None:
    """The row elements of each stretch (given as `_V_TEKST.split` of it, without its '</row>'), all parsed
    at once with a marker element after each, and each plain <v>'s text as its mark (`_merk`); None when
    a marker element does not come out at the top level (a stretch that is not a sequence of whole
    elements)."""
    gemerkt = []
    for delen in stukken:
        if len(delen) == 1:
            gemerkt.append(delen[0])
        else:
            gemerkt.append(b"".join(deel if i % 2 == 0 else b"<v>" + _merk(i // 2).encode() + b"</v>"
                                    for i, deel in enumerate(delen)))
    try:
        wortel = ET.fromstring(kop + _RIJ_EN_GRENS.join(gemerkt) + _RIJ_EN_GRENS + slot)
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


def _kies(el: ET.Element, rij: int, wil: Collection[str] | None, gedeeld: bool, merken: Mapping[str, int] | None
          ) -> tuple[RuweCel, ...]:
    """The cells of row `el` (number `rij`) that are asked for (`wil`), and, where the row may hold shared
    formulas, the masters among the others, as `RuweCel`; a cell whose <v> holds a mark (`merken`: mark →
    the index of a text of the stretch) gets its value from that text, in each workbook anew."""
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
                        meester = (ref, False, None, None, None, kind.text, "shared", kind.get("ref"), kind.get("si"),
                                   -1)
                if meester is not None:
                    uit.append(meester)
            continue
        soort = c.get("t", "n")
        if not len(c):  # a cell with only a style: empty, whatever its type
            uit.append((ref, True, None if soort == "s" else _LEGE_CEL, soort, None, None, None, None, None, -1))
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
        bron = merken.get(v, -1) if merken and v is not None and soort != "inlineStr" else -1
        if bron >= 0:  # the value is the workbook's own text: made per workbook
            uit.append((ref, True, None, soort, None, f, f_t, f_ref, f_si, bron))
            continue
        waarde = _van_v(soort, v, f, inline)
        # The cell's `Cel` now, unless it needs this workbook's shared strings or a master's formula.
        cel = None if soort == "s" or (f_t == "shared" and not f) else Cel(waarde, "=" + f if f is not None else None)
        uit.append((ref, True, cel, soort, waarde, f, f_t, f_ref, f_si, -1))
    return tuple(uit)


def _getal_bytes(tekst: bytes) -> object:
    """`pakketlezer._getal` of a number cell's <v> text, from its ASCII bytes (int() and float() read
    bytes as they read the same text); None for an empty one."""
    tekst = tekst.strip()
    if not tekst:
        return None
    if len(tekst) <= INT_CIJFERS and b"." not in tekst and b"e" not in tekst and b"E" not in tekst:
        try:
            return int(tekst)
        except ValueError:
            pass
    try:
        return float(tekst)
    except ValueError:
        return tekst.decode("ascii")


def _van_v(soort: str, v: str | None, f: str | None, inline: str | None = None) -> object:
    """A cell's value from the text of its <v> (for t="s" that text: the index of its shared string)."""
    if soort == "n":  # the common cell: a number (or empty)
        return (_getal(v) if v.strip() else None) if v is not None else None
    if soort == "s":
        return v
    return _waarde(_Ruw(soort, v, f, None, inline), None)  # type: ignore[arg-type] - no shared string
