"""Completeness of a gebied's data is checked, not assumed (issue 8, item 1).

A data file without the 2030–2035 rows of a gebied used to give a workbook whose 2030–2035 opgave is all
zeros and "controles: in orde". Now a gap is an error naming the file, the gebied and what is missing;
with `--ontbrekend nul` every gap is taken as zero and listed in the summary, on the workbook's Controles
sheet (a check that fails, which `check` reports) and in totaal.xlsx. The property test: for a data file
with random rows removed, fill refuses naming every removed combination, or lists every one of them.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xl_opgave.cli import main
from xl_opgave.referentie import laad
from xl_opgave.vullen.databestand import DatabestandFout, lees_databestand, omschrijf_opgave
from xl_opgave.vullen.voorbeeld import synthetisch
from xl_opgave.vullen.vul import BLAD_OVERZICHT, BLAD_PER_GEBIED, vul_map
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.controle import controleer

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"
NPLV_CSV = WORKBOOKS / "voorbeeld_nplv_csv"


def _zonder_rijen(bron: Path, doel: Path, weg: set[int], bestand: str = "opgave.csv") -> list[dict[str, str]]:
    """Copy a CSV data folder without the data rows `weg` (0-based) of `bestand`; the removed rows."""
    doel.mkdir(parents=True, exist_ok=True)
    for pad in bron.iterdir():
        if pad.suffix == ".csv" and pad.name != bestand:
            (doel / pad.name).write_bytes(pad.read_bytes())
    tekst = (bron / bestand).read_text(encoding="utf-8-sig")
    regels = tekst.splitlines(keepends=True)
    kop = next(csv.reader([regels[0]], delimiter=";"))
    weggehaald = [dict(zip(kop, next(csv.reader([regels[1 + i]], delimiter=";")), strict=False)) for i in sorted(weg)]
    (doel / bestand).write_text(regels[0] + "".join(r for i, r in enumerate(regels[1:]) if i not in weg),
                                encoding="utf-8")
    return weggehaald


def _omschrijving(rij: dict[str, str]) -> str:
    definitie = laad("nplv").programma
    onderdeel = definitie.onderdeel(rij["onderdeel"])
    return omschrijf_opgave(definitie, (rij["periode"], onderdeel.pijler, onderdeel.code, "opgave", ""))


def test_ontbrekende_periode_is_een_fout_met_gebied_en_wat(tmp_path, capsys):
    """The issue's case: no 2030–2035 rows for Rotterdam-Zuid."""
    regels = (NPLV_CSV / "opgave.csv").read_text(encoding="utf-8-sig").splitlines()
    weg = {i - 1 for i, r in enumerate(regels) if r.startswith("Rotterdam-Zuid;2030-2035;")}
    assert len(weg) == 10
    data = tmp_path / "data"
    _zonder_rijen(NPLV_CSV, data, weg)
    uit = tmp_path / "uit"
    assert main(["fill", str(data), "--template", "nplv", "--out", str(uit)]) == 2
    fout = capsys.readouterr().err
    assert fout.count("gebied 'Rotterdam-Zuid' heeft geen opgave-rij voor 2030 t/m 2035: ") == 10, fout
    assert "opgave.csv" in fout and "er is niets geschreven" in fout
    assert "in orde" not in fout and not uit.exists()


def test_ontbrekend_nul_meldt_elk_gat_overal(tmp_path, capsys):
    regels = (NPLV_CSV / "opgave.csv").read_text(encoding="utf-8-sig").splitlines()
    weg = {i - 1 for i, r in enumerate(regels) if r.startswith("Rotterdam-Zuid;2030-2035;")}
    data = tmp_path / "data"
    _zonder_rijen(NPLV_CSV, data, weg)
    uit = tmp_path / "uit"
    assert main(["fill", str(data), "--template", "nplv", "--out", str(uit), "--ontbrekend", "nul"]) == 1
    tekst = capsys.readouterr().out
    assert "10 ontbrekende posten als 0 ingevuld (--ontbrekend nul) in 1 gebied(en)" in tekst
    assert "Rotterdam-Zuid: 2030 t/m 2035: Nieuwbouw (fysiek)" in tekst
    assert "controles: in orde in elk werkboek" not in tekst
    # The workbook: the gaps on Invoer, a failing check on Controles, the master check not 'in orde'.
    bevindingen = controleer(uit / "Rotterdam-Zuid.xlsx")
    faalt = [b.melding for b in bevindingen if b.soort == "controle_faalt"]
    assert len(faalt) == 2 and nm.ONTBREKEND in faalt[0] and "Hoofdcontrole" in faalt[1], bevindingen
    assert not [b for b in bevindingen if b.soort == "waarde_wijkt_af"]
    wb = openpyxl.load_workbook(uit / "Rotterdam-Zuid.xlsx", data_only=True)
    (blad, cel), = wb.defined_names[nm.ONTBREKEND].destinations
    assert "2030 t/m 2035: Nieuwbouw (fysiek)" in wb[blad][cel.replace("$", "")].value
    (blad, cel), = wb.defined_names[nm.CONTROLE_TOTAAL].destinations
    assert wb[blad][cel.replace("$", "")].value == 0
    assert wb[nm.BLAD_INVOER]["B2"].value.startswith("FOUT")
    # `check` reports it and exits 1 (findings).
    assert main(["check", str(uit / "Rotterdam-Zuid.xlsx")]) == 1
    assert nm.ONTBREKEND in capsys.readouterr().out
    # totaal.xlsx: on the first sheet, per gebied, and its own check fails too.
    totaal = openpyxl.load_workbook(uit / "totaal.xlsx", data_only=True)
    overzicht = [[c for c in r if c is not None] for r in totaal[BLAD_OVERZICHT].iter_rows(values_only=True)]
    assert ["Als 0 ingevuld", next(r[1] for r in overzicht if r and r[0] == "Als 0 ingevuld")] in overzicht
    assert any(r[:1] == ["Rotterdam-Zuid"] and 10 in r for r in overzicht), overzicht
    per_gebied = {r[0]: r for r in totaal[BLAD_PER_GEBIED].iter_rows(min_row=5, values_only=True)}
    assert "2030 t/m 2035: Onderwijs (sociaal)" in per_gebied["Rotterdam-Zuid"][-1]
    assert per_gebied["Rotterdam-Zuid"][1] == 0  # its master check
    (blad, cel), = totaal.defined_names[nm.CONTROLE_TOTAAL].destinations
    assert totaal[blad][cel.replace("$", "")].value == 0


