"""`xl-opgave fill DATA --template … --out MAP`: one workbook per gebied and totaal.xlsx.

Proves: the patched workbook equals `werkboek_bytes` of that gebied cell for cell (values, formulas,
number formats, chart cache); the example files reproduce the reports' national figures in
totaal.xlsx; CSV and xlsx data give identical workbooks; bad data and existing outputs are refused
with nothing written; text from the data stays text; a SIGKILL mid-run leaves no half-written file.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from xl_opgave.cli import main
from xl_opgave.referentie import analyse, laad
from xl_opgave.vullen.databestand import lees_databestand
from xl_opgave.vullen.voorbeeld import synthetisch
from xl_opgave.vullen.vul import AFKAPPING, BLAD_OVERZICHT, BLAD_PER_GEBIED, bestandsnaam, bestandsnamen, sjabloonpakket
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.controle import controleer
from xl_opgave.werkboek.lezer import lees_invoer
from xl_opgave.werkboek.sjabloon import invoer_waarden, werkboek_bytes

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"
NPLV_XLSX = WORKBOOKS / "voorbeeld_nplv_gebieden.xlsx"
NPLV_CSV = WORKBOOKS / "voorbeeld_nplv_csv"
NPVR_XLSX = WORKBOOKS / "voorbeeld_npvr_regios.xlsx"


def cellen(data: bytes) -> dict[tuple[str, str], tuple[object, object, str]]:
    """(sheet, cell) → (formula or value, cached value, number format) of every non-empty cell."""
    formules = openpyxl.load_workbook(io.BytesIO(data))
    waarden = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    uit = {}
    for ws in formules.worksheets:
        for rij in ws.iter_rows():
            for cel in rij:
                waarde = waarden[ws.title][cel.coordinate].value
                if cel.value is None and waarde is None:
                    continue
                uit[(ws.title, cel.coordinate)] = (cel.value, waarde, cel.number_format)
    return uit


def grafiekcache(data: bytes) -> list[tuple[str, list[float]]]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("xl/charts/chart1.xml").decode()
    return [(f, [float(v) for v in re.findall(r"<c:v>([^<]+)</c:v>", c)])
            for f, c in re.findall(r"<c:val><c:numRef><c:f>([^<]+)</c:f><c:numCache>(.*?)</c:numCache>", xml)]


def rijen_en_breuken(data: bytes) -> dict[str, tuple[dict[str, str], list[str]]]:
    """Per sheet: row → its height attributes, and the page breaks."""
    uit = {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for naam in z.namelist():
            if naam.startswith("xl/worksheets/sheet"):
                xml = z.read(naam).decode()
                rijen = {m.group(1): " ".join(re.findall(r'(?:ht|customHeight)="[^"]*"', m.group(0)))
                         for m in re.finditer(r'<row r="(\d+)"[^>]*>', xml)}
                uit[naam] = (rijen, re.findall(r'<brk id="(\d+)"', xml))
    return uit


def gedeelde_telling(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return int(re.search(rb'<sst [^>]*count="(\d+)"', z.read("xl/sharedStrings.xml")).group(1))


def echte_telling(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return sum(len(re.findall(rb'<c [^>]*t="s"', z.read(n))) for n in z.namelist()
                   if n.startswith("xl/worksheets/sheet"))


def _naamwaarde(wb, naam):
    (blad, adres), = wb.defined_names[naam].destinations
    return wb[blad][adres.replace("$", "")].value


# -- file names ---------------------------------------------------------------------------------


def test_bestandsnamen_veilig_voor_windows_en_uniek():
    assert bestandsnaam("Rotterdam-Zuid") == "Rotterdam-Zuid"
    assert bestandsnaam("Den Haag Zuidwest") == "Den_Haag_Zuidwest"
    assert bestandsnaam('a/b\\c:d*e?f"g<h>i|j') == "a_b_c_d_e_f_g_h_i_j"
    assert bestandsnaam("Zuidoost-Fryslân") == "Zuidoost-Fryslân"  # accents kept (NFC)
    assert bestandsnaam("Zuidoost-Frysla\u0302n") == "Zuidoost-Fryslân"
    assert bestandsnaam("CON") == "CON_" and bestandsnaam("nul.txt") == "nul_.txt"
    # Windows takes the part before the first dot: 'aux.txt' and 'COM1.x' are still devices (issue 8).
    assert bestandsnaam("aux.txt") == "aux_.txt" and bestandsnaam("COM1.x") == "COM1_.x"
    assert bestandsnaam("com¹") == "com¹_"  # Windows reads COM¹ as COM1
    # Short in characters, long in bytes: cut to 200 bytes of UTF-8 (255 is the limit of most file systems).
    lang = bestandsnaam("𝔊" * 70)
    assert len(lang) <= 70 and len(lang.encode()) <= 200
    assert bestandsnaam(" ..verborgen. ") == "verborgen"
    assert bestandsnaam("///") == "gebied"
    assert len(bestandsnaam("x" * 500)) <= 80
    namen = bestandsnamen(["Totaal", "Noord", "noord", "NOORD", "No/ord", "No:ord"])
    assert namen["Totaal"] == "Totaal_2.xlsx"  # totaal.xlsx is the national total
    assert [namen[n] for n in ("Noord", "noord", "NOORD")] == ["Noord.xlsx", "noord_2.xlsx", "NOORD_3.xlsx"]
    assert namen["No/ord"] == "No_ord.xlsx" and namen["No:ord"] == "No_ord_2.xlsx"
    assert len({n.casefold() for n in namen.values()}) == len(namen)


# -- the patched workbook equals the generator's ----------------------------------------------------


@pytest.mark.parametrize(("code", "bestand"), [("nplv", NPLV_XLSX), ("npvr", NPVR_XLSX)])
def test_gevuld_werkboek_gelijk_aan_generator(code, bestand):
    gegevens = lees_databestand(bestand, code)
    pakket = sjabloonpakket(code)
    namen = laad(code).resultaat_namen
    for gebied in list(gegevens.gebieden)[:2]:
        programma = gegevens.gebieden[gebied]
        gevuld = pakket.vul(programma)
        verwacht = werkboek_bytes(programma, namen)
        a, b = cellen(gevuld), cellen(verwacht)
        assert a.keys() == b.keys()
        verschil = {k: (a[k], b[k]) for k in a if a[k] != b[k]}
        assert not verschil, list(verschil.items())[:5]
        assert grafiekcache(gevuld) == grafiekcache(verwacht)
        # Rows as high as the gebied's own texts (its sources, its dekking rows; no aanname markers on
        # Resultaat, which only the national figures show), and the page breaks that follow from them.
        assert rijen_en_breuken(gevuld) == rijen_en_breuken(verwacht)
        # The string table counts the cells that refer to it (the filled cells are inline strings).
        assert gedeelde_telling(gevuld) == echte_telling(gevuld)
        # Every part other than the sheets, the chart and the string table is the generator's, byte for byte.
        with zipfile.ZipFile(io.BytesIO(gevuld)) as x, zipfile.ZipFile(io.BytesIO(verwacht)) as y:
            assert x.namelist() == y.namelist()
            for naam in x.namelist():
                if not naam.startswith(("xl/worksheets/sheet", "xl/charts/", "xl/sharedStrings")):
                    assert x.read(naam) == y.read(naam), naam
        assert _naamwaarde(openpyxl.load_workbook(io.BytesIO(gevuld), data_only=True), nm.GEBIED) == gebied


# -- the command on the example files --------------------------------------------------------------


@pytest.fixture(scope="module")
def nplv_uit(tmp_path_factory):
    uit = tmp_path_factory.mktemp("nplv") / "uit"
    assert main(["fill", str(NPLV_XLSX), "--template", "nplv", "--out", str(uit)]) == 0
    return uit


def test_twintig_werkboeken_en_totaal(nplv_uit, capsys):
    bestanden = sorted(p.name for p in nplv_uit.iterdir())
    assert len(bestanden) == 21 and "totaal.xlsx" in bestanden and "Rotterdam-Zuid.xlsx" in bestanden
    assert not [n for n in bestanden if n.startswith(".")]  # no temporary files left
    assert controleer(nplv_uit / "Rotterdam-Zuid.xlsx") == []
    assert controleer(nplv_uit / "totaal.xlsx") == []


def test_totaal_gelijk_aan_het_rapport(nplv_uit):
    wb = openpyxl.load_workbook(nplv_uit / "totaal.xlsx", data_only=True)
    ref = laad("nplv")
    landelijk = {n.naam for n in ref.resultaat_namen if "component" in n.sleutel or n.sleutel.startswith("kern.")}
    resultaten = analyse("nplv").resultaten()
    getoetst = 0
    for naam, verwacht in resultaten.items():
        if naam in landelijk:
            continue
        assert _naamwaarde(wb, naam) == pytest.approx(verwacht, abs=1e-6), naam
        getoetst += 1
    assert getoetst >= 30
    ws = wb[BLAD_PER_GEBIED]
    kop = [c.value for c in ws[4]]
    labels = {n.naam: n.omschrijving for n in ref.resultaat_namen}
    assert kop[:2] == ["Gebied", "Hoofdcontrole"] and kop[-1] == "Als 0 ingevuld"
    assert len(kop) == 2 + len(ref.resultaat_namen) + 1 and labels["Restopgave_Totaal_Tot2030"] in kop
    rijen = {r[0].value: [c.value for c in r] for r in ws.iter_rows(min_row=5)}
    # Gebieden in rows: every gebied of the data, none dropped.
    assert [r for r in rijen if r not in ("Totaal (opgetelde invoer)", "Som van de gebieden",
                                           "Verschil (som − totaal)", "Verschil door afkappen")] == list(
        lees_databestand(NPLV_XLSX, "nplv").gebieden)
    k = kop.index(labels["Restopgave_Totaal_Tot2030"])
    assert rijen["Totaal (opgetelde invoer)"][k] == pytest.approx(resultaten["Restopgave_Totaal_Tot2030"])
    gebieden = [v for n, v in rijen.items() if n not in ("Totaal (opgetelde invoer)", "Som van de gebieden",
                                                         "Verschil (som − totaal)", "Verschil door afkappen")]
    assert rijen["Som van de gebieden"][k] == pytest.approx(sum(g[k] for g in gebieden))
    rz = openpyxl.load_workbook(nplv_uit / "Rotterdam-Zuid.xlsx", data_only=True)
    assert rijen["Rotterdam-Zuid"][k] == pytest.approx(_naamwaarde(rz, "Restopgave_Totaal_Tot2030"))
    assert wb.sheetnames[:2] == [BLAD_OVERZICHT, BLAD_PER_GEBIED] and wb.active.title == BLAD_OVERZICHT


def test_bronnen_noemen_het_databestand(nplv_uit):
    """Issue 9 item 3: a gebied's figures say they came from the data file, with the row's toelichting (the
    report and its table for the national figures)."""
    wb = openpyxl.load_workbook(nplv_uit / "Rotterdam-Zuid.xlsx")
    ws = wb[nm.BLAD_INVOER]
    onderdelen = {o.naam for o in laad("nplv").programma.onderdelen}
    bronnen: dict[str, str] = {}
    for r in ws.iter_rows():  # the first rows in € mln with an onderdeel: the block 'Opgave per onderdeel'
        if r[7].value == "€ mln" and r[1].value in onderdelen and r[2].value is not None:
            bronnen.setdefault(r[1].value, r[8].value)
    assert len(bronnen) == 10
    gegevens = lees_databestand(NPLV_XLSX, "nplv").gebieden["Rotterdam-Zuid"]
    for post in gegevens.opgaven:
        assert post.herkomst == "voorbeeld_nplv_gebieden.xlsx" and post.toelichting
        naam = gegevens.onderdeel(post.onderdeel).naam
        assert bronnen[naam].startswith(f"voorbeeld_nplv_gebieden.xlsx: {post.toelichting}"), bronnen[naam]
    (blad, bereik), = wb.defined_names["In_Dekking_Tot2030_Toelichting"].destinations
    toelichtingen = [r[0].value for r in wb[blad][bereik.replace("$", "")] if r[0].value]
    assert len(toelichtingen) == len([d for d in gegevens.dekkingen if d.periode == "tot2030"])
    assert all(t.startswith("voorbeeld_nplv_gebieden.xlsx: FICTIEVE") for t in toelichtingen), toelichtingen
    # totaal.xlsx: the summed figures come from the same data file.
    totaal = openpyxl.load_workbook(nplv_uit / "totaal.xlsx")[nm.BLAD_INVOER]
    assert {r[8].value for r in totaal.iter_rows() if r[7].value == "€ mln" and r[1].value in onderdelen
            and r[2].value is not None} == {"voorbeeld_nplv_gebieden.xlsx"}


def test_per_gebied_zoals_resultaat(nplv_uit):
    """totaal.xlsx, Overzicht and Per gebied: Dutch labels, and amounts in Resultaat's presentation of the key
    results (switch 'onafgerond'), with PM in the amount's own cell; the main check reads 'in orde'."""
    from xl_opgave.vullen.totaal import CONTROLE_FORMAAT, kernweergave

    w = kernweergave("nplv")
    wb = openpyxl.load_workbook(nplv_uit / "totaal.xlsx")
    ws = wb[BLAD_PER_GEBIED]
    kop = [c.value for c in ws[4]]
    ref = laad("nplv")
    assert kop[2:-1] == [n.omschrijving for n in ref.resultaat_namen]
    rz = next(r for r in ws.iter_rows(min_row=5) if r[0].value == "Rotterdam-Zuid")
    gebied = openpyxl.load_workbook(nplv_uit / "Rotterdam-Zuid.xlsx", data_only=True)
    from xl_opgave.werkboek.sjabloon import Stand

    stand = Stand(lees_databestand(NPLV_XLSX, "nplv").gebieden["Rotterdam-Zuid"])
    for n, cel in zip(ref.resultaat_namen, rz[2:-1], strict=True):
        pm = stand.bedrag(n.sleutel).pm_teken()
        assert cel.number_format == w.formaat(3, pm), n.naam
        assert isinstance(cel.value, float | int) and cel.value == pytest.approx(_naamwaarde(gebied, n.naam))
    assert rz[1].value == 1 and rz[1].number_format == CONTROLE_FORMAAT
    # As it shows: 'Restopgave fysieke pijler tot 2030' of Rotterdam-Zuid with its PM item.
    k = kop.index("Restopgave fysieke pijler tot 2030")
    assert w.toon(round(rz[k].value, 2), 3, "- PM").endswith(" mln. - PM") and w.toon(134.37, 3, "- PM") == \
        "€ 134,37 mln. - PM"
    overzicht = wb[BLAD_OVERZICHT]
    bedragen = [c for r in overzicht.iter_rows() for c in r if isinstance(c.value, float)]
    assert bedragen and all(c.number_format in (w.formaat(3, ""), w.formaat(3, "- PM"), w.formaat(3, "+ PM"))
                            for c in bedragen)


