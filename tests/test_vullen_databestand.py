"""Data files: the whole file is validated, every problem reported with file, sheet, row, column."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from xl_opgave.core.bedrag import Bedrag
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.rekenen import bereken
from xl_opgave.referentie import laad
from xl_opgave.vullen import databestand
from xl_opgave.vullen.databestand import DatabestandFout, lees_databestand, som_exact
from xl_opgave.vullen.gebieden import laad_gebieden

WERKBOEKEN = Path(__file__).parents[1] / "workbooks"
NPLV_XLSX = WERKBOEKEN / "voorbeeld_nplv_gebieden.xlsx"
NPLV_CSV = WERKBOEKEN / "voorbeeld_nplv_csv"
NPVR_XLSX = WERKBOEKEN / "voorbeeld_npvr_regios.xlsx"

OPGAVE = ["gebied", "periode", "pijler", "onderdeel", "opgave_mln"]
DEKKING = ["gebied", "periode", "pijler", "onderdeel", "bron", "cofinanciering_mln", "rijksfinanciering_mln"]


def _posten(programma) -> tuple[dict, dict]:
    opgaven = {(p.periode, p.onderdeel, p.categorie, p.variant): (p.bedrag.laag, p.bedrag.hoog, p.bedrag.pm_teksten())
               for p in programma.opgaven}
    dekkingen = {
        (d.periode, d.pijler, d.onderdeel, d.bron): (d.cofinanciering.laag, d.cofinanciering.hoog,
                                                      d.cofinanciering.pm_teksten(), d.rijksfinanciering.laag)
        for d in programma.dekkingen
    }
    return opgaven, dekkingen


@pytest.mark.parametrize(("pad", "code", "aantal"), [(NPLV_XLSX, "nplv", 20), (NPLV_CSV, "nplv", 20), (NPVR_XLSX, "npvr", 11)])
def test_voorbeeld_telt_precies_op_tot_de_landelijke_invoer(pad: Path, code: str, aantal: int) -> None:
    gegevens = lees_databestand(pad, code)
    assert list(gegevens.gebieden) == list(laad_gebieden(code).namen) and len(gegevens.gebieden) == aantal
    assert gegevens.ontbrekend == ()
    landelijk = laad(code).programma
    assert _posten(gegevens.totaal) == _posten(landelijk)  # exact equality, not approximate
    uit_totaal, uit_rapport = bereken(gegevens.totaal), bereken(landelijk)
    for sleutel in uit_totaal:
        if ".component." not in sleutel:  # components are national-only, left out per gebied
            assert uit_totaal[sleutel] == uit_rapport[sleutel], sleutel
    for naam, programma in gegevens.gebieden.items():
        assert programma.gebied == naam and programma.opgaven and programma.componenten == ()


def test_xlsx_en_csv_geven_hetzelfde() -> None:
    a, b = lees_databestand(NPLV_XLSX, "nplv"), lees_databestand(NPLV_CSV, "nplv")
    for naam in a.gebieden:
        assert _posten(a.gebieden[naam]) == _posten(b.gebieden[naam])


def test_som_exact_zonder_drijvende_komma_ruis() -> None:
    assert som_exact([Bedrag.exact(0.1)] * 10).laag == 1.0
    assert sum([0.1] * 10) != 1.0


class Tekst(str):
    pass


def _xlsx(pad: Path, opgave: list[list[object]] | None, dekking: list[list[object]] | None,
          opgave_kop: list[str] = OPGAVE, dekking_kop: list[str] = DEKKING) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for naam, kop, rijen in (("Opgave", opgave_kop, opgave), ("Dekking", dekking_kop, dekking)):
        if rijen is None:
            continue
        blad = wb.create_sheet(naam)
        blad.append(kop)
        for rij in rijen:
            blad.append(rij)
            for kolom, waarde in enumerate(rij, start=1):
                if isinstance(waarde, Tekst):  # text that starts with '=' but is not a formula
                    blad.cell(blad.max_row, kolom).data_type = "s"
    wb.save(pad)
    return pad


def _problemen(pad: Path, code: str = "nplv", **opties) -> list[tuple[str, int, str, str]]:
    with pytest.raises(DatabestandFout) as fout:
        lees_databestand(pad, code, **opties)
    return [(p.blad, p.rij, p.kolom, p.melding) for p in fout.value.problemen]


def _heeft(problemen, blad: str, rij: int, kolom: str, melding: str) -> bool:
    return any(p[0] == blad and p[1] == rij and p[2] == kolom and melding in p[3] for p in problemen)


def test_alle_problemen_tegelijk_met_blad_rij_en_kolom(tmp_path: Path) -> None:
    pad = _xlsx(
        tmp_path / "fout.xlsx",
        [
            ["Rotterdam-Zuid", "tot2030", "fysiek", "nieuwbouw", 10],  # 2: fine
            ["Rotterdam Zuidd", "tot2030", "fysiek", "nieuwbouw", 10],  # 3: unknown gebied
            ["Delft West", "tot 2040", "fysiek", "nieuwbouw", 10],  # 4: unknown periode
            ["Delft West", "tot2030", "fysik", "nieuwbouw", 10],  # 5: unknown pijler
            ["Delft West", "tot2030", "fysiek", "nieuwbouwen", 10],  # 6: unknown onderdeel
            ["Delft West", "tot2030", "sociaal", "nieuwbouw", 10],  # 7: onderdeel of another pijler
            ["Rotterdam-Zuid", "Tot 2030", "Fysieke pijler", "Nieuwbouw", 5],  # 8: duplicate of row 2 (labels)
            ["Delft West", "tot2030", "fysiek", "leefomgeving", "veel"],  # 9: text amount
            ["Delft West", "tot2030", "fysiek", "bereikbaarheid", -3],  # 10: negative amount
            ["Delft West", "tot2030", "fysiek", "veiligheid", "=1+2"],  # 11: formula
            ["Delft West", "2030-2035", "sociaal", "onderwijs", "-1,5"],  # 12: negative amount as text
        ],
        [
            ["Rotterdam-Zuid", "tot2030", "fysiek", "nieuwbouw", "Wbi", 1, 2],  # 2: fine
            ["Rotterdam-Zuid", "tot2030", "fysiek", "nieuwbouw", "WBI", 1, 2],  # 3: duplicate source
            ["Rotterdam-Zuid", "tot2030", "sociaal", "onderwijs", "SPUK", 0, 4],  # 4: no opgave row
            ["Rotterdam-Zuid", "tot2030", "fysiek", "", "", 0, 4],  # 5: bron missing
            ["Rotterdam-Zuid", "tot2030", "fysiek", "", "Capaciteit", "PM", "1.735"],  # 6: fine
        ],
    )
    problemen = _problemen(pad)
    verwacht = [
        ("Opgave", 3, "A (gebied)", "bedoelt u 'Rotterdam-Zuid'?"),
        ("Opgave", 4, "B (periode)", "onbekende periode 'tot 2040'"),
        ("Opgave", 5, "C (pijler)", "onbekende pijler 'fysik'"),
        ("Opgave", 6, "D (onderdeel)", "onbekend onderdeel 'nieuwbouwen'"),
        ("Opgave", 7, "D (onderdeel)", "hoort niet bij pijler 'sociaal'"),
        ("Opgave", 9, "E (opgave_mln)", "'veel' is geen bedrag"),
        ("Opgave", 10, "E (opgave_mln)", "negatief bedrag"),
        ("Opgave", 11, "E (opgave_mln)", "de cel bevat een formule"),
        ("Opgave", 12, "E (opgave_mln)", "negatief bedrag"),
        ("Dekking", 5, "E (bron)", "bron ontbreekt"),
        # Across rows, after every row problem:
        ("Opgave", 8, "", "dubbele rij (ook rij 2)"),
        ("Dekking", 3, "", "dubbele rij (ook rij 2)"),
    ]
    for blad, rij, kolom, melding in verwacht:
        assert _heeft(problemen, blad, rij, kolom, melding), (blad, rij, kolom, melding, problemen)
    rijen = [p for p in problemen if p[1]]
    assert len(rijen) == len(verwacht)
    # Order of cause: every row problem before the cross-row ones (duplicates, then the gaps).
    assert [p[:3] for p in rijen] == [v[:3] for v in verwacht]
    gaten = [p[3] for p in problemen if not p[1]]
    assert problemen[len(rijen):] == [p for p in problemen if not p[1]]
    # The dekking for SPUK points at an onderdeel without an opgave row: reported as that gap (the cause).
    assert "gebied 'Rotterdam-Zuid' heeft geen opgave-rij voor tot 2030: Onderwijs (sociaal)" in gaten
    # A row that failed (Delft West, leefomgeving: 'veel') gives no second line as a gap.
    assert not any("Delft West" in g and "Openbare ruimte" in g and "tot 2030" in g for g in gaten), gaten
    assert any("Delft West" in g and "2030 t/m 2035" in g for g in gaten)
    with pytest.raises(DatabestandFout) as fout:
        lees_databestand(pad, "nplv")
    tekst = fout.value.tekst()
    assert tekst.startswith(f"{pad}: {len(problemen)} problemen in het databestand; er is niets geschreven")
    assert f"{pad}, blad Opgave, rij 9, kolom E (opgave_mln): 'veel' is geen bedrag" in tekst
    assert len(problemen) < 50 and tekst.count("\n") == len(problemen)


def test_ontbrekende_kolommen_en_bladen(tmp_path: Path) -> None:
    pad = _xlsx(tmp_path / "kolom.xlsx", [["Delft West", "tot2030", "fysiek", 1]], None, opgave_kop=OPGAVE[:3] + ["opgave_mln"])
    problemen = _problemen(pad)
    assert _heeft(problemen, "Opgave", 1, "onderdeel of deelopgave", "verplichte kolom ontbreekt")
    assert _heeft(problemen, "", 0, "", "blad Dekking ontbreekt")


def test_tekst_met_isgelijkteken_is_tekst_en_bedragen_op_zijn_nederlands(tmp_path: Path) -> None:
    pad = _xlsx(
        tmp_path / "goed.xlsx",
        [["Delft West", "tot2030", "fysiek", "nieuwbouw", "1.735"], ["Delft West", "tot2030", "fysiek", "leefomgeving", "12,5"],
         ["Delft West", "tot2030", "fysiek", "bereikbaarheid", "12.5"], ["Delft West", "tot2030", "sociaal", "onderwijs", "PM"]],
        [["Delft West", "tot2030", "fysiek", "nieuwbouw", Tekst('=HYPERLINK("http://x")'), "1.234,5", 0]],
    )
    programma = lees_databestand(pad, "nplv", ontbrekend="nul").gebieden["Delft West"]
    assert [p.bedrag.laag for p in programma.opgaven[:4]] == [1735, 12.5, 12.5, 0]
    assert programma.opgaven[3].bedrag.heeft_pm
    assert programma.dekkingen[0].bron == '=HYPERLINK("http://x")'
    assert programma.dekkingen[0].cofinanciering.laag == 1234.5


@pytest.mark.parametrize(
    ("codering", "scheiding"), [("cp1252", ";"), ("utf-8-sig", ","), ("utf-8", ";")], ids=["cp1252", "bom-komma", "utf8"]
)
def test_csv_coderingen(tmp_path: Path, codering: str, scheiding: str) -> None:
    def schrijf(naam: str, kop: list[str], rijen: list[list[str]]) -> None:
        regels = [scheiding.join(kop)] + [scheiding.join(f'"{v}"' if scheiding in v else v for v in r) for r in rijen]
        (tmp_path / naam).write_bytes(("\r\n".join(regels) + "\r\n").encode(codering))

    gebieden = tmp_path / "regios.csv"
    gebieden.write_text("gebied\nZuidoost-Fryslân\n", encoding="utf-8")
    schrijf("opgave.csv", OPGAVE + ["toelichting"], [["Zuidoost-Fryslân", "tot2030", "fysiek", "nieuwbouw", "1.234,5", "€ ë"]])
    schrijf("dekking.csv", DEKKING, [["Zuidoost-Fryslân", "tot2030", "fysiek", "nieuwbouw", "Bron, één", "2,5", "0"]])
    gegevens = lees_databestand(tmp_path, "nplv", gebieden=laad_gebieden("nplv", gebieden), ontbrekend="nul")
    programma = gegevens.gebieden["Zuidoost-Fryslân"]
    assert programma.opgaven[0].bedrag.laag == 1234.5 and programma.opgaven[0].toelichting == "€ ë"
    assert programma.dekkingen[0].bron == "Bron, één" and programma.dekkingen[0].cofinanciering.laag == 2.5


def test_csv_problemen_zonder_blad(tmp_path: Path) -> None:
    (tmp_path / "opgave.csv").write_text(";".join(OPGAVE) + "\nDelft West;tot2030;fysiek;nieuwbouw;1;extra\n", encoding="utf-8")
    # A structure problem first, and only that: the rows are not interpreted yet.
    assert _problemen(tmp_path) == [("", 0, "", "dekking.csv ontbreekt (zonder dekking: alleen de kop, zonder rijen)")]
    (tmp_path / "dekking.csv").write_text(";".join(DEKKING) + "\n", encoding="utf-8")
    problemen = _problemen(tmp_path, ontbrekend="nul")
    assert _heeft(problemen, "", 2, "", "6 velden, de kop heeft er 5")


def test_npvr_categorie_verplicht_en_geen_dekking_nodig(tmp_path: Path) -> None:
    kop = ["gebied", "periode", "doelstelling", "deelopgave", "categorie", "laag_mln", "hoog_mln", "variant"]
    goed = _xlsx(tmp_path / "npvr.xlsx", [["Twente", "2025-2035", "voorzieningen", "vastgoed_capaciteit", "investering",
                                           "100", "300", "nu"]], None, opgave_kop=kop)
    programma = lees_databestand(goed, "npvr", ontbrekend="nul").gebieden["Twente"]
    assert (programma.opgaven[0].bedrag.laag, programma.opgaven[0].bedrag.hoog) == (100, 300)
    fout = _xlsx(tmp_path / "npvr_fout.xlsx", [["Twente", "2025-2035", "voorzieningen", "vastgoed_capaciteit", "", 1, 2, ""],
                                               ["Twente", "2025-2035", "voorzieningen", "openbaar_vervoer", "publiek", 5, 2, ""]],
                 None, opgave_kop=kop)
    problemen = _problemen(fout, "npvr")
    assert _heeft(problemen, "Opgave", 2, "E (categorie)", "categorie ontbreekt")
    assert _heeft(problemen, "Opgave", 3, "", "laag_mln is groter dan hoog_mln")


def test_onleesbaar_bestand(tmp_path: Path) -> None:
    pad = tmp_path / "kapot.xlsx"
    pad.write_bytes(b"geen zip")
    with pytest.raises(InvoerFout, match="geen Excel-werkmap") as fout:
        lees_databestand(pad, "nplv")
    assert str(fout.value).startswith(f"{pad}: ") and "\n" not in str(fout.value)


def _met_deel(pad: Path, naam: str, data: bytes, *, vervang: bool = False) -> Path:
    """The .xlsx at `pad` with part `naam` added, or replaced when `vervang`."""
    inhoud = pad.read_bytes()
    with zipfile.ZipFile(io.BytesIO(inhoud)) as bron, zipfile.ZipFile(pad, "w", zipfile.ZIP_DEFLATED) as doel:
        for info in bron.infolist():
            if info.filename != naam:
                doel.writestr(info, bron.read(info.filename))
            elif vervang:
                doel.writestr(info, data)
        if not vervang:
            doel.writestr(naam, data)
    return pad


def _xlsxwriter_databestand(pad: Path) -> Path:
    """A data file as XlsxWriter writes it (with xl/sharedStrings.xml, unlike openpyxl)."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(pad))
    opgave = wb.add_worksheet("Opgave")
    opgave.write_row(0, 0, OPGAVE)
    opgave.write_row(1, 0, ["Delft West", "tot2030", "fysiek", "nieuwbouw", 1])
    wb.add_worksheet("Dekking").write_row(0, 0, DEKKING)
    wb.close()
    return pad


