"""Every workbook we write is checked before it replaces anything; XML is patched as XML (issue 8, data loss).

- A `bron` holding U+FFFE (which XML 1.0 forbids) was accepted and gave a workbook our own `check` could
  not read, and `fill --into WB --force` replaced a good workbook with it: now refused with its cell,
  and written as Excel's escape where it can still come from.
- An input cell with a well-formed attribute value holding '>' made `--into` write malformed XML.
- The general safeguard: whatever the cause, a workbook whose XML is not well-formed or whose input
  cells do not read back is never written, and the file it would replace stays as it was.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from xl_opgave.bestanden import UitvoerOngeldig, schrijf_atomisch
from xl_opgave.cli import main
from xl_opgave.vullen.voorbeeld import synthetisch
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.controle import controleer
from xl_opgave.werkboek.uitvoercontrole import controleer_werkmap
from xl_opgave.werkboek.xmlstroom import controleer_goedgevormd, elementen

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"
DATA = WORKBOOKS / "voorbeeld_nplv_gebieden.xlsx"


def _delen(pad: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(pad) as z:
        return {n: z.read(n) for n in z.namelist()}


def _alle_xml_goed(pad: Path) -> None:
    for naam, data in _delen(pad).items():
        if naam.endswith((".xml", ".rels")):
            controleer_goedgevormd(data, naam)


def test_verboden_teken_in_bron_geweigerd_met_de_cel(tmp_path, capsys):
    data, lijst = synthetisch(tmp_path / "data", 2)
    dekking = (data / "dekking.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    velden = dekking[1].split(";")
    velden[4] = "Bron\ufffeX"
    dekking[1] = ";".join(velden)
    (data / "dekking.csv").write_text("".join(dekking), encoding="utf-8")
    uit = tmp_path / "uit"
    assert main(["fill", str(data), "--template", "nplv", "--gebieden", str(lijst), "--out", str(uit)]) == 2
    fout = capsys.readouterr().err
    assert "dekking.csv, rij 2, kolom bron: de tekst bevat een teken dat in een werkmap niet kan (U+FFFE)" in fout
    assert not uit.exists()


def test_into_met_verboden_teken_vervangt_geen_goed_werkboek(tmp_path, capsys):
    data, lijst = synthetisch(tmp_path / "data", 2)
    dekking = (data / "dekking.csv").read_text(encoding="utf-8").replace(";ORV;", ";ORV\uffff;", 1)
    (data / "dekking.csv").write_text(dekking, encoding="utf-8")
    werkboek = tmp_path / "goed.xlsx"
    shutil.copy(WORKBOOKS / "nplv.xlsx", werkboek)
    voor = werkboek.read_bytes()
    assert main(["fill", str(data), "--into", str(werkboek), "--gebied", "Gebied 0001", "--gebieden", str(lijst),
                 "--force"]) == 2
    assert "U+FFFF" in capsys.readouterr().err
    assert werkboek.read_bytes() == voor
    assert controleer(werkboek) == []


def test_escape_van_wat_xml_niet_kan_bevatten():
    from xl_opgave.vullen.pakket import _lees_xml_tekst, _xml_tekst

    for tekst in ("a\ufffeb", "x\x01y", "_x0041_ letterlijk", "<&>"):
        xml = _xml_tekst(tekst)
        controleer_goedgevormd(f"<t>{xml}</t>".encode(), "t")
        assert _lees_xml_tekst(re.sub("&lt;", "<", re.sub("&gt;", ">", re.sub("&amp;", "&", xml)))) \
            .replace("_x005F_", "_") in (tekst, tekst.replace("_x005F_", "_"))


def _gebiedscel() -> str:
    """The cell of In_Gebied on Invoer (sheet2) in the shipped NPLV template."""
    import openpyxl

    (blad, cel), = openpyxl.load_workbook(WORKBOOKS / "nplv.xlsx").defined_names[nm.GEBIED].destinations
    assert blad == "Invoer"
    return cel.replace("$", "")


def _met_attribuut(pad: Path) -> Path:
    """The NPLV template with a well-formed attribute value holding '>' and '/>' on the In_Gebied cell."""
    uit = io.BytesIO()
    cel = _gebiedscel().encode()
    with zipfile.ZipFile(WORKBOOKS / "nplv.xlsx") as z, zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as doel:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                data, n = re.subn(b'<c r="' + cel + b'"', b'<c adviseur="a &gt; b /> c" r="' + cel + b'"', data)
                assert n == 1
            doel.writestr(info.filename, data)
    pad.write_bytes(uit.getvalue())
    return pad


def test_attribuut_met_groter_dan_blijft_geldige_xml(tmp_path):
    werkboek = _met_attribuut(tmp_path / "attr.xlsx")
    _alle_xml_goed(werkboek)
    uit = tmp_path / "gevuld.xlsx"
    assert main(["fill", str(DATA), "--into", str(werkboek), "--gebied", "Delft West", "--out", str(uit)]) == 0
    _alle_xml_goed(uit)
    blad = _delen(uit)["xl/worksheets/sheet2.xml"]
    cel = next(el for el in elementen(blad, "blad") if el.attributen.get("r") == _gebiedscel())
    assert cel.attributen["adviseur"] == "a > b /> c"
    assert b"Delft West" in blad[cel.begin:cel.eind]


def test_v_met_spatie_en_prefix_worden_als_xml_gelezen():
    from xl_opgave.vullen.pakket import _bewerk_blad, _Blad

    tekst = ('<x:worksheet xmlns:x="urn:x"><x:sheetData><x:row r="1"><x:c r="A1" t="str"><x:f>B1</x:f>'
             '<x:v>oud</x:v><x:v /></x:c><x:c r="B1" s="2"/></x:row></x:sheetData></x:worksheet>')
    blad = _Blad.lees(tekst, "test")
    nieuw, oud, _, _ = _bewerk_blad(blad, {(1, 1): ("cache", 5), (1, 2): ("waarde", "t")}, "test", None, False)
    assert oud == {(1, 1): "oud", (1, 2): None}
    controleer_goedgevormd(nieuw.encode(), "test")
    assert '<x:c r="A1"><x:f>B1</x:f><x:v>5</x:v></x:c>' in nieuw  # every old <v> gone, the formula kept
    assert '<x:c r="B1" s="2" t="inlineStr"><x:is><x:t>t</x:t></x:is></x:c>' in nieuw


def test_kapotte_werkmap_wordt_nooit_geschreven(tmp_path):
    doel = tmp_path / "goed.xlsx"
    shutil.copy(WORKBOOKS / "nplv.xlsx", doel)
    voor = doel.read_bytes()
    uit = io.BytesIO()
    with zipfile.ZipFile(doel) as z, zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as nieuw:
        for info in z.infolist():
            data = z.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b"</sheetData>", b"<row></sheetData>")
            nieuw.writestr(info.filename, data)
    with pytest.raises(UitvoerOngeldig, match=r"goed\.xlsx is niet geschreven: het onderdeel xl/worksheets/sheet2\.xml "
                                              r"is geen geldige XML .* er is niets geschreven of vervangen"):
        schrijf_atomisch(doel, uit.getvalue(), overschrijven=True)
    assert doel.read_bytes() == voor
    assert sorted(p.name for p in tmp_path.iterdir()) == ["goed.xlsx"]


def test_invoer_die_niet_terugleest_wordt_niet_geschreven():
    data = (WORKBOOKS / "nplv.xlsx").read_bytes()
    controleer_werkmap(data, "nplv.xlsx", invoer={"In_Opgave_Tot2030_nieuwbouw": 445, "In_Gebied": "Nederland"})
    with pytest.raises(UitvoerOngeldig, match=r"invoercel C\d+ \(In_Opgave_Tot2030_nieuwbouw\) leest terug als 445"):
        controleer_werkmap(data, "nplv.xlsx", invoer={"In_Opgave_Tot2030_nieuwbouw": 446})


def test_into_vervangt_niets_als_de_uitvoer_niet_klopt(tmp_path, monkeypatch, capsys):
    """The safeguard catches what slips past: here a writer that forgets to escape text."""
    import xl_opgave.vullen.pakket as pakket

    werkboek = tmp_path / "goed.xlsx"
    shutil.copy(WORKBOOKS / "nplv.xlsx", werkboek)
    voor = werkboek.read_bytes()
    monkeypatch.setattr(pakket, "_xml_tekst", lambda tekst: tekst)  # a bug: '<' and '&' unescaped
    data, lijst = synthetisch(tmp_path / "data", 2)
    dekking = (data / "dekking.csv").read_text(encoding="utf-8").replace(";ORV;", ";ORV <&> x;", 1)
    (data / "dekking.csv").write_text(dekking, encoding="utf-8")
    assert main(["fill", str(data), "--into", str(werkboek), "--gebied", "Gebied 0001", "--gebieden", str(lijst),
                 "--force"]) == 3
    fout = capsys.readouterr().err
    assert "goed.xlsx is niet geschreven" in fout and "er is niets geschreven of vervangen" in fout
    assert werkboek.read_bytes() == voor


def test_geen_werkboek_met_een_oneindige_uitkomst(tmp_path):
    """Amounts that each fit but whose sum overflows: refused before anything is written (never '<v>inf</v>')."""
    from xl_opgave.core.bedrag import Bedrag
    from xl_opgave.core.fouten import InvoerFout
    from xl_opgave.core.model import OpgavePost
    from xl_opgave.referentie import laad
    from xl_opgave.vullen.databestand import gebiedsdefinitie
    from xl_opgave.vullen.vul import vul_gebied

    definitie = gebiedsdefinitie(laad("nplv").programma)
    posten = tuple(OpgavePost(p.periode, p.pijler, p.onderdeel, Bedrag.exact(1e308)) for p in laad("nplv").programma.opgaven)
    programma = definitie.met(opgaven=posten, gebied="Delft West")
    pad = tmp_path / "Delft_West.xlsx"
    with pytest.raises(InvoerFout, match="is geen eindig getal; er is niets geschreven"):
        vul_gebied("nplv", programma, str(pad), False)
    assert not pad.exists() and list(tmp_path.iterdir()) == []
