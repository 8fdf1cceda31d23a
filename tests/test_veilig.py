"""Safe opening of untrusted workbook files: every kind of bad file is refused with a Dutch one-line message."""

from __future__ import annotations

import io
import os
import struct
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from xl_opgave.werkboek.veilig import MB, Grenzen, OnleesbaarBestand, Pakket, lees_xml, open_pakket

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">&lol9;</worksheet>
"""


def _werkmap(pad: Path) -> Path:
    boek = xlsxwriter.Workbook(str(pad))
    blad = boek.add_worksheet("Blad")
    blad.write_number("A1", 1)
    blad.write_formula("A2", "=A1*2", None, 2)
    boek.close()
    return pad


def _vervang(bron: Path, doel: Path, onderdelen: dict[str, bytes]) -> Path:
    """Copy a package, replacing (or adding) parts."""
    with zipfile.ZipFile(bron) as zin, zipfile.ZipFile(doel, "w", zipfile.ZIP_DEFLATED) as zuit:
        for info in zin.infolist():
            if info.filename not in onderdelen:
                zuit.writestr(info.filename, zin.read(info.filename))
        for naam, data in onderdelen.items():
            zuit.writestr(naam, data)
    return doel


def _nullen(zuit: zipfile.ZipFile, naam: str, grootte: int) -> None:
    """Stream ``grootte`` zero bytes into an entry (a few hundred KB on disk for 100+ MB)."""
    blok = bytes(MB)
    info = zipfile.ZipInfo(naam)
    info.compress_type = zipfile.ZIP_DEFLATED
    with zuit.open(info, "w", force_zip64=True) as uit:
        for _ in range(grootte // MB):
            uit.write(blok)


def _cfb(namen: list[str]) -> bytes:
    """A minimal Compound File (OLE2, version 3) whose directory holds a root entry and empty streams."""
    einde, vrij = 0xFFFFFFFE, 0xFFFFFFFF
    kop = bytearray(512)
    kop[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", kop, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", kop, 40, 0, 1, 1, 0, 4096, einde, 0, einde, 0)
    struct.pack_into("<109I", kop, 76, 0, *([vrij] * 108))
    fat = struct.pack("<128I", 0xFFFFFFFD, einde, *([vrij] * 126))
    entries = bytearray()
    for i, naam in enumerate(["Root Entry", *namen]):
        entry = bytearray(128)
        code = naam.encode("utf-16-le") + b"\0\0"
        entry[: len(code)] = code
        struct.pack_into("<HBB", entry, 64, len(code), 5 if i == 0 else 2, 1)
        struct.pack_into("<III", entry, 68, vrij, i + 1 if i < len(namen) else vrij, 1 if i == 0 else vrij)
        struct.pack_into("<IQ", entry, 116, einde, 0)
        entries += entry
    entries += bytes(-len(entries) % 512)
    return bytes(kop) + fat + bytes(entries)


def _weigert(pad: Path, *woorden: str, grenzen: Grenzen | None = None) -> OnleesbaarBestand:
    with pytest.raises(OnleesbaarBestand) as fout:
        open_pakket(pad, grenzen) if grenzen else open_pakket(pad)
    tekst = str(fout.value)
    assert "\n" not in tekst
    assert tekst.startswith(f"{pad}: ")  # the path as given, not only the name
    assert fout.value.pad == pad
    for woord in woorden:
        assert woord in fout.value.melding
    return fout.value


def _begrensd(functie: Callable[[], object], max_mb: float = 20) -> None:
    """Run ``functie`` and assert that its Python memory peak stays small (nothing big was decompressed)."""
    tracemalloc.start()
    try:
        functie()
    finally:
        _, piek = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert piek < max_mb * MB, f"piekgeheugen {piek / MB:.1f} MB"


# --- valid workbooks ---------------------------------------------------------------------------------------


def test_geldige_werkmap(tmp_path: Path) -> None:
    pad = _werkmap(tmp_path / "goed.xlsx")
    with open_pakket(pad) as pakket:
        assert isinstance(pakket, Pakket) and isinstance(pakket, zipfile.ZipFile)
        assert pakket.werkmap == "xl/workbook.xml"
        assert lees_xml(pakket, pakket.werkmap).tag.endswith("workbook")
        assert b"<sheetData>" in pakket.read("xl/worksheets/sheet1.xml")
    # openpyxl-written workbooks, and openpyxl reading through the checked package, work as well
    boek = openpyxl.Workbook()
    boek.active["A1"] = "=1+1"
    boek.save(tmp_path / "openpyxl.xlsx")
    with open_pakket(tmp_path / "openpyxl.xlsx") as pakket:
        assert pakket.werkmap == "xl/workbook.xml"
    assert openpyxl.load_workbook(pad, data_only=True)["Blad"]["A2"].value == 2


def test_werkmapnaam_uit_relaties(tmp_path: Path) -> None:
    bron = _werkmap(tmp_path / "bron.xlsx")
    with zipfile.ZipFile(bron) as z:
        rels = z.read("_rels/.rels").replace(b"xl/workbook.xml", b"/xl/boek.xml")
        boek = z.read("xl/workbook.xml")
    doel = _vervang(bron, tmp_path / "ander.xlsx", {"_rels/.rels": rels, "xl/boek.xml": boek})
    with open_pakket(doel) as pakket:
        assert pakket.werkmap == "xl/boek.xml"


# --- files that are not workbooks ---------------------------------------------------------------------------


def test_ontbrekend_leeg_en_willekeurig(tmp_path: Path) -> None:
    _weigert(tmp_path / "weg.xlsx", "bestaat niet")
    (tmp_path / "leeg.xlsx").write_bytes(b"")
    _weigert(tmp_path / "leeg.xlsx", "leeg")
    (tmp_path / "ruis.xlsx").write_bytes(os.urandom(5000))
    _weigert(tmp_path / "ruis.xlsx", "geen Excel-werkmap", ".xlsx")
    (tmp_path / "tabel.xlsx").write_bytes(b"\xef\xbb\xbf<html><table></table></html>")
    _weigert(tmp_path / "tabel.xlsx", "HTML")
    (tmp_path / "map.xlsx").mkdir()
    _weigert(tmp_path / "map.xlsx", "geen bestand")


def test_afgebroken_download(tmp_path: Path) -> None:
    data = _werkmap(tmp_path / "heel.xlsx").read_bytes()
    (tmp_path / "half.xlsx").write_bytes(data[: len(data) // 2])
    _weigert(tmp_path / "half.xlsx", "beschadigd of onvolledig")


def test_oud_xls_en_versleuteld(tmp_path: Path) -> None:
    (tmp_path / "oud.xls").write_bytes(_cfb(["Workbook", "\x05SummaryInformation"]))
    _weigert(tmp_path / "oud.xls", "oud Excel-bestand (.xls)", ".xlsx")
    (tmp_path / "geheim.xlsx").write_bytes(_cfb(["EncryptionInfo", "EncryptedPackage", "\x06DataSpaces"]))
    _weigert(tmp_path / "geheim.xlsx", "wachtwoord", "versleuteld")
    # Only the OLE2 signature: the message covers both cases.
    (tmp_path / "kop.xlsx").write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(100))
    _weigert(tmp_path / "kop.xlsx", ".xls", "wachtwoord")


def test_zip_maar_geen_werkmap(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "los.xlsx", "w") as z:
        z.writestr("hallo.txt", "hallo")
    _weigert(tmp_path / "los.xlsx", "[Content_Types].xml ontbreekt")
    with zipfile.ZipFile(tmp_path / "tekst.xlsx", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    _weigert(tmp_path / "tekst.xlsx", "Word-document")
    with zipfile.ZipFile(tmp_path / "blad.ods", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<x/>")
    _weigert(tmp_path / "blad.ods", "OpenDocument")
    zipfile.ZipFile(tmp_path / "leeg.zip", "w").close()
    _weigert(tmp_path / "leeg.zip", "geen Excel-werkmap")


# --- bombs --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def zipbom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid workbook plus a 120 MB part of zeros: about 120 KB on disk."""
    map_ = tmp_path_factory.mktemp("bom")
    pad = _vervang(_werkmap(map_ / "bron.xlsx"), map_ / "bom.xlsx", {})
    with zipfile.ZipFile(pad, "a", zipfile.ZIP_DEFLATED) as z:
        _nullen(z, "xl/media/bom.bin", 120 * MB)
    assert pad.stat().st_size < 1 * MB
    return pad


