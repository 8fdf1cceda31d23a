"""The template reader's memory of row stretches and shared strings (`adreslezer`, `pakketlezer`).

`lees_adressen` with a key for what it is asked (`onthoud`) parses each distinct stretch of a sheet (the
bytes up to a row end) once per process and takes later workbooks' identical stretches from memory;
identical shared-strings parts likewise. What that must keep: the cells read are exactly what the general reader (`lees_cellen`, which
parses every chunk) reads, the first time and from memory, also for rows out of order, cells and rows
without a reference, shared formulas whose master lies in a row not asked for, a row nested in a row
(a stretch that is no whole element on its own), and the same bytes under another namespace; XML that
is not well-formed is refused wherever it stands, also in a row nobody asked for; the memory stays
within its bound.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from xl_opgave.werkboek import adreslezer as al
from xl_opgave.werkboek import pakketlezer as pl
from xl_opgave.werkboek.adreslezer import lees_adressen
from xl_opgave.werkboek.pakketlezer import GedeeldeTeksten, lees_cellen, lees_structuur
from xl_opgave.werkboek.veilig import OnleesbaarBestand, open_pakket

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"
HOOFD = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
BEREKENING = "xl/worksheets/sheet3.xml"
KOLOMMEN = "ABCDEF"


@pytest.fixture(autouse=True)
def leeg_geheugen():
    al.vergeet()
    yield
    al.vergeet()


_GEVRAAGD: dict[range, dict[int, set[str]]] = {}  # one object per question, as the reader's plans are kept


def _werkboek(pad: Path, rijen: str, *, wortel: str = f'<worksheet xmlns="{HOOFD}">', slot: str = "</worksheet>",
              teksten: bytes | None = None) -> Path:
    """A copy of the NPLV template whose Berekening sheet holds `rijen` (and other shared strings)."""
    blad = f'<?xml version="1.0" encoding="UTF-8"?>\n{wortel}<sheetData>{rijen}</sheetData>{slot}'.encode()
    uit = io.BytesIO()
    with zipfile.ZipFile(WORKBOOKS / "nplv.xlsx") as bron, zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as doel:
        for info in bron.infolist():
            data = bron.read(info.filename)
            if info.filename == BEREKENING:
                data = blad
            elif info.filename == "xl/sharedStrings.xml" and teksten is not None:
                data = teksten
            doel.writestr(info, data)
    pad.write_bytes(uit.getvalue())
    return pad


def _lees(pad: Path, rijen: range = range(1, 11)) -> tuple[dict, dict]:
    """Rows `rijen`, columns A–F of Berekening through the fast reader and through the general one."""
    with open_pakket(pad) as pakket:
        structuur = lees_structuur(pakket)
        gevraagd = _GEVRAAGD.setdefault(rijen, {r: {f"{k}{r}" for k in KOLOMMEN} for r in rijen})
        snel = lees_adressen(pakket, BEREKENING, gevraagd, GedeeldeTeksten(pakket, structuur.gedeeld),
                             onthoud=("test", rijen.start, rijen.stop))
        algemeen = lees_cellen(pakket, BEREKENING, {r: set(range(1, len(KOLOMMEN) + 1)) for r in rijen},
                               GedeeldeTeksten(pakket, structuur.gedeeld))
    return ({a: (c.waarde, c.formule) for a, c in snel.items()},
            {f"{KOLOMMEN[k - 1]}{r}": (c.waarde, c.formule) for (r, k), c in algemeen.items()})


# Rows 4 and 5 take their formula from a master in row 2, which is not asked for when rows 3–10 are read;
# row 7 comes before row 6; row 8 has no reference (it follows row 6), and neither have some cells.
RIJEN = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>1.5</v></c><c r="C1" t="b"><v>1</v></c>'
    '<c r="D1" t="e"><v>#REF!</v></c><c r="E1" s="3"/></row>'
    '<row r="2"><c r="A2"><f t="shared" ref="A2:A5" si="0">B2*2</f><v>3</v></c><c r="B2"><v>1.5</v></c></row>'
    '<row r="3"><c r="A3" t="inlineStr"><is><r><t>ge</t></r><r><t>bied_x000D_</t></r></is></c>'
    '<c r="B3" t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row>'
    '<row r="4"><c r="A4"><f t="shared" si="0"/><v>4</v></c><c r="B4"><v>2</v></c></row>'
    '<row r="5"><c r="A5"><f t="shared" si="0"/><v>6</v></c><c r="B5"><v>3</v></c></row>'
    '<row r="7"><c r="A7"><v>7</v></c></row>'
    '<row r="6"><c><v>61</v></c><c r="C6"><v>63</v></c><c><v>64</v></c></row>'
    '<row><c r="A7"><v>8</v></c></row>'
    '<row r="9" spans="1:6"><c r="F9"><f>SUM(A1:A8)</f><v>1E-3</v></c></row>'
)


def test_gelijk_aan_de_algemene_lezer_eerst_en_uit_het_geheugen(tmp_path, monkeypatch):
    pad = _werkboek(tmp_path / "w.xlsx", RIJEN)
    snel, algemeen = _lees(pad)
    assert snel == algemeen
    assert snel["A3"] == ("gebied\r", None)
    assert snel["A4"][1] == "=B4*2" and snel["A5"][1] == "=B5*2"
    assert snel["A6"] == (61, None) and snel["D6"] == (64, None)

    ontleed: list[int] = []
    echt = al._ontleed_stukken
    monkeypatch.setattr(al, "_ontleed_stukken", lambda *a: ontleed.append(len(a[-1])) or echt(*a))
    opnieuw, _ = _lees(pad)
    assert opnieuw == snel
    assert ontleed == [1]  # every stretch came from memory but the row without a number (8)

    # The shared formula's master in a row not asked for: still found (its row holds a shared formula).
    alleen, algemeen_ = _lees(pad, range(3, 11))
    assert alleen == algemeen_ and alleen["A4"][1] == "=B4*2"


def test_een_ander_werkboek_met_gedeeltelijk_dezelfde_rijen(tmp_path, monkeypatch):
    _lees(_werkboek(tmp_path / "a.xlsx", RIJEN))
    anders = RIJEN.replace('<c r="B4"><v>2</v></c>', '<c r="B4"><v>20</v></c>')
    ontleed: list[int] = []
    echt = al._ontleed_stukken
    monkeypatch.setattr(al, "_ontleed_stukken", lambda *a: ontleed.append(len(a[-1])) or echt(*a))
    snel, algemeen = _lees(_werkboek(tmp_path / "b.xlsx", anders))
    assert snel == algemeen and snel["B4"] == (20, None)
    # Only the values differ: every stretch's skeleton (its bytes without the texts of plain <v> elements)
    # is known; parsed is only the row without a number (never remembered).
    assert ontleed == [1]
    ontleed.clear()
    formule = RIJEN.replace("SUM(A1:A8)", "SUM(A1:A7)")
    snel, algemeen = _lees(_werkboek(tmp_path / "c.xlsx", formule))
    assert snel == algemeen and snel["F9"] == (0.001, "=SUM(A1:A7)")
    assert ontleed == [2]  # a changed formula changes the skeleton: that row is parsed


@pytest.mark.parametrize(("v", "soort", "waarde"), [
    ("1.25", "", 1.25), ("", "", None), ("  7 ", "", 7), ("2E3", "", 2000.0), ("abc", "", "abc"), ("1_0", "", 10),
    ("-0.5e-3", "", -0.0005), ("#N/A", ' t="e"', "#N/A"),
    ("0", ' t="b"', False), ("a &amp; b", ' t="str"', "a & b"), ("één", ' t="str"', "één"),
    ("x_x000D_y", ' t="str"', "x\ry"), ("tab\there", ' t="str"', "tab\there"), ("3", ' t="s"', None),
    pytest.param("9" * 400, "", float("inf"), id="400-cijfers"),
    pytest.param("9" * 5000, "", float("inf"), id="5000-cijfers"),
    pytest.param("9" * 400, ' t="s"', None, id="index-400-cijfers"),
])
def test_waarden_uit_het_skelet_als_de_algemene_lezer(tmp_path, v, soort, waarde):
    """A remembered skeleton with this workbook's <v> texts gives the values the general reader gives."""
    _lees(_werkboek(tmp_path / "a.xlsx", RIJEN))
    rijen = RIJEN.replace('<c r="B5"><v>3</v></c>', f'<c r="B5"{soort}><v>{v}</v></c>')
    snel, algemeen = _lees(_werkboek(tmp_path / "b.xlsx", rijen))
    assert snel == algemeen
    if waarde is not None:
        assert snel["B5"] == (waarde, None)


