"""The worksheet functions in LibreOffice as an independent spreadsheet.

A throw-away profile gets the Basic shim and the Python script of `xl_opgave.libreoffice_functies`;
a workbook with =RESTOPGAVE(...), =RIJKSDEEL(...), =JAARLIJKS(...) cells over named input ranges is
recalculated headless, and each cell is compared with the sheet's own native formula and the core.
One sheet holds the NPLV figures of the fysieke pijler tot 2030 (Tabel 6) as an adviser types them
('-', n.b., PM, Dutch text); a second test adds an adviser's own sheet to the NPLV template whose
function cells run over the template's named ranges and must agree with its native formulas.
Skips without soffice locally, fails under CI (conftest).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from xl_opgave import libreoffice_functies
from xl_opgave.core import formules

openpyxl = pytest.importorskip("openpyxl")

pytestmark = pytest.mark.libreoffice

# Fysieke pijler tot 2030, as an adviser types it: '-' for none, n.b. for pillar-wide rows, PM.
RIJEN = [
    ("Nieuwbouw", 445, 290, 0.5, 145),
    ("Herstructurering corporatievoorraad", 1735, "-", 0.3, "-"),
    ("Herstructurering particuliere voorraad", 475, "-", 0.7, None),
    ("Leefomgeving", 265, 180, 0.75, 180),
    ("Bereikbaarheid en Mobiliteit", 130, 135, 0.65, 90),
    ("Capaciteit", "n.b.", 50, None, 50),
    ("Programma-organisatie", "n.b.", 20, None, 20),
    ("Extra gemeentelijke dekking", "n.b.", "PM", None, None),
]
EERSTE, LAATSTE = 2, 1 + len(RIJEN)  # sheet rows
ZONDER_PM = LAATSTE - 1

# (cell, UDF formula, native formula or None, expected value)
CELLEN = [
    ("A1", "RESTOPGAVE(Opgave,Dekking)", None, "€2.375 mln. - PM"),
    ("A2", f"RESTOPGAVE(Invoer!B{EERSTE}:B{ZONDER_PM},Invoer!C{EERSTE}:C{ZONDER_PM})",
     f"MAX(0,SUM(Invoer!B{EERSTE}:B{ZONDER_PM})-SUM(Invoer!C{EERSTE}:C{ZONDER_PM}))", 2375.0),
    ("A3", f'RESTOPGAVE(Invoer!B{EERSTE}:B{ZONDER_PM},Invoer!C{EERSTE}:C{ZONDER_PM},"onderdeel")',
     f"MAX(0,SUM(Invoer!F{EERSTE}:F{EERSTE + 4})-SUM(Invoer!C{EERSTE + 5}:C{ZONDER_PM}))",
     2380.0),
    ("A4", "RIJKSDEEL(Opgave,Verdeelsleutel)",
     f"SUMPRODUCT(Invoer!B{EERSTE}:B{EERSTE + 4},Invoer!D{EERSTE}:D{EERSTE + 4})", 1358.75),
    ("A5", 'JAARLIJKS(B2,"tot2030")', "B2/4", 593.75),
    ("A6", "JAARLIJKS(B2,2026,2029)", "B2/(2029-2026+1)", 593.75),
    ("A7", 'RESTOPGAVE(Invoer!B2:B3,Invoer!C2:C4)', None, "#WAARDE!"),
    ("A8", 'JAARLIJKS(100,"tot 2031")', None, "#N/B"),
    ("A9", "RIJKSDEEL(445,0.5)", "445*0.5", 222.5),
    ("A10", 'RESTOPGAVE("1.735","12,5")', "1735-12.5", 1722.5),  # Dutch number text
    ("A11", "RIJKSRESTOPGAVE(Opgave,Verdeelsleutel,Rijksdekking)", None, 873.75),
]


def werkboek(pad: Path) -> None:
    wb = openpyxl.Workbook()
    invoer = wb.active
    invoer.title = "Invoer"
    invoer.append(["Onderdeel", "Opgave", "Dekking", "Verdeelsleutel", "Rijksdekking"])
    for rij in RIJEN:
        invoer.append(list(rij))
    for r in range(EERSTE, EERSTE + 5):  # native per-row restopgave for the 'onderdeel' comparison
        invoer[f"F{r}"] = f"=MAX(0,B{r}-IF(ISNUMBER(C{r}),C{r},0))"
    # B2 of the Uitkomst sheet: a plain number for JAARLIJKS.
    uitkomst = wb.create_sheet("Uitkomst")
    uitkomst["B2"] = 2375
    for kolom, naam in zip("BCDE", ("Opgave", "Dekking", "Verdeelsleutel", "Rijksdekking"), strict=True):
        wb.defined_names[naam] = openpyxl.workbook.defined_name.DefinedName(
            naam, attr_text=f"Invoer!${kolom}${EERSTE}:${kolom}${LAATSTE}"
        )
    for cel, formule, natief, _ in CELLEN:
        uitkomst[cel] = f"={formule}"
        if natief:
            uitkomst[cel.replace("A", "C")] = f"={natief}"
    wb.save(pad)


def test_functies_in_libreoffice(tmp_path):
    from xl_opgave.werkboek.libreoffice import herbereken, maak_profiel

    if shutil.which("python3") is None:
        pytest.skip("geen python3 voor LibreOffice's scriptprovider")
    profiel = maak_profiel(tmp_path / "profiel", **libreoffice_functies.profiel_inhoud())
    bron = tmp_path / "udfs.xlsx"
    werkboek(bron)
    (uit,) = herbereken([bron], tmp_path / "uit", profiel=profiel, timeout=180)
    blad = openpyxl.load_workbook(uit, data_only=True)["Uitkomst"]
    for cel, formule, natief, verwacht in CELLEN:
        waarde = blad[cel].value
        assert waarde != "#NAME?", f"{formule}: de functie is niet geladen"
        if isinstance(verwacht, float):
            assert waarde == pytest.approx(verwacht), (formule, waarde)
        elif verwacht.startswith("#"):
            assert isinstance(waarde, str) and waarde.startswith(verwacht + " "), (formule, waarde)
        else:
            assert waarde == verwacht, (formule, waarde)
        if natief:
            assert blad[cel.replace("A", "C")].value == pytest.approx(waarde), (formule, natief)
    assert blad["A2"].value == pytest.approx(formules.restopgave([445, 1735, 475, 265, 130, 0, 0], [290, 0, 0, 180, 135, 50, 20]))


def test_shim_rekent_niet_zelf():
    # The Basic shim and the script only hand values on; the arithmetic is the core's.
    basic = libreoffice_functies.basic_module()
    script = libreoffice_functies.python_script("/repo")
    for naam in ("RESTOPGAVE", "RIJKSDEEL", "RIJKSRESTOPGAVE", "JAARLIJKS", "OPGAVE", "BEDRAG"):
        assert f"Function {naam}(" in basic
        assert f"def {naam}(*argumenten):" in script
    assert "max(" not in script.lower() and "max(" not in basic.lower()
    compile(script, "xl_opgave_lo.py", "exec")
    assert libreoffice_functies.roep("RESTOPGAVE", (((445.0,), ("PM",)), ((290.0,), ("",)), "totaal")) == "€155 mln. + PM"
    assert libreoffice_functies.roep("ONBEKEND", ()).startswith("#WAARDE! ")


# An adviser's own sheet in the template: function cells over the template's names, and the
# template's native named result each must agree with.
EIGEN_BLAD = [
    ("RESTOPGAVE(Opgave_Fysiek_Tot2030,Dekking_Fysiek_Tot2030)", "Restopgave_Fysiek_Tot2030"),
    ("RESTOPGAVE(Opgave_Sociaal_Van2030,Dekking_Sociaal_Van2030)", "Restopgave_Sociaal_Van2030"),
    ("RIJKSDEEL(In_Opgaven_Tot2030,In_Sleutels)", "RijksOpgave_Totaal_Tot2030"),
    ("RIJKSDEEL(In_Opgaven_Van2030,In_Sleutels)", "RijksOpgave_Totaal_Van2030"),
    ('JAARLIJKS(Restopgave_Totaal_Tot2030,"tot2030")', "RestopgaveJaarlijks_Totaal_Tot2030"),
    ("JAARLIJKS(RijksRestopgave_Totaal_Van2030,2030,2035)", "RijksRestopgaveJaarlijks_Totaal_Van2030"),
    ("RIJKSRESTOPGAVE(RijksOpgave_Sociaal_Tot2030,1,RijksDekking_Sociaal_Tot2030)", "RijksRestopgave_Sociaal_Tot2030"),
]


def test_functies_over_de_namen_van_het_sjabloon(tmp_path):
    from xl_opgave.referentie import analyse, laad
    from xl_opgave.werkboek.libreoffice import herbereken, maak_profiel
    from xl_opgave.werkboek.sjabloon import werkboek_bytes

    ref = laad("nplv")

    def eigen_blad(wb) -> None:
        ws = wb.add_worksheet("Eigen blad")
        for rij, (functie, naam) in enumerate(EIGEN_BLAD):
            ws.write_formula(rij, 0, f"={functie}")
            ws.write_formula(rij, 1, f"={naam}")

    bron = tmp_path / "nplv_eigen.xlsx"
    bron.write_bytes(werkboek_bytes(ref.programma, ref.resultaat_namen, na_opbouw=eigen_blad))
    profiel = maak_profiel(tmp_path / "profiel", **libreoffice_functies.profiel_inhoud())
    (uit,) = herbereken([bron], tmp_path / "uit", profiel=profiel, timeout=180)
    blad = openpyxl.load_workbook(uit, data_only=True)["Eigen blad"]
    kern = analyse("nplv").resultaten()
    for rij, (functie, naam) in enumerate(EIGEN_BLAD, start=1):
        functiewaarde, natief = blad.cell(rij, 1).value, blad.cell(rij, 2).value
        assert isinstance(functiewaarde, int | float), (functie, functiewaarde)
        assert functiewaarde == pytest.approx(natief, abs=1e-6), (functie, naam)
        assert functiewaarde == pytest.approx(kern[naam], abs=1e-6), (functie, naam)
