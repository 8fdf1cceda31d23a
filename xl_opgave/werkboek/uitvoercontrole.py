"""The check of every workbook we write, before it is renamed into place (`bestanden.schrijf_atomisch`).

A workbook that a reader (Excel, LibreOffice, our own `check`) cannot open must never replace a good
one, whatever bug or input produced it. So, in memory, before the first byte is written:

1. the package opens through the same safe opener as any untrusted file (`veilig.open_pakket_bytes`:
   zip structure, sizes, a workbook part);
2. every XML part (`.xml`, `.rels`) is well-formed XML without DTD, parsed by expat with no Python per
   element (about 1 ms per 100 KB) — except parts the caller has checked before with exactly this
   content (`bekend`: member name → CRC-32, e.g. the template's parts the batch copies unchanged; of
   those only the local header is checked, which catches an offset error in the package);
3. where the writer passes them (`invoer`: defined name → values), the input cells are read back by
   our own reader (`pakketlezer`) and compared with what was meant to be written.

Any failure raises `bestanden.UitvoerOngeldig` with one Dutch line; the caller writes nothing.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Mapping, Sequence

from xl_opgave.werkboek.adressen import Gebied, gebied_uit
from xl_opgave.werkboek.veilig import OnleesbaarBestand, Pakket, open_pakket_bytes
from xl_opgave.werkboek.xmlstroom import XmlFout, controleer_goedgevormd

XML_ACHTERVOEGSELS = (".xml", ".rels")
_STRUCTUREN: dict[tuple[int, int], tuple[object, dict[str, Gebied | None]]] = {}


def _ongeldig(naam: str, melding: str) -> Exception:
    from xl_opgave.bestanden import UitvoerOngeldig

    return UitvoerOngeldig(f"{naam} is niet geschreven: {melding}; er is niets geschreven of vervangen "
                           "(interne fout: meld dit aan de ontwikkelaars)")


def controleer_werkmap(data: bytes, naam: str, *, bekend: Mapping[str, int] | None = None,
                       invoer: Mapping[str, Sequence[object] | object] | None = None) -> None:
    """Check a workbook in memory (see the module docstring); `bestanden.UitvoerOngeldig` when it fails."""
    try:
        with open_pakket_bytes(data, naam) as pakket:
            # The sheets holding inputs to read back are parsed in full by ElementTree's C parser (after a
            # DTD check of their prolog): that parse is their well-formedness check as well.
            terug: dict[str, ET.Element] = {}
            structuur = gebieden = None
            if invoer:
                structuur, gebieden = _structuur(pakket, list(invoer))
            te_lezen = {g.blad for g in (gebieden or {}).values() if g is not None}
            for info in pakket.infolist():
                if bekend is not None and bekend.get(info.filename) == info.CRC and info.filename not in te_lezen:
                    with pakket.open(info):  # the local header: right place, right name
                        pass
                    continue
                if not info.filename.lower().endswith(XML_ACHTERVOEGSELS):
                    continue
                inhoud = pakket.lees(info.filename)
                if info.filename in te_lezen:
                    terug[info.filename] = _ontleed(inhoud, info.filename)
                else:
                    controleer_goedgevormd(inhoud, info.filename)
            if invoer:
                _vergelijk(pakket, naam, invoer, structuur, gebieden, terug)  # type: ignore[arg-type]
    except (OnleesbaarBestand, XmlFout, zipfile.BadZipFile) as fout:
        raise _ongeldig(naam, str(fout).removeprefix(f"{naam}: ").rstrip(".")) from None


def _ontleed(inhoud: bytes, deel: str) -> ET.Element:
    from xl_opgave.werkboek.pakketlezer import weiger_dtd

    weiger_dtd(inhoud, deel)
    try:
        return ET.fromstring(inhoud)
    except ET.ParseError as fout:
        regel, kolom = getattr(fout, "position", (0, 0))
        raise XmlFout(deel, f"is geen geldige XML (regel {regel}, kolom {kolom + 1})") from None


def _lijst(waarde: Sequence[object] | object) -> list[object]:
    return list(waarde) if isinstance(waarde, list | tuple) else [waarde]


def _gelijk(verwacht: object, gelezen: object) -> bool:
    if verwacht in (None, "") and gelezen in (None, ""):
        return True
    if isinstance(verwacht, bool) or isinstance(gelezen, bool):
        return verwacht == gelezen
    if isinstance(verwacht, int | float) and isinstance(gelezen, int | float):
        # Numbers are written with 16 significant digits, as Excel keeps them.
        return math.isclose(float(verwacht), float(gelezen), rel_tol=1e-15, abs_tol=1e-300)
    return verwacht == gelezen


def _structuur(pakket: Pakket, namen: Sequence[str]) -> tuple[object, dict[str, Gebied | None]]:
    from xl_opgave.werkboek.pakketlezer import lees_structuur

    wb = pakket.getinfo(pakket.werkmap)
    rels_naam = pakket.werkmap.rpartition("/")[0] + "/_rels/" + pakket.werkmap.rpartition("/")[2] + ".rels"
    rels_crc = pakket.getinfo(rels_naam).CRC if rels_naam in pakket.namelist() else 0
    sleutel = (wb.CRC, rels_crc)
    if sleutel in _STRUCTUREN and all(n in _STRUCTUREN[sleutel][1] for n in namen):
        return _STRUCTUREN[sleutel]
    structuur = lees_structuur(pakket)
    gebieden: dict[str, Gebied | None] = {}  # name → its area, with the sheet *part* in place of the sheet name
    for naam in namen:
        gevonden = structuur.naam(naam)
        gebied = gebied_uit(gevonden.tekst) if gevonden is not None else None
        blad = structuur.blad(gebied.blad) if gebied is not None else None
        gebieden[naam] = (Gebied(blad.deel, gebied.r1, gebied.k1, gebied.r2, gebied.k2)
                          if gebied is not None and blad is not None and blad.deel else None)
    if len(_STRUCTUREN) > 16:
        _STRUCTUREN.clear()
    _STRUCTUREN[sleutel] = (structuur, gebieden)
    return structuur, gebieden


def _vergelijk(pakket: Pakket, naam: str, invoer: Mapping[str, Sequence[object] | object], structuur: object,
               gebieden: Mapping[str, Gebied | None], wortels: Mapping[str, ET.Element]) -> None:
    """Read the input cells back and compare them with what was meant to be written."""
    from xl_opgave.werkboek.adressen import celref
    from xl_opgave.werkboek.pakketlezer import GedeeldeTeksten, cellen_uit_wortel, lees_cellen

    per_deel: dict[str, dict[int, set[int]]] = {}
    for invoernaam, waarde in invoer.items():
        gebied = gebieden.get(invoernaam)
        if gebied is None:
            raise _ongeldig(naam, f"de invoernaam {invoernaam} is niet terug te vinden")
        if gebied.aantal != len(_lijst(waarde)):
            raise _ongeldig(naam, f"de invoernaam {invoernaam} heeft {gebied.aantal} cellen, geschreven zijn er "
                                  f"{len(_lijst(waarde))}")
        for r, k in gebied.cellen():
            per_deel.setdefault(gebied.blad, {}).setdefault(r, set()).add(k)
    gedeeld = GedeeldeTeksten(pakket, structuur.gedeeld)  # type: ignore[attr-defined]
    gelezen = {deel: cellen_uit_wortel(wortels[deel], gevraagd, gedeeld) if deel in wortels
               else lees_cellen(pakket, deel, gevraagd, gedeeld) for deel, gevraagd in per_deel.items()}
    for invoernaam, waarde in invoer.items():
        gebied = gebieden[invoernaam]
        assert gebied is not None
        for (r, k), verwacht in zip(gebied.cellen(), _lijst(waarde), strict=True):
            cel = gelezen[gebied.blad].get((r, k))
            terug = cel.waarde if cel is not None else None
            if (cel is not None and cel.formule is not None) or not _gelijk(verwacht, terug):
                raise _ongeldig(naam, f"invoercel {celref(r, k)} ({invoernaam}) leest terug als {terug!r}, "
                                      f"geschreven is {verwacht!r}")