@pytest.mark.parametrize("tekst", ["\x01", "a]]>b", "&bestaatniet;"])
def test_onjuiste_tekst_in_een_bekende_rij_wordt_geweigerd(tmp_path, tekst):
    """A <v> text that is no character data (a control character, ']]>', an unknown entity) keeps its
    stretch out of the known skeletons: the stretch is parsed, and refused."""
    _lees(_werkboek(tmp_path / "a.xlsx", RIJEN))
    pad = _werkboek(tmp_path / "b.xlsx", RIJEN.replace('<c r="B4"><v>2</v></c>', f'<c r="B4"><v>{tekst}</v></c>'))
    with open_pakket(pad) as pakket, pytest.raises(OnleesbaarBestand, match="geen geldige XML"):
        gevraagd = _GEVRAAGD.setdefault(range(1, 11), {r: {f"{k}{r}" for k in KOLOMMEN} for r in range(1, 11)})
        lees_adressen(pakket, BEREKENING, gevraagd, GedeeldeTeksten(pakket, None), onthoud=("test", 1, 11))


def test_dezelfde_bytes_in_een_andere_naamruimte(tmp_path):
    """The root start tag is part of what a stretch is remembered under: the same rows under another
    default namespace are no cells of a worksheet."""
    _lees(_werkboek(tmp_path / "a.xlsx", RIJEN))
    vreemd = _werkboek(tmp_path / "b.xlsx", RIJEN, wortel='<worksheet xmlns="urn:iets-anders">')
    snel, algemeen = _lees(vreemd)
    assert snel == algemeen == {}
    # With a prefix for the main namespace the very same cells are read.
    prefix = RIJEN.replace("<row", "<x:row").replace("</row>", "</x:row>").replace("<c", "<x:c").replace(
        "</c>", "</x:c>").replace("<v>", "<x:v>").replace("</v>", "</x:v>").replace("<f", "<x:f").replace(
        "</f>", "</x:f>").replace("<is>", "<x:is>").replace("</is>", "</x:is>").replace("<r>", "<x:r>").replace(
        "</r>", "</x:r>").replace("<t>", "<x:t>").replace("</t>", "</x:t>")
    snel, algemeen = _lees(_werkboek(tmp_path / "c.xlsx", prefix, wortel=f'<x:worksheet xmlns:x="{HOOFD}">',
                                     slot="</x:worksheet>"))
    assert snel == algemeen and snel == _lees(_werkboek(tmp_path / "d.xlsx", RIJEN))[0]


