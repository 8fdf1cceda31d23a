"""Reading text files as Dutch users save them: UTF-8 (with or without BOM) or Windows-1252."""

from __future__ import annotations

import codecs
from pathlib import Path

from xl_opgave.core.fouten import InvoerFout

MAX_TEKSTBESTAND = 200 * 1024 * 1024  # bytes; a larger CSV is refused rather than read into memory


def _als_latin1(fout: UnicodeDecodeError) -> tuple[str, int]:
    return fout.object[fout.start : fout.end].decode("latin-1"), fout.end


codecs.register_error("xl_opgave_latin1", _als_latin1)


def decodeer(data: bytes) -> str:
    """UTF-8 strictly first (BOM dropped); otherwise Windows-1252, as Dutch Excel saves CSV.

    A cp1252 file is almost never valid UTF-8 once it holds a non-ASCII character, so the strict
    attempt decides reliably. The five bytes cp1252 leaves undefined are read as Latin-1 would.
    """
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="xl_opgave_latin1")


def lees_tekstbestand(pad: str | Path) -> str:
    pad = Path(pad)
    try:
        grootte = pad.stat().st_size
        if grootte > MAX_TEKSTBESTAND:
            raise InvoerFout(f"bestand te groot ({grootte} bytes; hooguit {MAX_TEKSTBESTAND})", bron=str(pad))
        return decodeer(pad.read_bytes())
    except FileNotFoundError:
        raise InvoerFout("bestand niet gevonden", bron=str(pad)) from None
    except IsADirectoryError:
        raise InvoerFout("dit is een map, geen bestand", bron=str(pad)) from None
    except PermissionError:
        raise InvoerFout("geen leesrechten", bron=str(pad)) from None
