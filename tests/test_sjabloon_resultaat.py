"""Resultaat as the report (without LibreOffice): rounding in presentation formulas only, the switch, the
sources per gebied, titles and footers per gebied, the Invoer columns, Excel 2010 validity, `xl-opgave pdf`."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from xl_opgave.cli import main
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.tabellen import tabel_opmaak, tabellen_uit_toml
from xl_opgave.referentie import laad
from xl_opgave.vullen.sjabloonpakket import Sjabloonpakket
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.sjabloon import Stand, invoer_waarden, sjabloon_bytes, werkboek_bytes, werkboek_met_opname
from xl_opgave.werkboek.sjabloon.invoer import K_BRON, K_EENHEID
from xl_opgave.werkboek.sjabloon.weergave import Weergave

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"


def _boek(inhoud: bytes, waarden: bool = True):
    return openpyxl.load_workbook(io.BytesIO(inhoud), data_only=waarden)


def _naam(wb, naam: str):
    (blad, adres), = wb.defined_names[naam].destinations
    return wb[blad][adres.replace("$", "")].value


def _tabelcel(wb, tabel: str, rij: str, kolom: str):
    """The displayed amount of a report table on Resultaat (NPLV: one sheet column per report column)."""
    ws = wb[nm.BLAD_RESULTAAT]
    o = next(t.opmaak for t in laad("nplv").tabellen() if t.opmaak.tabel == tabel)
    titel = next(c.row for r in ws.iter_rows() for c in r if isinstance(c.value, str) and c.value == o.titel)
    regel = next(r for r in range(titel, titel + 15) if ws.cell(r, 1).value == rij)
    return ws.cell(regel, 2 + [k.kolom for k in o.kolommen].index(kolom)).value


@pytest.fixture(scope="module")
def keuzes():
    ref = laad("nplv")
    return {i: _boek(werkboek_bytes(ref.programma, ref.resultaat_namen, afronding=k))
            for i, k in enumerate(nm.AFRONDING_KEUZES, start=1)}


def test_afgerond_alleen_op_resultaat(keuzes):
    """75 % × 1.165 = 873,75: the name stays unrounded, the table shows 875, 874 or 873,75 by the switch."""
    for wb in keuzes.values():
        assert _naam(wb, "RijksRestopgave_Fysiek_Tot2030") == pytest.approx(873.75)
    assert _tabelcel(keuzes[1], "Tabel 7", "Resterend tekort fysieke pijler", "Rijks deel") == 875
    assert _tabelcel(keuzes[2], "Tabel 7", "Resterend tekort fysieke pijler", "Rijks deel") == 874
    assert _tabelcel(keuzes[3], "Tabel 7", "Resterend tekort fysieke pijler", "Rijks deel") == pytest.approx(873.75)
    # Exact halves toward zero, as the report: 50 % × 445 = 222,5 → 220; 70 % × 475 = 332,5 → 330.
    assert _tabelcel(keuzes[1], "Tabel 4", "Nieuwbouw", "Tot 2030 Rijksdeel") == 220
    assert _tabelcel(keuzes[1], "Tabel 4", "Herstructurering Particuliere voorraad", "Tot 2030 Rijksdeel") == 330
    assert _tabelcel(keuzes[2], "Tabel 4", "Nieuwbouw", "Tot 2030 Rijksdeel") == 222
    # € mld. to two decimals: 2.935 (a half) → €2,93 mld.
    assert _tabelcel(keuzes[1], "Tabel 1", "Totale opgave", "Restopgave tot 2030") == 2930


def test_resultaat_rekent_over_berekening_en_de_schakelaar():
    wb = _boek(sjabloon_bytes("nplv"), waarden=False)
    ws = wb[nm.BLAD_RESULTAAT]
    (blad, adres), = wb.defined_names[nm.AFRONDING].destinations
    assert blad == nm.BLAD_RESULTAAT and ws[adres.replace("$", "")].protection.locked is False
    assert ws[adres.replace("$", "")].value == "zoals rapport"
    formules = [c.value for r in ws.iter_rows() for c in r
                if isinstance(c.value, str) and c.value.startswith(f"=CHOOSE({nm.AFRONDING_STAND},")]
    assert len(formules) > 200 and all(f.count("ROUNDUP") == 2 for f in formules)
    # Berekening rounds nothing.
    berekening = [c.value for r in wb[nm.BLAD_BEREKENING].iter_rows() for c in r if isinstance(c.value, str)
                  and c.value.startswith("=")]
    assert not any("ROUND" in f for f in berekening)


def test_onbekende_afronding_faalt_de_controle():
    ref = laad("nplv")
    wb = _boek(werkboek_bytes(ref.programma, ref.resultaat_namen, afronding="op de cent"))
    assert _naam(wb, nm.CONTROLE_TOTAAL) == 0
    assert _naam(wb, nm.AFRONDING_STAND) == 1  # shown as the report rounds, and the check says so


def test_weergave_toont_zoals_het_rapport():
    mld = Weergave.uit_gedrukt("€2,94 mld.")
    assert mld.toon(mld.rond(2935, 1), 1, "- PM") == "€2,93 mld. - PM"
    assert mld.toon(mld.rond(-675, 1), 1) == "- €0,67 mld."
    assert mld.toon(mld.rond(2375, 2), 2) == "€2.375 mln."
    mln = Weergave.uit_gedrukt("445", 5)
    assert mln.toon(mln.rond(1332.5, 1), 1) == "1.330" and mln.toon(0, 1, "+ PM") == "PM"
    assert mln.formaat(1) == '#,##0;-#,##0;"-"' and mln.formaat(1, "+ PM") == '#,##0" + PM";-#,##0" + PM";"PM"'


def test_invoer_eenheid_en_bron_onder_hun_kop():
    for code in ("nplv", "npvr"):
        ws = _boek(sjabloon_bytes(code))[nm.BLAD_INVOER]
        kop = None
        gezien = 0
        for rij in ws.iter_rows(min_row=4):
            waarden = [c.value for c in rij]
            if rij[0].font.bold and rij[0].fill.fgColor.rgb not in (None, "00000000") and "Eenheid" in waarden:
                kop = waarden
                assert waarden.index("Eenheid") == K_EENHEID, waarden
                assert waarden[K_BRON] in ("Bron", "Toelichting / vindplaats", "Waarvoor"), waarden
            if "€ mln" in waarden:
                assert waarden.index("€ mln") == K_EENHEID and kop is not None, waarden
                gezien += 1
        assert gezien > 10


def _opgavebronnen(ws) -> dict[str, str]:
    """Onderdeel → source of the rows of the block 'Opgave per onderdeel' (the first rows in € mln)."""
    uit: dict[str, str] = {}
    for r in ws.iter_rows():
        if r[K_EENHEID].value == "€ mln" and r[2].value is not None:
            uit.setdefault(r[1].value, r[K_BRON].value)
    return uit


def test_bron_van_cijfers_uit_een_databestand():
    ref = laad("nplv")
    opgaven = tuple(replace(o, bron="", toelichting="raming van de gemeente" if o.onderdeel == "nieuwbouw" else "",
                            herkomst="gebieden.xlsx") for o in ref.programma.opgaven)
    programma = ref.programma.met(opgaven=opgaven, gebied="Zuid")
    ws = _boek(werkboek_bytes(programma, ref.resultaat_namen))[nm.BLAD_INVOER]
    bronnen = _opgavebronnen(ws)
    assert bronnen["Nieuwbouw"] == "gebieden.xlsx: raming van de gemeente"
    assert bronnen["Leefomgeving"] == "gebieden.xlsx"
    referentie = _opgavebronnen(_boek(sjabloon_bytes("nplv"))[nm.BLAD_INVOER])
    assert referentie["Nieuwbouw"] == f"{ref.programma.bron}: Tabel 4"
    # The batch filler writes the same per gebied.
    definitie = ref.programma.met(opgaven=(), dekkingen=(), gebied="")
    data, opname = werkboek_met_opname(definitie, ref.resultaat_namen)
    pakket = Sjabloonpakket(data, opname, invoer_waarden(definitie))
    gevuld = _boek(pakket.vul(programma, Stand(programma)))[nm.BLAD_INVOER]
    assert _opgavebronnen(gevuld) == bronnen


def _kopvoet(inhoud: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(inhoud)) as z:
        return {n: re.search(r"<headerFooter>.*</headerFooter>", z.read(n).decode()).group(0)
                for n in z.namelist() if re.fullmatch(r"xl/worksheets/sheet\d\.xml", n)}


def test_titels_en_voetteksten_per_gebied():
    ref = laad("nplv")
    programma = ref.programma.met(gebied="Zuid & Oost")
    inhoud = werkboek_bytes(programma, ref.resultaat_namen)
    kopvoet = _kopvoet(inhoud)
    assert len(kopvoet) == len(nm.BLADEN)
    for xml in kopvoet.values():
        assert "<oddFooter>&amp;LNPLV – Zuid &amp;&amp; Oost&amp;C" in xml and "pagina &amp;P van &amp;N" in xml
    formules, waarden = _boek(inhoud, waarden=False), _boek(inhoud)
    for blad in nm.BLADEN:
        assert nm.GEBIED in formules[blad]["A1"].value
        assert waarden[blad]["A1"].value.startswith(blad) and waarden[blad]["A1"].value.endswith("– Zuid & Oost")
    # The batch filler patches the footers per gebied: the same as a workbook written for that gebied.
    definitie = ref.programma.met(opgaven=(), dekkingen=(), gebied="")
    data, opname = werkboek_met_opname(definitie, ref.resultaat_namen)
    assert "Zuid" not in "".join(_kopvoet(data).values())
    pakket = Sjabloonpakket(data, opname, invoer_waarden(definitie))
    assert _kopvoet(pakket.vul(programma, Stand(programma))) == kopvoet


def test_paginainstelling_op_elk_blad():
    wb = _boek(sjabloon_bytes("nplv"), waarden=False)
    for ws in wb.worksheets:
        assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth in (None, 1)
        assert ws.page_setup.fitToHeight == 0, ws.title
        assert ws.print_area and ws.print_title_rows, ws.title
    resultaat = wb[nm.BLAD_RESULTAAT]
    # The helper columns (unrounded values, units, PM texts, chart data) stay out of the print area.
    laatste = re.search(r"\$([A-Z]+)\$\d+$", resultaat.print_area).group(1)
    hulp = [c.column_letter for r in resultaat.iter_rows() for c in r
            if isinstance(c.value, str) and c.value.startswith("=Berekening!")]
    assert hulp and all(len(k) > len(laatste) or k > laatste for k in hulp)
    assert len(resultaat.row_breaks.brk) >= 5


def test_tabellen_toml_hoort_bij_gepubliceerd():
    ref = laad("nplv")
    assert [t.opmaak.tabel for t in ref.tabellen()] == [f"Tabel {i}" for i in range(1, 17)]
    opmaak = tabellen_uit_toml('[[tabel]]\ntabel = "Tabel 1"\ntitel = "x"\nkolommen = [{ kolom = "Onbekend" }]\n', "t")
    with pytest.raises(InvoerFout, match="kolom 'Restopgave tot 2030'"):
        tabel_opmaak(opmaak, ref.cijfers)
    with pytest.raises(InvoerFout, match="'titel' ontbreekt"):
        tabellen_uit_toml('[[tabel]]\ntabel = "Tabel 1"\nkolommen = []\n', "t")


def test_twee_cijfers_op_een_plaats_geweigerd():
    """Two published figures at the same row and column of a table: refused, not one silently dropped."""
    ref = laad("nplv")
    eerste = next(c for c in ref.cijfers if c.tabel == "Tabel 1")
    tweede = next(c for c in ref.cijfers if c.tabel == "Tabel 1" and (c.rij, c.kolom) != (eerste.rij, eerste.kolom))
    cijfers = [c if c is not tweede else replace(tweede, rij=eerste.rij, kolom=eerste.kolom) for c in ref.cijfers]
    with pytest.raises(InvoerFout, match=f"{eerste.id} en {tweede.id}"):
        tabel_opmaak(ref.tabelopmaak, cijfers)


@pytest.mark.parametrize("afronding", nm.AFRONDING_KEUZES)
def test_geldig_voor_excel_2010(tmp_path, afronding):
    """The Open XML SDK's rules (port: openxml-audit) at Office 2010, with conditional number formats."""
    ref = laad("nplv")
    pad = tmp_path / "w.xlsx"
    pad.write_bytes(werkboek_bytes(ref.programma, ref.resultaat_namen, afronding=afronding))
    uit = subprocess.run([sys.executable, "-m", "openxml_audit", "-f", "office2010", str(pad)],
                         capture_output=True, text=True)
    assert uit.returncode == 0 and "Errors: 0" in uit.stdout, uit.stdout[-2000:]


