"""The button macros (xl_opgave.macros): actions on the openpyxl implementation, the xlwings
implementation driven by a fake xlwings Book, and the RunPython entry points: the Uitvoeren button
(SampleCall → the workbook's own .py → knop_uitvoeren) and the optional .bas subs."""

from __future__ import annotations

import io
import re
import shutil
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.rekenen import bereken
from xl_opgave.core.resultaten import resultaten
from xl_opgave.macros import (
    OpenpyxlWerkboek,
    Werkboek,
    XlwingsWerkboek,
    acties,
    controleer,
    ververs_resultaat,
    voer_gekozen_actie_uit,
    voer_knop_uit,
    vul_gebied,
)
from xl_opgave.macros import xlwings_werkboek as xwb
from xl_opgave.referentie import laad
from xl_opgave.vullen.databestand import DatabestandFout, lees_databestand
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.controle import controleer as controleer_bestand
from xl_opgave.werkboek.lezer import lees_invoer
from xl_opgave.werkboek.sjabloon import invoer_waarden

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"
DATA = {"nplv": WORKBOOKS / "voorbeeld_nplv_gebieden.xlsx", "npvr": WORKBOOKS / "voorbeeld_npvr_regios.xlsx"}


@pytest.fixture(scope="module")
def gegevens():
    return {code: lees_databestand(pad, code) for code, pad in DATA.items()}


def _eerste_gebied(gegevens, code: str) -> str:
    return next(iter(gegevens[code].gebieden))


def _open(tmp_path: Path, code: str) -> OpenpyxlWerkboek:
    pad = tmp_path / f"{code}.xlsx"
    shutil.copy(WORKBOOKS / f"{code}.xlsx", pad)
    return OpenpyxlWerkboek.open(pad)


def _gelijk(a: object, b: object) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(a - b) <= 1e-9 * max(1.0, abs(b))
    return (a in (None, "")) and (b in (None, "")) or a == b


# -- the openpyxl implementation ------------------------------------------------------------------
def test_beide_implementaties_voldoen_aan_het_protocol(tmp_path):
    assert isinstance(_open(tmp_path, "nplv"), Werkboek)
    from types import SimpleNamespace

    assert isinstance(XlwingsWerkboek(SimpleNamespace(fullname="boek.xlsm")), Werkboek)


@pytest.mark.parametrize("code", ["nplv", "npvr"])
def test_vul_gebied_schrijft_invoer_en_rekent_als_de_kern(tmp_path, gegevens, code):
    wb = _open(tmp_path, code)
    naam = _eerste_gebied(gegevens, code)
    programma = gegevens[code].gebieden[naam]
    uitkomst = vul_gebied(wb, naam.upper(), DATA[code])  # folded name comparison
    assert uitkomst.ok and naam in uitkomst.tekst
    verwacht = {n: w for n, w in invoer_waarden(programma).items() if not nm.is_scenarionaam(n)}
    assert uitkomst.aantal == len(verwacht)
    for invoer, waarde in verwacht.items():
        gelezen = wb.lees_naam(invoer)
        lijst = waarde if isinstance(waarde, list) else [waarde]
        assert all(_gelijk(g, w) for g, w in zip(gelezen, lijst, strict=True)), invoer
    # Cached results equal the core's own figures for this gebied.
    ref = laad(code)
    for resultaat, getal in resultaten(ref.resultaat_namen, bereken(programma)).items():
        assert _gelijk(wb.lees_naam(resultaat)[0], getal), resultaat
    assert wb.lees_naam(nm.CONTROLE_TOTAAL) == [1]

    # Saved: the independent reader gets the same programme, the checker finds nothing.
    uit = wb.opslaan(tmp_path / "gevuld.xlsx")
    assert controleer_bestand(uit) == []
    terug = lees_invoer(uit)
    assert resultaten(ref.resultaat_namen, bereken(terug)) == pytest.approx(
        resultaten(ref.resultaat_namen, bereken(programma)))


