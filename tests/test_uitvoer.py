"""Output on any console, and one exit status per outcome (issue 8, item 3)."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from xl_opgave import uitvoer
from xl_opgave.cli import main


def _draai(*argv: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    omgeving = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8", "LC_ALL", "LANG")}
    omgeving.update(env)
    return subprocess.run([sys.executable, "-m", "xl_opgave.cli", *argv], capture_output=True, env=omgeving,
                          timeout=300)


@pytest.mark.parametrize("omgeving", [
    {"PYTHONIOENCODING": "cp1252"},
    {"PYTHONIOENCODING": "ascii"},
    {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
], ids=["cp1252", "ascii", "C-locale"])
def test_report_op_een_console_zonder_utf8(omgeving):
    uit = _draai("report", "nplv", **omgeving)
    assert uit.returncode == 0, uit.stderr.decode("latin-1")
    tekst = uit.stdout.decode("cp1252" if "cp1252" in omgeving.values() else "ascii")
    assert "!!" in tekst  # ‼ (fout) became its plain substitute
    assert "Traceback" not in uit.stderr.decode("latin-1")


def test_vervanging_per_teken():
    assert uitvoer.past_in("‼ ≥ → € é ≈ – …", "ascii") == "!! >= -> EUR e ~ - ..."
    assert uitvoer.past_in("€ é ‼", "cp1252") == "€ é !!"  # what cp1252 has stays
    assert uitvoer.past_in("日本", "ascii") == "??"


def test_stuurtekens_zichtbaar():
    assert uitvoer.zichtbaar("Delft\x1b[31mWest\u202e") == "Delft\\x1b[31mWest\\u202e"
    assert uitvoer.zichtbaar("regel\tmet\ttab\n") == "regel\tmet\ttab\n"
    stroom = io.StringIO()
    veilig = uitvoer.VeiligeStroom(stroom)
    veilig.write("gebied \x07\x1b]0;titel\x07 klaar\n")
    assert "\x1b" not in stroom.getvalue() and "\x07" not in stroom.getvalue()


def test_interne_fout_geeft_3_en_een_regel(monkeypatch, capsys):
    from xl_opgave.commando import report

    def kapot(args):
        raise ZeroDivisionError("kapot")

    monkeypatch.setattr(report, "voer_uit", kapot)
    assert main(["report", "nplv"]) == uitvoer.INTERNE_FOUT
    fout = capsys.readouterr().err
    assert fout.count("\n") == 1 and "interne fout (ZeroDivisionError)" in fout and "--debug" in fout
    assert main(["report", "nplv", "--debug"]) == uitvoer.INTERNE_FOUT
    assert "Traceback" in capsys.readouterr().err


def test_gesloten_pijp_eindigt_stil_met_0():
    # `xl-opgave report nplv | head -1`: the reader stops early.
    proces = subprocess.Popen([sys.executable, "-m", "xl_opgave.cli", "report", "nplv"], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    assert proces.stdout is not None
    proces.stdout.readline()
    proces.stdout.close()
    _, fout = proces.communicate(timeout=300)
    assert proces.returncode == 0, fout
    assert b"Broken pipe" not in fout and b"Traceback" not in fout


def test_systeemfout_in_het_nederlands(tmp_path, monkeypatch, capsys):
    import errno
    import tempfile

    def vol(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "x.xlsx"))

    monkeypatch.setattr(tempfile, "mkstemp", vol)
    assert main(["template", "nplv", "--out", str(tmp_path / "x.xlsx")]) == uitvoer.GEWEIGERD
    fout = capsys.readouterr().err
    assert "schijf vol" in fout and "No space" not in fout
    assert not (tmp_path / "x.xlsx").exists()


# -- every command on any console (issue 8, item 3) ----------------------------------------------------

WORKBOOKS = __import__("pathlib").Path(__file__).resolve().parents[1] / "workbooks"
CONSOLES = [
    {"PYTHONIOENCODING": "cp1252"},
    {"PYTHONIOENCODING": "ascii"},
    {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
]
CONSOLE_IDS = ["cp1252", "ascii", "C-locale"]


def _werkboek_met_negatief_bedrag(tmp_path):
    import shutil

    from sjabloon_hulp import cel_van, zet_getal

    pad = tmp_path / "negatief.xlsx"
    shutil.copy(WORKBOOKS / "nplv.xlsx", pad)
    zet_getal(pad, *cel_van(pad, "In_Opgave_Tot2030_onderwijs"), -5)
    return pad


@pytest.mark.parametrize("omgeving", CONSOLES, ids=CONSOLE_IDS)
def test_check_op_een_console_zonder_utf8(tmp_path, omgeving):
    pad = _werkboek_met_negatief_bedrag(tmp_path)
    uit = _draai("check", str(pad), **omgeving)
    assert uit.returncode == 1, uit.stderr.decode("latin-1")  # findings, not a crash
    tekst = uit.stdout.decode("cp1252" if "cp1252" in omgeving.values() else "ascii")
    assert "Bedragen zijn >= 0" in tekst  # '≥' became its plain substitute
    assert "Traceback" not in uit.stderr.decode("latin-1")


@pytest.mark.parametrize("omgeving", CONSOLES, ids=CONSOLE_IDS)
def test_fill_dry_run_op_een_console_zonder_utf8(omgeving):
    uit = _draai("fill", str(WORKBOOKS / "voorbeeld_nplv_gebieden.xlsx"), "--into", str(WORKBOOKS / "nplv.xlsx"),
                 "--gebied", "Zuidoost-Fryslân" if False else "Rotterdam-Zuid", "--dry-run", **omgeving)
    assert uit.returncode == 0, uit.stderr.decode("latin-1")
    tekst = uit.stdout.decode("cp1252" if "cp1252" in omgeving.values() else "ascii")
    assert "'Nederland' -> 'Rotterdam-Zuid'" in tekst  # '→' became '->'
    assert "Traceback" not in uit.stderr.decode("latin-1")


@pytest.mark.parametrize("omgeving", CONSOLES, ids=CONSOLE_IDS)
def test_fill_met_accenten_op_een_console_zonder_utf8(tmp_path, omgeving):
    uit = _draai("fill", str(WORKBOOKS / "voorbeeld_npvr_regios.xlsx"), "--template", "npvr", "--out",
                 str(tmp_path / "uit"), "--processen", "1", **omgeving)
    assert "Traceback" not in uit.stderr.decode("latin-1")
    if "LC_ALL" in omgeving:
        # File names are ASCII-only here: 'Zuidoost-Fryslân.xlsx' cannot be created; refused before writing.
        assert uit.returncode == 2, uit.stderr
        assert b"kan op dit systeem geen bestandsnaam zijn" in uit.stderr and not (tmp_path / "uit").exists()
    else:
        assert uit.returncode == 0, uit.stderr.decode("latin-1")
        assert (tmp_path / "uit" / "Zuidoost-Fryslân.xlsx").is_file()


def test_gesloten_pijp_bij_fill_dry_run():
    # `xl-opgave fill … --dry-run | head -1`: the reader stops early.
    proces = subprocess.Popen([sys.executable, "-m", "xl_opgave.cli", "fill",
                               str(WORKBOOKS / "voorbeeld_nplv_gebieden.xlsx"), "--into", str(WORKBOOKS / "nplv.xlsx"),
                               "--gebied", "Rotterdam-Zuid", "--dry-run"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proces.stdout is not None
    proces.stdout.readline()
    proces.stdout.close()
    _, fout = proces.communicate(timeout=300)
    assert proces.returncode == 0, fout
    assert b"Broken pipe" not in fout and b"Traceback" not in fout


def test_exitstatussen_per_uitkomst(tmp_path, capsys):
    data = WORKBOOKS / "voorbeeld_nplv_gebieden.xlsx"
    assert main(["check", str(WORKBOOKS / "nplv.xlsx")]) == uitvoer.IN_ORDE
    assert main(["check", str(data)]) == uitvoer.GEWEIGERD  # a data file is no template: refused
    assert "geen xl_opgave-sjabloon" in capsys.readouterr().err
    kapot = tmp_path / "data"
    kapot.mkdir()
    (kapot / "opgave.csv").write_text("gebied;periode;pijler;onderdeel;opgave_mln\nX;tot2030;fysiek;nieuwbouw;1\n",
                                      encoding="utf-8")
    (kapot / "dekking.csv").write_text("gebied;periode;pijler;onderdeel;bron;cofinanciering_mln;"
                                       "rijksfinanciering_mln\n", encoding="utf-8")
    assert main(["fill", str(kapot), "--template", "nplv", "--out", str(tmp_path / "uit")]) == uitvoer.GEWEIGERD


def test_geen_engelse_systeemtekst_in_invoerfouten(tmp_path, monkeypatch, capsys):
    import errno

    from xl_opgave.vullen import databestand

    data = tmp_path / "data"
    data.mkdir()
    for naam in ("opgave.csv", "dekking.csv"):
        (data / naam).write_text("gebied\n", encoding="utf-8")

    def kapot(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error", str(data / "opgave.csv"))

    monkeypatch.setattr(databestand, "open", kapot, raising=False)
    assert main(["fill", str(data), "--template", "nplv", "--out", str(tmp_path / "uit")]) == uitvoer.GEWEIGERD
    fout = capsys.readouterr().err
    assert "invoer-/uitvoerfout" in fout and "Input/output" not in fout
    assert uitvoer.systeemtekst(OSError(errno.EEXIST, "File exists")) == "bestaat al"
    assert uitvoer.systeemtekst(OSError(errno.ENOSPC, "No space left on device")) == "schijf vol"
    assert uitvoer.systeemtekst(OSError(errno.ENOLINK, "Link has been severed")) == "systeemfout ENOLINK"


def test_stuurtekens_uit_de_data_komen_niet_op_de_terminal(tmp_path):
    lijst = tmp_path / "lijst.csv"
    lijst.write_text("gebied\nDelft West\n\x1b[31mRotterdam\x07\n", encoding="utf-8")
    data = tmp_path / "data"
    data.mkdir()
    (data / "opgave.csv").write_text("gebied;periode;pijler;onderdeel;opgave_mln\n\x1b[31mDelft;tot2030;fysiek;"
                                     "nieuwbouw;1\n", encoding="utf-8")
    (data / "dekking.csv").write_text("gebied;periode;pijler;onderdeel;bron;cofinanciering_mln;"
                                      "rijksfinanciering_mln\n", encoding="utf-8")
    for argv in (["fill", str(data), "--template", "nplv", "--gebieden", str(lijst), "--out", str(tmp_path / "u")],
                 ["fill", str(data), "--template", "nplv", "--out", str(tmp_path / "u")]):
        uit = _draai(*argv)
        assert uit.returncode == 2
        assert b"\x1b" not in uit.stderr and b"\x07" not in uit.stderr and b"\x1b" not in uit.stdout
    met_lijst = _draai("fill", str(data), "--template", "nplv", "--gebieden", str(lijst), "--out", str(tmp_path / "u"))
    assert b"rij 3, kolom gebied: de naam bevat een stuurteken (U+001B, U+0007)" in met_lijst.stderr
