"""Template workbooks: deterministic, up to date, named results, formulas by the modelling rules."""

from __future__ import annotations

import io
import os
import re
import stat
import zipfile
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from xl_opgave.bestanden import BestaatAl
from xl_opgave.cli import main
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.referentie import analyse, laad
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.sjabloon import invoer_waarden, schrijf_werkboek, sjabloon_bytes, werkboek_bytes

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"
CODES = ("nplv", "npvr")
# Excel 2010 functions the templates may use; anything else (LET, LAMBDA, FILTER, …) is refused.
TOEGESTAAN = {"SUM", "SUMIFS", "COUNTIF", "COUNTIFS", "COUNTA", "COUNT", "MAX", "MIN", "N", "AND", "IF",
              "CHOOSE", "ABS", "SUMPRODUCT", "SIGN", "ROUND", "ROUNDUP", "MATCH", "IFERROR", "OR"}


@pytest.fixture(scope="module", params=CODES)
def werkboek(request):
    code = request.param
    inhoud = sjabloon_bytes(code)
    return (code, inhoud, openpyxl.load_workbook(io.BytesIO(inhoud)),
            openpyxl.load_workbook(io.BytesIO(inhoud), data_only=True))


@pytest.mark.parametrize("code", CODES)
def test_deterministisch_en_actueel(code):
    eerste, tweede = sjabloon_bytes(code), sjabloon_bytes(code)
    assert eerste == tweede
    assert (WORKBOOKS / f"{code}.xlsx").read_bytes() == eerste, (
        f"workbooks/{code}.xlsx is verouderd: xl-opgave template {code} --out workbooks/{code}.xlsx --force")


def test_bladen_en_namen(werkboek):
    code, _, wbf, wbv = werkboek
    assert wbf.sheetnames == list(nm.BLADEN)
    resultaten = analyse(code).resultaten()
    for naam, verwacht in resultaten.items():
        (blad, adres), = wbf.defined_names[naam].destinations
        assert blad == nm.BLAD_BEREKENING
        assert str(wbf[blad][adres.replace("$", "")].value).startswith("=")
        assert wbv[blad][adres.replace("$", "")].value == pytest.approx(verwacht, abs=1e-9)
    for naam in invoer_waarden(laad(code).programma):
        assert naam in wbf.defined_names, naam


def test_formules_volgens_de_regels(werkboek):
    _, _, wbf, wbv = werkboek
    aantal = 0
    for blad in nm.REKENBLADEN:
        for rij in wbf[blad].iter_rows():
            for cel in rij:
                if not (isinstance(cel.value, str) and cel.value.startswith("=")):
                    continue
                aantal += 1
                formule = cel.value
                assert wbv[blad][cel.coordinate].value is not None or "PM" in formule or '""' in formule, cel
                zonder_tekst = re.sub(r'"[^"]*"', '""', formule)
                functies = set(re.findall(r"([A-Z][A-Z0-9.]*)\(", zonder_tekst))
                assert functies <= TOEGESTAAN, (blad, cel.coordinate, functies - TOEGESTAAN)
                # No typed numbers (0, 1 and the half of 'halves toward zero' as structural constants aside):
                # strip names and cell refs first.
                kaal = re.sub(r"[A-Za-z_][A-Za-z0-9_.]*!?\$?[A-Z]*\$?\d*", "", zonder_tekst).replace("-1/2)", ")")
                getallen = set(re.findall(r"\d+(?:\.\d+)?", kaal)) - {"0", "1"}
                assert not getallen, (blad, cel.coordinate, formule)
                assert "Invoer!" not in formule, f"invoer via gedefinieerde naam: {blad}!{cel.coordinate}"
    assert aantal > 300


def test_beveiliging_en_invoerstijl(werkboek):
    _, _, wbf, _ = werkboek
    for blad in (nm.BLAD_BEREKENING, nm.BLAD_RESULTAAT, nm.BLAD_CONTROLES, nm.BLAD_TOELICHTING):
        assert wbf[blad].protection.sheet
        assert not wbf[blad].protection.password
    assert not wbf[nm.BLAD_INVOER].protection.sheet
    (blad, adres), = wbf.defined_names[nm.GEBIED].destinations
    assert wbf[blad][adres.replace("$", "")].protection.locked is False
    assert wbf[nm.BLAD_INVOER].data_validations.dataValidation


def test_hoofdcontrole_op_elk_blad(werkboek):
    _, _, wbf, wbv = werkboek
    for blad in nm.BLADEN:
        assert nm.CONTROLE_TOTAAL in str(wbf[blad]["B2"].value)
        assert wbv[blad]["B2"].value == "in orde"


def test_grafiekcache_gelijk_aan_cellen(werkboek):
    _, inhoud, _, wbv = werkboek
    with zipfile.ZipFile(io.BytesIO(inhoud)) as z:
        xml = z.read("xl/charts/chart1.xml").decode()
    reeksen = re.findall(r"<c:val><c:numRef><c:f>([^<]+)</c:f><c:numCache>(.*?)</c:numCache>", xml)
    assert reeksen
    for verwijzing, cache in reeksen:
        blad, bereik = verwijzing.split("!")
        cellen = wbv[blad.strip("'")][bereik.replace("$", "")]
        waarden = [r[0].value for r in cellen]
        gecached = [float(v) for v in re.findall(r"<c:v>([^<]+)</c:v>", cache)]
        assert gecached == pytest.approx(waarden)


