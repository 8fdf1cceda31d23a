"""`xl-opgave excel-setup nplv|npvr --out MAP [--force]`: what a Windows adviser needs to start with xlwings.

Writes into MAP:
- ``<code>_xlwings.xlsm``: the template (same sheets, formulas, names and cached values as
  ``xl-opgave template``) as a macro-enabled workbook, plus
  - xlwings' VBA project from the ``quickstart.xlsm`` that ships with xlwings (BSD licence; it holds a
    reference to the xlwings add-in, so ``RunPython`` resolves once the add-in is installed). Its only
    standard module, Module1, holds ``SampleCall``, which runs
    ``RunPython "import <werkboeknaam>;<werkboeknaam>.main()"`` (the workbook's name without extension;
    xlwings puts the workbook's folder on sys.path),
  - a sheet ``xlwings.conf`` with ``UDF Modules`` = ``xl_opgave.udfs`` (read by the add-in: key in
    column A from A1 down, value in column B),
  - a sheet ``Knoppen`` with the named parameter cells of the macros (`macros.acties.KNOP_*`), a
    drop-down ``Knop_Actie`` (Vul gebied / Controleer / Ververs resultaat) and ONE form-control button,
    *Uitvoeren*, bound to ``SampleCall``: a macro that really is in the VBA project, so the button works
    without importing anything. One entry point cannot reliably tell several buttons apart, hence the
    drop-down instead of three buttons,
  - on sheet Controles, columns F–J unlocked, so Controleer can write its findings there while the
    sheet stays protected;
- ``<code>_xlwings.py``: the module ``SampleCall`` imports (same name as the workbook, next to it), with
  only ``main()``, which calls `xl_opgave.macros.knop_uitvoeren` (the action chosen in Knop_Actie);
- ``xl_opgave_knoppen.bas``: optional, a VBA module with one sub per action (each one ``RunPython`` line
  into `xl_opgave.macros`), for an adviser who wants separate buttons or Alt+F8 macros; it has to be
  imported by hand (no maintained Python library writes VBA source into a vbaProject.bin), and no
  button of the workbook depends on it;
- ``LEESMIJ.txt``: the steps, in Dutch.

The VBA project is a binary taken as is; the workbook is written by XlsxWriter (``add_vba_project``,
``insert_button``) through the template generator's own hook (`werkboek_bytes(..., na_opbouw=...)`),
so the template part is exactly what `xl-opgave template` writes.
"""

from __future__ import annotations

import argparse
import io
import keyword
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

from xl_opgave import WHEEL_NAAM
from xl_opgave.core.fouten import InvoerFout

# The macros (`xl_opgave.macros.acties`) and the reference data are imported where they are used: the command
# line registers this command on every start-up.
PROGRAMMAS = ("nplv", "npvr")  # as `referentie.PROGRAMMAS`

UDF_MODULE = "xl_opgave.udfs"
CONF_BLAD = "xlwings.conf"
BAS_NAAM = "xl_opgave_knoppen.bas"
VBA_MODULE = "xl_opgave_knoppen"
LEESMIJ_NAAM = "LEESMIJ.txt"
# The macro of xlwings' quickstart VBA project (Module1) that the Uitvoeren button runs.
KNOP_MACRO = "SampleCall"
KNOP_OPSCHRIFT = "Uitvoeren"

# The actions: caption (= the Knop_Actie choice), VBA sub of the optional .bas, Python entry point
# (xl_opgave.macros), what it does.
KNOPPEN: tuple[tuple[str, str, str, str], ...] = (
    ("Vul gebied", "XlOpgaveVulGebied", "vul_gebied_knop",
     "vult blad Invoer met de cijfers van het gekozen gebied uit het databestand"),
    ("Controleer", "XlOpgaveControleer", "controleer_knop",
     "zet de bevindingen van de controle op blad Controles, kolommen F–J"),
    ("Ververs resultaat", "XlOpgaveVerversResultaat", "ververs_resultaat_knop",
     "herberekent Berekening, Resultaat en Controles"),
)


def xlsm_naam(code: str) -> str:
    return f"{code}_xlwings.xlsm"


def module_naam(code: str) -> str:
    """The Python module SampleCall imports: the workbook's name without extension."""
    naam = Path(xlsm_naam(code)).stem
    if not naam.isidentifier() or keyword.iskeyword(naam) or naam in sys.stdlib_module_names:
        raise ValueError(f"{xlsm_naam(code)}: {naam!r} is geen bruikbare Python-modulenaam")
    return naam


