"""Open untrusted workbook files safely: the one opener for every part, for every command.

:func:`open_pakket` checks a file (or bytes: :func:`open_pakket_bytes`) before anything is decompressed: it must exist, be a zip (not an old ``.xls`` or
an encrypted OOXML file, both OLE2 containers), have a sane number of entries, sizes and compression ratios
according to the zip's central directory (read from the end-of-central-directory record first, so a directory
with millions of entries is refused before it is parsed), and contain a workbook. Reading is bounded again while
decompressing (:meth:`Pakket.lees`, :meth:`Pakket.ontleed`, :func:`lees_xml`). XML is parsed streaming with
expat (`xmlstroom.nieuwe_parser`: no DTD, no entities, no external references) or, for the small
relationship parts, with ``defusedxml``; each XML part we parse has its own size limit (`Grenzen.max_xml`), and
all parts of one workbook together a deadline (`Grenzen.seconden`), so a hostile file costs bounded time and
memory and is refused with one Dutch line that says which limit it hit.

After :func:`open_pakket` accepted a file, ``openpyxl.load_workbook(pad)`` on it is bounded too: ``zipfile``
never decompresses a member beyond the size the central directory declares, and those sizes were checked.
"""

from __future__ import annotations

import io
import os
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, ParseError

# defusedxml is imported where a part is parsed with it (`lees_xml`), not here: xlwings Lite's Pyodide
# has no defusedxml and reaches this module without parsing a file (see xl_opgave.lite).
from xl_opgave.werkboek.xmlstroom import BLOK, Deadline, XmlFout, voer

__all__ = [
    "GRENZEN",
    "Grenzen",
    "OnleesbaarBestand",
    "Pakket",
    "lees_xml",
    "open_pakket",
    "open_pakket_bytes",
]

MB = 1024 * 1024
_OLE2 = bytes.fromhex("D0CF11E0A1B11AE1")
_ZIP_SIGNATUREN = (b"PK\x03\x04", b"PK\x05\x06")  # a normal zip, an empty zip
_BLOK = 1 * MB
_REL_OFFICE_DOCUMENT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_REL_OFFICE_DOCUMENT_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"

_ADVIES_XLSX = "open het in Excel of LibreOffice en sla het op als Excel-werkmap (.xlsx)"


@dataclass(frozen=True)
class Grenzen:
    """Limits for an untrusted package. Sizes in bytes."""

    max_bestand: int = 200 * MB  # size on disk
    max_onderdelen: int = 10_000  # entries in the zip
    max_onderdeel: int = 100 * MB  # uncompressed size of one entry
    max_totaal: int = 200 * MB  # uncompressed size of all entries
    max_verhouding: float = 200.0  # uncompressed/compressed size of one entry ...
    verhouding_vanaf: int = 1 * MB  # ... checked for entries at least this large (uncompressed)
    max_xml: int = 32 * MB  # uncompressed size of one XML part we parse (a sheet, workbook.xml, the strings)
    max_namen: int = 10_000  # defined names in workbook.xml (a template has about 140)
    seconden: float = 60.0  # wall clock for reading one workbook, all parts together


GRENZEN = Grenzen()


class OnleesbaarBestand(Exception):
    """A workbook file that cannot or must not be read. ``str()`` is one Dutch line naming the file.

    The file is named by its path as given (not only its name), so two ``x.xlsx`` in different folders
    are told apart.
    """

    def __init__(self, pad: Path | str, melding: str) -> None:
        self.pad = Path(pad)
        self.melding = " ".join(melding.split())
        super().__init__(f"{os.fspath(pad)}: {self.melding}")