def test_zip_bom_en_oud_xls_worden_geweigerd_zoals_een_werkboek(tmp_path: Path) -> None:
    bom = _met_deel(_xlsx(tmp_path / "bom.xlsx", [["Delft West", "tot2030", "fysiek", "nieuwbouw", 1]], []),
                    "xl/media/opvulling.bin", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(InvoerFout, match="zip-bom") as fout:
        lees_databestand(bom, "nplv")
    assert str(fout.value).startswith(f"{bom}: ")
    oud = tmp_path / "oud.xlsx"
    oud.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(2048))
    with pytest.raises(InvoerFout, match=r"\.xls"):
        lees_databestand(oud, "nplv")


@pytest.mark.parametrize("deel", ["xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"])
def test_xml_entiteiten_in_een_databestand_een_nederlandse_regel(tmp_path: Path, deel: str) -> None:
    pad = _xlsxwriter_databestand(tmp_path / "entiteiten.xlsx")
    with zipfile.ZipFile(pad) as z:
        tekst = z.read(deel).decode()
    dtd = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
    kop_eind = tekst.index("?>") + 2
    tekst = tekst[:kop_eind] + dtd + tekst[kop_eind:].replace("Delft West", "&b;")
    _met_deel(pad, deel, tekst.encode(), vervang=True)
    with pytest.raises(InvoerFout) as fout:
        lees_databestand(pad, "nplv")
    melding = str(fout.value)
    assert melding.startswith(f"{pad}: ") and "bevat een DTD" in melding, melding
    assert "\n" not in melding and "Unable" not in melding