def py_naam(code: str) -> str:
    return f"{module_naam(code)}.py"


PY_TEKST = '''"""Knop Uitvoeren van {xlsm} (gemaakt door xl-opgave excel-setup).

De knop start de macro SampleCall in het werkboek. Die laat xlwings (RunPython) de functie main()
uitvoeren uit het Python-bestand met dezelfde naam als het werkboek, in dezelfde map: dit bestand.
Hernoemt u het werkboek, hernoem dan ook dit bestand (alleen letters, cijfers en _, niet beginnen
met een cijfer).
"""

from xl_opgave.macros import knop_uitvoeren


def main() -> None:
    """Voert de actie uit die op blad Knoppen bij Actie (cel Knop_Actie) gekozen is."""
    knop_uitvoeren()
'''


def py_tekst(code: str) -> str:
    """The module next to the .xlsm: only main(), which runs the action chosen on sheet Knoppen."""
    tekst = PY_TEKST.replace("{xlsm}", xlsm_naam(code))
    tekst.encode("ascii")  # whatever the editor or code page, it reads the same
    return tekst


def run_python_opdracht(functie: str) -> str:
    """The Python statement a VBA sub passes to RunPython."""
    return f"import xl_opgave.macros as m; m.{functie}()"


def quickstart_vba() -> bytes:
    """xl/vbaProject.bin of the quickstart.xlsm in the installed xlwings package."""
    import xlwings

    pad = Path(xlwings.__file__).parent / "quickstart.xlsm"
    try:
        with zipfile.ZipFile(pad) as pakket:
            return pakket.read("xl/vbaProject.bin")
    except (OSError, KeyError, zipfile.BadZipFile) as fout:
        raise InvoerFout(f"het VBA-project van xlwings is niet te lezen ({type(fout).__name__})", bron=str(pad)) from None


def bas_tekst() -> str:
    """The VBA module with one sub per button (CRLF, ASCII: what the VBA editor imports)."""
    regels = [
        f'Attribute VB_Name = "{VBA_MODULE}"',
        "' Losse knop-macro's van het xl_opgave-sjabloon (xl-opgave excel-setup); optioneel: de knop",
        "' Uitvoeren op blad Knoppen werkt ook zonder deze module.",
        "' Elke Sub roept Python aan via xlwings (RunPython). Nodig: xl-opgave, geinstalleerd uit het",
        f"' wheel-bestand van het team: py -m pip install {WHEEL_NAAM}",
        "' (macOS: python3 -m pip install ...; zodra xl-opgave op PyPI staat: pip install xl-opgave),",
        "' de xlwings-invoegtoepassing (xlwings addin install) en een verwijzing naar xlwings",
        "' (Extra > Verwijzingen; in het werkboek van excel-setup staat die al aan).",
        "' Werkt het niet: xl-opgave diagnose WERKBOEK.xlsm zegt wat er ontbreekt.",
        "Option Explicit",
        "",
    ]
    for opschrift, sub, functie, _ in KNOPPEN:
        regels += [
            f"' Knop '{opschrift}'",
            f"Sub {sub}()",
            f'    RunPython "{run_python_opdracht(functie)}"',
            "End Sub",
            "",
        ]
    tekst = "\r\n".join(regels)
    tekst.encode("ascii")  # the VBA editor reads the system code page: keep it ASCII
    return tekst