def test_zipbom_geweigerd_voor_uitpakken(zipbom: Path) -> None:
    _begrensd(lambda: _weigert(zipbom, "te groot", "zip-bom"))


def test_verhouding_en_totaal(tmp_path: Path) -> None:
    pad = _vervang(_werkmap(tmp_path / "bron.xlsx"), tmp_path / "klein.xlsx", {})
    with zipfile.ZipFile(pad, "a", zipfile.ZIP_DEFLATED) as z:
        _nullen(z, "xl/media/nul.bin", 5 * MB)  # ratio about 1000:1
    _begrensd(lambda: _weigert(pad, "sterk gecomprimeerd"))
    ruim = Grenzen(max_verhouding=1e9, max_totaal=4 * MB)
    _begrensd(lambda: _weigert(pad, "uitgepakt te groot", grenzen=ruim))
    with open_pakket(pad, Grenzen(max_verhouding=1e9)) as pakket:
        assert len(pakket.read("xl/media/nul.bin")) == 5 * MB
        with pytest.raises(OnleesbaarBestand, match="te groot"):
            pakket.lees("xl/media/nul.bin", max_grootte=1 * MB)


def test_te_veel_onderdelen(tmp_path: Path) -> None:
    pad = _vervang(_werkmap(tmp_path / "bron.xlsx"), tmp_path / "veel.xlsx", {})
    with zipfile.ZipFile(pad, "a") as z:
        for i in range(60):
            z.writestr(f"xl/extra/{i}.xml", "")
    _weigert(pad, "te veel onderdelen", grenzen=Grenzen(max_onderdelen=50))


