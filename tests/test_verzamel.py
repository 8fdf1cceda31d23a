"""`xl-opgave verzamel`: the returned workbooks collected into one checked overview (issue 10).

Every test hashes every input before and after the run (`ongewijzigd`): a returned file is never
modified, also not when it is refused. The bad-input list of the issue has one test each, as a
parametrised case of one runner: the file is put among three good returned workbooks, and the status,
its reason, what is counted and the exit status are checked.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest
from sjabloon_hulp import BLAD_XML, cel_van, herschrijf, kopie, zet_getal, zet_naam, zet_tekst
from test_veilig import MB, _cfb, _nullen

from xl_opgave.cli import main
from xl_opgave.core.rekenen import bereken
from xl_opgave.referentie import laad
from xl_opgave.verzamelen import status as st
from xl_opgave.verzamelen.overzicht import BLADEN
from xl_opgave.vullen.vul import vul_map
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.lezer import lees_invoer

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"
DATA = WORKBOOKS / "voorbeeld_nplv_gebieden.xlsx"
DRIE = ("Delft West", "Rotterdam-Zuid", "Arnhem Oost")


@pytest.fixture(scope="module")
def verstuurd(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The 20 NPLV gebied workbooks `fill` sends out (the example data)."""
    map_ = tmp_path_factory.mktemp("verstuurd") / "verstuurd"
    vul_map(DATA, "nplv", map_, voortgang=False, werkers=1)
    (map_ / "totaal.xlsx").unlink()
    return map_


@pytest.fixture(scope="module")
def npvr(tmp_path_factory: pytest.TempPathFactory) -> Path:
    map_ = tmp_path_factory.mktemp("npvr") / "npvr"
    vul_map(WORKBOOKS / "voorbeeld_npvr_regios.xlsx", "npvr", map_, voortgang=False, werkers=1)
    return map_


def _bestand(gebied: str) -> str:
    return gebied.replace(" ", "_") + ".xlsx"


def _lijst(map_: Path, gebieden=DRIE) -> Path:
    (map_ / "lijst").mkdir(exist_ok=True)
    pad = map_ / "lijst" / "gebieden.csv"
    pad.write_text("gebied\n" + "".join(f"{g}\n" for g in gebieden), encoding="utf-8")
    return pad


def _terug(tmp_path: Path, verstuurd: Path, gebieden=DRIE) -> Path:
    terug = tmp_path / "terug"
    terug.mkdir()
    for g in gebieden:
        shutil.copy(verstuurd / _bestand(g), terug / _bestand(g))
    return terug


def _hashes(*mappen: Path) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for m in mappen for p in sorted(Path(m).rglob("*"))
            if p.is_file()}


@contextlib.contextmanager
def ongewijzigd(*mappen: Path):
    """Every file under these folders byte for byte the same afterwards (and none added or removed)."""
    voor = _hashes(*mappen)
    yield
    assert _hashes(*mappen) == voor


def _draai(argv: list[str], capsys) -> tuple[int, str, str]:
    status = main(argv)
    uit = capsys.readouterr()
    return status, uit.out, uit.err


def _verzamel(terug: Path, tmp_path: Path, *extra: str, capsys, lijst: Path | None = None) -> tuple[int, dict]:
    uit = tmp_path / "uit" / "overzicht.xlsx"
    uit.parent.mkdir(exist_ok=True)
    lijst = lijst or _lijst(tmp_path)
    with ongewijzigd(terug, lijst.parent):
        status, tekst, fout = _draai(["verzamel", str(terug), "--template", "nplv", "--out", str(uit),
                                      "--gebieden", str(lijst), "--json", *extra], capsys)
    assert "Traceback" not in fout, fout
    return status, json.loads(tekst)


def _per_bestand(uitkomst: dict) -> dict[str, dict]:
    return {Path(b["bestand"]).name if b["bestand"] else f"({b['gebied']})": b for b in uitkomst["bestanden"]}


# -- every file in order --------------------------------------------------------------------------------------


def test_alles_in_orde(tmp_path, verstuurd, capsys):
    terug = _terug(tmp_path, verstuurd)
    status, uitkomst = _verzamel(terug, tmp_path, capsys=capsys)
    assert status == 0
    assert uitkomst["tellingen"][st.IN_ORDE] == 3 and sum(uitkomst["tellingen"].values()) == 3
    assert uitkomst["wijzigingen"] == []
    assert (tmp_path / "uit" / "overzicht.xlsx").is_file() and (tmp_path / "uit" / "overzicht_per_gebied.csv").is_file()
    wb = openpyxl.load_workbook(tmp_path / "uit" / "overzicht.xlsx")
    assert wb.sheetnames == list(BLADEN) and wb.active.title == "Status"