def _aanvulling(code: str, vba: bytes) -> Callable[[object], None]:
    """What is added to the template's XlsxWriter workbook just before it is closed."""
    from xl_opgave.macros import acties
    from xl_opgave.vullen.gebieden import laad_gebieden
    from xl_opgave.werkboek import namen as nm

    gebieden = laad_gebieden(code).namen

    def voeg_toe(wb) -> None:
        wb.add_vba_project(io.BytesIO(vba), is_stream=True)
        vet = wb.add_format({"bold": True})
        titel = wb.add_format({"bold": True, "font_size": 14, "font_color": "#1F3864"})
        klein = wb.add_format({"font_color": "#595959", "italic": True, "text_wrap": True, "valign": "top"})
        invoer = wb.add_format({"bg_color": "#FFF2CC", "font_color": "#0000FF", "border": 1,
                                "border_color": "#BFBFBF", "locked": False})
        status = wb.add_format({"text_wrap": True, "valign": "top", "border": 1, "border_color": "#BFBFBF"})
        open_ = wb.add_format({"locked": False, "text_wrap": True, "valign": "top"})

        # Controles: the findings columns stay writable under the sheet protection.
        controles = wb.get_worksheet_by_name(nm.BLAD_CONTROLES)
        for kolom, breedte in zip(range(5, 10), (6, 22, 18, 60, 60), strict=True):
            controles.set_column(kolom, kolom, breedte, open_)

        ws = wb.add_worksheet(acties.BLAD_KNOPPEN)
        ws.set_column(0, 0, 28)
        ws.set_column(1, 1, 60)
        ws.set_column(2, 2, 70)
        ws.set_column(11, 11, 30)
        ws.write(0, 0, "Knoppen (xlwings-macro's)", titel)
        keuzes = [label for label, _ in acties.ACTIE_KEUZES]
        velden = (
            (acties.KNOP_ACTIE, "Actie", f"Wat de knop {KNOP_OPSCHRIFT} doet: kies uit de lijst (zie hieronder)."),
            (acties.KNOP_GEBIED, "Gebied", f"Voor Vul gebied: kies uit de lijst ({len(gebieden)} gebieden van "
             f"{code.upper()}); leeg = het gebied op blad Invoer."),
            (acties.KNOP_DATABESTAND, "Databestand", "Voor Vul gebied: pad naar een .xlsx met de bladen Opgave en "
             "Dekking, of naar een map met opgave.csv en dekking.csv. Een pad zonder schijf geldt vanaf de map "
             "van dit werkboek."),
            (acties.KNOP_GEBIEDENLIJST, "Eigen gebiedenlijst (optioneel)", "CSV met een kolom gebied; leeg = de "
             "meegeleverde lijst."),
        )
        cel: dict[str, tuple[int, int]] = {}
        for i, (naam, label, uitleg) in enumerate(velden):
            rij = 2 + i
            ws.write(rij, 0, label, vet)
            ws.write_blank(rij, 1, None, invoer)
            ws.write(rij, 2, uitleg, klein)
            wb.define_name(naam, f"='{acties.BLAD_KNOPPEN}'!$B${rij + 1}")
            cel[naam] = (rij, 1)
        ws.write_string(*cel[acties.KNOP_ACTIE], acties.STANDAARD_KEUZE, invoer)
        ws.data_validation(*cel[acties.KNOP_ACTIE], *cel[acties.KNOP_ACTIE], {
            "validate": "list", "source": keuzes, "input_title": "Actie",
            "input_message": f"Kies wat de knop {KNOP_OPSCHRIFT} doet.", "error_title": "Actie",
            "error_message": "Kies " + ", ".join(keuzes[:-1]) + f" of {keuzes[-1]}."})
        ws.write(11, 11, "Gebieden (keuzelijst)", vet)
        for i, gebied in enumerate(gebieden):
            ws.write_string(12 + i, 11, gebied)
        ws.data_validation(*cel[acties.KNOP_GEBIED], *cel[acties.KNOP_GEBIED], {
            "validate": "list", "source": f"=$L$13:$L${12 + len(gebieden)}", "error_type": "information",
            "error_title": "Gebied", "error_message": "Dit gebied staat niet in de lijst; met een eigen "
            "gebiedenlijst kan dat kloppen."})
        # One button: SampleCall is the only macro the VBA project really has (see the module docstring).
        ws.insert_button(7, 0, {"macro": KNOP_MACRO, "caption": KNOP_OPSCHRIFT, "width": 180, "height": 28})
        ws.write(7, 1, "Voert de gekozen Actie uit.", klein)
        ws.write(9, 0, "Status", vet)
        ws.write_blank(9, 1, None, status)
        ws.set_row(9, 45)
        wb.define_name(acties.KNOP_STATUS, f"='{acties.BLAD_KNOPPEN}'!$B$10")
        for i, (opschrift, _, _, uitleg) in enumerate(KNOPPEN):
            ws.write(11 + i, 0, opschrift, vet)
            ws.write(11 + i, 1, uitleg, klein)
        py = py_naam(code)
        regels = [
            f"Zo werkt de knop {KNOP_OPSCHRIFT} (eenmalig, Windows of macOS):",
            f"1. Installeer het wheel-bestand van het team: py -m pip install {WHEEL_NAAM} (macOS: python3 -m pip "
            "install …); sluit Excel en typ: xlwings addin install",
            f"2. Macro's inschakelen bij het openen. De knop start de macro {KNOP_MACRO}; die roept via xlwings "
            f"(RunPython) main() aan uit {py}.",
            f"3. {py} moet naast dit werkboek staan, met dezelfde naam. Hernoemt u het werkboek, hernoem dan ook "
            "het .py-bestand (alleen letters, cijfers en _).",
            f"Werkbladfuncties (Windows): tabblad xlwings > Import Functions; blad {CONF_BLAD} zet UDF Modules "
            f"op {UDF_MODULE}. Daarna werkt bijvoorbeeld =RESTOPGAVE(B4:B8; C4:C8).",
            f"Liever een knop per actie: importeer {BAS_NAAM} (optioneel; zie {LEESMIJ_NAAM}).",
            f"Werkt de knop of een functie niet: typ in de map van dit werkboek xl-opgave diagnose {xlsm_naam(code)} "
            "(elke regel met ✘ zegt wat te doen).",
            f"Meer: {LEESMIJ_NAAM}.",
        ]
        for i, regel in enumerate(regels):
            ws.write(15 + i, 0, regel, vet if i == 0 else None)
        # No ws.activate(): the template activates Invoer afterwards, and two selected tabs would open
        # as a group in Excel (typing would then write into both sheets).

        conf = wb.add_worksheet(CONF_BLAD)
        conf.set_column(0, 0, 16)
        conf.set_column(1, 1, 24)
        conf.set_column(3, 3, 90)
        # xlwings reads keys from A1 down to the first empty cell in column A: keep A2 empty.
        conf.write_string(0, 0, "UDF Modules")
        conf.write_string(0, 1, UDF_MODULE)
        conf.write(0, 3, "Instellingen voor xlwings in dit werkboek (gaan voor de instellingen van de "
                   "invoegtoepassing). Sleutel in kolom A vanaf A1, waarde in kolom B, zonder lege regel ertussen.",
                   klein)

    return voeg_toe