class Pakket(zipfile.ZipFile):
    """A checked OOXML package: a read-only ``ZipFile`` whose :meth:`read` is bounded by the limits.

    ``pad`` is the file, ``grenzen`` the limits, ``werkmap`` the name of the workbook part (``xl/workbook.xml``).
    """

    def __init__(self, pad: Path | str, grenzen: Grenzen = GRENZEN, *, data: bytes | None = None) -> None:
        """Open without checks; use :func:`open_pakket` for untrusted files. With `data`, `pad` only names it."""
        super().__init__(io.BytesIO(data) if data is not None else pad, "r")
        self.pad = Path(pad)
        self.grenzen = grenzen
        self.werkmap = "xl/workbook.xml"
        self.deadline = Deadline(grenzen.seconden)

    def read(self, name: str | zipfile.ZipInfo, pwd: bytes | None = None) -> bytes:
        """Bounded read (see :meth:`lees`); ``pwd`` is ignored (encrypted entries are refused)."""
        return self.lees(name.filename if isinstance(name, zipfile.ZipInfo) else name)

    def lees(self, naam: str, max_grootte: int | None = None) -> bytes:
        """The bytes of part ``naam``, read in bounded chunks; OnleesbaarBestand when missing, too large or bad."""
        grens = self.grenzen.max_onderdeel if max_grootte is None else min(max_grootte, self.grenzen.max_onderdeel)
        try:
            info = self.getinfo(naam)
        except KeyError:
            raise OnleesbaarBestand(self.pad, f"het onderdeel {naam} ontbreekt in de werkmap.") from None
        if info.file_size > grens:
            raise OnleesbaarBestand(self.pad, f"het onderdeel {naam} is te groot ({info.file_size / MB:.0f} MB).")
        delen: list[bytes] = []
        gelezen = 0
        try:
            with self.open(info) as stroom:
                while blok := stroom.read(_BLOK):
                    gelezen += len(blok)
                    if gelezen > grens or gelezen > info.file_size:
                        raise OnleesbaarBestand(self.pad, f"het onderdeel {naam} is groter dan opgegeven of toegestaan.")
                    delen.append(blok)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError,
                zlib.error):
            raise OnleesbaarBestand(self.pad, f"het onderdeel {naam} is beschadigd (kan niet uitgepakt worden).") from None
        return b"".join(delen)

    def blokken(self, naam: str, max_grootte: int | None = None) -> Iterator[bytes]:
        """Part ``naam`` in blocks, never more than its limit (the XML limit unless `max_grootte`)."""
        grens = min(self.grenzen.max_xml if max_grootte is None else max_grootte, self.grenzen.max_onderdeel)
        try:
            info = self.getinfo(naam)
        except KeyError:
            raise OnleesbaarBestand(self.pad, f"het onderdeel {naam} ontbreekt in de werkmap.") from None
        if info.file_size > grens:
            raise OnleesbaarBestand(
                self.pad, f"het onderdeel {naam} is te groot om te lezen ({info.file_size / MB:.0f} MB; hooguit "
                f"{grens / MB:.0f} MB).")
        gelezen = 0
        try:
            with self.open(info) as stroom:
                while blok := stroom.read(BLOK):
                    gelezen += len(blok)
                    if gelezen > grens or gelezen > info.file_size:
                        raise OnleesbaarBestand(self.pad, f"het onderdeel {naam} is groter dan opgegeven of toegestaan.")
                    yield blok
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError,
                zlib.error):
            raise OnleesbaarBestand(self.pad, f"het onderdeel {naam} is beschadigd (kan niet uitgepakt worden).") from None

    def ontleed(self, naam: str, parser, max_grootte: int | None = None) -> None:  # noqa: ANN001 - expat parser
        """Stream part ``naam`` through an expat `parser` made by `xmlstroom.nieuwe_parser` (handlers set).

        OnleesbaarBestand (one Dutch line) for a missing, too large, damaged, malformed or truncated part,
        for a DTD or entity, and when the workbook's deadline passes. Handlers may raise to stop early.
        """
        try:
            voer(parser, naam, self.blokken(naam, max_grootte), self.deadline)
        except XmlFout as fout:
            raise OnleesbaarBestand(self.pad, f"{fout}.") from None


