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