def test_een_rij_in_een_rij_wordt_gelezen_als_voorheen(tmp_path):
    """Well-formed but no worksheet: a stretch that is not whole on its own is read with its chunk, as the
    general reader does, and not remembered."""
    genest = '<row r="1"><c r="A1"><v>1</v></c><row r="2"><c r="A2"><v>2</v></c></row><c r="B1"><v>3</v></c></row>'
    voor = al._geheugen_gebruik[0]
    snel, algemeen = _lees(_werkboek(tmp_path / "w.xlsx", genest + RIJEN.replace('r="1"', 'r="11"')))
    assert snel == algemeen and snel["A1"] == (1, None) and snel["B1"] == (3, None)
    assert al._geheugen_gebruik[0] == voor


def test_onjuiste_xml_ook_in_een_rij_die_niet_gevraagd_is_wordt_geweigerd(tmp_path):
    """A chunk of rows (up to a megabyte) is parsed whole, also beyond the last row asked for; a stretch
    that is not well-formed is never remembered, so no memory lets it through either."""
    fout = '<row r="40"><c r="A40"><v>1</v></row>'
    pad = _werkboek(tmp_path / "w.xlsx", RIJEN + fout)
    for _ in range(2):
        with open_pakket(pad) as pakket, pytest.raises(OnleesbaarBestand, match="geen geldige XML"):
            lees_adressen(pakket, BEREKENING, {1: {"A1"}}, GedeeldeTeksten(pakket, None), onthoud="fout")