def test_opslaan_na_alleen_namen_laat_de_rest_van_het_pakket_ongemoeid(tmp_path, gegevens):
    wb = _open(tmp_path, "nplv")
    vul_gebied(wb, _eerste_gebied(gegevens, "nplv"), DATA["nplv"])
    nieuw = zipfile.ZipFile(io.BytesIO(wb.bytes()))
    oud = zipfile.ZipFile(WORKBOOKS / "nplv.xlsx")
    assert nieuw.namelist() == oud.namelist()
    veranderd = {n for n in oud.namelist() if oud.read(n) != nieuw.read(n)}
    # Besides the sheets: the chart's cached series follow the cells' new cached values, and the shared-string
    # table's count of references stays true (vullen.pakket, issue 9).
    assert veranderd <= {"xl/workbook.xml", "xl/charts/chart1.xml", "xl/sharedStrings.xml"} | {
        n for n in oud.namelist() if n.startswith("xl/worksheets/sheet")}
    assert "xl/charts/chart1.xml" in nieuw.namelist()


def test_relatief_databestand_geldt_vanaf_de_map_van_het_werkboek(tmp_path, gegevens):
    shutil.copy(DATA["nplv"], tmp_path / "data.xlsx")
    wb = _open(tmp_path, "nplv")
    assert vul_gebied(wb, _eerste_gebied(gegevens, "nplv"), '"data.xlsx"').ok  # quotes of 'Copy as path'


def test_fouten_schrijven_niets(tmp_path, gegevens):
    wb = _open(tmp_path, "nplv")
    with pytest.raises(InvoerFout, match="bedoelt u"):
        vul_gebied(wb, _eerste_gebied(gegevens, "nplv")[:-1] + "x", DATA["nplv"])
    with pytest.raises(InvoerFout, match="niet gevonden"):
        vul_gebied(wb, "Leeuwarden-Oost", tmp_path / "bestaat_niet.xlsx")
    slecht = tmp_path / "slecht"
    slecht.mkdir()
    (slecht / "opgave.csv").write_text("gebied;periode;pijler;onderdeel;opgave_mln\nNergens;tot2030;x;y;abc\n",
                                       encoding="utf-8")
    (slecht / "dekking.csv").write_text(
        "gebied;periode;pijler;onderdeel;bron;cofinanciering_mln;rijksfinanciering_mln\n", encoding="utf-8")
    with pytest.raises(DatabestandFout):
        vul_gebied(wb, "Leeuwarden-Oost", slecht)
    assert wb.geschreven == {}
    # A programme mismatch: an NPVR data file for an NPLV workbook is refused by the validator.
    with pytest.raises(InvoerFout):
        vul_gebied(wb, _eerste_gebied(gegevens, "npvr"), DATA["npvr"])
    assert wb.geschreven == {}


def test_vul_gebied_weigert_wat_het_sjabloon_niet_kan_houden(tmp_path):
    """As fill and fill --into: NPVR dekking rows have no place in the NPVR template; written nowhere they
    would vanish from the gebied's figures, so the macro refuses the data file and writes nothing."""
    wb = _open(tmp_path, "npvr")
    data = tmp_path / "met_dekking.xlsx"
    boek = openpyxl.load_workbook(DATA["npvr"])  # complete opgave rows of every region
    dekking = boek.create_sheet("Dekking")
    dekking.append(["gebied", "periode", "doelstelling", "deelopgave", "bron", "cofinanciering_mln",
                    "rijksfinanciering_mln"])
    dekking.append(["Twente", "2025-2035", "voorzieningen", "openbaar_vervoer", "Regiodeal", 1, 2])
    boek.save(data)
    with pytest.raises(DatabestandFout, match="het NPVR-sjabloon heeft geen dekking"):
        vul_gebied(wb, "Twente", data)
    assert wb.geschreven == {}


def test_geen_sjabloon(tmp_path):
    pad = tmp_path / "leeg.xlsx"
    openpyxl.Workbook().save(pad)
    wb = OpenpyxlWerkboek.open(pad)
    for actie in (lambda: controleer(wb), lambda: ververs_resultaat(wb), lambda: vul_gebied(wb, "x", pad)):
        with pytest.raises(InvoerFout, match="geen xl_opgave-sjabloon"):
            actie()