def test_npvr_elf_regios(tmp_path):
    uit = tmp_path / "npvr"
    assert main(["fill", str(NPVR_XLSX), "--template", "npvr", "--out", str(uit)]) == 0
    assert len(list(uit.glob("*.xlsx"))) == 12
    assert (uit / "Zuidoost-Fryslân.xlsx").is_file()
    wb = openpyxl.load_workbook(uit / "totaal.xlsx", data_only=True)
    for naam, verwacht in analyse("npvr").resultaten().items():
        assert _naamwaarde(wb, naam) == pytest.approx(verwacht, abs=1e-6), naam


def test_csv_en_xlsx_geven_dezelfde_werkboeken(nplv_uit, tmp_path):
    """The same figures from a folder of CSV files and from an .xlsx give the same workbooks; only the sources on
    Invoer differ, each naming its own data file (issue 9: the figures say where they came from)."""
    uit = tmp_path / "csv"
    assert main(["fill", str(NPLV_CSV), "--template", "nplv", "--out", str(uit), "--processen", "1"]) == 0
    for naam in ("Rotterdam-Zuid.xlsx", "Den_Haag_Zuidwest.xlsx"):
        csv, xlsx = _leden(uit / naam), _leden(nplv_uit / naam)
        assert csv.keys() == xlsx.keys()
        invoer = "xl/worksheets/sheet2.xml"
        assert {n for n in csv if csv[n] != xlsx[n]} == {invoer}
        assert b"voorbeeld_nplv_csv/opgave.csv: " in csv[invoer] and b"voorbeeld_nplv_gebieden.xlsx" not in csv[invoer]
        assert b"voorbeeld_nplv_csv/dekking.csv: " in csv[invoer]
        assert b"voorbeeld_nplv_gebieden.xlsx: " in xlsx[invoer] and b".csv" not in xlsx[invoer]
        # Every input the same, but the dekking's toelichting, which names the data file too.
        a, b = invoer_waarden(lees_invoer(uit / naam)), invoer_waarden(lees_invoer(nplv_uit / naam))
        assert {n for n in a if a[n] != b[n]} == {n for n in a if n.startswith("In_Dekking_") and
                                                  n.endswith("_Toelichting")}