def xlsm_bytes(code: str) -> bytes:
    """The template of `code` as .xlsm, wired to xlwings (see the module docstring)."""
    from xl_opgave import referentie
    from xl_opgave.werkboek.sjabloon import werkboek_bytes

    ref = referentie.laad(code)
    aanvulling = _aanvulling(ref.programma.code.lower(), quickstart_vba())
    return werkboek_bytes(ref.programma, ref.resultaat_namen, na_opbouw=aanvulling)


def leesmij(code: str) -> str:
    return (LEESMIJ.replace("{code}", code).replace("{xlsm}", xlsm_naam(code)).replace("{py}", py_naam(code))
            .replace("{wheel}", WHEEL_NAAM))


def bestanden(code: str) -> dict[str, bytes]:
    """File name → content of everything excel-setup writes."""
    return {
        xlsm_naam(code): xlsm_bytes(code),
        py_naam(code): py_tekst(code).encode("ascii"),
        BAS_NAAM: bas_tekst().encode("ascii"),
        LEESMIJ_NAAM: leesmij(code).replace("\n", "\r\n").encode("utf-8-sig"),
    }


def registreer(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "excel-setup",
        help="maak het sjabloon als .xlsm met xlwings (werkbladfuncties, knop) en de stappen voor Excel",
        description="Schrijft in MAP: het sjabloon als .xlsm met xlwings' VBA-project, het blad xlwings.conf "
        f"(UDF Modules = {UDF_MODULE}) en de knop {KNOP_OPSCHRIFT} (macro {KNOP_MACRO}) op blad Knoppen; het "
        "Python-bestand met dezelfde naam als het werkboek, dat de knop aanroept (laat het naast het werkboek "
        f"staan); {BAS_NAAM} (optioneel: een VBA-macro per actie) en {LEESMIJ_NAAM} met de stappen.",
    )
    parser.add_argument("programma", choices=PROGRAMMAS, help="nplv of npvr")
    parser.add_argument("--out", required=True, metavar="MAP", help="de map waarin de bestanden komen")
    parser.add_argument("--force", action="store_true", help="overschrijf bestaande bestanden")
    parser.set_defaults(voer_uit=voer_uit)