def test_liegende_centrale_map_begrensd(tmp_path: Path) -> None:
    """The central directory claims 1000 bytes for a 20 MB part: reading stops and the part is refused."""
    buffer = io.BytesIO(_werkmap(tmp_path / "bron.xlsx").read_bytes())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as z:
        _nullen(z, "xl/media/leugen.bin", 20 * MB)
    data = bytearray(buffer.getvalue())
    plek = data.rfind(b"PK\x01\x02")  # central directory header of the last entry
    assert data[plek + 46 : plek + 46 + 19] == b"xl/media/leugen.bin"
    assert struct.unpack_from("<I", data, plek + 24)[0] == 20 * MB
    struct.pack_into("<I", data, plek + 24, 1000)  # uncompressed size
    pad = tmp_path / "leugen.xlsx"
    pad.write_bytes(bytes(data))

    def lees() -> None:
        with open_pakket(pad) as pakket, pytest.raises(OnleesbaarBestand, match="beschadigd|groter"):
            pakket.read("xl/media/leugen.bin")

    _begrensd(lees)


def test_billion_laughs(tmp_path: Path) -> None:
    bron = _werkmap(tmp_path / "bron.xlsx")
    blad = _vervang(bron, tmp_path / "lach.xlsx", {"xl/worksheets/sheet1.xml": BILLION_LAUGHS})

    def lees() -> None:
        with open_pakket(blad) as pakket, pytest.raises(OnleesbaarBestand, match="DTD of XML-entiteiten") as fout:
            lees_xml(pakket, "xl/worksheets/sheet1.xml")
        assert str(fout.value).startswith(f"{blad}: het onderdeel xl/worksheets/sheet1.xml")

    _begrensd(lees)
    rels = _vervang(bron, tmp_path / "rels.xlsx", {"_rels/.rels": BILLION_LAUGHS})
    _begrensd(lambda: _weigert(rels, "DTD of XML-entiteiten", "_rels/.rels"))


def test_kapotte_xml_en_ontbrekend_onderdeel(tmp_path: Path) -> None:
    pad = _vervang(_werkmap(tmp_path / "bron.xlsx"), tmp_path / "kapot.xlsx", {"xl/styles.xml": b"<a><b></a>"})
    with open_pakket(pad) as pakket:
        with pytest.raises(OnleesbaarBestand, match="geen geldige XML"):
            lees_xml(pakket, "xl/styles.xml")
        with pytest.raises(OnleesbaarBestand, match="ontbreekt"):
            lees_xml(pakket, "xl/bestaat_niet.xml")


def test_twee_bestanden_met_dezelfde_naam_zijn_te_onderscheiden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The message names the path as given: a relative path stays relative, two x.xlsx differ."""
    for map_ in ("a", "b"):
        (tmp_path / map_).mkdir()
        (tmp_path / map_ / "x.xlsx").write_bytes(b"geen werkmap")
    monkeypatch.chdir(tmp_path)
    meldingen = set()
    for pad in (os.path.join("a", "x.xlsx"), os.path.join("b", "x.xlsx")):
        with pytest.raises(OnleesbaarBestand) as fout:
            open_pakket(pad)
        assert str(fout.value).startswith(f"{pad}: dit is geen Excel-werkmap")
        meldingen.add(str(fout.value))
    assert len(meldingen) == 2