def lees_xml(pakket: Pakket, naam: str, max_grootte: int | None = None) -> Element:
    """Parse part ``naam`` with defusedxml (no DTD, no entities, no external references), size-bounded."""
    # Imported here, not at the top: the exception class and the zip checks of this module are also
    # used where no file is parsed (xlwings Lite's Pyodide has no defusedxml; see xl_opgave.lite).
    from defusedxml import DefusedXmlException
    from defusedxml import ElementTree as DefusedET

    data = pakket.lees(naam, max_grootte)
    try:
        return DefusedET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise OnleesbaarBestand(
            pakket.pad, f"het onderdeel {naam} bevat een DTD of XML-entiteiten (mogelijk kwaadaardig); geweigerd."
        ) from None
    except (ParseError, ValueError) as fout:
        plaats = getattr(fout, "position", None)
        waar = f" (regel {plaats[0]}, kolom {plaats[1] + 1})" if plaats else ""
        raise OnleesbaarBestand(pakket.pad, f"het onderdeel {naam} is geen geldige XML of is afgebroken{waar}.") from None


def open_pakket(pad: Path | str, grenzen: Grenzen = GRENZEN) -> Pakket:
    """Open an untrusted workbook (.xlsx/.xlsm) after checking it; raise OnleesbaarBestand with a Dutch reason.

    The caller closes the returned :class:`Pakket` (it is a context manager).
    """
    pad = Path(pad)
    try:
        grootte = pad.stat().st_size
        if not pad.is_file():
            raise OnleesbaarBestand(pad, "dit is geen bestand.")
        with open(pad, "rb") as f:
            aantal = _controleer_kop(pad, f, grootte, grenzen)
    except FileNotFoundError:
        raise OnleesbaarBestand(pad, "het bestand bestaat niet.") from None
    except PermissionError:
        raise OnleesbaarBestand(pad, "geen toegang tot het bestand.") from None
    except IsADirectoryError:
        raise OnleesbaarBestand(pad, "dit is een map, geen bestand.") from None
    except OSError as fout:
        raise OnleesbaarBestand(pad, f"het bestand kan niet gelezen worden ({_systeemtekst(fout)}).") from None
    return _open(pad, None, aantal, grenzen)


def open_pakket_bytes(data: bytes, naam: Path | str, grenzen: Grenzen = GRENZEN) -> Pakket:
    """As :func:`open_pakket`, for a package held in memory (`naam` names it in messages)."""
    aantal = _controleer_kop(Path(naam), io.BytesIO(data), len(data), grenzen)
    return _open(Path(naam), data, aantal, grenzen)


def _controleer_kop(pad: Path, f: IO[bytes], grootte: int, grenzen: Grenzen) -> int:
    kop = f.read(8)
    if kop.startswith(_OLE2):
        raise OnleesbaarBestand(pad, _ole2_melding(f, grootte))
    if grootte == 0:
        raise OnleesbaarBestand(pad, "het bestand is leeg.")
    if not kop.startswith(_ZIP_SIGNATUREN):
        raise OnleesbaarBestand(pad, _geen_zip_melding(kop))
    if grootte > grenzen.max_bestand:
        raise OnleesbaarBestand(pad, f"het bestand is te groot ({grootte / MB:.0f} MB).")
    aantal = _aantal_onderdelen(f, grootte)
    if aantal is None:
        raise OnleesbaarBestand(pad, "het bestand is beschadigd of onvolledig (bijvoorbeeld een afgebroken download).")
    if aantal > grenzen.max_onderdelen:
        raise OnleesbaarBestand(pad, f"het zip-bestand heeft te veel onderdelen ({aantal}).")
    return aantal


def _systeemtekst(fout: OSError) -> str:
    from xl_opgave.uitvoer import systeemtekst

    return systeemtekst(fout)


def _open(pad: Path, data: bytes | None, aantal: int, grenzen: Grenzen) -> Pakket:
    try:
        pakket = Pakket(pad, grenzen, data=data)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, struct.error):
        raise OnleesbaarBestand(
            pad, "het bestand is beschadigd of onvolledig (bijvoorbeeld een afgebroken download)."
        ) from None
    try:
        _controleer_centrale_map(pakket, grenzen)
        pakket.werkmap = _controleer_werkmap(pakket)
    except BaseException:
        pakket.close()
        raise
    return pakket


