"""One run, one consistent folder (issue 8, item 2, and the findings about outputs).

- With --force, an earlier run's workbooks that this run does not write are moved aside into a dated
  subfolder and named (never deleted; without --force the run is refused naming them).
- Two runs into one folder: the second is refused while the first holds the folder.
- An output that is one of the inputs is refused before anything is written.
- A dangling symbolic link named totaal.xlsx, a name the file system cannot hold: refused before the
  first workbook is written.
- totaal.xlsx has gebieden in rows (no gebied is lost past Excel's last column) and refuses what does
  not fit in a sheet; its first sheet says which data file (name and SHA-256) and which gebieden.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pytest

from xl_opgave.bestanden import InvoerFout, MapBezet, eis_geldige_naam, vergrendel_map
from xl_opgave.cli import main
from xl_opgave.referentie import laad
from xl_opgave.vullen.databestand import lees_databestand
from xl_opgave.vullen.totaal import BLAD_OVERZICHT, BLAD_PER_GEBIED, Herkomst, Overzicht, bladen
from xl_opgave.vullen.voorbeeld import synthetisch
from xl_opgave.vullen.vul import EERDERE_RUN, aantal_werkers

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"
NPLV_XLSX = WORKBOOKS / "voorbeeld_nplv_gebieden.xlsx"


def _twee_gebieden(tmp_path: Path) -> Path:
    lijst = tmp_path / "twee.csv"
    lijst.write_text("gebied\nDelft West\nRotterdam-Zuid\n", encoding="utf-8")
    return lijst


def _data_voor(tmp_path: Path, gebieden: list[str]) -> Path:
    """The example data (CSV) restricted to some gebieden."""
    bron = WORKBOOKS / "voorbeeld_nplv_csv"
    doel = tmp_path / "data_deel"
    doel.mkdir(exist_ok=True)
    for naam in ("opgave.csv", "dekking.csv"):
        regels = (bron / naam).read_text(encoding="utf-8-sig").splitlines(keepends=True)
        (doel / naam).write_text(regels[0] + "".join(r for r in regels[1:] if r.split(";")[0] in gebieden),
                                 encoding="utf-8")
    return doel


def test_oude_werkboeken_opzij_met_force_en_anders_geweigerd(tmp_path, capsys):
    uit = tmp_path / "uitvoer"
    assert main(["fill", str(NPLV_XLSX), "--template", "nplv", "--out", str(uit)]) == 0
    capsys.readouterr()
    oud_totaal = (uit / "totaal.xlsx").read_bytes()
    eigen = uit / "notities.txt"
    eigen.write_text("van de adviseur", encoding="utf-8")
    data = _data_voor(tmp_path, ["Delft West", "Rotterdam-Zuid"])
    lijst = _twee_gebieden(tmp_path)
    argv = ["fill", str(data), "--template", "nplv", "--gebieden", str(lijst), "--out", str(uit)]
    # Without --force: refused, naming the earlier run's workbooks; nothing changed.
    assert main(argv) == 2
    fout = capsys.readouterr().err
    assert "van een eerdere run" in fout and "--force" in fout
    assert (uit / "totaal.xlsx").read_bytes() == oud_totaal
    # With --force: the 18 workbooks this run does not write are moved into one dated subfolder.
    assert main([*argv, "--force"]) == 0
    tekst = capsys.readouterr().out
    submappen = [p for p in uit.iterdir() if p.is_dir()]
    assert len(submappen) == 1 and submappen[0].name.startswith(EERDERE_RUN)
    assert len(list(submappen[0].glob("*.xlsx"))) == 18
    assert sorted(p.name for p in uit.glob("*.xlsx")) == ["Delft_West.xlsx", "Rotterdam-Zuid.xlsx", "totaal.xlsx"]
    assert eigen.read_text(encoding="utf-8") == "van de adviseur"  # not ours: left alone
    assert f"18 bestand(en) van een eerdere run opzijgezet in {submappen[0]}" in tekst
    # totaal.xlsx now sums exactly the two gebieden, and says so.
    wb = openpyxl.load_workbook(uit / "totaal.xlsx", data_only=True)
    per_gebied = [r[0] for r in wb[BLAD_PER_GEBIED].iter_rows(min_row=9, values_only=True) if r[0]]
    assert per_gebied == ["Delft West", "Rotterdam-Zuid"]
    overzicht = {r[0]: r[1] for r in wb[BLAD_OVERZICHT].iter_rows(values_only=True) if r[0] and r[1]}
    assert overzicht["Opgeteld"].startswith("2 gebieden")
    digest = hashlib.sha256((data / "opgave.csv").read_bytes()).hexdigest()
    assert any(str(v).startswith(f"{digest} (opgave.csv)") for v in overzicht.values()), overzicht


def test_zelfde_invoer_zelfde_bytes_ook_op_een_andere_plek(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b" / "dieper"
    assert main(["fill", str(NPLV_XLSX), "--template", "nplv", "--out", str(a), "--processen", "1"]) == 0
    kopie = tmp_path / "elders" / NPLV_XLSX.name
    kopie.parent.mkdir()
    kopie.write_bytes(NPLV_XLSX.read_bytes())
    assert main(["fill", str(kopie), "--template", "nplv", "--out", str(b), "--processen", "1"]) == 0
    assert (a / "totaal.xlsx").read_bytes() == (b / "totaal.xlsx").read_bytes()


def test_een_map_is_van_een_run_tegelijk(tmp_path, capsys):
    uit = tmp_path / "uit"
    uit.mkdir()
    with vergrendel_map(uit):
        assert main(["fill", str(NPLV_XLSX), "--template", "nplv", "--out", str(uit)]) == 2
        assert "schrijft op dit moment een andere xl-opgave-run" in capsys.readouterr().err
        with pytest.raises(MapBezet), vergrendel_map(uit):
            pass
    assert list(uit.iterdir()) == []
    assert main(["fill", str(NPLV_XLSX), "--template", "nplv", "--out", str(uit)]) == 0


def test_twee_runs_tegelijk_mengen_geen_bestanden(tmp_path):
    """Two `--force` fills into one folder at once: the second is refused while the first writes."""
    data, lijst = synthetisch(tmp_path / "data", 120)
    uit = tmp_path / "uit"
    argv = [sys.executable, "-m", "xl_opgave.cli", "fill", str(data), "--template", "nplv", "--gebieden", str(lijst),
            "--out", str(uit), "--force"]
    eerste = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        grens = time.monotonic() + 120
        while time.monotonic() < grens and eerste.poll() is None and len(list(uit.glob("*.xlsx"))) < 3:
            time.sleep(0.01)
        assert eerste.poll() is None, "de eerste run was al klaar"
        tweede = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    finally:
        eerste.wait(timeout=300)
    assert eerste.returncode == 0, eerste.stderr.read() if eerste.stderr else ""
    assert tweede.returncode == 2 and "andere xl-opgave-run" in tweede.stderr, tweede.stderr
    assert len(list(uit.glob("*.xlsx"))) == 121


def test_uitvoer_op_een_invoer_geweigerd(tmp_path, capsys):
    uit = tmp_path / "uit"
    uit.mkdir()
    data = uit / "totaal.xlsx"  # the data file sits where the run would write totaal.xlsx
    data.write_bytes(NPLV_XLSX.read_bytes())
    assert main(["fill", str(data), "--template", "nplv", "--out", str(uit), "--force"]) == 2
    assert "is een van de invoerbestanden" in capsys.readouterr().err
    assert data.read_bytes() == NPLV_XLSX.read_bytes() and sorted(p.name for p in uit.iterdir()) == ["totaal.xlsx"]
    werkboek = tmp_path / "werkboek.xlsx"
    werkboek.write_bytes((WORKBOOKS / "nplv.xlsx").read_bytes())
    kopie = tmp_path / "data.xlsx"
    kopie.write_bytes(NPLV_XLSX.read_bytes())
    assert main(["fill", str(kopie), "--into", str(werkboek), "--gebied", "Delft West", "--out", str(kopie),
                 "--force"]) == 2
    assert "is een van de invoerbestanden" in capsys.readouterr().err
    assert kopie.read_bytes() == NPLV_XLSX.read_bytes()


def test_loze_snelkoppeling_en_te_lange_naam_voor_het_eerste_bestand(tmp_path, capsys):
    uit = tmp_path / "uit"
    uit.mkdir()
    (uit / "totaal.xlsx").symlink_to(tmp_path / "bestaat_niet.xlsx")
    assert main(["fill", str(NPLV_XLSX), "--template", "nplv", "--out", str(uit)]) == 2
    assert "totaal.xlsx" in capsys.readouterr().err
    assert sorted(p.name for p in uit.iterdir()) == ["totaal.xlsx"]  # not one gebied workbook written
    with pytest.raises(InvoerFout, match="bestandsnaam te lang"):
        eis_geldige_naam(tmp_path / ("é" * 200 + ".xlsx"))
    # A gebied name short in characters but long in bytes gets a file name the file system accepts.
    lijst = tmp_path / "lang.csv"
    naam = "𝔊" * 70
    lijst.write_text(f"gebied\n{naam}\n", encoding="utf-8")
    data = tmp_path / "data"
    bron, _ = synthetisch(tmp_path / "bron", 1)
    data.mkdir()
    for bestand in ("opgave.csv", "dekking.csv"):
        (data / bestand).write_text((bron / bestand).read_text(encoding="utf-8").replace("Gebied 0001", naam),
                                    encoding="utf-8")
    assert main(["fill", str(data), "--template", "nplv", "--gebieden", str(lijst), "--out", str(tmp_path / "u2")]) == 0
    (bestand,) = [p for p in (tmp_path / "u2").glob("*.xlsx") if p.name != "totaal.xlsx"]
    assert len(bestand.name.encode()) <= 255


def test_processen_begrensd(tmp_path, capsys):
    kernen = os.cpu_count() or 1
    assert aantal_werkers(64) == kernen and aantal_werkers(64, taken=1) == 1 and aantal_werkers(None, 5) <= 5
    data, lijst = synthetisch(tmp_path / "data", 1)
    assert main(["fill", str(data), "--template", "nplv", "--gebieden", str(lijst), "--out", str(tmp_path / "u"),
                 "--processen", "64"]) == 0
    assert "1 proces)" in capsys.readouterr().out
    with pytest.raises(SystemExit) as uitgang:
        main(["fill", str(data), "--template", "nplv", "--out", str(tmp_path / "v"), "--processen", "0"])
    assert uitgang.value.code == 2 and "--processen: minstens 1" in capsys.readouterr().err


def test_ontlede_unicode_gebiedsnaam_wordt_herkend(tmp_path):
    kop = "gebied;periode;doelstelling;deelopgave;categorie;laag_mln;hoog_mln;variant\n"
    regels = "".join(f"Zuidoost-Frysla\u0302n;{p};{d};{o};{c};1;2;{v}\n" for p, d, o, c, v in (
        (post.periode, post.pijler, post.onderdeel, post.categorie, post.variant)
        for post in laad("npvr").programma.opgaven))
    (tmp_path / "opgave.csv").write_text(kop + regels, encoding="utf-8")
    gegevens = lees_databestand(tmp_path, "npvr")
    assert list(gegevens.gebieden) == ["Zuidoost-Fryslân"]


def _overzicht(aantal: int) -> Overzicht:
    namen = [n for n in laad("nplv").resultaat_namen if n.naam in ("Restopgave_Totaal_Tot2030", "Opgave_Totaal_Tot2030")]
    gebieden = [f"G{i:05d}" for i in range(aantal)]
    return Overzicht(namen, gebieden, {g: f"{g}.xlsx" for g in gebieden},
                     {g: {n.naam: 1.0 for n in namen} for g in gebieden}, {}, {g: 1 for g in gebieden},
                     {n.naam: float(aantal) for n in namen}, {}, 1)


def test_meer_gebieden_dan_excel_kolommen_heeft_gaan_niet_verloren():
    """Past 16.379 gebieden the old Per gebied sheet (gebieden in columns) lost the rest."""
    import io

    from xl_opgave.werkboek.sjabloon import werkboek_bytes

    aantal = 16_500
    ref = laad("nplv")
    herkomst = Herkomst("NPLV", "data.xlsx", [("data.xlsx", "0" * 64)], "lijst", ())
    data = werkboek_bytes(ref.programma, ref.resultaat_namen, na_opbouw=bladen(_overzicht(aantal), herkomst))
    wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    ws = wb[BLAD_PER_GEBIED]
    namen = [r[0] for r in ws.iter_rows(min_row=9, max_col=1, values_only=True)]
    assert namen[0] == "G00000" and namen[-1] == f"G{aantal - 1:05d}" and len(namen) == aantal
    som = next(r for r in ws.iter_rows(min_row=6, max_row=6, values_only=True))
    assert som[0] == "Som van de gebieden"
    assert wb.sheetnames[:2] == [BLAD_OVERZICHT, BLAD_PER_GEBIED]


def test_te_veel_gebieden_voor_een_werkblad_geweigerd():
    herkomst = Herkomst("NPLV", "data.xlsx", [], "lijst", ())
    with pytest.raises(InvoerFout, match="passen niet in één werkblad"):
        bladen(_overzicht(1_048_570), herkomst)