def test_controleer_schrijft_bevindingen_naast_de_controles(tmp_path):
    wb = _open(tmp_path, "nplv")
    laatste = openpyxl.load_workbook(WORKBOOKS / "nplv.xlsx")[nm.BLAD_CONTROLES].max_row
    eigen = wb.lees_blok(nm.BLAD_CONTROLES, f"A1:D{laatste}")
    formules = [[c.value for c in rij] for rij in wb.wb[nm.BLAD_CONTROLES][f"A1:D{laatste}"]]

    schoon = controleer(wb)
    assert schoon.ok and schoon.aantal == 0
    blok = wb.lees_blok(nm.BLAD_CONTROLES, "F3:J6")
    assert blok[0][0] == acties.BEVINDINGEN_TITEL
    assert blok[1][0].startswith("Geen bevindingen")
    assert tuple(blok[2]) == acties.BEVINDINGEN_KOP
    assert blok[3] == [None] * 5

    sleutel = next(n for n in wb.wb.defined_names if n.startswith("In_Sleutel_"))
    oud = wb.lees_naam(sleutel)[0]
    wb.schrijf_naam(sleutel, 7)
    fout = controleer(wb)
    assert not fout.ok and fout.aantal >= 1 and "kolommen F–J" in fout.tekst
    rij = wb.lees_blok(nm.BLAD_CONTROLES, "F6:J6")[0]
    assert rij[0] == 1 and rij[1] == "invoer_buiten_bereik" and "verdeelsleutel 7" in rij[3]

    wb.schrijf_naam(sleutel, oud)
    assert controleer(wb).ok
    assert wb.lees_blok(nm.BLAD_CONTROLES, "F6:J8") == [[None] * 5] * 3  # old findings cleared
    # The template's own checks (columns A–D) are untouched.
    assert wb.lees_blok(nm.BLAD_CONTROLES, f"A1:D{laatste}") == eigen
    assert [[c.value for c in rij] for rij in wb.wb[nm.BLAD_CONTROLES][f"A1:D{laatste}"]] == formules
    # The template keeps the findings columns free.
    ws = openpyxl.load_workbook(WORKBOOKS / "nplv.xlsx")[nm.BLAD_CONTROLES]
    assert ws.max_column < range_boundaries(f"{acties.BEVINDINGEN_EERSTE_KOLOM}1")[0]


def test_ververs_resultaat_rekent_na_een_wijziging(tmp_path):
    wb = _open(tmp_path, "nplv")
    ref = laad("nplv").programma
    periode, onderdeel = ref.perioden[0], ref.onderdelen[0]
    invoer = nm.opgave(periode, onderdeel.code)
    resultaat = f"Opgave_Totaal_{nm.periode_label(periode)}"
    voor = wb.lees_naam(resultaat)[0]
    wb.schrijf_naam(invoer, wb.lees_naam(invoer)[0] + 100)
    assert wb.lees_naam(resultaat)[0] == voor  # manual calculation: stale until refreshed
    uitkomst = ververs_resultaat(wb)
    assert uitkomst.ok
    assert wb.lees_naam(resultaat)[0] == pytest.approx(voor + 100)


def test_formules_en_tekst_met_isgelijkteken(tmp_path):
    wb = _open(tmp_path, "nplv")
    with pytest.raises(InvoerFout, match="formule"):
        wb.schrijf_naam("Restopgave_Totaal_Tot2030", 1)
    with pytest.raises(InvoerFout, match="waarden voor"):
        wb.schrijf_naam(nm.GEBIED, [1, 2])
    wb.schrijf_naam(nm.GEBIED, "=1+1")
    uit = wb.opslaan(tmp_path / "tekst.xlsx")
    gelezen = openpyxl.load_workbook(uit)
    (blad, adres), = gelezen.defined_names[nm.GEBIED].destinations
    cel = gelezen[blad][adres.replace("$", "")]
    assert cel.value == "=1+1" and cel.data_type == "s"