def test_grote_csv_geweigerd_voor_het_lezen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opgave = tmp_path / "opgave.csv"
    with open(opgave, "wb") as f:  # sparse: costs no disk, but reading it would cost 100 MB of memory
        f.truncate(databestand.MAX_XLSX_BYTES + 1)
    (tmp_path / "dekking.csv").write_text(";".join(DEKKING) + "\n", encoding="utf-8")

    def niet_lezen(*args, **kwargs):
        raise AssertionError("the whole file was read")

    monkeypatch.setattr(Path, "read_bytes", niet_lezen)
    with pytest.raises(InvoerFout, match="te groot") as fout:
        lees_databestand(tmp_path, "nplv")
    assert str(fout.value).startswith(f"{opgave}: ")


def test_databestand_of_map_bestaat_niet(tmp_path: Path) -> None:
    for pad in (tmp_path / "bestaat_niet", tmp_path / "bestaat_niet.xlsx"):
        with pytest.raises(InvoerFout, match="bestaat niet") as fout:
            lees_databestand(pad, "nplv")
        assert "ontbreekt" not in str(fout.value)
    with pytest.raises(InvoerFout, match="de map bevat geen opgave.csv en geen dekking.csv"):
        lees_databestand(tmp_path, "nplv")


@pytest.mark.parametrize(
    ("pad", "code", "melding"),
    [
        (NPVR_XLSX, "nplv", "dit is een databestand voor NPVR (kolommen doelstelling, deelopgave, categorie)"),
        (NPLV_XLSX, "npvr", "dit is een databestand voor NPLV (kolommen pijler, onderdeel, opgave_mln)"),
        (NPLV_CSV, "npvr", "dit is een databestand voor NPLV"),
    ],
)
def test_databestand_van_het_andere_programma_in_een_regel(pad: Path, code: str, melding: str) -> None:
    with pytest.raises(InvoerFout) as fout:
        lees_databestand(pad, code)
    assert not isinstance(fout.value, DatabestandFout)
    assert melding in str(fout.value) and "\n" not in str(fout.value)
    assert f"--template {'npvr' if code == 'nplv' else 'nplv'}" in str(fout.value)