def voer_uit(args: argparse.Namespace) -> int:
    from xl_opgave.bestanden import eis_vrij, schrijf_atomisch

    map_ = Path(args.out)
    if map_.exists() and not map_.is_dir():
        print(f"fout: {map_} is geen map", file=sys.stderr)
        return 2
    inhoud = bestanden(args.programma)
    doelen = {map_ / naam: data for naam, data in inhoud.items()}
    # An existing output without --force and write errors: exit 2 through xl_opgave.cli.main.
    eis_vrij(doelen, overschrijven=args.force)
    map_.mkdir(parents=True, exist_ok=True)
    for pad, data in doelen.items():
        schrijf_atomisch(pad, data, overschrijven=args.force)
    for pad in doelen:
        print(f"geschreven: {pad}")
    return 0


LEESMIJ = r"""# Excel: `=RESTOPGAVE()` en de knop Uitvoeren

De werkbladfuncties (`=RESTOPGAVE()`, `=RIJKSDEEL()`, `=RIJKSRESTOPGAVE()`, `=JAARLIJKS()`, `=OPGAVE()`,
`=RESTOPGAVE_TABEL()`, `=BEDRAG()`) en de knop Uitvoeren van het sjabloon lopen via xlwings: Excel roept de
Python-code van xl-opgave aan die op uw eigen computer staat.

## Wat werkt waar

| | Windows, Excel (bureaublad) | macOS, Excel | Excel op het web |
|---|---|---|---|
| Formules van het sjabloon zelf | ja | ja | ja |
| Werkbladfuncties zoals `=RESTOPGAVE()`, met Python op de computer (klassiek xlwings) | ja | nee (klassieke xlwings-functies werken alleen op Windows) | nee |
| Werkbladfuncties zoals `=RESTOPGAVE()`, zonder Python (xlwings Lite; Microsoft 365 of Office 2021 en nieuwer) | ja | ja (macOS 13 of nieuwer) | ja |
| De knop Uitvoeren (Vul gebied, Controleer, Ververs resultaat), met Python op de computer | ja | ja (RunPython werkt op macOS) | nee (geen VBA, geen lokale Python) |
| *Controleer* en *Ververs resultaat* als script in xlwings Lite | ja | ja | ja |
| *Vul gebied* in xlwings Lite | nee (geen toegang tot bestanden op de computer; gebruik `xl-opgave fill`) | nee | nee |

Zonder Python op de computer (macOS, Excel op het web, of Windows): xlwings Lite, een gratis
invoegtoepassing uit de Office-winkel; Python draait dan via Pyodide in Excel zelf. `xl-opgave lite --out MAP`
schrijft het `main.py` dat u in de editor van xlwings Lite plakt (het staat ook in `workbooks/xlwings_lite/`
van xl-opgave): de zeven werkbladfuncties en de scripts Controleer en Ververs resultaat. De stappen staan in
de README, 'Werkbladfuncties op macOS en Excel op het web'.

## 1. Eenmalig installeren (Windows)

1. Installeer Python 3.11 of nieuwer (python.org; vink "Add python.exe to PATH" aan).
2. Installeer xl-opgave. Het staat nog niet in de openbare pakketindex (PyPI), dus `pip install xl-opgave`
   werkt nog niet: u krijgt van het team het bestand `{wheel}`. Open de Opdrachtprompt
   (Windows-toets, typ `cmd`), ga naar de map met dat bestand (bijvoorbeeld `cd %USERPROFILE%\Downloads`)
   en typ:
   `py -m pip install {wheel}`
   (of typ `py -m pip install ` en sleep het bestand in het venster). Dit installeert ook xlwings en de
   andere pakketten die xl-opgave gebruikt; die komen van PyPI, dus internet is nodig. Heeft u de broncode
   (een map met `pyproject.toml`), typ dan in die map: `py -m pip install .`
   Zodra xl-opgave op PyPI staat, is het `py -m pip install xl-opgave` (bijwerken:
   `py -m pip install --upgrade xl-opgave`). Tot dan installeert u een nieuwere versie met het nieuwe
   wheel-bestand, op dezelfde manier.
3. Sluit Excel helemaal en typ:
   `xlwings addin install`
   Start Excel: er is nu een tabblad **xlwings**.
4. Excel: **Bestand > Opties > Vertrouwenscentrum > Instellingen voor het Vertrouwenscentrum >
   Macro-instellingen**: vink **Toegang tot het objectmodel van het VBA-project vertrouwen** aan.
   Dat is nodig voor *Import Functions*.
5. Vindt xlwings de Python met xl-opgave niet (foutmelding "ModuleNotFoundError: xl_opgave")? Typ in de
   Opdrachtprompt `where pythonw` en vul dat pad in bij **Interpreter** op het tabblad xlwings
   (met Anaconda: **Conda Path** en **Conda Env** in plaats daarvan).
6. Controleer alles in één keer: `xl-opgave diagnose` (met een werkboek: `xl-opgave diagnose {xlsm}`).
   Per onderdeel staat er ✔ of ✘, en bij ✘ wat u moet doen: welke Python xlwings start en of daarin
   xl-opgave staat, de invoegtoepassing, UDF Modules, het vertrouwen van het VBA-project, en bij een
   werkboek of het .py-bestand ernaast staat en of Windows het blokkeert. Wordt `xl-opgave` niet
   gevonden, typ dan `py -m xl_opgave.cli diagnose`.

## 2. `=RESTOPGAVE()` in een bestaand werkboek

1. Open uw werkboek en sla het op als **Excel-werkmap met macro's (*.xlsm)**: *Import Functions* zet de
   functies als kleine VBA-functies in het werkboek.
2. Druk Alt+F11, kies **Extra > Verwijzingen**, vink **xlwings** aan en klik OK. Sluit de VBA-editor.
3. Tabblad xlwings: typ bij **UDF Modules** `xl_opgave.udfs` en druk Enter.
   Deze instelling geldt voor al uw werkboeken; xlwings bewaart haar in
   `%USERPROFILE%\.xlwings\xlwings.conf` als de regel `"UDF MODULES","xl_opgave.udfs"`.
   (Alleen voor dit ene werkboek kan het ook met een blad `xlwings.conf`: in A1 `UDF Modules`, in B1
   `xl_opgave.udfs`; het werkboek van `xl-opgave excel-setup` heeft dat blad al.)
4. Klik op het tabblad xlwings op **Import Functions**. De functies staan nu in de categorie
   **xl_opgave** van *Functie invoegen* (fx), met een Nederlandse uitleg bij elk argument.
5. Typ in een cel, met opgaven in B4:B8 en dekking in C4:C8 (in € mln):
   `=RESTOPGAVE(B4:B8; C4:C8)`
   (Engelstalige Excel: komma's in plaats van puntkomma's.) Per onderdeel afgekapt op nul:
   `=RESTOPGAVE(B4:B8; C4:C8; "onderdeel")`. Andere voorbeelden: `=RIJKSDEEL(B4:B8; D4:D8)`,
   `=JAARLIJKS(E10; "tot2030")`, `=OPGAVE("NPLV"; "Restopgave_Totaal_Tot2030")`, `=BEDRAG(E12)`.
   Lege cellen en `-` tellen als 0, `n.b.` telt niet mee, en een `PM` wordt nooit als 0 geteld: de
   uitkomst laat zien dat er een PM in zit (bijvoorbeeld "€2.445 mln. + PM").
6. Sla op. Wie het werkboek opent, heeft dezelfde installatie nodig (stap 1) om de functies te laten
   rekenen. Na het installeren van een nieuwere versie (stap 1.2) met nieuwe of gewijzigde functies:
   opnieuw *Import Functions*.

## 3. De functies in élk werkboek (ook .xlsx)

*Import Functions* zet de functies in één werkboek. Om ze in alle werkboeken te hebben, ook gewone
.xlsx-bestanden, maakt u eenmalig een eigen invoegtoepassing:

1. Typ in de Opdrachtprompt, in een map naar keuze:
   `xlwings quickstart xl_opgave_functies --addin`
   Dit maakt de map `xl_opgave_functies` met `xl_opgave_functies.xlam`.
2. Dubbelklik op `xl_opgave_functies.xlam` en open een nieuw leeg werkboek (Ctrl+N). Druk Alt+F11,
   kies in het project van de invoegtoepassing **ThisWorkbook** en zet in het venster Eigenschappen
   **IsAddin** op **False**. Het blad `_myaddin.conf` wordt zichtbaar: hernoem het naar `myaddin.conf`
   en zet naast `UDF Modules` de waarde `xl_opgave.udfs` (en zo nodig de Interpreter, zie 1.5).
3. Zet in de VBA-editor de cursor in de Sub `ImportPythonUDFsToAddin` (module `xlwings`) en druk F5.
   Zet **IsAddin** weer op **True** en sla op vanuit de VBA-editor (Ctrl+S).
4. Sluit Excel en typ: `xlwings addin install --file C:\pad\naar\xl_opgave_functies.xlam`
   Excel laadt de invoegtoepassing voortaan bij elke start; `=RESTOPGAVE(B4:B8; C4:C8)` werkt dan in elk
   werkboek, zonder verwijzing en zonder .xlsm.

## 4. Het sjabloon met de knop

1. Typ: `xl-opgave excel-setup nplv --out C:\pad\naar\map` (of `npvr`). In die map komen
   `{xlsm}`, `{py}`, `xl_opgave_knoppen.bas` en deze `LEESMIJ.txt`.
2. Staat het bestand op een netwerk of kwam het uit e-mail of internet: klik met rechts op het bestand >
   Eigenschappen > **Blokkering opheffen**, anders blokkeert Windows de macro's.
3. Open `{xlsm}` en klik op **Inhoud inschakelen**.
4. Er hoeft niets geïmporteerd te worden: de knop **Uitvoeren** op blad Knoppen start de macro
   `SampleCall`, die al in het werkboek staat (het meegeleverde VBA-project is dat van xlwings'
   quickstart-werkboek). Die macro laat xlwings (RunPython) de functie `main()` uitvoeren uit het
   Python-bestand met dezelfde naam als het werkboek, in dezelfde map: `{py}`.
   Houd die twee bij elkaar: `{py}` moet naast `{xlsm}` staan, met
   dezelfde naam; kopieer of verplaats ze samen. Hernoemt u het werkboek (ook met *Opslaan als*),
   hernoem dan ook het .py-bestand: `gemeente_x.xlsm` hoort bij `gemeente_x.py`. Gebruik in die naam
   alleen letters, cijfers en `_` en begin niet met een cijfer (geen spaties of streepjes): de naam is
   ook de naam van een Python-module.
5. Voor de werkbladfuncties in dit werkboek (Windows): tabblad xlwings > **Import Functions**
   (blad `xlwings.conf` zet UDF Modules al op `xl_opgave.udfs`).
6. Blad **Knoppen**: kies bij **Actie** wat de knop doet (standaard *Ververs resultaat*); kies voor
   *Vul gebied* ook een **Gebied** en typ het pad van het **Databestand** (een .xlsx met de bladen
   Opgave en Dekking, of een map met opgave.csv en dekking.csv; een pad zonder schijfletter geldt vanaf
   de map van het werkboek). Klik dan op **Uitvoeren**:
   - **Vul gebied**: vult blad Invoer met de cijfers van dat gebied (er wordt niets geschreven als het
     databestand fouten heeft; die ziet u in een melding);
   - **Controleer**: zet de bevindingen van de controle op blad Controles, kolommen F tot en met J;
   - **Ververs resultaat**: herberekent alles en meldt de hoofdcontrole.
   De uitkomst staat in de cel **Status**; bij een fout verschijnt ook een melding.
7. Optioneel, liever een eigen knop per actie: druk Alt+F11 (macOS: Option+F11), kies **Bestand >
   Bestand importeren** en kies `xl_opgave_knoppen.bas`; sla het werkboek op. Dan zijn er de macro's
   `XlOpgaveVulGebied`, `XlOpgaveControleer` en `XlOpgaveVerversResultaat` (starten met Alt+F8, of
   koppelen aan een eigen knop of vorm: klik er met rechts op > **Macro toewijzen**). Zij lezen dezelfde
   cellen op blad Knoppen, behalve Actie, en hebben `{py}` niet nodig.
8. macOS: dezelfde stappen 1, 3, 4 en 6. Installeer Python van python.org en typ in de Terminal, in de
   map met het wheel-bestand: `python3 -m pip install {wheel}` (met de broncode, in die map:
   `python3 -m pip install .`), daarna `xlwings addin install`. Controleren: `xl-opgave diagnose --route mac`.
   *Controleer* bekijkt op macOS de laatst opgeslagen versie: sla eerst op.
9. Werkt de knop niet (bijvoorbeeld "ModuleNotFoundError" of "File not found")? Typ in de map van het
   werkboek `xl-opgave diagnose {xlsm}`.
"""
