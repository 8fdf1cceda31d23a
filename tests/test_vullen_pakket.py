"""Package-level patching: only the named cells change; charts, images, comments, validation,
conditional formatting, styles and the VBA project keep their bytes."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pytest
from sjabloon_hulp import zoals_excel

from xl_opgave.bestanden import BestaatAl
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.vullen.pakket import _Pakket, _verschuif, vul_bestand, vul_pakket

HYPERLINK = '=HYPERLINK("http://example.com","klik")'


def _png() -> bytes:
    def stuk(soort: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + soort + data + struct.pack(">I", zlib.crc32(soort + data))

    kop = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00\x00\xff\x00" * 2)
    return b"\x89PNG\r\n\x1a\n" + stuk(b"IHDR", kop) + stuk(b"IDAT", pixels) + stuk(b"IEND", b"")


def _vba_project() -> bytes:
    xlwings = pytest.importorskip("xlwings")
    pad = Path(xlwings.__file__).parent / "quickstart.xlsm"
    with zipfile.ZipFile(pad) as pakket:
        return pakket.read("xl/vbaProject.bin")


def maak_werkboek(tmp_path: Path, *, vba: bool = False) -> bytes:
    """An adviser's decorated workbook: inputs, formulas, a chart, an image, a comment, data
    validation, conditional formatting, styles and (optionally) a real VBA project."""
    import xlsxwriter

    naam = tmp_path / ("adviseur.xlsm" if vba else "adviseur.xlsx")
    wb = xlsxwriter.Workbook(str(naam))
    invoer_stijl = wb.add_format({"bg_color": "#FFF2CC", "num_format": "#,##0.00", "border": 1})
    invoer = wb.add_worksheet("Invoer")
    bereken = wb.add_worksheet("Berekening")
    invoer.write_string("B2", "Gebied")
    invoer.write_string("C2", "oud gebied", invoer_stijl)
    invoer.write_comment("C2", "Naam van het gebied (notitie van de adviseur)")
    for i, waarde in enumerate((10, 20, 30)):
        invoer.write_number(3 + i, 2, waarde, invoer_stijl)  # C4:C6
    invoer.write_string("C8", "Oude bron", invoer_stijl)
    invoer.write_blank("C9", None, invoer_stijl)  # styled, empty input cell
    invoer.write_formula("C12", "=C4*3", None, 30)  # a formula inside the input sheet
    invoer.data_validation("C4:C6", {"validate": "decimal", "criteria": ">=", "value": 0})
    invoer.conditional_format("C4:C6", {"type": "cell", "criteria": ">", "value": 25, "format": invoer_stijl})
    invoer.insert_image("E2", "logo.png", {"image_data": io.BytesIO(_png())})
    bereken.write_formula("B2", "=SUM(Opgave)", None, 60)
    bereken.write_formula("B3", "=B2*2", None, 120)
    bereken.write_formula("B4", "=Invoer!C4+1", None, 11)
    bereken.write_formula("B5", "=B4+B99", None, 11)
    bereken.write_formula("B6", "=1+1", None, 2)
    bereken.write_formula("B7", '=Bron&"!"', None, "Oude bron!")
    bereken.write_formula("B8", '="Invoer!C4"&C1', None, "Invoer!C4")  # a string literal, not a reference
    wb.define_name("Gebied", "=Invoer!$C$2")
    wb.define_name("Opgave", "=Invoer!$C$4:$C$6")
    wb.define_name("Bron", "=Invoer!$C$8")
    wb.define_name("Notitie", "=Invoer!$C$9")
    wb.define_name("NieuweCel", "=Invoer!$D$4")  # no cell there yet, row exists
    wb.define_name("NieuweRij", "=Invoer!$C$20")  # no row 20 yet
    wb.define_name("Formulecel", "=Invoer!$C$12")
    wb.define_name("Uitkomst", "=Berekening!$B$2")
    grafiek = wb.add_chart({"type": "column"})
    grafiek.add_series({"values": "=Berekening!$B$2:$B$4", "name": "Restopgave"})
    bereken.insert_chart("D2", grafiek)
    if vba:
        vba_pad = tmp_path / "vbaProject.bin"
        vba_pad.write_bytes(_vba_project())
        wb.add_vba_project(str(vba_pad))
    wb.close()
    return zoals_excel(naam.read_bytes())


WAARDEN = {
    "Gebied": "Rotterdam-Zuid",
    "Opgave": [1.5, 2, 1234.25],
    "Bron": HYPERLINK,
    "Notitie": "  met spaties & <tekens>  ",
    "NieuweCel": 7,
    "NieuweRij": "PM",
}


def _leden(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as pakket:
        assert pakket.testzip() is None
        return {naam: pakket.read(naam) for naam in pakket.namelist()}


def _ruwe_stukken(data: bytes) -> dict[str, bytes]:
    pakket = _Pakket(data, "test")
    assert pakket.leden is not None
    return {lid.naam: data[lid.begin : lid.eind] for lid in pakket.leden}


def _zonder_telling(sst: bytes) -> bytes:
    return re.sub(rb' count="\d+"', b"", sst, count=1)


def _telling(leden: dict[str, bytes]) -> tuple[int, int]:
    """count and uniqueCount as the shared-string table states them."""
    kop = re.search(rb"<sst [^>]*>", leden["xl/sharedStrings.xml"]).group(0)
    return int(re.search(rb' count="(\d+)"', kop).group(1)), int(re.search(rb' uniqueCount="(\d+)"', kop).group(1))


def _echte_telling(leden: dict[str, bytes]) -> tuple[int, int]:
    """The cells that refer to the shared-string table, and the strings it holds."""
    cellen = sum(len(re.findall(rb'<c [^>]*t="s"', data)) for naam, data in leden.items()
                 if naam.startswith("xl/worksheets/sheet"))
    return cellen, len(re.findall(rb"<si>", leden["xl/sharedStrings.xml"]))


@pytest.mark.parametrize("vba", [False, True], ids=["xlsx", "xlsm"])
def test_alleen_de_benoemde_cellen_veranderen(tmp_path: Path, vba: bool) -> None:
    oud = maak_werkboek(tmp_path, vba=vba)
    resultaat = vul_pakket(oud, WAARDEN, cache={("Berekening", "B2"): 1237.75, ("Berekening", "B7"): "x!"})
    assert resultaat.data is not None
    voor, na = _leden(oud), _leden(resultaat.data)
    assert list(voor) == list(na)  # same members, same order
    # The gebied's old name and the old source were shared strings: the table keeps its strings, its count of
    # references drops (before the fix it stayed 3 while 1 cell referred to it).
    gewijzigd = {"xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/sharedStrings.xml"}
    assert set(resultaat.gewijzigde_delen) == gewijzigd
    assert _zonder_telling(na["xl/sharedStrings.xml"]) == _zonder_telling(voor["xl/sharedStrings.xml"])
    voor_telling = _telling(voor)
    assert voor_telling == _echte_telling(voor)
    # Two shared strings were replaced (the gebied's old name and the old source).
    assert _telling(na) == _echte_telling(na) == (voor_telling[0] - 2, voor_telling[1])
    for naam in voor:
        if naam not in gewijzigd:
            assert voor[naam] == na[naam], naam
    # Raw entries (compressed data included) are copied, not recompressed.
    ruw_voor, ruw_na = _ruwe_stukken(oud), _ruwe_stukken(resultaat.data)
    for naam in ruw_voor:
        if naam not in gewijzigd:
            assert ruw_voor[naam] == ruw_na[naam], naam
    if vba:
        assert "xl/vbaProject.bin" in na and na["xl/vbaProject.bin"] == _vba_project()
    # In the sheets only sheetData changed: what surrounds it (validation, conditional formatting,
    # drawing and comment links) keeps its bytes.
    for deel in ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"):
        a, b = voor[deel].decode(), na[deel].decode()
        assert a[: a.index("<sheetData")] == b[: b.index("<sheetData")]
        assert a[a.index("</sheetData>") :] == b[b.index("</sheetData>") :]
    assert re.search(r'<calcPr[^>]*fullCalcOnLoad="1"', na["xl/workbook.xml"].decode())
    # Everything in workbook.xml apart from calcPr is unchanged.
    assert re.sub(r"<calcPr[^>]*/>", "", voor["xl/workbook.xml"].decode()) == re.sub(
        r"<calcPr[^>]*/>", "", na["xl/workbook.xml"].decode()
    )


@pytest.mark.parametrize("vba", [False, True], ids=["xlsx", "xlsm"])
def test_waarden_lezen_terug_met_openpyxl(tmp_path: Path, vba: bool) -> None:
    oud = maak_werkboek(tmp_path, vba=vba)
    resultaat = vul_pakket(oud, WAARDEN, cache={("Berekening", "B2"): 1237.75, ("Berekening", "B7"): "x!"})
    assert resultaat.data is not None
    wb = openpyxl.load_workbook(io.BytesIO(resultaat.data), keep_vba=vba)
    invoer = wb["Invoer"]
    assert invoer["C2"].value == "Rotterdam-Zuid"
    assert [invoer[f"C{r}"].value for r in (4, 5, 6)] == [1.5, 2, 1234.25]
    assert invoer["C8"].value == HYPERLINK and invoer["C8"].data_type == "s"  # text, not a formula
    assert invoer["C9"].value == "  met spaties & <tekens>  "
    assert invoer["D4"].value == 7 and invoer["C20"].value == "PM"
    assert invoer["C4"].fill.fgColor.rgb.endswith("FFF2CC")  # the input style is kept
    assert invoer["C12"].value == "=C4*3"
    assert wb["Berekening"]["B2"].value == "=SUM(Opgave)"
    waarden = openpyxl.load_workbook(io.BytesIO(resultaat.data), data_only=True)
    assert waarden["Berekening"]["B2"].value == 1237.75
    assert waarden["Berekening"]["B3"].value == 120  # no new cache given: stale until Excel recalculates
    assert waarden["Berekening"]["B7"].value == "x!"
    sheet = _leden(resultaat.data)["xl/worksheets/sheet1.xml"].decode()
    cel = re.search(r'<c r="C8"[^>]*>.*?</c>', sheet).group(0)
    assert 't="inlineStr"' in cel and "<f>" not in cel


def test_afhankelijke_formules_worden_geteld(tmp_path: Path) -> None:
    oud = maak_werkboek(tmp_path)
    resultaat = vul_pakket(oud, {"Opgave": [1, 2, 3]}, cache={("Berekening", "B2"): 6}, dry_run=True)
    # B2 (SUM(Opgave)), B3 (B2), B4 (Invoer!C4), B5 (B4) and Invoer!C12 (C4); not B6, B7, B8.
    assert resultaat.afhankelijk == 5
    assert resultaat.zonder_nieuwe_waarde == 4
    resultaat = vul_pakket(oud, {"Bron": "x"}, dry_run=True)
    assert resultaat.afhankelijk == 1  # B7 via the name Bron


def test_dry_run_toont_oud_en_nieuw_zonder_te_schrijven(tmp_path: Path) -> None:
    pad = tmp_path / "werkboek.xlsx"
    pad.write_bytes(maak_werkboek(tmp_path))
    voor = pad.read_bytes()
    resultaat = vul_bestand(pad, {"Gebied": "Delft West", "Opgave": [1, 2, 3], "NieuweCel": 5}, dry_run=True)
    assert resultaat.data is None and pad.read_bytes() == voor
    regels = [(w.naam, w.plaats, w.oud, w.nieuw) for w in resultaat.wijzigingen]
    assert regels == [
        ("Gebied", "Invoer!C2", "oud gebied", "Delft West"),
        ("Opgave", "Invoer!C4", 10, 1),
        ("Opgave", "Invoer!C5", 20, 2),
        ("Opgave", "Invoer!C6", 30, 3),
        ("NieuweCel", "Invoer!D4", None, 5),
    ]


def test_vul_bestand_schrijft_atomisch_en_weigert_bestaand(tmp_path: Path) -> None:
    pad = tmp_path / "werkboek.xlsx"
    pad.write_bytes(maak_werkboek(tmp_path))
    with pytest.raises(BestaatAl, match="--force"):
        vul_bestand(pad, {"Gebied": "x"})
    uit = tmp_path / "gevuld.xlsx"
    vul_bestand(pad, {"Gebied": "x"}, uit=uit)
    assert openpyxl.load_workbook(uit)["Invoer"]["C2"].value == "x"
    vul_bestand(pad, {"Gebied": "y"}, overschrijven=True)
    assert openpyxl.load_workbook(pad)["Invoer"]["C2"].value == "y"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize(
    ("waarden", "cache", "melding"),
    [
        ({"Bestaatniet": 1}, None, "onbekende naam 'Bestaatniet'"),
        ({"Opgave": [1, 2]}, None, "3 cellen, gegeven zijn 2"),
        ({"Opgave": 5}, None, "bereik van 3 cellen"),
        ({"Formulecel": 5}, None, "C12 bevat een formule"),
        ({"Gebied": object()}, None, "geen getal, tekst of leeg"),
        ({"Gebied": float("nan")}, None, "geen eindig getal"),
        ({}, {("Invoer", "C4"): 5}, "C4 bevat geen formule"),
        ({}, {("Bestaat niet", "C4"): 5}, "geen werkblad"),
    ],
)
def test_fouten_worden_geweigerd(tmp_path: Path, waarden, cache, melding: str) -> None:
    with pytest.raises(InvoerFout, match=re.escape(melding)):
        vul_pakket(maak_werkboek(tmp_path), waarden, cache=cache)


def _met_calcchain(data: bytes) -> bytes:
    """The workbook with an (Excel-style) calcChain.xml part added."""
    uit = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as bron, zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as doel:
        for info in bron.infolist():
            inhoud = bron.read(info.filename)
            if info.filename == "[Content_Types].xml":
                inhoud = inhoud.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-'
                    b'officedocument.spreadsheetml.calcChain+xml"/></Types>',
                )
            if info.filename == "xl/_rels/workbook.xml.rels":
                inhoud = inhoud.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/calcChain" Target="calcChain.xml"/></Relationships>',
                )
            doel.writestr(info, inhoud)
        doel.writestr(
            "xl/calcChain.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns="http://schemas.'
            'openxmlformats.org/spreadsheetml/2006/main"><c r="C12" i="1"/><c r="B2" i="2"/></calcChain>',
        )
    return uit.getvalue()


def test_calcchain_blijft_tenzij_een_formule_verdwijnt(tmp_path: Path) -> None:
    oud = _met_calcchain(maak_werkboek(tmp_path))
    gewoon = vul_pakket(oud, {"Opgave": [1, 2, 3]}, cache={("Berekening", "B2"): 6})
    assert not gewoon.calcchain_verwijderd
    assert _leden(gewoon.data)["xl/calcChain.xml"] == _leden(oud)["xl/calcChain.xml"]
    weg = vul_pakket(oud, {"Formulecel": 5}, formules_overschrijven=True)
    assert weg.calcchain_verwijderd
    leden = _leden(weg.data)
    assert "xl/calcChain.xml" not in leden
    assert b"calcChain" not in leden["[Content_Types].xml"] and b"calcChain" not in leden["xl/_rels/workbook.xml.rels"]
    assert openpyxl.load_workbook(io.BytesIO(weg.data))["Invoer"]["C12"].value == 5


def test_echt_excel_xlsm_van_xlwings(tmp_path: Path) -> None:
    """Excel's own quickstart.xlsm (mc:Ignorable, an empty sheetData, a calcPr without
    fullCalcOnLoad) with one defined name added: filled, and the VBA project kept."""
    xlwings = pytest.importorskip("xlwings")
    uit = io.BytesIO()
    with zipfile.ZipFile(Path(xlwings.__file__).parent / "quickstart.xlsm") as bron, zipfile.ZipFile(uit, "w") as doel:
        for info in bron.infolist():
            inhoud = bron.read(info.filename)
            if info.filename == "xl/workbook.xml":
                inhoud = inhoud.replace(
                    b"<calcPr", b'<definedNames><definedName name="Invoer">Sheet1!$B$2</definedName></definedNames><calcPr'
                )
            doel.writestr(info, inhoud)
    oud = uit.getvalue()
    resultaat = vul_pakket(oud, {"Invoer": "=HYPERLINK(1)"})
    assert resultaat.data is not None
    voor, na = _leden(oud), _leden(resultaat.data)
    assert set(resultaat.gewijzigde_delen) == {"xl/workbook.xml", "xl/worksheets/sheet1.xml"}
    for naam in voor:
        if naam not in resultaat.gewijzigde_delen:
            assert voor[naam] == na[naam], naam
    assert b'<calcPr calcId="171027" concurrentCalc="0" fullCalcOnLoad="1"/>' in na["xl/workbook.xml"]
    wb = openpyxl.load_workbook(io.BytesIO(resultaat.data), keep_vba=True)
    assert wb["Sheet1"]["B2"].value == "=HYPERLINK(1)" and wb["Sheet1"]["B2"].data_type == "s"


def test_zonder_prefix_en_met_prefix_en_lege_sheetdata() -> None:
    data = _handgemaakt(prefix="x:")
    resultaat = vul_pakket(data, {"Invoer": 42, "Tekst": "=1+1"})
    wb = openpyxl.load_workbook(io.BytesIO(resultaat.data))
    assert wb["Blad1"]["B3"].value == 42
    assert wb["Blad2"]["A1"].value == "=1+1" and wb["Blad2"]["A1"].data_type == "s"
    tekst = zipfile.ZipFile(io.BytesIO(resultaat.data)).read("xl/workbook.xml").decode()
    assert '<x:calcPr fullCalcOnLoad="1"/><x:extLst' in tekst


def _handgemaakt(prefix: str) -> bytes:
    """A minimal package with a namespace prefix, a self-closing row and an empty sheetData."""
    p = prefix
    ns = f'xmlns{":" + p[:-1] if p else ""}="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    r = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    delen = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
        '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": f'<?xml version="1.0"?><{p}workbook {ns} {r}><{p}sheets><{p}sheet name="Blad1" sheetId="1" '
        f'r:id="rId1"/><{p}sheet name="Blad2" sheetId="2" r:id="rId2"/></{p}sheets><{p}definedNames>'
        f"<{p}definedName name=\"Invoer\">Blad1!$B$3</{p}definedName><{p}definedName name=\"Tekst\">"
        f"Blad2!$A$1</{p}definedName></{p}definedNames><{p}extLst/></{p}workbook>",
        "xl/worksheets/sheet1.xml": f'<?xml version="1.0"?><{p}worksheet {ns}><{p}sheetData><{p}row r="3" '
        f'spans="1:2"/></{p}sheetData></{p}worksheet>',
        "xl/worksheets/sheet2.xml": f'<?xml version="1.0"?><{p}worksheet {ns}><{p}sheetData/></{p}worksheet>',
    }
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as pakket:
        for naam, tekst in delen.items():
            pakket.writestr(naam, tekst)
    return uit.getvalue()


def test_gedeelde_formule_wordt_verschoven() -> None:
    assert _verschuif("A1+$B$1+Blad2!C3+SUM(D1:D4)", 2, 1) == "B3+$B$1+Blad2!D5+SUM(E3:E6)"


def test_lege_opgemaakte_cellen_nemen_geen_formule_over(tmp_path: Path) -> None:
    """A styled empty cell (`<c r="A1" s="1"/>`) is self-closing: the next cell's formula stays the next cell's."""
    import xlsxwriter

    naam = tmp_path / "leeg.xlsx"
    wb = xlsxwriter.Workbook(str(naam))
    stijl = wb.add_format({"bg_color": "#FFF2CC"})
    invoer = wb.add_worksheet("Invoer")
    invoer.write_number("C4", 10)
    eigen = wb.add_worksheet("Eigen")
    eigen.write_blank("A1", None, stijl)
    eigen.write_formula("B1", "=Invoer!C4*2", None, 20)
    eigen.write_formula("C1", "=B1+1", None, 21)
    eigen.write_formula("D1", "=C1+1", None, 22)
    eigen.write_blank("E1", None, stijl)
    eigen.write_blank("A2", None, stijl)
    eigen.write_formula("B2", "=1+1", None, 2)  # independent, after a styled empty cell
    wb.define_name("Opgave", "=Invoer!$C$4")
    wb.close()
    data = naam.read_bytes()
    assert re.search(rb'<c r="A1" s="\d+"/>', _leden(data)["xl/worksheets/sheet2.xml"])
    resultaat = vul_pakket(data, {"Opgave": 5}, dry_run=True)
    assert resultaat.afhankelijk == 3  # B1, C1, D1; not B2


def test_formules_van_een_blad_met_zelfsluitende_cellen() -> None:
    from xl_opgave.vullen.pakket import _Blad, _formules

    for p in ("", "x:"):
        tekst = (
            f'<{p}worksheet><{p}sheetData><{p}row r="1"><{p}c r="A1" s="3"/><{p}c r="B1"><{p}f>Opgave*2</{p}f>'
            f'<{p}v>2</{p}v></{p}c><{p}c r="C1" s="3"/><{p}c r="D1" s="1"><{p}v>4</{p}v></{p}c></{p}row>'
            f'<{p}row r="2"><{p}c r="A2" s="3"/><{p}c r="B2"><{p}f t="shared" ref="B2:B3" si="0">B1+1</{p}f></{p}c>'
            f'</{p}row><{p}row r="3"><{p}c r="A3" s="3"/><{p}c r="B3"><{p}f t="shared" si="0"/></{p}c></{p}row>'
            f"</{p}sheetData></{p}worksheet>"
        )
        blad = _Blad.lees(tekst, "test")
        assert sorted(_formules(blad)) == [(1, 2, "Opgave*2"), (2, 2, "B1+1"), (3, 2, "B2+1")], p
        assert [c[0] for c in blad.cellen_in_rij(1, "test")] == [1, 2, 3, 4]


def test_tekens_die_xml_niet_kan_bevatten():
    """The regular expression that finds them (fast path of every text written) refuses exactly what
    `xml_toegestaan` refuses, over all of Unicode."""
    from xl_opgave.vullen.pakket import _NIET_XML, _xml_tekst
    from xl_opgave.werkboek.xmlstroom import xml_toegestaan

    alle = "".join(chr(i) for i in range(0x110000))
    assert {c for c in alle if _NIET_XML.fullmatch(c)} == {c for c in alle if not xml_toegestaan(c)}
    assert _xml_tekst("a\x01b_x0041_&") == "a_x0001_b_x005F_x0041_&amp;"