def test_npvr_dekking_met_npvr_kolomnamen(tmp_path: Path) -> None:
    opgave_kop = ["gebied", "periode", "doelstelling", "deelopgave", "categorie", "laag_mln", "hoog_mln"]
    dekking_kop = ["gebied", "periode", "doelstelling", "deelopgave", "bron", "cofinanciering_mln", "rijksfinanciering_mln"]
    rijen = [["Twente", "2025-2035", "voorzieningen", "openbaar_vervoer", "Regiodeal", 1, 2]]
    pad = _xlsx(tmp_path / "npvr.xlsx", [["Twente", "2025-2035", "voorzieningen", "openbaar_vervoer", "publiek", 5, 6]],
                rijen, opgave_kop=opgave_kop, dekking_kop=dekking_kop)
    programma = lees_databestand(pad, "npvr", ontbrekend="nul").gebieden["Twente"]
    assert programma.dekkingen[0].pijler == "voorzieningen" and programma.dekkingen[0].rijksfinanciering.laag == 2
    fout = _xlsx(tmp_path / "npvr_fout.xlsx", [["Twente", "2025-2035", "voorzieningen", "openbaar_vervoer", "publiek", 5, 6]],
                 [["Twente", "2025-2035", "voorzieningen", "nieuwbouw", "Regiodeal", 1, 2]],
                 opgave_kop=opgave_kop, dekking_kop=dekking_kop)
    assert _heeft(_problemen(fout, "npvr"), "Dekking", 2, "D (deelopgave)", "hoort niet bij pijler 'voorzieningen'")