# -- the knoppen sheet: voer_knop_uit on the .xlsm of excel-setup ---------------------------------------
@pytest.fixture(scope="module")
def xlsm_nplv() -> bytes:
    from xl_opgave.commando.excel_setup import xlsm_bytes

    return xlsm_bytes("nplv")


def test_knoppen_op_het_xlsm(tmp_path, xlsm_nplv, gegevens):
    pad = tmp_path / "nplv_xlwings.xlsm"
    pad.write_bytes(xlsm_nplv)
    shutil.copy(DATA["nplv"], tmp_path / "gebieden.xlsx")
    wb = OpenpyxlWerkboek.open(pad)

    zonder = voer_knop_uit(wb, "vul_gebied")
    assert not zonder.ok and acties.KNOP_DATABESTAND in zonder.tekst
    assert "Niet gelukt" in wb.lees_naam(acties.KNOP_STATUS)[0]

    naam = _eerste_gebied(gegevens, "nplv")
    wb.schrijf_naam(acties.KNOP_GEBIED, naam)
    wb.schrijf_naam(acties.KNOP_DATABESTAND, "gebieden.xlsx")
    assert voer_knop_uit(wb, "vul_gebied").ok
    assert wb.lees_naam(nm.GEBIED) == [naam]
    assert naam in wb.lees_naam(acties.KNOP_STATUS)[0]
    assert voer_knop_uit(wb, "controleer").ok
    assert voer_knop_uit(wb, "ververs_resultaat").ok
    with pytest.raises(ValueError):
        voer_knop_uit(wb, "iets_anders")
    # The Uitvoeren button: the action comes from Knop_Actie ("Ververs resultaat" by default).
    assert wb.lees_naam(acties.KNOP_ACTIE) == [acties.STANDAARD_KEUZE]
    uitkomst = voer_gekozen_actie_uit(wb)
    assert uitkomst.ok and uitkomst.actie == "ververs_resultaat"

    # Saved through openpyxl (findings were written): VBA project and buttons survive.
    uit = wb.opslaan(tmp_path / "na.xlsm")
    with zipfile.ZipFile(uit) as pakket:
        assert pakket.read("xl/vbaProject.bin") == zipfile.ZipFile(io.BytesIO(xlsm_nplv)).read("xl/vbaProject.bin")
        vml = [pakket.read(n).decode() for n in pakket.namelist() if n.endswith(".vml")]
    assert any("[0]!SampleCall<" in v for v in vml)
    assert controleer_bestand(uit) == []


# -- the xlwings implementation, driven by a fake Book ----------------------------------------------
class _Log(list):
    pass


class FakeRange:
    def __init__(self, book: FakeBook, blad: str, adres: str, ndim: int | None = None) -> None:
        self.book, self.blad, self.adres, self.ndim = book, blad, adres.replace("$", ""), ndim

    @property
    def shape(self) -> tuple[int, int]:
        k1, r1, k2, r2 = range_boundaries(self.adres if ":" in self.adres else f"{self.adres}:{self.adres}")
        return r2 - r1 + 1, k2 - k1 + 1

    def options(self, **opties) -> FakeRange:
        self.book.log.append(("options", self.blad, self.adres, opties))
        return FakeRange(self.book, self.blad, self.adres, opties.get("ndim"))

    @property
    def value(self):
        bereik = self.adres if ":" in self.adres else f"{self.adres}:{self.adres}"
        rijen = self.book.achter.lees_blok(self.blad, bereik)
        if self.ndim == 2:
            return rijen
        return rijen[0][0] if self.shape == (1, 1) else rijen

    @value.setter
    def value(self, waarde) -> None:
        self.book.log.append(("value", self.blad, self.adres, waarde))
        links = self.adres.split(":")[0]
        rijen = waarde if isinstance(waarde, list) else [[waarde]]
        rijen = [[w[1:] if isinstance(w, str) and w.startswith("'") else w for w in r] for r in rijen]
        self.book.achter.schrijf_blok(self.blad, links, rijen)

    def clear_contents(self) -> None:
        self.book.log.append(("clear_contents", self.blad, self.adres))
        self.book.achter.wis_blok(self.blad, self.adres)


