"""The worksheet functions (xl_opgave.udfs) against the core and the NPLV reference figures.

Off Windows xlwings' decorators are no-ops, so the functions are called here exactly as written,
with cell values as xlwings hands them over (ndim=2: a list of rows; err_to_str: '#N/A' as text).
The registration Excel gets is tested in test_udfs_registratie.py.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from xl_opgave import udfs
from xl_opgave import werkbladfuncties as wf
from xl_opgave.core import formules
from xl_opgave.core.bedrag import Bedrag
from xl_opgave.core.opmaak import bedrag_tekst
from xl_opgave.referentie import analyse, laad


def kolom(*waarden):
    return [[w] for w in waarden]


def is_fout(waarde, code="#WAARDE!", *woorden):
    assert isinstance(waarde, wf.Foutwaarde), waarde
    assert waarde.code == code
    assert waarde.startswith(code + " ")
    assert "Traceback" not in waarde
    for woord in woorden:
        assert woord in waarde.melding, (woord, waarde)
    return True


# -- the NPLV sheet: one row per onderdeel, and pillar-wide dekking as rows with opgave n.b. ---------
def _cel(bedrag: Bedrag):
    if bedrag.pm:
        assert bedrag.laag == bedrag.hoog == 0
        return "PM"
    return bedrag.laag


def nplv_blad(periode: str, pijler: str):
    """Columns (onderdeel, opgave, dekking, verdeelsleutel, rijksdekking) as an adviser types them."""
    programma = laad("nplv").programma
    rijen = []
    for onderdeel in programma.onderdelen_van(pijler):
        opgave = sum(p.bedrag.laag for p in programma.opgaven if (p.periode, p.onderdeel) == (periode, onderdeel.code))
        posten = [d for d in programma.dekkingen if (d.periode, d.onderdeel) == (periode, onderdeel.code)]
        dekking = sum(d.totaal.laag for d in posten)
        rijks = sum(d.rijksfinanciering.laag for d in posten)
        rijen.append([onderdeel.naam, opgave, dekking or "-", onderdeel.verdeelsleutel, rijks or None])
    for post in programma.dekkingen:
        if (post.periode, post.pijler, post.onderdeel) == (periode, pijler, ""):
            rijen.append([post.bron, "n.b.", _cel(post.totaal), None, _cel(post.rijksfinanciering)])
    return [[[rij[i]] for rij in rijen] for i in range(5)]


@pytest.fixture(scope="module")
def nplv():
    return analyse("nplv")


GEVALLEN = [(p, q) for p in ("tot2030", "2030-2035") for q in ("fysiek", "sociaal")]
LABELS = {"tot2030": "Tot2030", "2030-2035": "Van2030", "fysiek": "Fysiek", "sociaal": "Sociaal"}


def verwacht(nplv, naam: str):
    """The reference figure as the functions show it: a number, or a text when a PM is involved."""
    waarde = nplv.resultaten()[naam]
    sleutel = next(n.sleutel for n in nplv.namen if n.naam == naam)
    pm = nplv.uitkomsten[sleutel].pm
    return wf.uitkomst(waarde, waarde, frozenset(pm))


def gelijk(a, b):
    if isinstance(b, float):
        return isinstance(a, float) and a == pytest.approx(b, abs=1e-9)
    return a == b


@pytest.mark.parametrize(("periode", "pijler"), GEVALLEN)
def test_restopgave_op_het_nplv_blad(nplv, periode, pijler):
    _, opgave, dekking, sleutel, rijks = nplv_blad(periode, pijler)
    achter = f"_{LABELS[pijler]}_{LABELS[periode]}"
    assert gelijk(udfs.RESTOPGAVE(opgave, dekking), verwacht(nplv, "Restopgave" + achter))
    assert gelijk(udfs.RESTOPGAVE(opgave, dekking, "onderdeel"), verwacht(nplv, "RestopgavePerOnderdeel" + achter))
    assert gelijk(udfs.RIJKSDEEL(opgave, sleutel), verwacht(nplv, "RijksOpgave" + achter))
    assert gelijk(udfs.RIJKSRESTOPGAVE(opgave, sleutel, rijks), verwacht(nplv, "RijksRestopgave" + achter))
    assert gelijk(
        udfs.RIJKSRESTOPGAVE(opgave, sleutel, rijks, "onderdeel"), verwacht(nplv, "RijksRestopgavePerOnderdeel" + achter)
    )
    assert gelijk(udfs.OPGAVE("NPLV", "Restopgave" + achter), verwacht(nplv, "Restopgave" + achter))


def test_de_pm_van_het_rapport_blijft_zichtbaar(nplv):
    # The NPLV's 'extra gemeentelijke dekking' is PM: the restopgave tot 2030 is 2.375 minus a PM.
    _, opgave, dekking, _, _ = nplv_blad("tot2030", "fysiek")
    assert udfs.RESTOPGAVE(opgave, dekking) == "€2.375 mln. - PM"
    assert udfs.OPGAVE("NPLV", "Restopgave_Totaal_Tot2030") == "€2.935 mln. - PM"
    assert "Restopgave_Totaal_Tot2030" in nplv.pm()
    assert udfs.OPGAVE("nplv", "restopgave_sociaal_tot2030") == 560.0


@pytest.mark.parametrize("naam", sorted(analyse("nplv").resultaten()))
def test_opgave_geeft_elk_referentiecijfer(nplv, naam):
    assert gelijk(udfs.OPGAVE("NPLV", naam), verwacht(nplv, naam))


def test_jaarlijks_volgt_de_perioden_van_het_rapport(nplv):
    for periode in laad("nplv").programma.perioden:
        achter = f"_Totaal_{periode.resultaat_label}"
        totaal = nplv.resultaten()["Restopgave" + achter]
        assert udfs.JAARLIJKS(totaal, periode.code) == pytest.approx(nplv.resultaten()["RestopgaveJaarlijks" + achter])
        assert udfs.JAARLIJKS(totaal, periode.eerste_jaar, periode.laatste_jaar) == pytest.approx(
            formules.jaarlijks(totaal, formules.aantal_jaren(periode.eerste_jaar, periode.laatste_jaar))
        )
    assert udfs.JAARLIJKS(2935, "tot2030") == 733.75  # the report: €2,94 mld. → €0,73 mld. per jaar
    assert udfs.JAARLIJKS(1100, "2025-2035") == 100.0  # NPVR: 11 years
    assert udfs.JAARLIJKS(600, "2030 t/m 2035") == 100.0
    assert udfs.JAARLIJKS(100, "2040-2044") == 20.0  # any 'JJJJ-JJJJ' period
    assert udfs.JAARLIJKS([[100]], [["2026"]], [[2029.0]]) == 25.0
    assert udfs.JAARLIJKS("PM", "tot2030") == "PM"
    assert udfs.JAARLIJKS("n.b.", "tot2030") == "n.b."
    assert udfs.JAARLIJKS("1.000 – 2.000", "tot2030") == "€250 – €500 mln."
    assert is_fout(udfs.JAARLIJKS(100, "tot 2031"), "#N/B", "onbekende periode", "tot 2030")
    assert is_fout(udfs.JAARLIJKS(100, 2030, 2026), "#WAARDE!", "laatste jaar")
    assert is_fout(udfs.JAARLIJKS(100, 2030), "#WAARDE!", "periodecode")
    assert is_fout(udfs.JAARLIJKS(100, "2026,5", 2029), "#WAARDE!", "jaartal")
    assert is_fout(udfs.JAARLIJKS(kolom(1, 2), "tot2030"), "#WAARDE!", "één cel")


# -- inputs ---------------------------------------------------------------------------------------
def test_leeg_streep_en_nederlandse_getallen():
    assert udfs.RESTOPGAVE(kolom(445, None, "-", "–"), kolom(145, 10, None, "")) == 290.0
    assert udfs.RESTOPGAVE(kolom("1.735", "12,5", "1.234,5", " 2 "), kolom(0, 0, 0, 0)) == 1735 + 12.5 + 1234.5 + 2
    assert udfs.RESTOPGAVE("€ 1.735", "35") == 1700.0
    assert udfs.RESTOPGAVE(445, 145) == 300.0  # plain scalars from VBA or Python
    assert udfs.RESTOPGAVE([[445, 130], [1735, 265]], [[290, 135], [0, 180]]) == 2575 - 605
    assert udfs.RESTOPGAVE(kolom(100, 10), kolom(50, 20)) == 40.0
    assert udfs.RESTOPGAVE(kolom(100, 10), kolom(50, 20), "onderdeel") == 50.0
    assert udfs.RESTOPGAVE(kolom(100, 10), kolom(50, 20), "  Onderdeel ") == 50.0
    assert udfs.RESTOPGAVE(kolom(100), kolom(150)) == 0.0  # never negative
    assert udfs.RESTOPGAVE(kolom(100), kolom(50), None) == 50.0  # empty methode cell: default


def test_pm_wordt_nooit_als_nul_geteld():
    assert udfs.RESTOPGAVE(kolom(445, "PM"), kolom(290, 0)) == "€155 mln. + PM"
    assert udfs.RESTOPGAVE(kolom(2445, 0), kolom(0, "p.m.")) == "€2.445 mln. - PM"
    assert udfs.RESTOPGAVE(kolom("PM", 1), kolom("PM", 0)) == "€1 mln. ± PM"
    assert udfs.RESTOPGAVE("PM", 0) == "PM"
    assert udfs.RIJKSDEEL(kolom(445, 100), kolom("PM", 0.5)) == "€50 mln. + PM"
    assert udfs.RIJKSDEEL(kolom(0, 100), kolom("PM", 0.5)) == 50.0  # a PM key on no opgave is nothing
    assert udfs.RIJKSRESTOPGAVE(kolom(100), kolom(0.5), kolom("PM")) == "€50 mln. - PM"
    assert udfs.BEDRAG("PM") == "PM"
    for uitkomst in (udfs.RESTOPGAVE(kolom("PM"), kolom(0)), udfs.JAARLIJKS("PM", "tot2030")):
        assert not isinstance(uitkomst, float)


def test_nb_is_geen_bedrag():
    assert udfs.RESTOPGAVE(kolom("n.b.", "n.b."), kolom(10, 20)) == "n.b."
    assert udfs.RESTOPGAVE(kolom(100, "n.b."), kolom(10, "n.b.")) == 90.0
    assert udfs.RIJKSDEEL(kolom(100, 200), kolom("n.b.", 0.5)) == 100.0  # n.b. key: no Rijksdeel
    assert udfs.RIJKSDEEL(kolom(100), kolom("n.b.")) == "n.b."
    # Dekking next to an n.b. opgave serves the whole pillar ('Governance*' in Tabel 6): deducted
    # after the per-row clipping; on total level it makes no difference.
    assert udfs.RESTOPGAVE(kolom(100, 10, "n.b."), kolom(0, 20, 30), "onderdeel") == 70.0
    assert udfs.RESTOPGAVE(kolom(100, 10, "n.b."), kolom(0, 20, 30)) == 60.0
    assert udfs.BEDRAG("n.b.") == "n.b."


def test_bandbreedte():
    assert udfs.RESTOPGAVE(kolom("6.300 – 11.800"), kolom(300)) == "€6.000 – €11.500 mln."
    assert udfs.BEDRAG("6.300 – 11.800") == "€6,30 – €11,80 mld."


def test_ranges_van_twee_dimensies_en_een_sleutel_voor_alle_rijen():
    opgave = [[445, 1735], [475, 265]]
    assert udfs.RIJKSDEEL(opgave, [[0.5, 0.3], [0.7, 0.75]]) == pytest.approx(445 * 0.5 + 1735 * 0.3 + 475 * 0.7 + 265 * 0.75)
    assert udfs.RIJKSDEEL(opgave, [[0.5]]) == pytest.approx(0.5 * (445 + 1735 + 475 + 265))
    assert udfs.RIJKSDEEL(kolom(100, 200), "50%") == 150.0
    assert udfs.RIJKSDEEL(kolom(100, 200), "0,25") == 75.0
    assert udfs.RIJKSRESTOPGAVE(opgave, [[0.5]], [[100, 0], [0, 0]]) == pytest.approx(0.5 * 2920 - 100)


@pytest.mark.parametrize(
    ("aanroep", "code", "woorden"),
    [
        (lambda: udfs.RESTOPGAVE(kolom(445, "abc"), kolom(1, 2)), "#WAARDE!", ["opgave", "rij 2", "'abc'"]),
        (lambda: udfs.RESTOPGAVE(kolom(445, "#N/A"), kolom(1, 2)), "#WAARDE!", ["rij 2", "#N/A"]),
        (lambda: udfs.RESTOPGAVE([[1, "#DEEL/0!"]], [[1, 2]]), "#WAARDE!", ["kolom 2", "#DEEL/0!"]),
        (lambda: udfs.RESTOPGAVE(kolom(445, -5), kolom(1, 2)), "#WAARDE!", ["negatief"]),
        (lambda: udfs.RESTOPGAVE(kolom(445, True), kolom(1, 2)), "#WAARDE!", ["WAAR"]),
        (lambda: udfs.RESTOPGAVE(kolom(445, float("nan")), kolom(1, 2)), "#WAARDE!", ["nan"]),
        (lambda: udfs.RESTOPGAVE(kolom(1, 2), kolom(1, 2, 3)), "#WAARDE!", ["2×1", "3×1", "gelijke vorm"]),
        (lambda: udfs.RESTOPGAVE([[1, 2]], kolom(1, 2)), "#WAARDE!", ["1×2", "2×1"]),
        (lambda: udfs.RESTOPGAVE([[1, 2], [3]], [[1, 2], [3, 4]]), "#WAARDE!", ["rechthoekig"]),
        (lambda: udfs.RESTOPGAVE(kolom(1), kolom(1), "netto"), "#WAARDE!", ["methode", "onderdeel"]),
        (lambda: udfs.RESTOPGAVE(kolom(1), kolom("1,2,3")), "#WAARDE!", ["dekking"]),
        (lambda: udfs.RIJKSDEEL(kolom(1, 2), kolom(0.5, 1.5)), "#WAARDE!", ["verdeelsleutel", "rij 2", "1,5"]),
        (lambda: udfs.RIJKSDEEL(kolom(1, 2), kolom(0.5, 0.5, 0.5)), "#WAARDE!", ["verdeelsleutel", "3×1"]),
        (lambda: udfs.RIJKSDEEL(kolom(1), "vijftig%"), "#WAARDE!", ["percentage"]),
        (lambda: udfs.RIJKSRESTOPGAVE(kolom(1, 2), 0.5, kolom(1)), "#WAARDE!", ["rijksdekking"]),
        (lambda: udfs.OPGAVE("NPLV", "Restopgave_Totaal_Tot2031"), "#N/B", ["Restopgave_Totaal_Tot2030"]),
        (lambda: udfs.OPGAVE("NPXX", "Restopgave_Totaal_Tot2030"), "#WAARDE!", ["programma"]),
        (lambda: udfs.OPGAVE(None, 3.0), "#WAARDE!", ["tekst"]),
        (lambda: udfs.BEDRAG(1, "kg"), "#WAARDE!", ["eenheid"]),
        (lambda: udfs.BEDRAG("veel"), "#WAARDE!", ["geen bedrag"]),
    ],
)
def test_foutwaarden(aanroep, code, woorden):
    assert is_fout(aanroep(), code, *woorden)


def test_een_onverwachte_fout_wordt_ook_een_foutwaarde(monkeypatch):
    def stuk(*args):
        raise RuntimeError("kapot")

    monkeypatch.setattr(formules, "restopgave", stuk)
    assert is_fout(udfs.RESTOPGAVE(1, 1), "#WAARDE!", "interne fout", "RuntimeError", "kapot")


def test_foutwaarde_is_tekst_met_korte_melding():
    fout = wf.Foutwaarde("#WAARDE!", "x" * 500)
    assert isinstance(fout, str) and len(fout) < 220 and fout.endswith("…")


def test_bedrag_als_tekst():
    assert udfs.BEDRAG(2935) == "€2,94 mld."
    assert udfs.BEDRAG(2375) == "€2,38 mld."
    assert udfs.BEDRAG(2375, "mln") == "€2.375 mln."
    assert udfs.BEDRAG(733.75, "mld.") == "€0,73 mld."
    assert udfs.BEDRAG(2375, "miljoen") == "€2.375 mln."
    assert udfs.BEDRAG(999) == "€999 mln."
    assert udfs.BEDRAG("1.000") == "€1,00 mld."
    assert udfs.BEDRAG(-680) == "- €680 mln."
    assert udfs.BEDRAG(-680, "mld") == "- €0,68 mld."
    assert udfs.BEDRAG(None) == "€0 mln."


def test_restopgave_tabel_is_tabel_6():
    onderdelen, opgave, dekking, sleutel, rijks = nplv_blad("tot2030", "fysiek")
    tabel = udfs.RESTOPGAVE_TABEL(onderdelen, opgave, dekking, sleutel, rijks)
    assert tabel[0] == list(wf.TABEL_KOP)
    assert all(len(rij) == 5 for rij in tabel)
    per_naam = {rij[0]: rij[1:] for rij in tabel[1:]}
    # Printed Tabel 6 (on €5 mln): Nieuwbouw 445 / 290 / 155 / 75; Bereikbaarheid 130 / 135 / - / -.
    assert per_naam["Nieuwbouw"] == [445.0, 290.0, 155.0, 77.5]
    assert per_naam["Bereikbaarheid en Mobiliteit"] == [130.0, 135.0, 0.0, 0.0]
    assert per_naam["Herstructurering corporatievoorraad"][:3] == [1735.0, 0.0, 1735.0]
    assert per_naam["Extra gemeentelijke dekking"] == ["n.b.", "PM", "n.b.", "n.b."]
    assert tabel[-1] == ["Totaal", 3050.0, "€675 mln. + PM", "€2.375 mln. - PM", 873.75]


def test_restopgave_tabel_fouten_en_lege_rijen():
    tabel = udfs.RESTOPGAVE_TABEL(kolom("A", None, "B"), kolom(10, None, 5), kolom(4, None, 9), kolom(0.5, None, 1), kolom(1, None, 0))
    assert [rij[0] for rij in tabel] == ["Onderdeel", "A", "B", "Totaal"]
    assert tabel[-1] == ["Totaal", 15.0, 13.0, 2.0, 9.0]
    assert is_fout(udfs.RESTOPGAVE_TABEL(kolom("A", "B"), kolom(1), kolom(1, 2), kolom(1, 1), kolom(0, 0)), "#WAARDE!", "even lang")
    assert is_fout(udfs.RESTOPGAVE_TABEL(kolom("A"), kolom("x"), kolom(1), kolom(1), kolom(0)), "#WAARDE!", "rij 1", "'x'")
    assert is_fout(udfs.RESTOPGAVE_TABEL([["A", "B"], ["C", "D"]], kolom(1, 2), kolom(1, 2), kolom(1, 1), kolom(0, 0)), "#WAARDE!", "één kolom")


def test_dunne_laag_over_de_kern():
    # The fast path (all numbers) and the slow path (text cells) agree with the core.
    opgave = [float(i % 97) for i in range(500)]
    dekking = [float(i % 89) for i in range(500)]
    for methode in ("totaal", "onderdeel"):
        verwacht_ = formules.restopgave(opgave, dekking, methode)
        assert udfs.RESTOPGAVE(kolom(*opgave), kolom(*dekking), methode) == pytest.approx(verwacht_)
        tekst = [f"{w:g}".replace(".", ",") for w in opgave]
        assert udfs.RESTOPGAVE(kolom(*tekst), kolom(*dekking), methode) == pytest.approx(verwacht_)
    assert bedrag_tekst(Bedrag.exact(2445), "mln") == "€2.445 mln."


def test_koude_import_laadt_geen_openpyxl_pandas_of_referentie():
    code = (
        "import sys, xlwings; voor = set(sys.modules); import xl_opgave.udfs; "
        "nieuw = set(sys.modules) - voor; "
        "print(sorted(m for m in nieuw if m.split('.')[0] in ('openpyxl', 'pandas', 'numpy', 'tomllib') "
        "or m in ('xl_opgave.referentie', 'xl_opgave.core.analyse', 'xl_opgave.core.rekenen')))"
    )
    uit = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert uit.strip() == "[]"
    code = "import sys, xl_opgave.udfs; print('openpyxl' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"