# -- issue 8: matching sheets, strict reading, order of cause ------------------------------------------


def _volledig_xlsx(pad: Path, bladen: dict[str, tuple[list[str], list[list[object]], str]]) -> Path:
    """An .xlsx with sheets name → (header, rows, state: 'visible' | 'hidden')."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(pad))
    for naam, (kop, rijen, staat) in bladen.items():
        blad = wb.add_worksheet(naam)
        blad.write_row(0, 0, kop)
        for i, rij in enumerate(rijen, start=1):
            blad.write_row(i, 0, rij)
        if staat == "hidden":
            blad.hide()
    wb.close()
    return pad


def _nplv_rijen(gebied: str = "Delft West", factor: float = 1.0) -> list[list[object]]:
    return [[gebied, p.periode, p.pijler, p.onderdeel, round(p.bedrag.laag * factor, 2)]
            for p in laad("nplv").programma.opgaven]


def test_verborgen_blad_nooit_in_plaats_van_het_zichtbare(tmp_path: Path) -> None:
    """A hidden 'Opgave ' beside the visible 'Opgave' used to be read instead of it (the last one won)."""
    pad = _volledig_xlsx(tmp_path / "verborgen.xlsx", {
        "Opgave": (OPGAVE, _nplv_rijen(factor=1.0), "visible"),
        "Dekking": (DEKKING, [], "visible"),
        "opgave ": (OPGAVE, _nplv_rijen(factor=9.0), "hidden"),
    })
    problemen = _problemen(pad)
    assert problemen == [("", 0, "", "naast blad 'Opgave' is er een verborgen blad 'opgave ' met bijna dezelfde naam; "
                                     "verwijder of hernoem het verborgen blad")]
    alleen_verborgen = _volledig_xlsx(tmp_path / "alleen.xlsx", {
        "Dekking": (DEKKING, [], "visible"), "Opgave": (OPGAVE, _nplv_rijen(), "hidden")})
    assert "blad 'Opgave' is verborgen" in _problemen(alleen_verborgen)[0][3]
    twee = _volledig_xlsx(tmp_path / "twee.xlsx", {
        "Dekking": (DEKKING, [], "visible"), "opgave": (OPGAVE, _nplv_rijen(), "visible"),
        "OPGAVE ": (OPGAVE, _nplv_rijen(factor=2.0), "visible")})
    assert "meer dan één blad heet Opgave" in _problemen(twee)[0][3]
    goed = _volledig_xlsx(tmp_path / "goed.xlsx", {"opgave": (OPGAVE, _nplv_rijen(), "visible"),
                                                    "Dekking": (DEKKING, [], "visible")})
    assert lees_databestand(goed, "nplv").gebieden["Delft West"].opgaven[0].bedrag.laag == 445


def test_gemengde_codering_wordt_met_de_regel_geweigerd(tmp_path: Path) -> None:
    regels = ["gebied;periode;pijler;onderdeel;opgave_mln;toelichting"]
    regels += [f"Delft West;{p.periode};{p.pijler};{p.onderdeel};{p.bedrag.laag};één" for p in laad("nplv").programma.opgaven]
    data = ("\n".join(regels) + "\n").encode("utf-8")
    data = data.replace("één".encode(), "\xe9\xe9n".encode("cp1252"), 1)  # one Windows-1252 edit on line 2
    (tmp_path / "opgave.csv").write_bytes(data)
    (tmp_path / "dekking.csv").write_text(";".join(DEKKING) + "\n", encoding="utf-8")
    with pytest.raises(InvoerFout) as fout:
        lees_databestand(tmp_path, "nplv")
    assert "opgave.csv, regel 2: gemengde tekencodering" in str(fout.value) and "0xE9" in str(fout.value)
    # Wholly Windows-1252 is fine, as Dutch Excel saves it.
    (tmp_path / "opgave.csv").write_bytes(("\n".join(regels) + "\n").encode("cp1252"))
    assert lees_databestand(tmp_path, "nplv").gebieden["Delft West"].opgaven[0].toelichting == "één"


def test_te_lang_veld_op_de_goede_rij_en_de_rest_gelezen(tmp_path: Path) -> None:
    rijen = [f"Delft West;{p.periode};{p.pijler};{p.onderdeel};{p.bedrag.laag}" for p in laad("nplv").programma.opgaven]
    rijen[3] += ";" + "x" * 200_000
    (tmp_path / "opgave.csv").write_text(";".join(OPGAVE) + ";toelichting\n" + "\n".join(rijen) + "\n",
                                         encoding="utf-8")
    (tmp_path / "dekking.csv").write_text(";".join(DEKKING) + "\n", encoding="utf-8")
    problemen = _problemen(tmp_path)
    assert problemen[0] == ("", 5, "", "een veld is langer dan 131.072 tekens (een aanhalingsteken dat niet "
                                       "gesloten wordt?)"), problemen
    # The rows after it were read: the only other problem is the gap that one record leaves, no more.
    assert problemen[1:] == [("", 0, "", "gebied 'Delft West' heeft geen opgave-rij voor tot 2030: Leefomgeving (fysiek)")]


@pytest.mark.parametrize("tekst", ["1 2", "12€5", "1e3", "€ 5 €", "1.2.3", "--5", "12,5 mln"])
def test_bedragtekst_wordt_niet_schoongemaakt(tmp_path: Path, tekst: str) -> None:
    rijen = _nplv_rijen()
    rijen[0][4] = tekst
    pad = _volledig_xlsx(tmp_path / "tekst.xlsx", {"Opgave": (OPGAVE, rijen, "visible"),
                                                    "Dekking": (DEKKING, [], "visible")})
    problemen = _problemen(pad)
    assert problemen[0][:3] == ("Opgave", 2, "E (opgave_mln)") and "is geen bedrag" in problemen[0][3], problemen


def test_te_grote_bedragen_buiten_bereik(tmp_path: Path) -> None:
    rijen = [f"Delft West;{p.periode};{p.pijler};{p.onderdeel};{p.bedrag.laag}" for p in laad("nplv").programma.opgaven]
    rijen[0] = rijen[0].rsplit(";", 1)[0] + ";" + "9" * 400  # reads as infinity
    rijen[1] = rijen[1].rsplit(";", 1)[0] + ";2.375.000.000"  # euros where € mln is meant
    (tmp_path / "opgave.csv").write_text(";".join(OPGAVE) + "\n" + "\n".join(rijen) + "\n", encoding="utf-8")
    (tmp_path / "dekking.csv").write_text(";".join(DEKKING) + "\n", encoding="utf-8")
    problemen = _problemen(tmp_path)
    assert problemen[0][:3] == ("", 2, "opgave_mln") and "buiten bereik: te groot getal" in problemen[0][3]
    assert problemen[1][:3] == ("", 3, "opgave_mln") and "buiten bereik: meer dan € 1.000.000 mln" in problemen[1][3]
    xlsx_rijen = _nplv_rijen()
    xlsx_rijen[0][4] = 1e308  # an .xlsx number whose sums overflow
    pad = _volledig_xlsx(tmp_path / "groot.xlsx", {"Opgave": (OPGAVE, xlsx_rijen, "visible"),
                                                   "Dekking": (DEKKING, [], "visible")})
    assert "buiten bereik" in _problemen(pad)[0][3]


def test_verkeerde_kop_eerst_en_alleen_die(tmp_path: Path) -> None:
    """A misspelt column header used to give 'geen opgave-rij' for every dekking row first."""
    (tmp_path / "opgave.csv").write_text("gebied;periode;pijler;ondrdeel;opgave_mln\n" + "\n".join(
        f"Delft West;{p.periode};{p.pijler};{p.onderdeel};1" for p in laad("nplv").programma.opgaven) + "\n",
        encoding="utf-8")
    (tmp_path / "dekking.csv").write_text(";".join(DEKKING) + "\nDelft West;tot2030;fysiek;nieuwbouw;Wbi;0;2\n",
                                          encoding="utf-8")
    assert _problemen(tmp_path) == [("", 1, "onderdeel of deelopgave", "verplichte kolom ontbreekt")]


def test_hoogstens_50_regels_en_alle_met_de_optie(tmp_path: Path) -> None:
    rijen = [f"Onbekend {i};tot2030;fysiek;nieuwbouw;1" for i in range(120)]
    (tmp_path / "opgave.csv").write_text(";".join(OPGAVE) + "\n" + "\n".join(rijen) + "\n", encoding="utf-8")
    (tmp_path / "dekking.csv").write_text(";".join(DEKKING) + "\n", encoding="utf-8")
    with pytest.raises(DatabestandFout) as fout:
        lees_databestand(tmp_path, "nplv")
    tekst = fout.value.tekst()
    assert tekst.count("\n") == 51 and tekst.endswith("… en 70 meer (alle problemen: voeg --alle-fouten toe)")
    assert fout.value.volledig().count("\n") == 120
    with pytest.raises(DatabestandFout) as alle:
        lees_databestand(tmp_path, "nplv", alle_fouten=True)
    assert alle.value.tekst().count("\n") == 120


def test_alle_fouten_via_de_opdracht_en_nergens_een_bestand(tmp_path: Path, capsys) -> None:
    from xl_opgave.cli import main

    rijen = [f"Onbekend {i};tot2030;fysiek;nieuwbouw;1" for i in range(60)]
    (tmp_path / "opgave.csv").write_text(";".join(OPGAVE) + "\n" + "\n".join(rijen) + "\n", encoding="utf-8")
    (tmp_path / "dekking.csv").write_text(";".join(DEKKING) + "\n", encoding="utf-8")
    voor = sorted(p.name for p in tmp_path.iterdir())
    assert main(["fill", str(tmp_path), "--template", "nplv", "--out", str(tmp_path / "u")]) == 2
    assert "… en 10 meer" in capsys.readouterr().err
    assert main(["fill", str(tmp_path), "--template", "nplv", "--out", str(tmp_path / "u"), "--alle-fouten"]) == 2
    assert capsys.readouterr().err.count("onbekend gebied") == 60
    assert sorted(p.name for p in tmp_path.iterdir()) == voor  # nothing written into the data file's folder


def test_npvr_dekking_wordt_geweigerd_want_het_sjabloon_heeft_er_geen_plek_voor(tmp_path: Path, capsys) -> None:
    """The NPVR template has no dekking table: rows on Dekking would be read and then written nowhere (the
    workbook byte for byte the same as without them); fill refuses them instead, before anything is written."""
    from xl_opgave.cli import main

    opgave_kop = ["gebied", "periode", "doelstelling", "deelopgave", "categorie", "laag_mln", "hoog_mln"]
    dekking_kop = ["gebied", "periode", "doelstelling", "deelopgave", "bron", "cofinanciering_mln", "rijksfinanciering_mln"]
    opgave = [["Twente", "2025-2035", "voorzieningen", "openbaar_vervoer", "publiek", 5, 6]]
    met = _xlsx(tmp_path / "met.xlsx", opgave, [["Twente", "2025-2035", "voorzieningen", "openbaar_vervoer",
                                                 "Regiodeal", 1, 2]], opgave_kop=opgave_kop, dekking_kop=dekking_kop)
    zonder = _xlsx(tmp_path / "zonder.xlsx", opgave, [], opgave_kop=opgave_kop, dekking_kop=dekking_kop)
    uit = tmp_path / "uit"
    assert main(["fill", str(met), "--template", "npvr", "--out", str(uit), "--ontbrekend", "nul",
                 "--processen", "1"]) == 2
    fout = capsys.readouterr().err
    assert "gebied 'Twente' heeft 1 dekkingsregel; het NPVR-sjabloon heeft geen dekking" in fout
    assert not uit.exists()
    # A Dekking sheet with only its header is fine.
    assert main(["fill", str(zonder), "--template", "npvr", "--out", str(uit), "--ontbrekend", "nul",
                 "--processen", "1"]) == 1
    capsys.readouterr()
    # fill --into refuses them too, and leaves the workbook as it was.
    werkboek = uit / "Twente.xlsx"
    voor = werkboek.read_bytes()
    assert main(["fill", str(met), "--into", str(werkboek), "--gebied", "Twente", "--force",
                 "--ontbrekend", "nul"]) == 2
    assert "het NPVR-sjabloon heeft geen dekking" in capsys.readouterr().err
    assert werkboek.read_bytes() == voor
