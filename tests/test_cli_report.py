import json

import pytest

from xl_opgave.cli import main


def test_report_json_nplv(capsys):
    assert main(["report", "nplv", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["resultaten"]["Restopgave_Totaal_Tot2030"] == pytest.approx(2935)
    assert data["resultaten"]["RijksRestopgave_Fysiek_Van2030"] == pytest.approx(1096.25)
    assert "Restopgave_Fysiek_Tot2030" in data["pm"]
    tabellen = {a["tabel"] for a in data["afwijkingen"]}
    assert {"Tabel 5", "Tabel 6", "Tabel 11", "Tabel 13"} <= tabellen
    assert data["samenvatting"]["fout"] == sum(1 for a in data["afwijkingen"] if a["soort"] == "fout") == 9
    wbi = data["scenarios"]["wbi_nieuwbouw"]
    assert wbi["verschil"]["RijksRestopgave_Fysiek_Van2030"] == pytest.approx(-43)
    fundering = data["scenarios"]["funderingsherstel"]["horizon"]["horizon.totaal.opgave_incl_aanvullend"]
    assert fundering[1] - fundering[0] == pytest.approx(500)


def test_report_json_npvr(capsys):
    assert main(["report", "npvr", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["resultaten"]["Investeringsopgave_Hoog"] == pytest.approx(11800)
    assert len(data["pm"]["Exploitatielasten_Totaal"]) == 2
    assert any(a["id"] == "kop35" and a["soort"] == "fout" for a in data["afwijkingen"])


def test_report_tekst_in_rapportvorm(capsys):
    assert main(["report", "nplv"]) == 0
    tekst = capsys.readouterr().out
    assert "Tabel 16" in tekst and "€2,94 mld." in tekst and "2.375" in tekst
    assert "(rapport: 2.340)" in tekst
    assert "Samenvatting:" in tekst


def test_onbekend_programma_is_gebruiksfout(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["report", "xyz"])
    assert exit_.value.code == 2