class FakeName:
    def __init__(self, book: FakeBook, naam: str) -> None:
        self.book, self.naam = book, naam

    @property
    def refers_to_range(self) -> FakeRange:
        (blad, adres), = list(self.book.achter.wb.defined_names[self.naam].destinations)
        return FakeRange(self.book, blad, adres)


class FakeNames:
    def __init__(self, book: FakeBook) -> None:
        self.book = book

    def contains(self, naam: str) -> bool:
        return naam in self.book.achter.wb.defined_names

    def __getitem__(self, naam: str) -> FakeName:
        if not self.contains(naam):
            raise KeyError(naam)
        return FakeName(self.book, naam)


class FakeSheet:
    def __init__(self, book: FakeBook, naam: str) -> None:
        self.book, self.naam = book, naam

    def range(self, adres: str) -> FakeRange:
        return FakeRange(self.book, self.naam, adres)


class FakeSheets:
    def __init__(self, book: FakeBook) -> None:
        self.book = book

    def __getitem__(self, naam: str) -> FakeSheet:
        assert naam in self.book.achter.wb.sheetnames
        return FakeSheet(self.book, naam)


class FakeApp:
    def __init__(self, book: FakeBook) -> None:
        self.book = book
        self._scherm = True

    @property
    def screen_updating(self) -> bool:
        return self._scherm

    @screen_updating.setter
    def screen_updating(self, waarde: bool) -> None:
        self.book.log.append(("screen_updating", waarde))
        self._scherm = waarde

    def calculate(self) -> None:
        self.book.log.append(("calculate",))
        self.book.achter.herbereken()  # what Excel would do

    def alert(self, prompt: str, title: str | None = None) -> None:
        self.book.log.append(("alert", prompt, title))


class FakeApi:
    def __init__(self, book: FakeBook) -> None:
        self.book = book

    def SaveCopyAs(self, pad: str) -> None:  # noqa: N802 - Excel's COM name
        self.book.log.append(("SaveCopyAs", Path(pad).suffix))
        Path(pad).write_bytes(self.book.achter.bytes())


class FakeBook:
    """Enough of xw.Book for XlwingsWerkboek; cells live in an OpenpyxlWerkboek, every call is logged."""

    def __init__(self, achter: OpenpyxlWerkboek) -> None:
        self.achter = achter
        self.log = _Log()
        self.names = FakeNames(self)
        self.sheets = FakeSheets(self)
        self.app = FakeApp(self)
        self.api = FakeApi(self)
        self.name = achter.pad.name
        self.fullname = str(achter.pad)


@pytest.fixture
def fake(tmp_path, xlsm_nplv, monkeypatch) -> FakeBook:
    monkeypatch.setattr(sys, "platform", "win32")  # the SaveCopyAs branch of momentopname
    pad = tmp_path / "nplv_xlwings.xlsm"
    pad.write_bytes(xlsm_nplv)
    shutil.copy(DATA["nplv"], tmp_path / "gebieden.xlsx")
    return FakeBook(OpenpyxlWerkboek.open(pad))


def test_xlwings_werkboek_vult_als_de_openpyxl_implementatie(fake, tmp_path, gegevens):
    naam = _eerste_gebied(gegevens, "nplv")
    wb = XlwingsWerkboek(fake)
    uitkomst = vul_gebied(wb, naam, "gebieden.xlsx")
    assert uitkomst.ok
    ander = OpenpyxlWerkboek.open(tmp_path / "nplv_xlwings.xlsm")
    vul_gebied(ander, naam, "gebieden.xlsx")
    for invoer in invoer_waarden(gegevens["nplv"].gebieden[naam]):
        assert fake.achter.lees_naam(invoer) == ander.lees_naam(invoer), invoer
    # One write per name: a scalar for a single cell, a column of rows for the dekking table.
    schrijven = [c for c in fake.log if c[0] == "value"]
    assert len(schrijven) == uitkomst.aantal
    kolom = next(c for c in schrijven if c[2].count(":") == 1)
    assert all(isinstance(r, list) and len(r) == 1 for r in kolom[3])
    assert ("calculate",) in fake.log