def test_resultaat_toont_pm_en_nederlandse_opmaak():
    wb = openpyxl.load_workbook(io.BytesIO(sjabloon_bytes("nplv")), data_only=True)
    ws = wb[nm.BLAD_RESULTAAT]
    teksten = {c.value for rij in ws.iter_rows() for c in rij if isinstance(c.value, str)}
    assert "- PM" in teksten and "+ PM" in teksten
    formaten = {c.number_format for rij in ws.iter_rows() for c in rij}
    assert '"€"#,##0.00," mld."' in {f.split(";")[0] for f in formaten}
    assert any(t.startswith("Tabel 6: Opgaven, dekking en resterende opgaven per thema") for t in teksten)
    wb = openpyxl.load_workbook(io.BytesIO(sjabloon_bytes("npvr")), data_only=True)
    teksten = {c.value for rij in wb[nm.BLAD_RESULTAAT].iter_rows() for c in rij if isinstance(c.value, str)}
    assert "+ PM" in teksten
    assert "Tabel 1.2: Totaaloverzicht financiële opgave NPVR" in teksten
    assert "Tabel 3.1: Financiële opgave voorzieningen" in teksten


def test_gebied_werkboek_met_eigen_cijfers():
    ref = laad("nplv")
    opgaven = tuple(o.__class__(**{**o.__dict__, "bedrag": o.bedrag.schaal(0.1)}) for o in ref.programma.opgaven)
    programma = ref.programma.met(opgaven=opgaven, dekkingen=ref.programma.dekkingen[:3])
    inhoud = werkboek_bytes(programma, ref.resultaat_namen, gebied="Rotterdam-Zuid")
    wbv = openpyxl.load_workbook(io.BytesIO(inhoud), data_only=True)
    (blad, adres), = wbv.defined_names["Opgave_Totaal_Tot2030"].destinations
    assert wbv[blad][adres.replace("$", "")].value == pytest.approx(435.0)
    (blad, adres), = wbv.defined_names[nm.GEBIED].destinations
    assert wbv[blad][adres.replace("$", "")].value == "Rotterdam-Zuid"


def test_template_commando(tmp_path, capsys):
    doel = tmp_path / "model.xlsx"
    assert main(["template", "npvr", "--out", str(doel)]) == 0
    assert doel.read_bytes() == sjabloon_bytes("npvr")
    doel.write_bytes(b"eigen werk")
    assert main(["template", "npvr", "--out", str(doel)]) == 2
    assert "--force" in capsys.readouterr().err
    assert doel.read_bytes() == b"eigen werk"
    assert main(["template", "npvr", "--out", str(doel), "--force"]) == 0
    assert doel.read_bytes() == sjabloon_bytes("npvr")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.xlsx"]


def test_template_ontbrekende_map_geweigerd(tmp_path, capsys):
    doel = tmp_path / "bestaat_niet" / "x.xlsx"
    assert main(["template", "nplv", "--out", str(doel)]) == 2
    fout = capsys.readouterr().err.strip()
    assert fout.startswith("fout: ") and "bestaat niet" in fout and "\n" not in fout
    assert not doel.parent.exists()
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(InvoerFout, match="bestaat niet"):
        schrijf_werkboek(b"x", doel)
    assert not doel.parent.exists()


def test_template_map_is_een_bestand(tmp_path, capsys):
    (tmp_path / "bestand").write_bytes(b"")
    assert main(["template", "nplv", "--out", str(tmp_path / "bestand" / "x.xlsx")]) == 2
    assert "geen map" in capsys.readouterr().err


def _xlsx(tekst: str) -> bytes:
    """A small real workbook (schrijf_werkboek checks every workbook before it writes it)."""
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    wb.add_worksheet().write_string(0, 0, tekst)
    wb.close()
    return buffer.getvalue()


INHOUD, EIGEN, NIEUW, ANDER = _xlsx("inhoud"), _xlsx("eigen werk"), _xlsx("nieuw"), _xlsx("van een ander")


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002])
def test_schrijf_werkboek_rechten_als_gewoon_nieuw_bestand(tmp_path, umask):
    oud = os.umask(umask)
    try:
        gewoon = tmp_path / "gewoon.bin"
        gewoon.write_bytes(b"")
        pad = schrijf_werkboek(INHOUD, tmp_path / "w.xlsx")
    finally:
        os.umask(oud)
    assert pad == tmp_path / "w.xlsx" and pad.read_bytes() == INHOUD
    assert stat.S_IMODE(pad.stat().st_mode) == stat.S_IMODE(gewoon.stat().st_mode) == 0o666 & ~umask


def test_schrijf_werkboek_weigert_bestaand_bestand_zonder_force(tmp_path):
    doel = tmp_path / "w.xlsx"
    doel.write_bytes(EIGEN)
    with pytest.raises(BestaatAl, match="--force"):
        schrijf_werkboek(NIEUW, doel)
    assert doel.read_bytes() == EIGEN
    assert schrijf_werkboek(NIEUW, doel, force=True) == doel
    assert doel.read_bytes() == NIEUW
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.xlsx"]


def test_schrijf_werkboek_relatief_pad_in_werkmap(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert schrijf_werkboek(INHOUD, "w.xlsx") == Path("w.xlsx")
    assert (tmp_path / "w.xlsx").read_bytes() == INHOUD


def test_schrijf_werkboek_race_overschrijft_niet(tmp_path, monkeypatch):
    # The file appears between the check and the publication: the hard link refuses, nothing is lost.
    import xl_opgave.bestanden as bestanden

    doel = tmp_path / "w.xlsx"
    echte_link = os.link

    def link_na_concurrent(bron, naam):
        Path(naam).write_bytes(ANDER)
        return echte_link(bron, naam)

    monkeypatch.setattr(bestanden.os, "link", link_na_concurrent)
    with pytest.raises(BestaatAl):
        schrijf_werkboek(NIEUW, doel)
    assert doel.read_bytes() == ANDER
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.xlsx"]
