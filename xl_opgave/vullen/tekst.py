"""Reading text files as Dutch users save them: UTF-8 (with or without BOM) or Windows-1252, decided
strictly: never a silent mixture.

A file is UTF-8 when it decodes as UTF-8. Otherwise it is Windows-1252 (what Dutch Excel writes for
"CSV (gescheiden door lijstscheidingsteken)") — unless it also holds valid UTF-8 sequences of two or
more bytes: then it is a UTF-8 file with a stray Windows-1252 byte (an edit in another program), and
reading it either way would garble part of the text, so it is refused naming the line. A byte that
Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) is refused too.
"""

from __future__ import annotations

import re
from pathlib import Path

from xl_opgave.core.fouten import InvoerFout

MAX_TEKSTBESTAND = 200 * 1024 * 1024  # bytes; a larger CSV is refused rather than read into memory

_UTF8_REEKS = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _regel(data: bytes, positie: int) -> int:
    return data.count(b"\n", 0, positie) + 1


def decodeer(data: bytes, bron: str = "") -> str:
    """UTF-8 strictly first (BOM dropped); otherwise Windows-1252; InvoerFout for a mixture."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as fout:
        eerste_fout = fout.start
    if _UTF8_REEKS.search(data):
        regel = _regel(data, eerste_fout)
        raise InvoerFout(
            f"gemengde tekencodering: het bestand is UTF-8, maar deze regel bevat een teken in een andere "
            f"codering (byte 0x{data[eerste_fout]:02X}, Windows-1252?); sla het bestand opnieuw op als CSV UTF-8",
            bron=bron, plaats=f"regel {regel}",
        )
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as fout:
        regel = _regel(data, fout.start)
        raise InvoerFout(
            f"byte 0x{data[fout.start]:02X} is geen teken in UTF-8 of Windows-1252; sla het bestand opnieuw op als "
            "CSV UTF-8",
            bron=bron, plaats=f"regel {regel}",
        ) from None


def lees_tekstbestand(pad: str | Path) -> str:
    pad = Path(pad)
    try:
        grootte = pad.stat().st_size
        if grootte > MAX_TEKSTBESTAND:
            raise InvoerFout(f"bestand te groot ({grootte} bytes; hooguit {MAX_TEKSTBESTAND})", bron=str(pad))
        return decodeer(pad.read_bytes(), str(pad))
    except FileNotFoundError:
        raise InvoerFout("bestand niet gevonden", bron=str(pad)) from None
    except IsADirectoryError:
        raise InvoerFout("dit is een map, geen bestand", bron=str(pad)) from None
    except PermissionError:
        raise InvoerFout("geen leesrechten", bron=str(pad)) from None
    except OSError as fout:
        from xl_opgave.uitvoer import systeemtekst

        raise InvoerFout(f"kan niet lezen: {systeemtekst(fout)}", bron=str(pad)) from None