def _leden(pad: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(pad) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_afkapping_gemarkeerd(tmp_path):
    """Two gebieden: one with more dekking than opgave; the sum of clipped restopgaven exceeds the total."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "opgave.csv").write_text(
        "gebied;periode;pijler;onderdeel;opgave_mln\n"
        "Rotterdam-Zuid;tot2030;fysiek;nieuwbouw;100\nDelft West;tot2030;fysiek;nieuwbouw;10\n", encoding="utf-8")
    (data / "dekking.csv").write_text(
        "gebied;periode;pijler;onderdeel;bron;cofinanciering_mln;rijksfinanciering_mln\n"
        "Rotterdam-Zuid;tot2030;fysiek;nieuwbouw;Wbi;0;20\nDelft West;tot2030;fysiek;nieuwbouw;Wbi;0;50\n",
        encoding="utf-8")
    uit = tmp_path / "uit"
    # The other onderdelen are missing: taken as zero on request, so written with warnings (exit 1).
    assert main(["fill", str(data), "--template", "nplv", "--out", str(uit), "--ontbrekend", "nul"]) == 1
    ws = openpyxl.load_workbook(uit / "totaal.xlsx", data_only=True)[BLAD_PER_GEBIED]
    kop = [c.value for c in ws[4]]
    rijen = {r[0].value: [c.value for c in r] for r in ws.iter_rows(min_row=5)}
    rest = kop.index("Restopgave fysieke pijler tot 2030")
    assert rijen["Totaal (opgetelde invoer)"][rest] == pytest.approx(40)
    assert rijen["Som van de gebieden"][rest] == pytest.approx(80)
    assert rijen["Verschil door afkappen"][rest] == AFKAPPING
    assert rijen["Verschil door afkappen"][kop.index("Opgave fysieke pijler tot 2030")] in (None, "")


# -- nothing lost ----------------------------------------------------------------------------------


def _schrijf(map_: Path, opgave: str, dekking: str) -> Path:
    map_.mkdir(parents=True, exist_ok=True)
    (map_ / "opgave.csv").write_text(opgave, encoding="utf-8")
    (map_ / "dekking.csv").write_text(dekking, encoding="utf-8")
    return map_


def test_slechte_data_alles_gemeld_niets_geschreven(tmp_path, capsys):
    data = _schrijf(
        tmp_path / "data",
        "gebied;periode;pijler;onderdeel;opgave_mln\n"
        "Rotterdam Zuid;tot2030;fysiek;nieuwbouw;10\n"
        "Rotterdam Zuid;tot2030;fysiek;nieuwbouw;11\n"  # duplicate
        "Rotterdm-Zuid;tot2030;fysiek;onderwijs;5\n"  # unknown gebied
        "Delft West;tot2030;fysiek;leefomgeving;-3\n"  # negative
        "Delft West;tot2030;fysiek;veiligheid;veel\n"  # text
        "Delft West;tot2099;fysiek;onderwijs;1\n",  # unknown periode
        "gebied;periode;pijler;onderdeel;bron;cofinanciering_mln;rijksfinanciering_mln\n"
        "Delft West;tot2030;fysiek;nieuwbouw;Wbi;0;2\n",  # dekking without opgave
    )
    uit = tmp_path / "uit"
    assert main(["fill", str(data), "--template", "nplv", "--out", str(uit)]) == 2
    fout = capsys.readouterr().err
    for stuk in ("dubbele rij", "Rotterdm-Zuid", "bedoelt u 'Rotterdam-Zuid'", "rij 5", "rij 6", "tot2099",
                 "geen opgave-rij", "er is niets geschreven"):
        assert stuk in fout, stuk
    # Order of cause: the row problems before the duplicate and the gaps across rows.
    assert fout.index("rij 6") < fout.index("dubbele rij") < fout.index("geen opgave-rij")
    assert not uit.exists()


def test_ontbrekende_kolom_en_te_veel_dekkingsregels(tmp_path, capsys):
    data = _schrijf(tmp_path / "a", "gebied;periode;pijler;opgave_mln\nDelft West;tot2030;fysiek;1\n",
                    "gebied;periode;pijler;onderdeel;bron;cofinanciering_mln;rijksfinanciering_mln\n")
    assert main(["fill", str(data), "--template", "nplv", "--out", str(tmp_path / "uit")]) == 2
    assert "verplichte kolom ontbreekt" in capsys.readouterr().err
    regels = "".join(f"Delft West;tot2030;fysiek;nieuwbouw;Bron {i};1;1\n" for i in range(nm.DEKKING_RIJEN + 1))
    data = _schrijf(tmp_path / "b", "gebied;periode;pijler;onderdeel;opgave_mln\nDelft West;tot2030;fysiek;nieuwbouw;100\n",
                    "gebied;periode;pijler;onderdeel;bron;cofinanciering_mln;rijksfinanciering_mln\n" + regels)
    assert main(["fill", str(data), "--template", "nplv", "--out", str(tmp_path / "uit"), "--ontbrekend", "nul"]) == 2
    assert "31 dekkingsregels" in capsys.readouterr().err
    assert not (tmp_path / "uit").exists()


def test_bestaande_uitvoer_niet_overschreven(tmp_path, capsys):
    uit = tmp_path / "uit"
    uit.mkdir()
    (uit / "Delft_West.xlsx").write_bytes(b"eigen werk")
    assert main(["fill", str(NPLV_XLSX), "--template", "nplv", "--out", str(uit)]) == 2
    assert "--force" in capsys.readouterr().err
    assert sorted(p.name for p in uit.iterdir()) == ["Delft_West.xlsx"]
    assert (uit / "Delft_West.xlsx").read_bytes() == b"eigen werk"
    assert main(["fill", str(NPLV_XLSX), "--template", "nplv", "--out", str(uit), "--force"]) == 0
    assert zipfile.is_zipfile(uit / "Delft_West.xlsx") and len(list(uit.iterdir())) == 21


def test_tekst_uit_de_data_blijft_tekst(tmp_path):
    bron = '=HYPERLINK("http://example.com","klik")'
    data = _schrijf(
        tmp_path / "data",
        "gebied;periode;pijler;onderdeel;opgave_mln\nDelft West;tot2030;fysiek;nieuwbouw;100\n",
        "gebied;periode;pijler;onderdeel;bron;cofinanciering_mln;rijksfinanciering_mln;toelichting\n"
        f'Delft West;tot2030;fysiek;nieuwbouw;"{bron.replace(chr(34), chr(34) * 2)}";0;20;=1+1\n',
    )
    uit = tmp_path / "uit"
    assert main(["fill", str(data), "--template", "nplv", "--out", str(uit), "--ontbrekend", "nul"]) == 1
    for naam in ("Delft_West.xlsx", "totaal.xlsx"):
        with zipfile.ZipFile(uit / naam) as z:
            for lid in z.namelist():
                if lid.startswith("xl/worksheets/"):
                    assert "HYPERLINK" not in re.sub(r"<c [^>]*t=\"(?:inlineStr|s)\".*?</c>", "",
                                                     z.read(lid).decode()), (naam, lid)
        wb = openpyxl.load_workbook(uit / naam)
        (blad, bereik), = wb.defined_names[nm.dekking(laad("nplv").programma.perioden[0], "Bron")].destinations
        eerste = wb[blad][bereik.replace("$", "").split(":")[0]]
        assert eerste.value == bron and eerste.data_type == "s"


def test_voortgang_en_samenvatting(nplv_uit, tmp_path, capsys):
    assert main(["fill", str(NPLV_XLSX), "--template", "nplv", "--out", str(tmp_path / "u")]) == 0
    vastgelegd = capsys.readouterr()
    assert "vullen [" in vastgelegd.err and "21/21 werkboeken" in vastgelegd.err
    assert "20 gebiedswerkboeken en totaal.xlsx geschreven" in vastgelegd.out
    assert "controles: in orde" in vastgelegd.out


def test_sigkill_midden_in_een_run(tmp_path):
    data, lijst = synthetisch(tmp_path / "data", 200)
    voor = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in [*data.iterdir(), lijst]}
    uit = tmp_path / "uit"
    proces = subprocess.Popen(
        [sys.executable, "-m", "xl_opgave.cli", "fill", str(data), "--template", "nplv", "--gebieden", str(lijst),
         "--out", str(uit)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        grens = time.monotonic() + 60
        while time.monotonic() < grens and proces.poll() is None:
            if uit.is_dir() and len(list(uit.glob("*.xlsx"))) >= 5:
                break
            time.sleep(0.005)
        assert proces.poll() is None, "het proces was al klaar; de test doodt het niet midden in de run"
        os.killpg(proces.pid, signal.SIGKILL)
    finally:
        proces.wait(timeout=30)
    definitief = list(uit.glob("*.xlsx"))
    assert 5 <= len(definitief) < 201
    assert not (uit / "totaal.xlsx").exists()
    for pad in definitief:
        with zipfile.ZipFile(pad) as z:
            assert z.testzip() is None, pad
    openpyxl.load_workbook(definitief[-1], read_only=True).close()
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in [*data.iterdir(), lijst]} == voor
    # A second run with --force completes the set.
    assert main(["fill", str(data), "--template", "nplv", "--gebieden", str(lijst), "--out", str(uit), "--force"]) == 0
    assert len(list(uit.glob("*.xlsx"))) == 201


def test_oogst_verzamelt_alle_klare_taken_en_telt() -> None:
    from concurrent.futures import Future

    from xl_opgave.vullen.vul import Uitkomst, _oogst

    class Teller:
        def __init__(self) -> None:
            self.standen: list[int] = []

        def stap(self, klaar: int) -> None:
            self.standen.append(klaar)

    def taak(*gebieden: str) -> Future:
        f: Future = Future()
        f.set_result([Uitkomst(g, f"{g}.xlsx", {}, 1, 0.0) for g in gebieden])
        return f

    open_: set[Future] = {taak("a", "b"), taak("c")}
    bezig: Future = Future()
    uitkomsten: dict = {}
    teller = Teller()
    over = _oogst(open_ | {bezig}, uitkomsten, teller)  # type: ignore[arg-type]
    assert over == {bezig} and sorted(uitkomsten) == ["a", "b", "c"] and teller.standen == [3]
    bezig.set_exception(RuntimeError("werker gestopt"))
    with pytest.raises(RuntimeError, match="werker gestopt"):
        _oogst(over, uitkomsten, None)