def test_samenvatting_op_het_scherm(tmp_path, verstuurd, capsys):
    terug = _terug(tmp_path, verstuurd, DRIE[:2])
    uit = tmp_path / "o.xlsx"
    status, tekst, fout = _draai(["verzamel", str(terug), "--template", "nplv", "--out", str(uit), "--gebieden",
                                  str(_lijst(tmp_path))], capsys)
    assert status == 1
    assert "in orde: 2" in tekst and "ontbreekt: 1" in tekst
    assert "restopgave tot 2030: € " in tekst
    assert "Arnhem Oost – ontbreekt" in tekst
    assert f"geschreven: {uit}" in tekst


def test_samenvatting_noemt_het_verschil_door_afkappen(tmp_path, verstuurd, capsys):
    """A gebied with more dekking than opgave: the summary names the difference with the gebieden' own
    restopgaven, in Dutch ('restopgaven', not 'restopgaveen')."""
    terug = _terug(tmp_path, verstuurd, DRIE[:2])
    _wijzig(terug / "Delft_West.xlsx", "In_Dekking_Tot2030_Cofin", 100000)
    uit = tmp_path / "o.xlsx"
    status, tekst, fout = _draai(["verzamel", str(terug), "--template", "nplv", "--out", str(uit), "--gebieden",
                                  str(_lijst(tmp_path, DRIE[:2]))], capsys)
    assert "(de som van de eigen restopgaven van de gebieden is " in tekst, tekst
    assert "restopgaveen" not in tekst


# -- the bad-input list of the issue: one case each ------------------------------------------------------------


def _versleuteld(map_: Path, verstuurd: Path) -> Path:
    pad = map_ / "versleuteld.xlsx"
    pad.write_bytes(_cfb(["EncryptionInfo", "EncryptedPackage"]))
    return pad


def _xls_hernoemd(map_: Path, verstuurd: Path) -> Path:
    pad = map_ / "oud.xlsx"
    pad.write_bytes(_cfb(["Workbook"]))
    return pad


def _zipbom(map_: Path, verstuurd: Path) -> Path:
    pad = kopie(verstuurd / "Breda_Noord.xlsx", map_ / "bom.xlsx")
    with zipfile.ZipFile(pad, "a", zipfile.ZIP_DEFLATED) as z:
        _nullen(z, "xl/media/bom.bin", 120 * MB)
    return pad


def _entiteitenbom(map_: Path, verstuurd: Path) -> Path:
    pad = kopie(verstuurd / "Breda_Noord.xlsx", map_ / "lach.xlsx")
    bom = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
           '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol2;</t></si></sst>')
    herschrijf(pad, "xl/sharedStrings.xml", lambda _xml: bom)
    return pad