def test_validator_vindt_een_fout(tmp_path):
    """The validator of the test above does reject an invalid element (not a check that cannot fail)."""
    pad = tmp_path / "fout.xlsx"
    with zipfile.ZipFile(WORKBOOKS / "npvr.xlsx") as bron, zipfile.ZipFile(pad, "w") as doel:
        for info in bron.infolist():
            data = bron.read(info.filename)
            if info.filename == "xl/styles.xml":
                data = re.sub(rb"<dxfs count=\"(\d+)\">", rb'<dxfs count="\1"><onzin/>', data)
            doel.writestr(info, data)
    uit = subprocess.run([sys.executable, "-m", "openxml_audit", "-f", "office2010", str(pad)],
                         capture_output=True, text=True)
    assert uit.returncode != 0 and "onzin" in uit.stdout


# -- xl-opgave pdf ---------------------------------------------------------------------------------
def test_pdf_zonder_libreoffice(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("xl_opgave.werkboek.libreoffice.soffice_pad", lambda: None)
    assert main(["pdf", str(WORKBOOKS / "npvr.xlsx"), "--out", str(tmp_path)]) == 2
    fout = capsys.readouterr().err
    assert fout.startswith("fout: LibreOffice (soffice) is niet gevonden") and "fonts-crosextra-carlito" in fout
    assert list(tmp_path.iterdir()) == []


def test_pdf_weigert_bestaand_en_onleesbaar(tmp_path, capsys):
    (tmp_path / "npvr.pdf").write_bytes(b"eigen")
    assert main(["pdf", str(WORKBOOKS / "npvr.xlsx"), "--out", str(tmp_path)]) == 2
    assert "--force" in capsys.readouterr().err and (tmp_path / "npvr.pdf").read_bytes() == b"eigen"
    kapot = tmp_path / "kapot.xlsx"
    kapot.write_bytes(b"geen werkmap")
    uit = tmp_path / "uit"
    uit.mkdir()
    assert main(["pdf", str(kapot), "--out", str(uit)]) == 2
    assert "kapot.xlsx" in capsys.readouterr().err and list(uit.iterdir()) == []
    assert main(["pdf", str(WORKBOOKS / "npvr.xlsx"), "--out", str(tmp_path / "npvr.pdf")]) == 2
    assert "is geen map" in capsys.readouterr().err


def test_pdf_niets_half_geschreven(tmp_path, monkeypatch):
    """LibreOffice makes one PDF of two: nothing is published (the PDFs are checked before any is written)."""
    from xl_opgave.werkboek import libreoffice, pdf

    def half(opdracht, timeout):
        uitmap = Path(opdracht[opdracht.index("--outdir") + 1])
        (uitmap / f"{Path(opdracht[-2]).stem}.pdf").write_bytes(b"%PDF-1.7 half")
        return "Error: source file could not be loaded"

    monkeypatch.setattr(libreoffice, "soffice_pad", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(libreoffice, "_draai", half)
    with pytest.raises(InvoerFout, match="geen pdf gemaakt"):
        pdf.maak_pdfs([WORKBOOKS / "nplv.xlsx", WORKBOOKS / "npvr.xlsx"], tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_pdf_dubbele_naam_geweigerd(tmp_path):
    from xl_opgave.werkboek.pdf import maak_pdfs

    tweede = tmp_path / "a"
    tweede.mkdir()
    (tweede / "nplv.xlsx").write_bytes((WORKBOOKS / "nplv.xlsx").read_bytes())
    with pytest.raises(InvoerFout, match="dezelfde pdf nplv.pdf"):
        maak_pdfs([WORKBOOKS / "nplv.xlsx", tweede / "nplv.xlsx"], tmp_path)


@pytest.mark.libreoffice
def test_pdf_commando(tmp_path, capsys):
    assert main(["pdf", str(WORKBOOKS / "npvr.xlsx"), "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == f"geschreven: {tmp_path / 'npvr.pdf'}"
    assert (tmp_path / "npvr.pdf").read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["npvr.pdf"]
    tekst = subprocess.run(["pdftotext", "-layout", str(tmp_path / "npvr.pdf"), "-"], capture_output=True,
                           text=True).stdout
    assert "18.045.000" in tekst and "€6,3 mld." in tekst  # Dutch number style whatever the locale


def _markers(inhoud: bytes) -> list[tuple[str, set[str]]]:
    """(row label, aanname ids) of every marker on Resultaat (cached values), in sheet order."""
    ws = _boek(inhoud)[nm.BLAD_RESULTAAT]
    kolommen = {cel.column for rij in ws.iter_rows() for cel in rij if cel.value in ("Aanname", "Aann.")}
    uit = []
    for rij in ws.iter_rows():
        for cel in rij:
            if cel.column in kolommen and isinstance(cel.value, str) and re.fullmatch(r"A\d+(, A\d+)*", cel.value):
                uit.append((str(rij[0].value), set(cel.value.split(", "))))
    return uit


def test_resultaat_markeert_de_aannames_van_de_landelijke_cijfers():
    from xl_opgave.referentie import aannames_per_cijfer, aannames_per_resultaat

    inhoud = (WORKBOOKS / "nplv.xlsx").read_bytes()
    ref = laad("nplv")
    per_cijfer = aannames_per_cijfer("nplv")
    # Every table row whose figures rest on an aanname carries exactly those ids, then every key result
    # that does; no other row has a marker.
    verwacht: list[tuple[str, set[str]]] = []
    for tabel in ref.tabellen():
        for rij in tabel.rijen:
            ids = {a for k in tabel.opmaak.kolommen if (c := tabel.cijfer(rij, k.kolom)) for a in per_cijfer[c.id]}
            if ids:
                verwacht.append((rij, ids))
    for rn in ref.resultaat_namen:
        ids = set(aannames_per_resultaat("nplv")[rn.naam])
        if ids:
            verwacht.append((rn.omschrijving, ids))
    assert len(verwacht) > 10, "the report has figures resting on aannames"
    assert _markers(inhoud) == verwacht
    assert ("WoKT 2.0", {"A1"}) in verwacht
    # Toelichting lists every aanname with its reason.
    toelichting = [str(c.value) for rij in _boek(inhoud)[nm.BLAD_TOELICHTING].iter_rows() for c in rij if c.value]
    for aanname in ref.aannames:
        assert aanname.id in toelichting, aanname.id


def test_een_gebied_toont_de_landelijke_aannames_niet():
    ref = laad("nplv")
    gebied = werkboek_bytes(ref.programma.met(gebied="Delft West"), ref.resultaat_namen)
    assert _markers(gebied) == []
    # The marker is a live formula over In_Gebied, so it follows --into and the Vul-gebied macro.
    ws = _boek(gebied, waarden=False)[nm.BLAD_RESULTAAT]
    formules = [c.value for rij in ws.iter_rows() for c in rij
                if isinstance(c.value, str) and c.value.startswith("=IF(OR(In_Gebied")]
    assert formules and all('"A' in f for f in formules)