def test_lege_bedragcel_is_een_fout_streep_is_nul(tmp_path):
    data = tmp_path / "data"
    _zonder_rijen(NPLV_CSV, data, set())
    tekst = (data / "opgave.csv").read_text(encoding="utf-8")
    regels = tekst.splitlines(keepends=True)
    leeg = regels[1].split(";")
    leeg[4] = ""
    streep = regels[2].split(";")
    streep[4] = "-"
    (data / "opgave.csv").write_text(regels[0] + ";".join(leeg) + ";".join(streep) + "".join(regels[3:]),
                                     encoding="utf-8")
    with pytest.raises(DatabestandFout) as fout:
        lees_databestand(data, "nplv")
    (probleem,) = fout.value.problemen
    assert (probleem.rij, probleem.kolom) == (2, "opgave_mln") and "bedrag ontbreekt" in probleem.melding
    leeg[4] = "0"
    (data / "opgave.csv").write_text(regels[0] + ";".join(leeg) + ";".join(streep) + "".join(regels[3:]),
                                     encoding="utf-8")
    gegevens = lees_databestand(data, "nplv")
    assert gegevens.nul_ingevuld == {}


def test_gebied_op_de_lijst_zonder_rijen_is_informatie(tmp_path, capsys):
    data, lijst = synthetisch(tmp_path / "data", 3)
    lijst.write_text(lijst.read_text(encoding="utf-8") + "Gebied Zonder Data\n", encoding="utf-8")
    assert main(["fill", str(data), "--template", "nplv", "--gebieden", str(lijst), "--out",
                 str(tmp_path / "uit")]) == 0
    tekst = capsys.readouterr().out
    assert "ter informatie: geen gegevens (geen werkboek, niet opgeteld) voor 1 gebied(en) van de lijst: " \
           "Gebied Zonder Data" in tekst
    overzicht = openpyxl.load_workbook(tmp_path / "uit" / "totaal.xlsx", data_only=True)[BLAD_OVERZICHT]
    tekst_blad = " ".join(str(c) for r in overzicht.iter_rows(values_only=True) for c in r if c)
    assert "Gebied Zonder Data (op de lijst, geen rijen in het databestand)" in tekst_blad


@pytest.fixture(scope="module")
def synthetische_bron(tmp_path_factory):
    map_ = tmp_path_factory.mktemp("bron")
    data, lijst = synthetisch(map_ / "data", 2)
    rijen = (data / "opgave.csv").read_text(encoding="utf-8").splitlines()[1:]
    return data, lijst, len(rijen)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), ontbrekend=st.sampled_from([None, "nul"]))
def test_eigenschap_elk_weggehaald_gat_genoemd_nooit_in_orde_met_een_gat(synthetische_bron, data, ontbrekend):
    """Random rows removed: fill refuses naming every removed combination, or (with --ontbrekend nul)
    lists every one of them; never "in orde" with a gap."""
    bron, lijst, aantal = synthetische_bron
    weg = data.draw(st.sets(st.integers(0, aantal - 1), max_size=aantal), label="weggehaalde rijen")
    with tempfile.TemporaryDirectory() as tmp:
        map_ = Path(tmp)
        weggehaald = _zonder_rijen(bron, map_ / "data", weg)
        verwacht: dict[str, set[str]] = {}
        for rij in weggehaald:
            verwacht.setdefault(rij["gebied"], set()).add(_omschrijving(rij))
        try:
            samenvatting = vul_map(map_ / "data", "nplv", map_ / "uit", gebieden=lijst, werkers=1, voortgang=False,
                                   ontbrekend=ontbrekend)
        except DatabestandFout as fout:
            assert ontbrekend is None and verwacht, fout.volledig()
            genoemd: dict[str, set[str]] = {}
            for p in fout.problemen:
                if "heeft geen opgave-rij voor " in p.melding:
                    gebied = p.melding.split("'")[1]
                    genoemd.setdefault(gebied, set()).add(p.melding.split("heeft geen opgave-rij voor ")[1])
            assert genoemd == verwacht
            assert not (map_ / "uit").exists()
            return
        assert {g: set(v) for g, v in samenvatting.nul_ingevuld.items()} == verwacht
        tekst = samenvatting.tekst()
        for gebied, gaten in verwacht.items():
            assert all(gat in tekst for gat in gaten)
            assert gebied in samenvatting.controles_fout  # its workbook's master check fails
        assert samenvatting.met_waarschuwingen == bool(verwacht)
        assert ("controles: in orde in elk werkboek" in tekst) == (not verwacht)
        if verwacht:
            wb = openpyxl.load_workbook(io.BytesIO((map_ / "uit" / "totaal.xlsx").read_bytes()), data_only=True)
            (blad, cel), = wb.defined_names[nm.CONTROLE_TOTAAL].destinations
            assert wb[blad][cel.replace("$", "")].value == 0
