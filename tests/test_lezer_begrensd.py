"""The one reader does bounded work on untrusted workbooks (issue 8, adversarial findings: security).

`check` and `fill --into` used to work in proportion to a sheet's extent or to what a name covers (one
cell at XFD1048576, or a template name redefined to cover a whole sheet, cost minutes and gigabytes),
parsed every part with openpyxl (an 88 MB styles.xml, 200.000 defined names), and let a DTD in
workbook.xml or its .rels, or truncated XML, end in a traceback. These tests run the commands in a
process of their own with a time limit, so the old behaviour fails them by running out of time.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from xl_opgave.werkboek.lezer import lees_invoer_cellen, open_werkboek
from xl_opgave.werkboek.veilig import Grenzen, OnleesbaarBestand

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"
DATA = WORKBOOKS / "voorbeeld_nplv_gebieden.xlsx"
TIJDSLIMIET = 90  # seconds for a command that should take one or two


def _draai(*argv: str) -> subprocess.CompletedProcess[str]:
    omgeving = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-m", "xl_opgave.cli", *argv], capture_output=True, text=True,
                          env=omgeving, timeout=TIJDSLIMIET)


def _pas_aan(pad: Path, aanpassing) -> Path:  # noqa: ANN001
    """A copy of the NPLV template with `aanpassing(naam, bytes) -> bytes | None` applied to each part."""
    bron = WORKBOOKS / "nplv.xlsx"
    uit = io.BytesIO()
    with zipfile.ZipFile(bron) as z, zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as doel:
        for info in z.infolist():
            data = aanpassing(info.filename, z.read(info.filename))
            if data is not None:
                doel.writestr(info.filename, data)
    pad.write_bytes(uit.getvalue())
    return pad


def _invoer_deel() -> str:
    return "xl/worksheets/sheet2.xml"


def test_een_cel_ver_weg_kost_niets(tmp_path):
    def verre_cel(naam: str, data: bytes) -> bytes:
        if naam in (_invoer_deel(), "xl/worksheets/sheet3.xml"):
            data = data.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>7</v></c></row></sheetData>')
            data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', data)
        return data

    pad = _pas_aan(tmp_path / "ver.xlsx", verre_cel)
    uit = _draai("check", str(pad))
    assert uit.returncode == 0, uit.stderr + uit.stdout
    assert "in orde" in uit.stdout
    dry = _draai("fill", str(DATA), "--into", str(pad), "--gebied", "Delft West", "--dry-run")
    assert dry.returncode == 0, dry.stderr


def test_naam_over_een_heel_blad_wordt_geweigerd(tmp_path):
    def heel_blad(naam: str, data: bytes) -> bytes:
        if naam == "xl/workbook.xml":
            data = re.sub(rb'(<definedName name="In_Opgave_Tot2030_nieuwbouw">)[^<]*',
                          rb"\1Invoer!$A$1:$XFD$1048576", data)
        return data

    pad = _pas_aan(tmp_path / "heel.xlsx", heel_blad)
    uit = _draai("check", str(pad))
    assert uit.returncode == 1, uit.stderr
    assert "gedefinieerde naam In_Opgave_Tot2030_nieuwbouw verwijst naar Invoer!$A$1:$XFD$1048576: " \
           "17.179.869.184 cellen, het sjabloon geeft haar er 1" in uit.stdout
    vul = _draai("fill", str(DATA), "--into", str(pad), "--gebied", "Delft West", "--out", str(tmp_path / "x.xlsx"))
    assert vul.returncode == 2 and vul.stderr.count("\n") == 1, vul.stderr
    assert "17.179.869.184 cellen" in vul.stderr and not (tmp_path / "x.xlsx").exists()


def test_te_veel_gedefinieerde_namen(tmp_path):
    extra = b"".join(b'<definedName name="Extra%d">Invoer!$A$1</definedName>' % i for i in range(200_000))

    def veel_namen(naam: str, data: bytes) -> bytes:
        return data.replace(b"<definedNames>", b"<definedNames>" + extra) if naam == "xl/workbook.xml" else data

    pad = _pas_aan(tmp_path / "namen.xlsx", veel_namen)
    uit = _draai("check", str(pad))
    assert uit.returncode == 2 and "te veel gedefinieerde namen (meer dan 10.000)" in uit.stderr, uit.stderr
    assert uit.stderr.count("\n") == 1


def test_stijlen_worden_niet_gelezen(tmp_path):
    """styles.xml is never parsed: a huge or broken one neither costs time nor makes the file unreadable."""
    pad = _pas_aan(tmp_path / "stijl.xlsx",
                   lambda naam, data: b"<styleSheet>" + b"<x/>" * 10 if naam == "xl/styles.xml" else data)
    uit = _draai("check", str(pad))
    assert uit.returncode == 0 and "in orde" in uit.stdout, uit.stderr


def test_een_te_groot_blad_wordt_met_een_regel_geweigerd(tmp_path):
    # A sheet part larger than the limit for one part we parse (here lowered, to keep the file small).
    def groot(naam: str, data: bytes) -> bytes:
        if naam == _invoer_deel():
            rijen = b"".join(b'<row r="%d"><c r="Z%d"><v>%d</v></c></row>' % (r, r, r * 7919 % 10007)
                             for r in range(2000, 60000))
            data = data.replace(b"</sheetData>", rijen + b"</sheetData>")
        return data

    pad = _pas_aan(tmp_path / "groot.xlsx", groot)
    with pytest.raises(OnleesbaarBestand, match=r"het onderdeel xl/worksheets/sheet2\.xml is te groot om te lezen"):
        open_werkboek(pad, grenzen=Grenzen(max_xml=1024 * 1024))
    open_werkboek(pad)  # within the normal limit: read, only the template's cells


def test_tijdslimiet_wordt_genoemd(tmp_path):
    with pytest.raises(OnleesbaarBestand, match=r"kon niet binnen 0 s gelezen worden"):
        open_werkboek(WORKBOOKS / "nplv.xlsx", grenzen=Grenzen(seconden=0.0))


DTD = b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'


def _met_dtd(doel: str):
    def aanpassing(naam: str, data: bytes) -> bytes:
        if naam == doel:
            kop = data.index(b"?>") + 2 if data.startswith(b"<?xml") else 0
            data = data[:kop] + DTD + data[kop:]
        return data

    return aanpassing


@pytest.mark.parametrize("deel", ["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "_rels/.rels",
                                  "xl/worksheets/sheet2.xml", "xl/sharedStrings.xml"])
def test_dtd_in_elk_onderdeel_een_regel_voor_elk_commando(tmp_path, deel):
    pad = _pas_aan(tmp_path / "dtd.xlsx", _met_dtd(deel))
    for argv in (["check", str(pad)],
                 ["fill", str(DATA), "--into", str(pad), "--gebied", "Delft West", "--out", str(tmp_path / "x.xlsx")]):
        uit = _draai(*argv)
        assert uit.returncode == 2, (argv, uit.stderr)
        assert uit.stderr.count("\n") == 1 and "DTD" in uit.stderr and "Traceback" not in uit.stderr, uit.stderr
    assert not (tmp_path / "x.xlsx").exists()


@pytest.mark.parametrize("deel", ["xl/workbook.xml", "xl/worksheets/sheet2.xml"])
def test_afgebroken_xml_een_regel(tmp_path, deel):
    pad = _pas_aan(tmp_path / "half.xlsx", lambda naam, data: data[: len(data) // 2] if naam == deel else data)
    for argv in (["check", str(pad)], ["fill", str(DATA), "--into", str(pad), "--gebied", "Delft West", "--dry-run"]):
        uit = _draai(*argv)
        assert uit.returncode == 2, (argv, uit.stderr)
        assert uit.stderr.count("\n") == 1 and "Traceback" not in uit.stderr, uit.stderr
        assert "afgebroken" in uit.stderr or "geen geldige XML" in uit.stderr, uit.stderr


def test_kleine_api_voor_veel_werkboeken():
    import openpyxl

    invoer = lees_invoer_cellen(WORKBOOKS / "nplv.xlsx")
    namen = openpyxl.load_workbook(WORKBOOKS / "nplv.xlsx").defined_names
    (blad, cel), = namen["In_Opgave_Tot2030_herstructurering_corporatie"].destinations
    assert invoer["In_Opgave_Tot2030_herstructurering_corporatie"] == [(f"{blad}!{cel.replace('$', '')}", 1735)]
    (blad, cel), = namen["In_Gebied"].destinations
    assert invoer["In_Gebied"] == [(f"{blad}!{cel.replace('$', '')}", "Nederland")]
    assert len(invoer["In_Dekking_Tot2030_Bron"]) == 30
