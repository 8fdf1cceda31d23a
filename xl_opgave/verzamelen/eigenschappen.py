"""A workbook's own document properties: when it was last saved, and by whom, as the file says.

Read from the package's core properties part (`docProps/core.xml`, found through `_rels/.rels`) with the
one safe opener's XML reader (`veilig.lees_xml`: no DTD, no entities, size-bounded). A file without the
part, or with a time that is not W3CDTF, simply has no time: nothing is guessed from the file system,
whose times change when a file is copied or mailed.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

from xl_opgave.werkboek.veilig import OnleesbaarBestand, Pakket, lees_xml

_REL_KERN = ("http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
             "http://schemas.openxmlformats.org/officedocument/2006/relationships/metadata/core-properties")
_DCTERMS = "{http://purl.org/dc/terms/}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
MAX_KERN = 1024 * 1024  # the core properties are a few hundred bytes


@dataclass(frozen=True)
class Eigenschappen:
    opgeslagen: datetime | None  # dcterms:modified, in UTC; None when the file does not say
    opgeslagen_tekst: str  # as the file writes it ('' when absent)
    door: str  # cp:lastModifiedBy, else dc:creator ('' when neither)


GEEN = Eigenschappen(None, "", "")


def lees_eigenschappen(pakket: Pakket) -> Eigenschappen:
    """The core properties of an opened package (GEEN when it has none or they cannot be read)."""
    deel = _kerndeel(pakket)
    if deel is None:
        return GEEN
    try:
        wortel = lees_xml(pakket, deel, MAX_KERN)
    except OnleesbaarBestand:
        return GEEN  # the workbook itself is read regardless; its properties are only information
    tekst = {kind.tag: (kind.text or "").strip() for kind in wortel}
    gewijzigd = tekst.get(f"{_DCTERMS}modified", "")
    door = tekst.get(f"{_CP}lastModifiedBy", "") or tekst.get(f"{_DC}creator", "")
    return Eigenschappen(w3cdtf(gewijzigd), gewijzigd, door)


def _kerndeel(pakket: Pakket) -> str | None:
    namen = set(pakket.namelist())
    if "_rels/.rels" in namen:
        try:
            for rel in lees_xml(pakket, "_rels/.rels", MAX_KERN):
                if rel.get("Type") in _REL_KERN and rel.get("TargetMode") != "External":
                    doel = posixpath.normpath((rel.get("Target") or "").lstrip("/"))
                    return doel if doel in namen else None
        except OnleesbaarBestand:
            return None
    return "docProps/core.xml" if "docProps/core.xml" in namen else None


def w3cdtf(tekst: str) -> datetime | None:
    """A W3CDTF time ('2026-11-30T10:15:00Z', '…+01:00', fractions allowed) in UTC; None otherwise. A time
    without a zone is taken as UTC (as Excel writes it)."""
    tekst = tekst.strip()
    if not tekst or len(tekst) > 40:
        return None
    zone = UTC
    if tekst.endswith(("Z", "z")):
        tekst = tekst[:-1]
    elif len(tekst) > 6 and tekst[-6] in "+-" and tekst[-3] == ":":
        try:
            uren, minuten = int(tekst[-5:-3]), int(tekst[-2:])
        except ValueError:
            return None
        teken = 1 if tekst[-6] == "+" else -1
        zone = timezone(teken * timedelta(hours=uren, minutes=minuten))
        tekst = tekst[:-6]
    try:
        tijd = datetime.fromisoformat(tekst)
    except ValueError:
        return None
    if tijd.tzinfo is not None:
        return None
    return tijd.replace(tzinfo=zone).astimezone(UTC)