def _afgebroken(map_: Path, verstuurd: Path) -> Path:
    data = (verstuurd / "Breda_Noord.xlsx").read_bytes()
    pad = map_ / "half.xlsx"
    pad.write_bytes(data[: len(data) // 2])
    return pad


def _csv(map_: Path, verstuurd: Path) -> Path:
    pad = map_ / "lijst.xlsx"
    pad.write_text("gebied;opgave_mln\nDelft West;12,5\n", encoding="utf-8")
    return pad


def _oude_versie(map_: Path, verstuurd: Path) -> Path:
    pad = kopie(verstuurd / "Breda_Noord.xlsx", map_ / "oud_sjabloon.xlsx")
    zet_tekst(pad, *cel_van(pad, nm.VERSIE), "2")
    zet_tekst(pad, *cel_van(pad, nm.GEBIED), "Breda Noord")
    return pad


def _niet_op_lijst(map_: Path, verstuurd: Path) -> Path:
    return kopie(verstuurd / "Breda_Noord.xlsx", map_ / "Breda_Noord.xlsx")


def _gebied_leeg(map_: Path, verstuurd: Path) -> Path:
    pad = kopie(verstuurd / "Arnhem_Oost.xlsx", map_ / "Arnhem_Oost.xlsx")
    zet_tekst(pad, *cel_van(pad, nm.GEBIED), "")
    return pad


def _ander_programma(map_: Path, verstuurd: Path) -> Path:
    return None  # made by the test from the NPVR fixture


GEVALLEN = {
    # name: (maker, file name, status, words in the reason, counted gebieden)
    "versleuteld": (_versleuteld, "versleuteld.xlsx", st.ONLEESBAAR, ("wachtwoord",), 3),
    "xls_hernoemd": (_xls_hernoemd, "oud.xlsx", st.ONLEESBAAR, (".xls",), 3),
    "zipbom": (_zipbom, "bom.xlsx", st.ONLEESBAAR, ("zip-bom",), 3),
    "entiteitenbom": (_entiteitenbom, "lach.xlsx", st.ONLEESBAAR, ("DTD",), 3),
    "afgebroken": (_afgebroken, "half.xlsx", st.ONLEESBAAR, ("beschadigd of onvolledig",), 3),
    "csv_hernoemd": (_csv, "lijst.xlsx", st.ONLEESBAAR, ("geen Excel-werkmap",), 3),
    "niet_op_de_lijst": (_niet_op_lijst, "Breda_Noord.xlsx", st.ONBEKEND_GEBIED, ("Breda Noord", "niet in"), 3),
}


@pytest.mark.parametrize("geval", list(GEVALLEN))
def test_slechte_invoer_een_status_geen_afbreking(geval, tmp_path, verstuurd, capsys):
    maak, naam, status_, woorden, geteld = GEVALLEN[geval]
    terug = _terug(tmp_path, verstuurd)
    maak(terug, verstuurd)
    status, uitkomst = _verzamel(terug, tmp_path, capsys=capsys)
    assert status == 1
    regel = _per_bestand(uitkomst)[naam]
    assert regel["status"] == status_, regel
    assert all(w in regel["toelichting"] for w in woorden), regel["toelichting"]
    assert not regel["telt_mee"]
    assert sum(1 for b in uitkomst["bestanden"] if b["telt_mee"]) == geteld


def test_xls_in_de_map_overgeslagen_en_genoemd(tmp_path, verstuurd, capsys):
    terug = _terug(tmp_path, verstuurd)
    (terug / "oud.xls").write_bytes(_cfb(["Workbook"]))
    (terug / "notitie.pdf").write_bytes(b"%PDF-1.4")
    (terug / "~$Delft_West.xlsx").write_bytes(b"eigenaar")
    status, uitkomst = _verzamel(terug, tmp_path, capsys=capsys)
    assert status == 0  # every gebied is in and in orde; the other files are listed, not read
    overgeslagen = {Path(o["bestand"]).name: o["reden"] for o in uitkomst["overgeslagen"]}
    assert "oud Excel-bestand (.xls)" in overgeslagen["oud.xls"]
    assert "geen Excel-werkmap" in overgeslagen["notitie.pdf"]
    assert "tijdelijk bestand van Excel" in overgeslagen["~$Delft_West.xlsx"]


def test_npvr_in_een_nplv_verzameling(tmp_path, verstuurd, npvr, capsys):
    terug = _terug(tmp_path, verstuurd)
    shutil.copy(npvr / "Achterhoek.xlsx", terug / "Achterhoek.xlsx")
    status, uitkomst = _verzamel(terug, tmp_path, capsys=capsys)
    regel = _per_bestand(uitkomst)["Achterhoek.xlsx"]
    assert status == 1 and regel["status"] == st.ANDER_PROGRAMMA and "NPVR-werkboek" in regel["toelichting"]
    assert regel["bevindingen"] == [] and regel["resultaten"] is None


def test_oude_sjabloonversie_telt_alleen_in_de_som_van_alle_leesbare(tmp_path, verstuurd, capsys):
    terug = _terug(tmp_path, verstuurd, DRIE[:2])
    _oude_versie(terug, verstuurd)
    lijst = _lijst(tmp_path, (*DRIE[:2], "Breda Noord"))
    status, uitkomst = _verzamel(terug, tmp_path, capsys=capsys, lijst=lijst)
    regel = _per_bestand(uitkomst)["oud_sjabloon.xlsx"]
    assert status == 1 and regel["status"] == st.OUDE_VERSIE and regel["telt_mee"]
    assert any(b["soort"] == "oude_versie" for b in regel["bevindingen"])
    naam = "Restopgave_Totaal_Tot2030"
    breda = regel["resultaten"][naam]
    assert uitkomst["som_leesbaar"][naam] == pytest.approx(uitkomst["som_in_orde"][naam] + breda)
    assert not [w for w in uitkomst["wijzigingen"] if w["bestand"].endswith("oud_sjabloon.xlsx")]


def test_gebied_gewist_is_onbekend_gebied_niet_de_bestandsnaam(tmp_path, verstuurd, capsys):
    terug = _terug(tmp_path, verstuurd, DRIE[:2])
    _gebied_leeg(terug, verstuurd)
    status, uitkomst = _verzamel(terug, tmp_path, capsys=capsys)
    regel = _per_bestand(uitkomst)["Arnhem_Oost.xlsx"]
    assert regel["status"] == st.ONBEKEND_GEBIED and "is leeg" in regel["toelichting"]
    assert "lijkt op 'Arnhem Oost'" in regel["toelichting"]
    assert "Arnhem Oost" in uitkomst["ontbrekend"]  # the file name does not make it Arnhem Oost's
    assert status == 1


def test_dubbel_en_nieuwste(tmp_path, verstuurd, capsys):
    terug = _terug(tmp_path, verstuurd)
    kopie_ = kopie(terug / "Delft_West.xlsx", terug / "Delft West (2).xlsx")

    def gewijzigd(pad: Path, tijd: str) -> None:
        import re

        herschrijf(pad, "docProps/core.xml", lambda xml: re.sub(r"(<dcterms:modified[^>]*>)[^<]*", rf"\g<1>{tijd}", xml))

    status, uitkomst = _verzamel(terug, tmp_path, capsys=capsys)
    regels = _per_bestand(uitkomst)
    assert regels["Delft_West.xlsx"]["status"] == regels["Delft West (2).xlsx"]["status"] == st.DUBBEL
    assert status == 1 and "Delft West" not in [r["gebied"] for r in uitkomst["per_gebied"] if r["resultaten"]]
    # The same save time: --nieuwste cannot choose.
    status, uitkomst = _verzamel(terug, tmp_path, "--nieuwste", "--force", capsys=capsys)
    assert {r["status"] for n, r in _per_bestand(uitkomst).items() if n.startswith("Delft")} == {st.DUBBEL}
    assert "hetzelfde moment" in _per_bestand(uitkomst)["Delft_West.xlsx"]["toelichting"]
    # The copy saved later: it counts, with its own status; the other stays listed as dubbel.
    gewijzigd(kopie_, "2026-03-01T09:30:00Z")
    status, uitkomst = _verzamel(terug, tmp_path, "--nieuwste", "--force", capsys=capsys)
    regels = _per_bestand(uitkomst)
    assert regels["Delft West (2).xlsx"]["status"] == st.IN_ORDE and regels["Delft West (2).xlsx"]["telt_mee"]
    assert "nieuwste van 2 bestanden" in regels["Delft West (2).xlsx"]["toelichting"]
    assert regels["Delft_West.xlsx"]["status"] == st.DUBBEL and "ouder dan" in regels["Delft_West.xlsx"]["toelichting"]
    assert status == 0  # resolved: every gebied is in and in orde


def test_formule_door_getal_overschreven(tmp_path, verstuurd, capsys):
    terug = _terug(tmp_path, verstuurd)
    pad = terug / "Rotterdam-Zuid.xlsx"
    blad, cel = cel_van(pad, "Restopgave_Totaal_Tot2030")
    zet_getal(pad, blad, cel, 1234.5)
    status, uitkomst = _verzamel(terug, tmp_path, capsys=capsys)
    regel = _per_bestand(uitkomst)["Rotterdam-Zuid.xlsx"]
    assert status == 1 and regel["status"] == st.BEVINDINGEN and regel["telt_mee"]
    assert any(b["soort"] == "formule_overschreven" and b["plaats"] == f"{blad}!{cel}" for b in regel["bevindingen"])
    assert "Restopgave_Totaal_Tot2030" in regel["opgeslagen_wijkt_af"]
    # Never the cached number: the recomputation from the inputs counts.
    assert regel["resultaten"]["Restopgave_Totaal_Tot2030"] != pytest.approx(1234.5)
    wijziging, = [w for w in uitkomst["wijzigingen"] if w["plaats"] == f"{blad}!{cel}"]
    assert wijziging["soort"] == "formule overschreven" and wijziging["let_op"] == "formule overschreven"
    assert wijziging["oud"].startswith("=SUM(") and wijziging["nieuw"] == 1234.5


def test_tekst_in_een_bedragcel(tmp_path, verstuurd, capsys):
    terug = _terug(tmp_path, verstuurd)
    pad = terug / "Delft_West.xlsx"
    zet_tekst(pad, *cel_van(pad, "In_Opgave_Tot2030_nieuwbouw"), "ongeveer twintig")
    status, uitkomst = _verzamel(terug, tmp_path, capsys=capsys)
    regel = _per_bestand(uitkomst)["Delft_West.xlsx"]
    assert status == 1 and regel["status"] == st.BEVINDINGEN and not regel["telt_mee"]
    assert regel["resultaten"] is None and "geen uitkomsten" in regel["toelichting"]
    assert any(b["soort"] == "invoer_tekst" for b in regel["bevindingen"])
    rij, = [r for r in uitkomst["per_gebied"] if r["gebied"] == "Delft West"]
    assert rij["resultaten"] is None


def test_verwijzing_kwijt(tmp_path, verstuurd, capsys):
    terug = _terug(tmp_path, verstuurd)
    pad = terug / "Delft_West.xlsx"
    herschrijf(pad, BLAD_XML[nm.BLAD_BEREKENING],
               lambda xml: xml.replace("<f>SUM(F50,F123)</f>", "<f>SUM(#REF!,F123)</f>", 1))
    status, uitkomst = _verzamel(terug, tmp_path, capsys=capsys)
    regel = _per_bestand(uitkomst)["Delft_West.xlsx"]
    assert status == 1 and regel["status"] == st.BEVINDINGEN
    assert any("#REF!" in b["melding"] for b in regel["bevindingen"])
    assert regel["telt_mee"]  # its inputs are intact: recomputed and counted, with its findings listed


def test_naam_kapot_geen_uitkomsten(tmp_path, verstuurd, capsys):
    terug = _terug(tmp_path, verstuurd)
    zet_naam(terug / "Delft_West.xlsx", "In_Opgave_Tot2030_nieuwbouw", "#REF!")
    status, uitkomst = _verzamel(terug, tmp_path, capsys=capsys)
    regel = _per_bestand(uitkomst)["Delft_West.xlsx"]
    assert regel["status"] == st.BEVINDINGEN and not regel["telt_mee"]


def test_xlsm_met_vba(tmp_path, verstuurd, capsys):
    terug = _terug(tmp_path, verstuurd, DRIE[:2])
    setup = tmp_path / "setup"
    assert main(["excel-setup", "nplv", "--out", str(setup)]) == 0
    xlsm = terug / "Arnhem_Oost.xlsm"
    assert main(["fill", str(DATA), "--into", str(setup / "nplv_xlwings.xlsm"), "--gebied", "Arnhem Oost",
                 "--out", str(xlsm)]) == 0
    capsys.readouterr()
    with zipfile.ZipFile(xlsm) as z:
        assert "xl/vbaProject.bin" in z.namelist()
    status, uitkomst = _verzamel(terug, tmp_path, capsys=capsys)
    assert _per_bestand(uitkomst)["Arnhem_Oost.xlsm"]["status"] == st.IN_ORDE and status == 0


@pytest.mark.libreoffice
def test_door_libreoffice_opgeslagen(tmp_path, verstuurd, capsys):
    from xl_opgave.werkboek.libreoffice import herbereken

    terug = _terug(tmp_path, verstuurd, DRIE[:2])
    herbereken([verstuurd / "Arnhem_Oost.xlsx"], terug)
    status, uitkomst = _verzamel(terug, tmp_path, capsys=capsys)
    assert _per_bestand(uitkomst)["Arnhem_Oost.xlsx"]["status"] == st.IN_ORDE and status == 0


def test_lege_en_ontbrekende_map_geweigerd(tmp_path, capsys):
    leeg = tmp_path / "leeg"
    leeg.mkdir()
    uit = tmp_path / "o.xlsx"
    with ongewijzigd(tmp_path):
        status, _, fout = _draai(["verzamel", str(leeg), "--template", "nplv", "--out", str(uit)], capsys)
    assert status == 2 and "geen werkboeken" in fout and fout.count("\n") == 1
    status, _, fout = _draai(["verzamel", str(tmp_path / "bestaat_niet"), "--template", "nplv", "--out", str(uit)],
                             capsys)
    assert status == 2 and "bestaat niet" in fout
    assert not uit.exists() and not (tmp_path / "o_per_gebied.csv").exists()


def test_uitvoer_is_een_invoer_geweigerd(tmp_path, verstuurd, capsys):
    terug = _terug(tmp_path, verstuurd)
    with ongewijzigd(terug):
        status, _, fout = _draai(["verzamel", str(terug), "--template", "nplv", "--out",
                                  str(terug / "Delft_West.xlsx"), "--force"], capsys)
    assert status == 2 and "een van de invoerbestanden" in fout


def test_bestaand_overzicht_alleen_met_force(tmp_path, verstuurd, capsys):
    terug = _terug(tmp_path, verstuurd)
    uit = tmp_path / "o.xlsx"
    uit.write_bytes(b"van de adviseur")
    status, _, fout = _draai(["verzamel", str(terug), "--template", "nplv", "--out", str(uit)], capsys)
    assert status == 2 and "--force" in fout and uit.read_bytes() == b"van de adviseur"
    status, _, _ = _draai(["verzamel", str(terug), "--template", "nplv", "--out", str(uit), "--force",
                           "--gebieden", str(_lijst(tmp_path))], capsys)
    assert status == 0 and zipfile.is_zipfile(uit)


def test_niets_leesbaar_exit_2_met_overzicht(tmp_path, verstuurd, capsys):
    terug = tmp_path / "terug"
    terug.mkdir()
    _afgebroken(terug, verstuurd)
    status, uitkomst = _verzamel(terug, tmp_path, capsys=capsys)
    assert status == 2 and uitkomst["tellingen"][st.ONLEESBAAR] == 1
    assert (tmp_path / "uit" / "overzicht.xlsx").is_file()  # the Status sheet says why


# -- changes ----------------------------------------------------------------------------------------------------


def _wijzig(pad: Path, naam: str, waarde: float, index: int = 0) -> tuple[str, str]:
    import re

    with zipfile.ZipFile(pad) as z:
        xml = z.read("xl/workbook.xml").decode()
    tekst = re.search(rf'<definedName name="{naam}"[^>]*>([^<]*)</definedName>', xml).group(1)
    blad, adres = tekst.split("!")
    eerste = adres.replace("$", "").split(":")[0]
    kolom, rij = eerste.rstrip("0123456789"), int(eerste[len(eerste.rstrip("0123456789")):])
    cel = f"{kolom}{rij + index}"
    zet_getal(pad, blad, cel, waarde)
    return blad, cel


@pytest.mark.parametrize("vergelijk", ["geen", "databestand", "map"])
def test_wijzigingen_tegen_elke_basislijn(vergelijk, tmp_path, verstuurd, capsys):
    terug = _terug(tmp_path, verstuurd)
    oud = lees_invoer(verstuurd / "Delft_West.xlsx")
    bedrag = _wijzig(terug / "Delft_West.xlsx", "In_Opgave_Tot2030_nieuwbouw", 99.5)
    sleutel = _wijzig(terug / "Rotterdam-Zuid.xlsx", "In_Sleutel_nieuwbouw", 0.6)
    jaren = _wijzig(terug / "Arnhem_Oost.xlsx", "In_Jaren_Van2030", 7)
    extra = {"geen": [], "databestand": ["--vergelijk", str(DATA)], "map": ["--vergelijk", str(verstuurd)]}[vergelijk]
    status, uitkomst = _verzamel(terug, tmp_path, *extra, capsys=capsys)
    gevonden = {(w["gebied"], w["plaats"]): w for w in uitkomst["wijzigingen"]}
    w = gevonden[("Rotterdam-Zuid", "!".join(sleutel))]
    assert (w["oud"], w["nieuw"], w["soort"], w["let_op"]) == (0.5, 0.6, "verdeelsleutel", "verdeelsleutel gewijzigd")
    assert w["label"] == "Verdeelsleutel Nieuwbouw"
    w = gevonden[("Arnhem Oost", "!".join(jaren))]
    assert (w["oud"], w["nieuw"], w["let_op"]) == (6, 7, "aantal jaren gewijzigd")
    if vergelijk == "geen":  # only keys, years and switches against the template
        assert ("Delft West", "!".join(bedrag)) not in gevonden and len(gevonden) == 2
    else:
        w = gevonden[("Delft West", "!".join(bedrag))]
        opgave = next(p.bedrag.laag for p in oud.opgaven if (p.periode, p.onderdeel) == ("tot2030", "nieuwbouw"))
        assert (w["oud"], w["nieuw"], w["soort"], w["let_op"]) == (pytest.approx(opgave), 99.5, "bedrag", "")
        assert w["label"] == "Opgave tot 2030: Nieuwbouw"
        assert len(gevonden) == 3
    assert "Vergeleken met" not in uitkomst["vergeleken_met"]  # a phrase, used in the sentence on the sheets


@pytest.mark.parametrize("vergelijk", ["databestand", "map"])
def test_gebied_zonder_eigen_basislijn_gemeld(vergelijk, tmp_path, verstuurd, capsys):
    """A returned gebied the baseline has nothing for (not among the sent workbooks, not in the data file)
    is compared with the template's values only: the run says so, it does not just find fewer changes."""
    terug = _terug(tmp_path, verstuurd)
    if vergelijk == "map":
        basis = tmp_path / "verstuurd_deel"
        basis.mkdir()
        for g in DRIE[:2]:
            shutil.copy(verstuurd / _bestand(g), basis / _bestand(g))
    else:
        basis = tmp_path / "data.xlsx"
        wb = openpyxl.load_workbook(DATA)
        for ws in wb.worksheets:
            for rij in reversed(range(2, ws.max_row + 1)):
                if any(c.value == DRIE[2] for c in ws[rij]):
                    ws.delete_rows(rij)
        wb.save(basis)
    _wijzig(terug / "Arnhem_Oost.xlsx", "In_Opgave_Tot2030_nieuwbouw", 99.5)
    status, uitkomst = _verzamel(terug, tmp_path, "--vergelijk", str(basis), capsys=capsys)
    assert not [w for w in uitkomst["wijzigingen"] if w["gebied"] == "Arnhem Oost"]
    assert [m for m in uitkomst["meldingen"] if m.startswith("Arnhem Oost: geen eigen basislijn")], uitkomst["meldingen"]
    assert not [m for m in uitkomst["meldingen"] if m.startswith(DRIE[:2])]


# -- the overview ---------------------------------------------------------------------------------------------


def test_overzicht_deterministisch_en_csv_voor_pandas(tmp_path, verstuurd, capsys):
    import pandas as pd

    terug = _terug(tmp_path, verstuurd)
    lijst = _lijst(tmp_path, (*DRIE, "Breda Noord"))
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for uit in (a, b):
        assert main(["verzamel", str(terug), "--template", "nplv", "--out", str(uit), "--gebieden", str(lijst)]) == 1
    capsys.readouterr()
    assert a.read_bytes() == b.read_bytes()
    df = pd.read_csv(tmp_path / "a_per_gebied.csv")
    assert list(df.gebied) == [*DRIE, "Breda Noord"]
    assert list(df.status) == [st.IN_ORDE] * 3 + [st.ONTBREEKT]
    namen = [n.naam for n in laad("nplv").resultaat_namen]
    assert set(namen) <= set(df.columns)
    programma = lees_invoer(terug / "Delft_West.xlsx")
    waarde = bereken(programma)["tot2030.totaal.restopgave"].laag
    assert df.loc[df.gebied == "Delft West", "Restopgave_Totaal_Tot2030"].item() == pytest.approx(waarde)
    assert pd.isna(df.loc[df.gebied == "Breda Noord", "Restopgave_Totaal_Tot2030"].item())
    assert df[df.status == st.IN_ORDE]["Opgave_Totaal_Tot2030"].sum() > 0


def test_overzicht_bladen_filters_kleuren_en_afdruk(tmp_path, verstuurd, capsys):
    from xl_opgave.verzamelen import overzicht as oz
    from xl_opgave.werkboek.sjabloon.opmaak import Pagina

    terug = _terug(tmp_path, verstuurd)
    _afgebroken(terug, verstuurd)
    _wijzig(terug / "Rotterdam-Zuid.xlsx", "In_Sleutel_nieuwbouw", 0.6)
    _verzamel(terug, tmp_path, capsys=capsys)
    pad = tmp_path / "uit" / "overzicht.xlsx"
    wb = openpyxl.load_workbook(pad)
    status = wb["Status"]
    assert status.auto_filter.ref and wb["Wijzigingen"].auto_filter.ref and wb["Bevindingen"].auto_filter.ref
    kleuren = {}
    for rij in status.iter_rows():
        for cel in rij:
            if cel.value in st.STATUSSEN and cel.column == 3:
                kleuren.setdefault(cel.value, set()).add(cel.fill.fgColor.rgb)
    assert {s: len(k) for s, k in kleuren.items()} == {s: 1 for s in kleuren}
    assert len({next(iter(k)) for k in kleuren.values()}) == len(kleuren)  # a colour per status
    for blad in ("Status", "Wijzigingen", "Landelijk", "Bevindingen"):
        ws = wb[blad]
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
        assert ws.page_setup.fitToWidth in (None, 1)  # one page wide (1 is the default, left out of the file)
    for kolommen in (oz.STATUS_KOLOMMEN, oz.WIJZIGING_KOLOMMEN, oz.BEVINDING_KOLOMMEN):
        assert Pagina(True, [b for _, b in kolommen]).schaal() >= 0.7
    assert Pagina(True, [30.0, 32.0] + [14.0] * 7).schaal() >= 0.7  # Landelijk
    wijziging = [r for r in wb["Wijzigingen"].iter_rows(values_only=True) if r[0] == "Rotterdam-Zuid"]
    assert wijziging and wijziging[0][7] == "verdeelsleutel gewijzigd"


def test_tekst_uit_werkboeken_blijft_tekst(tmp_path, verstuurd, capsys):
    terug = _terug(tmp_path, verstuurd)
    pad = terug / "Delft_West.xlsx"
    zet_tekst(pad, *cel_van(pad, "In_Dekking_Tot2030_Toelichting"), "=HYPERLINK(&quot;http://x&quot;)")
    _verzamel(terug, tmp_path, "--vergelijk", str(verstuurd), capsys=capsys)
    wb = openpyxl.load_workbook(tmp_path / "uit" / "overzicht.xlsx")
    waarden = [c for r in wb["Wijzigingen"].iter_rows() for c in r if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert waarden and all(c.data_type == "s" for c in waarden)


def test_landelijk_blad_uit_bedragen_gelijk_aan_de_kern(tmp_path, verstuurd, capsys):
    terug = _terug(tmp_path, verstuurd)
    _wijzig(terug / "Rotterdam-Zuid.xlsx", "In_Sleutel_nieuwbouw", 0.6)
    status, uitkomst = _verzamel(terug, tmp_path, capsys=capsys)
    programmas = [lees_invoer(terug / _bestand(g)) for g in DRIE]
    rijksdeel = sum(bereken(p)["tot2030.fysiek.nieuwbouw.rijksdeel"].laag for p in programmas)
    assert uitkomst["landelijk"]["bedragen"]["tot2030.fysiek.nieuwbouw.rijksdeel"] == pytest.approx(rijksdeel)
    opgave = sum(bereken(p)["tot2030.totaal.opgave"].laag for p in programmas)
    assert uitkomst["landelijk"]["resultaten"]["Opgave_Totaal_Tot2030"] == pytest.approx(opgave)
    assert _per_bestand(uitkomst)["Rotterdam-Zuid.xlsx"]["status"] == st.BEVINDINGEN  # saved without recalculation
    wb = openpyxl.load_workbook(tmp_path / "uit" / "overzicht.xlsx", data_only=True)
    controles = {r[0].split(" (")[0]: r[8] for r in wb["Landelijk"].iter_rows(values_only=True)  # last printed column
                 if isinstance(r[0], str) and r[8] in (0, 1)}
    assert controles["Elk bedrag op dit blad gelijk aan de berekening van xl_opgave"] == 1
    assert controles["Elk meegeteld gebied in orde"] == 0 and controles["Alle controles in orde"] == 0


def test_npvr_verzameling_landelijk_gelijk_aan_de_kern(tmp_path, npvr, capsys):
    from xl_opgave.core.resultaten import waarde
    from xl_opgave.vullen.databestand import lees_databestand

    terug = tmp_path / "terug"
    shutil.copytree(npvr, terug)
    (terug / "totaal.xlsx").unlink()
    uit = tmp_path / "uit" / "overzicht.xlsx"
    uit.parent.mkdir()
    with ongewijzigd(terug):
        status, tekst, _ = _draai(["verzamel", str(terug), "--template", "npvr", "--out", str(uit), "--json"], capsys)
    uitkomst = json.loads(tekst)
    assert status == 0 and uitkomst["tellingen"][st.IN_ORDE] == 11
    kern = bereken(lees_databestand(WORKBOOKS / "voorbeeld_npvr_regios.xlsx", "npvr").totaal)
    for n in laad("npvr").resultaat_namen:
        assert uitkomst["landelijk"]["resultaten"][n.naam] == pytest.approx(waarde(kern[n.sleutel], n.kant)), n.naam