@pytest.mark.parametrize("extra", [
    '<!-- </row> -->',  # a row end inside a comment
    '<row r="40"><c r="A40" t="str"><v><![CDATA[</row>]]></v></c></row>',  # ... inside a CDATA section
])
def test_rij_einde_in_commentaar_of_cdata_als_de_algemene_lezer(tmp_path, extra):
    """Excel and LibreOffice write neither; within one chunk the general reader reads such a sheet, and so
    does the fast one (the stretches around it are not whole elements: read with their chunk)."""
    pad = _werkboek(tmp_path / "w.xlsx", RIJEN.replace('<row r="9"', extra + '<row r="9"'))
    snel, algemeen = _lees(pad, range(1, 41))
    assert snel == algemeen and snel["F9"][1] == "=SUM(A1:A8)"


def test_afgebroken_blad_wordt_geweigerd_ook_als_de_rijen_bekend_zijn(tmp_path):
    _lees(_werkboek(tmp_path / "a.xlsx", RIJEN))
    half = _werkboek(tmp_path / "b.xlsx", RIJEN)
    with zipfile.ZipFile(half) as z:
        leden = {i.filename: z.read(i.filename) for i in z.infolist()}
    leden[BEREKENING] = leden[BEREKENING].split(b"</sheetData>")[0]
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w") as z:
        for naam, data in leden.items():
            z.writestr(naam, data)
    half.write_bytes(uit.getvalue())
    with open_pakket(half) as pakket, pytest.raises(OnleesbaarBestand, match="afgebroken"):
        lees_adressen(pakket, BEREKENING, {1: {"A1"}, 50: {"A50"}}, GedeeldeTeksten(pakket, None), onthoud="half")


def test_het_geheugen_blijft_binnen_zijn_grens(tmp_path, monkeypatch):
    monkeypatch.setattr(al, "_GEHEUGEN_GRENS", 200)
    for i in range(5):
        rijen = RIJEN.replace('<v>1.5</v></c><c r="C1"', f'<v>{i}</v></c><c r="C1"')
        snel, algemeen = _lees(_werkboek(tmp_path / f"w{i}.xlsx", rijen))
        assert snel == algemeen and snel["B1"] == (i, None)
    # Stretches are added while the memory is under its bound: at most one stretch beyond it.
    assert al._geheugen_gebruik[0] < 200 + max(len(r) for r in RIJEN.split("</row>"))


def test_gedeelde_teksten_uit_het_geheugen_alleen_voor_dezelfde_bytes(tmp_path):
    with zipfile.ZipFile(WORKBOOKS / "nplv.xlsx") as z:
        teksten = z.read("xl/sharedStrings.xml")
    eerste = teksten.index(b"<t>") + 3
    ander = teksten[:eerste] + b"Anders: " + teksten[eerste:]
    a = _lees(_werkboek(tmp_path / "a.xlsx", RIJEN))[0]["A1"][0]
    b = _lees(_werkboek(tmp_path / "b.xlsx", RIJEN, teksten=ander))[0]["A1"][0]
    assert pl._teksten_geheugen and b == "Anders: " + a
    assert _lees(_werkboek(tmp_path / "c.xlsx", RIJEN))[0]["A1"][0] == a


def test_cijfers_buiten_ascii_en_te_lange_getallen_zonder_valueerror(tmp_path):
    """'¹'.isdigit() is true but int('¹') fails: a row number or index written so counts as missing (a
    number cell's text stays text), in every reader, instead of a ValueError from int()."""
    rijen = ('<row r="1"><c r="A1"><v>1</v></c></row><row r="\u00b9"><c r="A2"><v>\u00b2</v></c>'
             f'<c r="B2" t="s"><v>\u00b2</v></c><c r="C2" t="s"><v>{"1" * 5000}</v></c></row>')
    pad = _werkboek(tmp_path / "w.xlsx", rijen)
    for _ in range(2):  # the second time from memory
        snel, algemeen = _lees(pad, range(1, 3))
        assert snel == algemeen
        assert snel["A2"] == ("\u00b2", None) and snel["B2"] == (None, None) and snel["C2"] == (None, None)
    with open_pakket(pad) as pakket:
        gedeeld = GedeeldeTeksten(pakket, lees_structuur(pakket).gedeeld)
        data = [(r.nummer, r.waarden) for r in pl.rijen(pakket, BEREKENING, gedeeld, 3)]
    assert data == [(1, {1: 1}), (2, {1: "\u00b2", 2: None, 3: None})]