def test_xlwings_werkboek_tekst_blijft_tekst(fake):
    wb = XlwingsWerkboek(fake)
    wb.schrijf_naam(nm.GEBIED, "=SOM(A1)")
    wb.schrijf_blok(nm.BLAD_CONTROLES, "F3", [["-5 is tekst", 3], ["@x"]])
    geschreven = [c[3] for c in fake.log if c[0] == "value"]
    assert geschreven[0] == "'=SOM(A1)"
    assert geschreven[1] == [["'-5 is tekst", 3], ["'@x", None]]  # padded to a rectangle
    assert wb.lees_naam(nm.GEBIED) == ["=SOM(A1)"]
    with pytest.raises(InvoerFout, match="ontbreekt"):
        wb.lees_naam("Bestaat_Niet")


def test_xlwings_knop_controleer_en_melding(fake):
    uitkomst = xwb._knop("controleer", book=fake)
    assert uitkomst.ok
    assert ("SaveCopyAs", ".xlsm") in fake.log
    assert ("clear_contents", nm.BLAD_CONTROLES, acties.bevindingen_bereik()) in fake.log
    assert fake.log[0] == ("screen_updating", False) and fake.log[-1] == ("screen_updating", True)
    assert not any(c[0] == "alert" for c in fake.log)

    fake.log.clear()
    mislukt = xwb._knop("vul_gebied", book=fake)  # no data file chosen
    assert not mislukt.ok
    alert = [c for c in fake.log if c[0] == "alert"]
    assert alert and acties.KNOP_DATABESTAND in alert[0][1] and alert[0][2] == xwb.TITEL
    assert fake.app.screen_updating is True