def _geen_zip_melding(kop: bytes) -> str:
    tekst = kop.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if tekst.startswith(b"<"):
        return f"dit is een HTML- of XML-bestand, geen Excel-werkmap; {_ADVIES_XLSX}."
    return f"dit is geen Excel-werkmap (.xlsx); {_ADVIES_XLSX}."


def _aantal_onderdelen(f: IO[bytes], grootte: int) -> int | None:
    """Number of entries from the end-of-central-directory record (zip64 aware); None when there is none."""
    staart = min(grootte, 22 + 65535)
    f.seek(grootte - staart)
    data = f.read(staart)
    plek = data.rfind(b"PK\x05\x06")
    if plek < 0 or len(data) - plek < 22:
        return None
    aantal = struct.unpack_from("<H", data, plek + 10)[0]
    if aantal == 0xFFFF and plek >= 20 and data[plek - 20 : plek - 16] == b"PK\x06\x07":
        zip64_plek = struct.unpack_from("<Q", data, plek - 20 + 8)[0]
        if zip64_plek + 56 > grootte:
            return None
        f.seek(zip64_plek)
        record = f.read(56)
        if record[:4] != b"PK\x06\x06":
            return None
        aantal = struct.unpack_from("<Q", record, 32)[0]
    return aantal


def _controleer_centrale_map(pakket: Pakket, grenzen: Grenzen) -> None:
    pad = pakket.pad
    infos = pakket.infolist()
    if len(infos) > grenzen.max_onderdelen:
        raise OnleesbaarBestand(pad, f"het zip-bestand heeft te veel onderdelen ({len(infos)}).")
    namen: set[str] = set()
    totaal = 0
    for info in infos:
        naam = info.filename
        if naam in namen:
            raise OnleesbaarBestand(pad, f"het onderdeel {naam} komt meer dan eens voor.")
        namen.add(naam)
        if info.flag_bits & 0x1:
            raise OnleesbaarBestand(pad, "het zip-bestand is versleuteld.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise OnleesbaarBestand(pad, f"het onderdeel {naam} gebruikt een onbekende compressiemethode.")
        if info.file_size > grenzen.max_onderdeel:
            raise OnleesbaarBestand(
                pad, f"het onderdeel {naam} is uitgepakt te groot ({info.file_size / MB:.0f} MB; mogelijk een zip-bom)."
            )
        if info.file_size >= grenzen.verhouding_vanaf and (
            info.file_size > grenzen.max_verhouding * max(info.compress_size, 1)
        ):
            raise OnleesbaarBestand(
                pad, f"het onderdeel {naam} is verdacht sterk gecomprimeerd (mogelijk een zip-bom); geweigerd."
            )
        totaal += info.file_size
        if totaal > grenzen.max_totaal:
            raise OnleesbaarBestand(
                pad, f"de werkmap is uitgepakt te groot (meer dan {grenzen.max_totaal / MB:.0f} MB; mogelijk een zip-bom)."
            )


def _controleer_werkmap(pakket: Pakket) -> str:
    """Name of the workbook part; OnleesbaarBestand when the zip is not a spreadsheet workbook."""
    pad = pakket.pad
    namen = set(pakket.namelist())
    if "mimetype" in namen and "content.xml" in namen:
        return _geen_werkmap(pad, f"dit is een OpenDocument-bestand (.ods/.odt), geen Excel-werkmap; {_ADVIES_XLSX}.")
    if "[Content_Types].xml" not in namen:
        _geen_werkmap(pad, "dit zip-bestand is geen Excel-werkmap ([Content_Types].xml ontbreekt).")
    werkmap = "xl/workbook.xml"
    if "_rels/.rels" in namen:
        for rel in lees_xml(pakket, "_rels/.rels"):
            if rel.get("Type") in (_REL_OFFICE_DOCUMENT, _REL_OFFICE_DOCUMENT_STRICT):
                doel = (rel.get("Target") or "").lstrip("/")
                werkmap = posixpath.normpath(doel)
                break
    if werkmap not in namen:
        if "word/document.xml" in namen:
            _geen_werkmap(pad, "dit is een Word-document, geen Excel-werkmap.")
        if "ppt/presentation.xml" in namen:
            _geen_werkmap(pad, "dit is een PowerPoint-presentatie, geen Excel-werkmap.")
        _geen_werkmap(pad, f"dit zip-bestand is geen Excel-werkmap ({werkmap} ontbreekt).")
    if werkmap.endswith(".bin"):
        _geen_werkmap(pad, f"dit is een binaire Excel-werkmap (.xlsb); {_ADVIES_XLSX}.")
    return werkmap


def _geen_werkmap(pad: Path, melding: str) -> str:
    raise OnleesbaarBestand(pad, melding)


# --- OLE2 (Compound File Binary): tell an old .xls from an encrypted OOXML file -------------------------------

_EINDE = 0xFFFFFFFE
_MAX_SECTOREN = 100_000


def _ole2_melding(f: IO[bytes], grootte: int) -> str:
    namen = _ole2_namen(f, grootte)
    if namen & {"encryptedpackage", "encryptioninfo"}:
        return (
            "de werkmap is met een wachtwoord beveiligd (versleuteld) en kan niet gelezen worden; "
            "open hem in Excel, verwijder het wachtwoord (Bestand > Info > Werkmap beveiligen) en sla hem op als .xlsx."
        )
    if namen & {"workbook", "book"}:
        return f"dit is een oud Excel-bestand (.xls); {_ADVIES_XLSX}."
    return (
        "dit is een oud Office-bestand (zoals .xls) of een met een wachtwoord beveiligde werkmap; "
        "verwijder een eventueel wachtwoord en sla het op als Excel-werkmap (.xlsx)."
    )


def _ole2_namen(f: IO[bytes], grootte: int) -> set[str]:
    """Lower-case names in the directory of a Compound File; empty set when it cannot be read (bounded work)."""
    try:
        f.seek(0)
        kop = f.read(512)
        if len(kop) < 512:
            return set()
        sectorshift = struct.unpack_from("<H", kop, 30)[0]
        if sectorshift not in (9, 12):
            return set()
        sector = 1 << sectorshift
        eerste_map = struct.unpack_from("<I", kop, 48)[0]
        fat_sectoren = [s for s in struct.unpack_from("<109I", kop, 76) if s < _EINDE]
        # Extra FAT sector lists (DIFAT chain), bounded.
        difat = struct.unpack_from("<I", kop, 68)[0]
        stappen = 0
        while difat < _EINDE and stappen < _MAX_SECTOREN:
            blok = _sector(f, difat, sector, grootte)
            if blok is None:
                break
            waarden = struct.unpack(f"<{sector // 4}I", blok)
            fat_sectoren.extend(s for s in waarden[:-1] if s < _EINDE)
            difat = waarden[-1]
            stappen += 1
        fat: list[int] = []
        for s in fat_sectoren[:_MAX_SECTOREN]:
            blok = _sector(f, s, sector, grootte)
            if blok is None:
                break
            fat.extend(struct.unpack(f"<{sector // 4}I", blok))
        namen: set[str] = set()
        huidig, gezien = eerste_map, set()
        while huidig < _EINDE and huidig not in gezien and len(gezien) < _MAX_SECTOREN:
            gezien.add(huidig)
            blok = _sector(f, huidig, sector, grootte)
            if blok is None:
                break
            for i in range(0, sector, 128):
                lengte = struct.unpack_from("<H", blok, i + 64)[0]
                if 2 <= lengte <= 64:
                    namen.add(blok[i : i + lengte - 2].decode("utf-16-le", "replace").lower())
            huidig = fat[huidig] if huidig < len(fat) else _EINDE
        return namen
    except (OSError, struct.error):
        return set()


def _sector(f: IO[bytes], nummer: int, sector: int, grootte: int) -> bytes | None:
    plek = (nummer + 1) * sector
    if plek + sector > grootte:
        return None
    f.seek(plek)
    blok = f.read(sector)
    return blok if len(blok) == sector else None
