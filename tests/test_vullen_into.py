"""`xl-opgave fill DATA --into WERKBOEK --gebied NAAM`: an adviser's decorated .xlsm keeps everything.

The adviser's workbook is the NPLV template plus a chart, an image, a comment, an own sheet with own
formulas, a typed number over one Berekening formula, and the VBA project of xlwings' quickstart.xlsm
(saved without fullCalcOnLoad, as Excel does).
"""

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

from xl_opgave.cli import main
from xl_opgave.core.rekenen import bereken
from xl_opgave.referentie import laad
from xl_opgave.vullen.databestand import lees_databestand
from xl_opgave.vullen.invullen import uit_databestand
from xl_opgave.vullen.pakket import _Pakket
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.lezer import lees_invoer
from xl_opgave.werkboek.sjabloon import Stand, invoer_waarden, werkboek_bytes

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"
DATA = WORKBOOKS / "voorbeeld_nplv_gebieden.xlsx"
OVERSCHREVEN = "F8"  # Berekening!F8 (Rijksdeel nieuwbouw tot 2030): the adviser typed a number over it


def _png() -> bytes:
    def stuk(soort: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + soort + data + struct.pack(">I", zlib.crc32(soort + data))

    kop = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + stuk(b"IHDR", kop) + stuk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00\x00\xff\x00" * 2)) + stuk(b"IEND", b"")


@pytest.fixture(scope="module")
def adviseur(tmp_path_factory) -> Path:
    xlwings = pytest.importorskip("xlwings")
    map_ = tmp_path_factory.mktemp("adviseur")
    vba = map_ / "vbaProject.bin"
    with zipfile.ZipFile(Path(xlwings.__file__).parent / "quickstart.xlsm") as z:
        vba.write_bytes(z.read("xl/vbaProject.bin"))

    def versier(wb) -> None:
        invoer = wb.get_worksheet_by_name(nm.BLAD_INVOER)
        invoer.insert_image("K2", "logo.png", {"image_data": io.BytesIO(_png())})
        invoer.write_comment("B6", "Notitie van de adviseur: gebied invullen")
        bereken_ = wb.get_worksheet_by_name(nm.BLAD_BEREKENING)
        bereken_.write_number(OVERSCHREVEN, 999)
        eigen = wb.add_worksheet("Eigen analyse")
        eigen.write_formula("A1", "=Restopgave_Totaal_Tot2030*2", None, 0)
        eigen.write_formula("A2", "=In_Opgave_Tot2030_nieuwbouw+1", None, 0)
        eigen.write_formula("A3", "=1+1", None, 2)
        grafiek = wb.add_chart({"type": "line"})
        grafiek.add_series({"values": "='Eigen analyse'!$A$1:$A$3"})
        eigen.insert_chart("C2", grafiek)
        wb.add_vba_project(str(vba))

    ref = laad("nplv")
    data = werkboek_bytes(ref.programma, ref.resultaat_namen, na_opbouw=versier)
    pad = map_ / "adviseur.xlsm"
    pad.write_bytes(zoals_excel(data))
    return pad


def _leden(pad: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(pad) as z:
        assert z.testzip() is None
        return {n: z.read(n) for n in z.namelist()}


@pytest.fixture(scope="module")
def gevuld(adviseur, tmp_path_factory) -> tuple[Path, str]:
    uit = tmp_path_factory.mktemp("gevuld") / "rotterdam.xlsm"
    with pytest.MonkeyPatch.context() as mp:
        regels: list[str] = []
        mp.setattr("builtins.print", lambda *a, **k: regels.append(" ".join(map(str, a))))
        assert main(["fill", str(DATA), "--into", str(adviseur), "--gebied", "rotterdam zuid", "--out", str(uit)]) == 0
    return uit, "\n".join(regels)


def _grafiekreeksen(xml: bytes) -> dict[str, list[float]]:
    """Reference → cached numbers of every numeric series of a chart part."""
    uit = {}
    for ref, cache in re.findall(rb"<c:numRef><c:f>([^<]+)</c:f><c:numCache>(.*?)</c:numCache>", xml, re.S):
        uit[ref.decode()] = [float(v) for v in re.findall(rb"<c:v>([^<]*)</c:v>", cache)]
    return uit


def _telling(leden: dict[str, bytes]) -> tuple[int, int, int, int]:
    """(count, uniqueCount) as the shared-string table states them, and the true numbers: cells that refer to
    it, strings in it."""
    sst = leden["xl/sharedStrings.xml"]
    kop = re.search(rb"<sst [^>]*>", sst).group(0)
    cellen = sum(len(re.findall(rb'<c [^>]*t="s"', data)) for naam, data in leden.items()
                 if naam.startswith("xl/worksheets/sheet"))
    return (int(re.search(rb' count="(\d+)"', kop).group(1)), int(re.search(rb' uniqueCount="(\d+)"', kop).group(1)),
            cellen, sst.count(b"<si>"))


def test_alles_behalve_de_gevulde_delen_byte_voor_byte(adviseur, gevuld):
    """Issue 9: the chart's cache is the gebied's, every other part byte for byte (the sheets with the template's
    cells, the shared-string count, workbook.xml's calcPr aside)."""
    uit, _ = gevuld
    voor, na = _leden(adviseur), _leden(uit)
    assert voor.keys() == na.keys()
    assert "xl/vbaProject.bin" in na and any(n.startswith("xl/media/") for n in na)
    assert any(n.startswith("xl/comments") for n in na) and len([n for n in na if n.startswith("xl/charts/chart")]) == 2
    gewijzigd = {n for n in voor if voor[n] != na[n]}
    # The template's chart (on Resultaat) and the adviser's own (on 'Eigen analyse', over its own formulas).
    sjabloon_grafiek = next(n for n in na if n.startswith("xl/charts/chart") and b"<c:f>Resultaat!" in na[n])
    eigen_grafiek = next(n for n in na if n.startswith("xl/charts/chart") and n != sjabloon_grafiek)
    # Every sheet's title is a formula over In_Gebied (template version 3): its cached value follows the gebied.
    # 'Eigen analyse' (sheet6) is the adviser's: untouched.
    assert gewijzigd == {"xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml",
                         "xl/worksheets/sheet3.xml", "xl/worksheets/sheet4.xml", "xl/worksheets/sheet5.xml",
                         sjabloon_grafiek, "xl/sharedStrings.xml"}, gewijzigd
    assert eigen_grafiek not in gewijzigd
    assert b'fullCalcOnLoad="1"' in na["xl/workbook.xml"]
    assert na["xl/workbook.xml"].replace(b' fullCalcOnLoad="1"', b"") == voor["xl/workbook.xml"]
    # The shared-string table: its strings kept, its count of references true (it said 2.241 while fewer cells
    # referred to it before the fix), uniqueCount true.
    assert re.sub(rb' count="\d+"', b"", na["xl/sharedStrings.xml"], count=1) == re.sub(
        rb' count="\d+"', b"", voor["xl/sharedStrings.xml"], count=1)
    count, unique, cellen, strings = _telling(na)
    assert (count, unique) == (cellen, strings) and _telling(voor)[:2] == _telling(voor)[2:]
    assert count < _telling(voor)[0]
    # The chart's cache: everything but the numbers of the series is the template's.
    assert re.sub(rb"<c:numCache>.*?</c:numCache>", b"", na[sjabloon_grafiek], flags=re.S) == re.sub(
        rb"<c:numCache>.*?</c:numCache>", b"", voor[sjabloon_grafiek], flags=re.S)
    # Unchanged members are copied raw: same compressed bytes too.
    ruw_voor = {lid.naam: adviseur.read_bytes()[lid.begin:lid.eind] for lid in _Pakket(adviseur.read_bytes(), "a").leden}
    ruw_na = {lid.naam: uit.read_bytes()[lid.begin:lid.eind] for lid in _Pakket(uit.read_bytes(), "b").leden}
    for naam in voor.keys() - gewijzigd:
        assert ruw_voor[naam] == ruw_na[naam], naam


def test_grafiek_toont_de_cijfers_van_het_gebied(adviseur, gevuld):
    """Issue 9 item 5: previews show the chart's cache; after --into it holds the gebied's results (the
    template's national figures before), equal to the cells' cached values and to the core."""
    uit, _ = gevuld
    programma = lees_databestand(DATA, "nplv").gebieden["Rotterdam-Zuid"]
    u = bereken(programma)
    nationaal = bereken(laad("nplv").programma)
    na, voor = _leden(uit), _leden(adviseur)
    grafiek = next(n for n in na if n.startswith("xl/charts/chart") and b"<c:f>Resultaat!" in na[n])
    reeksen, oud = _grafiekreeksen(na[grafiek]), _grafiekreeksen(voor[grafiek])
    assert len(reeksen) == 3
    ws = openpyxl.load_workbook(uit, data_only=True)[nm.BLAD_RESULTAAT]
    sleutels = [f"{p}.{q}" for p in ("tot2030", "2030-2035") for q in ("fysiek", "sociaal")]
    for (ref, waarden), soort in zip(reeksen.items(), ("opgave", "dekking", "restopgave"), strict=True):
        kolom, eerste, laatste = re.fullmatch(r"Resultaat!\$([A-Z]+)\$(\d+):\$[A-Z]+\$(\d+)", ref).groups()
        cellen = [ws[f"{kolom}{r}"].value for r in range(int(eerste), int(laatste) + 1)]
        assert waarden == pytest.approx(cellen)
        assert waarden == pytest.approx([u[f"{s}.{soort}"].laag for s in sleutels]), soort
        assert oud[ref] == pytest.approx([nationaal[f"{s}.{soort}"].laag for s in sleutels]), soort


def test_voettekst_en_bronnen_noemen_het_gebied(adviseur, gevuld):
    """The template's sheets' footers name the gebied; the sources of the opgave rows name the data file with
    the row's toelichting (issue 9 item 3, through --into)."""
    uit, verslag = gevuld
    na = _leden(uit)
    for deel in (f"xl/worksheets/sheet{i}.xml" for i in range(1, 6)):
        voet = re.search(rb"<oddFooter>(.*?)</oddFooter>", na[deel]).group(1).decode()
        assert voet.startswith("&amp;LNPLV – Rotterdam-Zuid&amp;C"), (deel, voet)
    assert b"<oddFooter>" not in na["xl/worksheets/sheet6.xml"] or b"Rotterdam" not in na["xl/worksheets/sheet6.xml"]
    ws = openpyxl.load_workbook(uit)[nm.BLAD_INVOER]
    onderdelen = {o.naam for o in laad("nplv").programma.onderdelen}
    bronnen: dict[str, str] = {}
    for r in ws.iter_rows():  # the first rows in € mln with an onderdeel: the block 'Opgave per onderdeel'
        if r[7].value == "€ mln" and r[1].value in onderdelen and r[2].value is not None:
            bronnen.setdefault(r[1].value, r[8].value)
    assert len(bronnen) == 10
    for bron in bronnen.values():
        assert bron.startswith("voorbeeld_nplv_gebieden.xlsx: FICTIEVE verdeling") and "(Tabel " in bron, bron
    assert "10 bronvermelding(en) op blad Invoer noemen het databestand" in verslag
    assert "de voettekst noemt het gebied (bladen " in verslag and "de grafiek toont de cijfers" in verslag


def test_invoer_is_die_van_het_gebied_en_formules_ongewijzigd(adviseur, gevuld):
    uit, _ = gevuld
    programma = lees_databestand(DATA, "nplv").gebieden["Rotterdam-Zuid"]
    def uit_data(waarden):
        return {n: w for n, w in waarden.items() if uit_databestand(n)}

    def eigen(waarden):
        return {n: w for n, w in waarden.items() if not uit_databestand(n)}

    # What the data file gives is the gebied's; everything else (keys, years, components, kerncijfers,
    # scenario block) stays as the adviser's workbook had it (issue 8: --into writes only what the data gives).
    assert uit_data(invoer_waarden(lees_invoer(uit))) == uit_data(invoer_waarden(programma))
    assert eigen(invoer_waarden(lees_invoer(uit))) == eigen(invoer_waarden(lees_invoer(adviseur)))
    voor, na = openpyxl.load_workbook(adviseur), openpyxl.load_workbook(uit)
    invoercellen = set()
    for naam in uit_data(invoer_waarden(programma)):
        (blad, bereik), = na.defined_names[naam].destinations
        cellen = na[blad][bereik.replace("$", "")]
        for cel in (c for rij in (cellen if isinstance(cellen, tuple) else ((cellen,),)) for c in
                    (rij if isinstance(rij, tuple) else (rij,))):
            invoercellen.add((blad, cel.coordinate))
    # Besides the inputs only the sources of the opgave rows (Invoer, column I, the data file named).
    bronnen = {(nm.BLAD_INVOER, c) for b, c in _opname().teksten if b == nm.BLAD_INVOER}
    assert len(bronnen) == 10
    for ws in voor.worksheets:
        for rij in ws.iter_rows():
            for cel in rij:
                if (ws.title, cel.coordinate) in invoercellen:
                    continue
                if (ws.title, cel.coordinate) in bronnen:
                    assert na[ws.title][cel.coordinate].value.startswith("voorbeeld_nplv_gebieden.xlsx: ")
                    continue
                assert na[ws.title][cel.coordinate].value == cel.value, (ws.title, cel.coordinate)
                assert na[ws.title][cel.coordinate].number_format == cel.number_format


def _opname():
    from xl_opgave.vullen.vul import sjabloonpakket

    return sjabloonpakket("nplv").opname


def test_opgeslagen_waarden_alleen_waar_de_sjabloonformule_staat(gevuld):
    uit, verslag = gevuld
    programma = lees_databestand(DATA, "nplv").gebieden["Rotterdam-Zuid"]
    stand = Stand(programma)
    wb = openpyxl.load_workbook(uit, data_only=True)
    ber = wb[nm.BLAD_BEREKENING]
    assert ber[OVERSCHREVEN].value == 999  # the adviser's number stays
    # F8's dependents keep their old cached value; a formula elsewhere gets the gebied's value.
    assert ber["F9"].value == pytest.approx(stand.bedrag("tot2030.fysiek.nieuwbouw.cofinanciering").laag)
    nationaal = bereken(laad("nplv").programma)
    assert _waarde(wb, "RijksOpgave_Fysiek_Tot2030") == pytest.approx(nationaal["tot2030.fysiek.rijksdeel"].laag)
    assert _waarde(wb, "Opgave_Fysiek_Tot2030") == pytest.approx(stand.bedrag("tot2030.fysiek.opgave").laag)
    assert "sjabloonformule(s) niet bijgewerkt" in verslag
    andere = int(verslag.split(" andere formule(s)")[0].split()[-1])
    assert andere >= 3  # the own sheet's two formulas and the stale dependents of F8
    assert "Rotterdam-Zuid ingevuld in" in verslag


def _waarde(wb, naam):
    (blad, adres), = wb.defined_names[naam].destinations
    return wb[blad][adres.replace("$", "")].value


def test_dry_run_toont_oud_en_nieuw_en_schrijft_niets(adviseur, capsys):
    voor = adviseur.read_bytes()
    assert main(["fill", str(DATA), "--into", str(adviseur), "--gebied", "Rotterdam-Zuid", "--dry-run"]) == 0
    tekst = capsys.readouterr().out
    assert "proefdraai" in tekst
    assert "Invoer!B7 (In_Gebied): 'Nederland' → 'Rotterdam-Zuid'" in tekst
    assert "(In_Opgave_Tot2030_nieuwbouw): 445 → " in tekst
    assert adviseur.read_bytes() == voor
    assert sorted(p.name for p in adviseur.parent.iterdir()) == ["adviseur.xlsm", "vbaProject.bin"]


def test_ter_plekke_alleen_met_force(adviseur, tmp_path, capsys):
    kopie = tmp_path / "kopie.xlsm"
    kopie.write_bytes(adviseur.read_bytes())
    assert main(["fill", str(DATA), "--into", str(kopie), "--gebied", "Delft West"]) == 2
    assert "--force" in capsys.readouterr().err
    assert kopie.read_bytes() == adviseur.read_bytes()
    assert main(["fill", str(DATA), "--into", str(kopie), "--gebied", "Delft West", "--force"]) == 0
    assert lees_invoer(kopie).gebied == "Delft West"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kopie.xlsm"]


def test_onbekend_gebied_en_onleesbaar_werkboek(adviseur, tmp_path, capsys):
    assert main(["fill", str(DATA), "--into", str(adviseur), "--gebied", "Rotterdm", "--dry-run"]) == 2
    assert "bedoelt u" in capsys.readouterr().err
    kapot = tmp_path / "kapot.xlsx"
    kapot.write_bytes(b"PK\x03\x04 kapot")
    assert main(["fill", str(DATA), "--into", str(kapot), "--gebied", "Delft West", "--force"]) == 2
    assert kapot.read_bytes() == b"PK\x03\x04 kapot"


def test_into_houdt_de_scenariokeuze_van_het_werkboek(tmp_path):
    """A workbook with the Wbi switch on keeps it; the cached values follow the gebied with Wbi."""
    from xl_opgave.core.scenario import pas_toe
    from xl_opgave.werkboek.lezer import lees_schakelaars

    ref = laad("nplv")
    werkboek = tmp_path / "wbi.xlsx"
    werkboek.write_bytes(werkboek_bytes(ref.programma, ref.resultaat_namen, schakelaars={"wbi_nieuwbouw": 1}))
    uit = tmp_path / "wbi_rotterdam.xlsx"
    assert main(["fill", str(DATA), "--into", str(werkboek), "--gebied", "Rotterdam-Zuid", "--out", str(uit)]) == 0
    assert lees_schakelaars(uit)["wbi_nieuwbouw"] == 1
    gebied = lees_databestand(DATA, "nplv").gebieden["Rotterdam-Zuid"].met(scenarios=ref.programma.scenarios)
    verwacht = bereken(pas_toe(gebied, ref.programma.scenario("wbi_nieuwbouw")))
    wb = openpyxl.load_workbook(uit, data_only=True)
    for naam, sleutel in (("Restopgave_Fysiek_Van2030", "2030-2035.fysiek.restopgave"),
                          ("RijksDekking_Fysiek_Van2030", "2030-2035.fysiek.rijksfinanciering")):
        assert _waarde(wb, naam) == pytest.approx(verwacht[sleutel].laag), naam
    assert verwacht["2030-2035.fysiek.rijksfinanciering"].laag > bereken(gebied)["2030-2035.fysiek.rijksfinanciering"].laag


@pytest.mark.parametrize("opgemaakt_leeg", [False, True], ids=["zonder", "met-lege-opgemaakte-cel"])
def test_andere_formules_geteld_ook_na_een_lege_opgemaakte_cel(tmp_path, capsys, opgemaakt_leeg):
    """The adviser's three own formulas are counted, also when a styled empty cell comes first."""

    def eigen_blad(wb) -> None:
        blad = wb.add_worksheet("Eigen")
        if opgemaakt_leeg:
            blad.write_blank("A1", None, wb.add_format({"bg_color": "#FFF2CC"}))
        blad.write_formula("B1", "=In_Opgave_Tot2030_nieuwbouw*2", None, 0)
        blad.write_formula("C1", "=B1+1", None, 0)
        blad.write_formula("D1", "=C1+1", None, 0)

    ref = laad("nplv")
    werkboek = tmp_path / "eigen.xlsx"
    werkboek.write_bytes(werkboek_bytes(ref.programma, ref.resultaat_namen, na_opbouw=eigen_blad))
    assert main(["fill", str(DATA), "--into", str(werkboek), "--gebied", "Rotterdam-Zuid", "--dry-run"]) == 0
    tekst = capsys.readouterr().out
    assert "\n3 andere formule(s) hangen af van de gewijzigde invoer" in tekst, tekst
    # Numbers the Dutch way: decimal comma, no needless trailing zeros.
    assert "(In_Opgave_Tot2030_nieuwbouw): 445 → 15,64\n" in tekst, tekst


def test_het_sjabloon_van_het_proces_veroudert_niet(tmp_path):
    """The prepared template is kept for the life of the process: the minute-long reading deadline for
    untrusted files must not make --into fail an hour later."""
    from xl_opgave.vullen.vul import sjabloonpakket

    sjabloonpakket("nplv").pakket.zip.deadline.begin -= 3600  # an hour ago
    werkboek = tmp_path / "w.xlsx"
    werkboek.write_bytes((WORKBOOKS / "nplv.xlsx").read_bytes())
    assert main(["fill", str(DATA), "--into", str(werkboek), "--gebied", "Delft West", "--dry-run"]) == 0


def _resultaat_kern(pad: Path, naam: str) -> float:
    """The displayed (rounded) amount of a key result on Resultaat, by the name in its grey column."""
    ws = openpyxl.load_workbook(pad, data_only=True)[nm.BLAD_RESULTAAT]
    for rij in ws.iter_rows(max_col=6):
        if any(c.value == naam for c in rij):
            return next(c.value for c in rij if isinstance(c.value, int | float))
    raise AssertionError(naam)


def test_into_rondt_af_zoals_het_werkboek_kiest(tmp_path):
    """The cached values of Resultaat follow the workbook's own rounding choice (before the fix: always 'zoals
    rapport', so a workbook set to 'onafgerond' showed 135 for 134,37 until Excel recalculated)."""
    ref = laad("nplv")
    for keuze, verwacht in ((nm.AFRONDING_KEUZES[2], lambda v: v), (nm.AFRONDING_KEUZES[0], lambda v: 135.0)):
        werkboek = tmp_path / f"{keuze}.xlsx"
        werkboek.write_bytes(werkboek_bytes(ref.programma, ref.resultaat_namen, afronding=keuze))
        uit = tmp_path / f"{keuze}_rz.xlsx"
        assert main(["fill", str(DATA), "--into", str(werkboek), "--gebied", "Rotterdam-Zuid", "--out", str(uit)]) == 0
        onafgerond = _waarde(openpyxl.load_workbook(uit, data_only=True), "Restopgave_Fysiek_Tot2030")
        assert onafgerond == pytest.approx(134.37)
        assert _resultaat_kern(uit, "Restopgave_Fysiek_Tot2030") == pytest.approx(verwacht(onafgerond)), keuze


def _hoogtes(data: bytes) -> dict[str, tuple[dict[int, float], list[str]]]:
    """Per sheet: row → height in points (15 without ht), and the page breaks."""
    uit = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for naam in z.namelist():
            if naam.startswith("xl/worksheets/sheet"):
                xml = z.read(naam).decode()
                rijen = {}
                for m in re.finditer(r'<row r="(\d+)"([^>]*)>', xml):
                    ht = re.search(r' ht="([^"]+)"', m.group(2))
                    rijen[int(m.group(1))] = float(ht.group(1)) if ht else 15.0
                uit[naam] = (rijen, re.findall(r'<brk id="(\d+)"', xml))
    return uit


def test_into_rijen_zo_hoog_als_de_nieuwe_teksten(tmp_path, capsys):
    """--into on the national template gives the rows whose texts change the height of the gebied's texts (the
    sources, the dekking rows, no aanname markers), and the page breaks that follow: as the batch fill does."""
    from xl_opgave.vullen.vul import sjabloonpakket

    uit = tmp_path / "rz.xlsx"
    assert main(["fill", str(DATA), "--into", str(WORKBOOKS / "nplv.xlsx"), "--gebied", "Rotterdam-Zuid",
                 "--out", str(uit)]) == 0
    tekst = capsys.readouterr().out
    batch = sjabloonpakket("nplv").vul(lees_databestand(DATA, "nplv").gebieden["Rotterdam-Zuid"])
    na, verwacht, voor = _hoogtes(uit.read_bytes()), _hoogtes(batch), _hoogtes((WORKBOOKS / "nplv.xlsx").read_bytes())
    assert na == verwacht
    assert na != voor  # national texts and markers: other heights, other breaks
    assert "rij(en) even hoog als hun nieuwe tekst, pagina-einden opnieuw gezet (bladen Invoer, Resultaat)" in tekst


def _verander(data: bytes, deel: str, oud: bytes, nieuw: bytes) -> bytes:
    uit = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as bron, zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as doel:
        for info in bron.infolist():
            inhoud = bron.read(info.filename)
            if info.filename == deel:
                assert oud in inhoud, oud
                inhoud = inhoud.replace(oud, nieuw, 1)
            doel.writestr(info, inhoud)
    return uit.getvalue()


def test_into_laat_eigen_voettekst_rijhoogte_en_paginaeinden(tmp_path, capsys):
    """A footer the adviser wrote and a row height the adviser set stay; so do the page breaks of that sheet
    (they were made for other heights). The summary says what was kept."""
    data = (WORKBOOKS / "nplv.xlsx").read_bytes()
    opname = _opname()
    # A dekking row (Invoer) made 50 points high, and Resultaat's footer rewritten.
    r0 = next(r for (b, r), maat in opname.rijen.items() if b == nm.BLAD_INVOER and not maat.vast)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet2.xml").decode()
    rij = re.search(rf'<row r="{r0 + 1}"[^>]*>', xml).group(0)
    eigen_rij = re.sub(r' ht="[^"]*"', "", rij).replace(f'r="{r0 + 1}"', f'r="{r0 + 1}" ht="50" customHeight="1"', 1)
    data = _verander(data, "xl/worksheets/sheet2.xml", rij.encode(), eigen_rij.encode())
    voet = re.search(rb"<oddFooter>.*?</oddFooter>",
                     zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet4.xml")).group(0)
    data = _verander(data, "xl/worksheets/sheet4.xml", voet, b"<oddFooter>&amp;LAfdeling Financi&#235;n</oddFooter>")
    werkboek = tmp_path / "eigen.xlsx"
    werkboek.write_bytes(data)
    uit = tmp_path / "rz.xlsx"
    assert main(["fill", str(DATA), "--into", str(werkboek), "--gebied", "Rotterdam-Zuid", "--out", str(uit)]) == 0
    tekst = capsys.readouterr().out
    na, voor = _leden(uit), _leden(werkboek)
    assert eigen_rij.encode() in na["xl/worksheets/sheet2.xml"]
    assert b"<oddFooter>&amp;LAfdeling Financi&#235;n</oddFooter>" in na["xl/worksheets/sheet4.xml"]  # as it was
    assert re.findall(rb"<rowBreaks.*?</rowBreaks>", na["xl/worksheets/sheet2.xml"]) == re.findall(
        rb"<rowBreaks.*?</rowBreaks>", voor["xl/worksheets/sheet2.xml"])
    assert ("gelaten zoals de adviseur ze instelde: de eigen voettekst van Resultaat; 1 zelf ingestelde rijhoogte(s); "
            "de eigen pagina-einden van Invoer") in tekst
    assert b"Rotterdam-Zuid" in re.search(rb"<oddFooter>.*?</oddFooter>", na["xl/worksheets/sheet2.xml"]).group(0)


def test_proefdraai_toont_ook_de_bronnen(capsys):
    assert main(["fill", str(DATA), "--into", str(WORKBOOKS / "nplv.xlsx"), "--gebied", "Rotterdam-Zuid",
                 "--dry-run"]) == 0
    tekst = capsys.readouterr().out
    regel = next(r for r in tekst.splitlines() if "(bron): " in r)
    assert regel.startswith("  Invoer!I") and "'Totaalbeeld opgave NPLV" in regel
    assert "→ 'voorbeeld_nplv_gebieden.xlsx: FICTIEVE verdeling" in regel
    assert "daarnaast verandert: " in tekst


def test_into_geldig_voor_excel_2010(gevuld, tmp_path):
    """What --into rewrites (footers, row tags, page breaks, chart caches, the string count) stays valid by
    the Open XML SDK's rules at Office 2010 (openxml-audit), on the decorated .xlsm and on the template."""
    import subprocess
    import sys

    uit = tmp_path / "rz.xlsx"
    assert main(["fill", str(DATA), "--into", str(WORKBOOKS / "nplv.xlsx"), "--gebied", "Rotterdam-Zuid",
                 "--out", str(uit)]) == 0
    for pad in (gevuld[0], uit):
        controle = subprocess.run([sys.executable, "-m", "openxml_audit", "-f", "office2010", str(pad)],
                                  capture_output=True, text=True)
        assert controle.returncode == 0 and "Errors: 0" in controle.stdout, controle.stdout[-2000:]


def test_eigen_invoer_buiten_bereik_geeft_waarschuwing_en_status_1(tmp_path, capsys):
    """The adviser's own verdeelsleutel of 1,5 stays (the data file does not carry keys), so the written
    workbook's checks fail once Excel recalculates: said in the summary, exit status 1 (not 'in orde')."""
    werkboek = tmp_path / "gebied.xlsx"
    werkboek.write_bytes((WORKBOOKS / "nplv.xlsx").read_bytes())
    boek = openpyxl.load_workbook(werkboek)
    blad, cellen = next(iter(boek.defined_names["In_Sleutels"].destinations))
    boek[blad][cellen.replace("$", "").split(":")[0]] = 1.5
    boek.save(werkboek)
    assert main(["fill", str(DATA), "--into", str(werkboek), "--gebied", "Delft West", "--force"]) == 1
    uit = capsys.readouterr().out
    assert "let op: opgeslagen waarden niet bijgewerkt" in uit and "verdeelsleutel 1,5 buiten bereik" in uit
    boek = openpyxl.load_workbook(werkboek)
    blad, cel = next(iter(boek.defined_names[nm.GEBIED].destinations))
    assert boek[blad][cel.replace("$", "")].value == "Delft West"  # the data file's inputs were written