def test_momentopname_buiten_windows_gebruikt_het_opgeslagen_bestand(fake, monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    with XlwingsWerkboek(fake).momentopname() as pad:
        assert pad == fake.achter.pad
    fake.fullname = "werkboek zonder pad"
    with pytest.raises(InvoerFout, match="sla het werkboek eerst op"):
        with XlwingsWerkboek(fake).momentopname():
            pass


def test_runpython_opdrachten_van_de_knoppen(fake, monkeypatch):
    """Each VBA sub's RunPython statement, executed as xlwings would, runs its action on the caller."""
    import xlwings as xw

    from xl_opgave.commando.excel_setup import KNOPPEN, bas_tekst

    monkeypatch.setattr(xw.Book, "caller", classmethod(lambda cls: fake))
    opdrachten = dict(re.findall(r'Sub (\w+)\(\)\r\n    RunPython "([^"]+)"', bas_tekst()))
    assert set(opdrachten) == {sub for _, sub, _, _ in KNOPPEN}
    fake.achter.schrijf_naam(acties.KNOP_DATABESTAND, "gebieden.xlsx")
    fake.achter.schrijf_naam(acties.KNOP_GEBIED, "Leeuwarden-Oost")
    for sub, opdracht in opdrachten.items():
        fake.achter.schrijf_naam(acties.KNOP_STATUS, None)
        exec(compile(opdracht, sub, "exec"), {})  # noqa: S102 - the statement shipped in the .bas
        status = fake.achter.lees_naam(acties.KNOP_STATUS)[0]
        assert status and "Niet gelukt" not in status, (sub, status)


# -- the Uitvoeren button: SampleCall imports the workbook's .py, whose main() runs Knop_Actie -------
@pytest.fixture
def sample_call(fake, tmp_path, monkeypatch):
    """What SampleCall does for the fake's workbook, with the .py that excel-setup writes next to it."""
    import xlwings as xw

    from xl_opgave.commando import excel_setup as es

    monkeypatch.setattr(xw.Book, "caller", classmethod(lambda cls: fake))
    (tmp_path / es.py_naam("nplv")).write_text(es.py_tekst("nplv"), encoding="ascii")
    monkeypatch.syspath_prepend(str(tmp_path))  # xlwings puts the workbook's folder on sys.path
    naam = fake.name
    module = naam[:naam.rindex(".")]  # Left(Name, InStrRev(Name, ".") - 1), as in SampleCall
    assert module == es.module_naam("nplv")
    opdracht = f"import {module};{module}.main()"  # RunPython "import " & mymodule & ";" & mymodule & ".main()"

    def klik(actie: object) -> str:
        fake.achter.schrijf_naam(acties.KNOP_ACTIE, actie)
        fake.achter.schrijf_naam(acties.KNOP_STATUS, None)
        fake.log.clear()
        exec(compile(opdracht, "SampleCall", "exec"), {})  # noqa: S102 - the statement of SampleCall
        return fake.achter.lees_naam(acties.KNOP_STATUS)[0]

    sys.modules.pop(module, None)
    yield klik
    sys.modules.pop(module, None)


def test_uitvoeren_voert_de_gekozen_actie_uit(fake, sample_call, gegevens):
    naam = _eerste_gebied(gegevens, "nplv")
    fake.achter.schrijf_naam(acties.KNOP_DATABESTAND, "gebieden.xlsx")
    fake.achter.schrijf_naam(acties.KNOP_GEBIED, naam)

    status = sample_call("Vul gebied")
    assert status and "Niet gelukt" not in status and naam in status and "invoernamen ingevuld" in status
    assert fake.achter.lees_naam(nm.GEBIED) == [naam]
    assert any(c[0] == "value" and c[2] != "B10" for c in fake.log) and ("calculate",) in fake.log
    assert not any(c[0] in ("SaveCopyAs", "clear_contents", "alert") for c in fake.log)

    status = sample_call("Controleer")
    assert "Geen bevindingen" in status
    assert ("SaveCopyAs", ".xlsm") in fake.log
    assert ("clear_contents", nm.BLAD_CONTROLES, acties.bevindingen_bereik()) in fake.log
    assert ("calculate",) not in fake.log

    status = sample_call("  ververs  RESULTAAT ")  # spaces and case do not matter
    assert "Herberekend" in status and "Niet gelukt" not in status
    assert ("calculate",) in fake.log
    assert not any(c[0] in ("SaveCopyAs", "clear_contents", "alert") for c in fake.log)
    assert fake.log[0] == ("screen_updating", False) and fake.log[-1] == ("screen_updating", True)


@pytest.mark.parametrize(("keuze", "melding"), [("Alles doen", "onbekende actie 'Alles doen'"),
                                                ("vul_gebied", "onbekende actie"),
                                                (None, "kies eerst een actie")])
def test_uitvoeren_met_onbekende_actie_meldt_dat_in_het_nederlands(fake, sample_call, keuze, melding):
    invoer_voor = fake.achter.lees_naam(nm.GEBIED)
    status = sample_call(keuze)
    assert "Niet gelukt" in status and melding in status and acties.KNOP_ACTIE in status
    assert all(f"'{label}'" in status for label, _ in acties.ACTIE_KEUZES)
    alert = [c for c in fake.log if c[0] == "alert"]
    assert len(alert) == 1 and melding in alert[0][1] and alert[0][2] == xwb.TITEL
    # Nothing was run: only the status cell was written, nothing recalculated.
    assert [c[2] for c in fake.log if c[0] == "value"] == ["B10"]
    assert ("calculate",) not in fake.log
    assert fake.achter.lees_naam(nm.GEBIED) == invoer_voor
    assert fake.app.screen_updating is True


def test_gekozen_actie_zonder_keuzecel(tmp_path):
    """An older workbook without Knop_Actie: a Dutch message, no traceback."""
    wb = _open(tmp_path, "nplv")
    uitkomst = voer_gekozen_actie_uit(wb)
    assert not uitkomst.ok and acties.KNOP_ACTIE in uitkomst.tekst and "ontbreekt" in uitkomst.tekst
