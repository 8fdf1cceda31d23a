"""The checks of `xl-opgave diagnose`, per route, each one ✔/✘ line with what to do.

Routes: what the adviser wants to do on this computer.
- ``windows``: Excel on Windows, the worksheet functions (``=RESTOPGAVE()``) and the Uitvoeren button through
  classic xlwings;
- ``mac``: Excel on macOS, the button through xlwings (RunPython works there); the worksheet functions only
  through xlwings Lite (``xl-opgave lite``);
- ``web``: Excel on the web, only xlwings Lite;
- ``pdf``: PDFs of workbooks through LibreOffice (``xl-opgave pdf``).

The order of the lines is the order in which an adviser fixes things: a later check often fails only
because of an earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xl_opgave import WHEEL_NAAM, __version__
from xl_opgave.diagnose import xlwings_instellingen as xi
from xl_opgave.diagnose.omgeving import Omgeving
from xl_opgave.diagnose.werkmap import Werkmapfeiten

ROUTES = ("windows", "mac", "web", "pdf")
ROUTE_UITLEG = {
    "windows": "Excel op Windows: werkbladfuncties (=RESTOPGAVE()) en de knop Uitvoeren via xlwings",
    "mac": "Excel op macOS: de knop Uitvoeren via xlwings; werkbladfuncties via xlwings Lite",
    "web": "Excel op het web: werkbladfuncties via xlwings Lite",
    "pdf": "PDF's van werkboeken via LibreOffice",
}
# The commands other routes lean on (issue 11: `lite`; issue 9: `pdf`), checked in this installation's CLI.
LITE_COMMANDO = "lite"
PDF_COMMANDO = "pdf"
KNOPMACRO = "SampleCall"  # the macro excel-setup's Uitvoeren button runs (import <werkboeknaam>; main())
MIN_PYTHON = (3, 11)

OK, FOUT, INFO = "ok", "fout", "info"
TEKENS = {OK: "✔", FOUT: "✘", INFO: "•"}


@dataclass(frozen=True)
class Regel:
    soort: str  # OK, FOUT or INFO (INFO never decides the exit status)
    tekst: str
    oplossing: str | None = None


@dataclass(frozen=True)
class Diagnose:
    route: str
    regels: tuple[Regel, ...]

    @property
    def controles(self) -> list[Regel]:
        return [r for r in self.regels if r.soort != INFO]

    @property
    def fouten(self) -> list[Regel]:
        return [r for r in self.regels if r.soort == FOUT]

    @property
    def in_orde(self) -> bool:
        return not self.fouten

    def tekst(self, opnieuw: str = "xl-opgave diagnose") -> str:
        """One screen: a heading, one line per check (with its fix under it), a summary."""
        regels = [f"xl-opgave diagnose, route {self.route}: {ROUTE_UITLEG[self.route]}"]
        for regel in self.regels:
            regels.append(f"{TEKENS[regel.soort]} {regel.tekst}")
            if regel.oplossing and regel.soort == FOUT:
                regels.append(f"    → {regel.oplossing}")
        n, k = len(self.controles), len(self.fouten)
        if k == 0:
            regels.append(f"In orde: alle {n} controles van route {self.route} geslaagd.")
        else:
            regels.append(f"Niet in orde: {k} van {n} controles. Los ze van boven naar beneden op en draai daarna "
                          f"opnieuw: {opnieuw}")
        return "\n".join(regels)


def standaardroute(platform: str) -> str:
    """This platform's route: Windows → windows, macOS → mac, anything else (Linux) → pdf."""
    if platform.startswith("win"):
        return "windows"
    if platform == "darwin":
        return "mac"
    return "pdf"


def _pip(omgeving: Omgeving, wat: str) -> str:
    return f"{'py' if omgeving.windows else 'python3'} -m pip install {wat}"


# -- every route ------------------------------------------------------------------------------------------

def python(omgeving: Omgeving) -> Regel:
    versie = ".".join(str(d) for d in omgeving.python_versie)
    if tuple(omgeving.python_versie[:2]) >= MIN_PYTHON:
        return Regel(OK, f"Python {versie} ({omgeving.python})")
    return Regel(FOUT, f"Python {versie} ({omgeving.python}) is te oud",
                 "installeer Python 3.11 of nieuwer (python.org) en daarin xl-opgave")


def xl_opgave(omgeving: Omgeving) -> Regel:
    geinstalleerd = omgeving.pakketversie("xl-opgave")
    if geinstalleerd == __version__:
        return Regel(OK, f"xl-opgave {__version__}")
    herstel = f"installeer opnieuw: {_pip(omgeving, WHEEL_NAAM)} (of in de bronmap: {_pip(omgeving, '.')})"
    if geinstalleerd is None:
        return Regel(FOUT, f"xl-opgave {__version__} draait, maar is in deze Python niet als pakket geïnstalleerd",
                     herstel)
    return Regel(FOUT, f"xl-opgave {__version__} draait, maar de installatie zegt {geinstalleerd} (half bijgewerkt)",
                 herstel)


def xlwings(omgeving: Omgeving) -> Regel:
    versie = omgeving.pakketversie("xlwings")
    if versie:
        return Regel(OK, f"xlwings {versie}")
    return Regel(FOUT, "xlwings is niet geïnstalleerd in deze Python",
                 f"{_pip(omgeving, 'xlwings')} (xl-opgave installeert het normaal mee)")


def _werkboek_leesbaar(feiten: Werkmapfeiten) -> Regel:
    if feiten.onleesbaar:
        return Regel(FOUT, f"{feiten.pad.name}: {feiten.onleesbaar}",
                     "open het in Excel en sla het op als Excel-werkmap met macro's (.xlsm)")
    return Regel(OK, f"{feiten.pad.name} is leesbaar")


# -- Windows and macOS: classic xlwings -------------------------------------------------------------------

def addin(omgeving: Omgeving) -> tuple[Regel, bool]:
    """The xlwings add-in in Excel's startup folder, and whether it is the one of this xlwings (same bytes)."""
    plaatsen = xi.addin_plaatsen(omgeving)
    gevonden = next((p for p in plaatsen if p.is_file()), None)
    herstel = ("sluit Excel helemaal en typ in " + ("de Opdrachtprompt" if omgeving.windows else "de Terminal")
               + ": xlwings addin install")
    if gevonden is None:
        waar = plaatsen[0].parent if plaatsen else "de opstartmap van Excel"
        return Regel(FOUT, f"xlwings-invoegtoepassing niet geïnstalleerd (geen xlwings.xlam in {waar})", herstel), False
    versie = omgeving.pakketversie("xlwings")
    pakket = omgeving.pakketmap("xlwings")
    meegeleverd = pakket / "addin" / "xlwings.xlam" if pakket else None
    if not versie or meegeleverd is None or not meegeleverd.is_file():
        return Regel(OK, f"xlwings-invoegtoepassing in {gevonden.parent} (versie niet te vergelijken: xlwings "
                         "ontbreekt in deze Python)"), False
    try:
        zelfde = gevonden.read_bytes() == meegeleverd.read_bytes()
    except OSError as fout:
        return Regel(FOUT, f"xlwings-invoegtoepassing in {gevonden.parent} is niet te lezen ({fout.strerror})",
                     herstel), False
    if zelfde:
        return Regel(OK, f"xlwings-invoegtoepassing {versie} in {gevonden.parent}"), True
    return Regel(FOUT, f"de xlwings-invoegtoepassing in {gevonden.parent} is niet die van xlwings {versie} (een "
                       "andere versie: Excel zoekt dan een xlwings64-….dll die er niet is, 'File not found')",
                 herstel), False


def applescript(omgeving: Omgeving) -> Regel:
    """macOS: RunPython goes through xlwings-<versie>.applescript (AppleScriptTask)."""
    versie = omgeving.pakketversie("xlwings")
    if not versie:
        return Regel(FOUT, "RunPython (macOS): xlwings ontbreekt, dus ook zijn AppleScript",
                     _pip(omgeving, "xlwings"))
    pad = xi.applescript_pad(omgeving, versie)
    if pad.is_file():
        return Regel(OK, f"RunPython (macOS): {pad.name} in {pad.parent}")
    return Regel(FOUT, f"RunPython (macOS): {pad.name} ontbreekt in {pad.parent}",
                 "typ in de Terminal: xlwings runpython install (of xlwings addin install)")


def _waar_wijzigen(gevonden: xi.Gevonden | None, instelling: str, waarde: str) -> str:
    """Where the adviser changes a setting: the sheet cell or folder file that decided, else the ribbon."""
    if gevonden is not None and gevonden.laag.soort == xi.BLAD:
        return f"zet op {gevonden.laag.naam}, {gevonden.plaats}: {waarde}"
    if gevonden is not None and gevonden.laag.soort == xi.MAP:
        return f"zet in {gevonden.laag.naam} bij {instelling.upper()}: {waarde} (of verwijder dat bestand)"
    return f"tabblad xlwings > {instelling}: {waarde}"


@dataclass(frozen=True)
class XlwingsPython:
    regel: Regel
    pad: str | None  # the interpreter file, when it exists
    xlwings: str | None  # its xlwings version, when known


def xlwings_python(omgeving: Omgeving, instellingen: xi.Instellingen) -> XlwingsPython:
    """The Python the add-in starts, against the Python running now (the one this diagnosis is about)."""
    ip = xi.interpreter(instellingen)
    aanbevolen = xi.aanbevolen_interpreter(omgeving)
    if ip.conda:
        wijzig = (f"maak Conda Path en Conda Env leeg en vul bij Interpreter {aanbevolen} in (tabblad xlwings), "
                  "of installeer xl-opgave in die conda-omgeving")
    else:
        wijzig = _waar_wijzigen(ip.gevonden, "Interpreter", aanbevolen)
    naam = f"Python van xlwings ({ip.bron})"
    if ip.pad is None:
        wat = f"{ip.ingesteld} niet gevonden op PATH" if ip.gevonden is None else f"{ip.ingesteld} bestaat niet"
        return XlwingsPython(Regel(FOUT, f"{naam}: {wat}", wijzig), None, None)
    if xi.zelfde_python(ip.pad, omgeving.python, omgeving.windows):
        return XlwingsPython(Regel(OK, f"{naam}: deze Python"), ip.pad, omgeving.pakketversie("xlwings"))
    peiling = omgeving.peil(xi.console_python(ip.pad))
    installeer = f'installeer xl-opgave ook daar: "{xi.console_python(ip.pad)}" -m pip install {WHEEL_NAAM}'
    if not peiling.gestart:
        return XlwingsPython(Regel(FOUT, f"{naam}: {ip.pad} start niet ({peiling.fout})", wijzig), ip.pad, None)
    if peiling.xl_opgave is None:
        return XlwingsPython(Regel(
            FOUT, f"{naam}: {ip.pad} is een andere Python (Python {peiling.python}) zonder xl-opgave; Excel meldt dan "
                  f"'ModuleNotFoundError: No module named xl_opgave'", f"{wijzig}; of {installeer}"),
            ip.pad, peiling.xlwings)
    if peiling.xl_opgave != __version__:
        return XlwingsPython(Regel(
            FOUT, f"{naam}: {ip.pad} is een andere Python, met xl-opgave {peiling.xl_opgave} (deze: {__version__})",
            f"{wijzig}; of {installeer}"), ip.pad, peiling.xlwings)
    return XlwingsPython(Regel(OK, f"{naam}: {ip.pad}, met xl-opgave {peiling.xl_opgave}"), ip.pad, peiling.xlwings)


def dll(omgeving: Omgeving, interpreter_pad: str, versie: str) -> Regel:
    """Windows: xlwings64-<versie>.dll where XLPyLoadDLL looks for it."""
    namen = xi.dll_namen(versie)
    mappen = xi.dll_mappen(interpreter_pad)
    for map_ in mappen:
        for naam in namen:
            if (map_ / naam).is_file():
                return Regel(OK, f"{naam} in {map_}")
    return Regel(FOUT, f"{namen[0]} ontbreekt bij {interpreter_pad}: Excel meldt dan 'File not found: {namen[0]}'",
                 f'"{xi.console_python(interpreter_pad)}" -m pip install --force-reinstall xlwings=={versie} (een '
                 "virusscanner kan de DLL verwijderd hebben)")


def udf_modules(instellingen: xi.Instellingen, met_werkboek: bool) -> Regel:
    gevonden = instellingen.zoek(xi.UDF_MODULES)
    waarde = gevonden.waarde if gevonden else ""
    modules = xi.udf_modules(waarde)
    if gevonden is not None and xi.UDF_MODULE in modules:
        return Regel(OK, f"UDF Modules = {waarde} ({gevonden.laag.naam}, {gevonden.plaats})")
    nieuw = ";".join([*modules, xi.UDF_MODULE])
    wijzig = _waar_wijzigen(gevonden, "UDF Modules", nieuw)
    if gevonden is None:
        wat = "niet ingesteld" + ("" if met_werkboek else " (voor al uw werkboeken)")
    else:
        wat = (f"= {waarde}" if waarde else "leeg") + f" ({gevonden.laag.naam}, {gevonden.plaats})"
    return Regel(FOUT, f"UDF Modules {wat}: Import Functions vindt de functies van xl-opgave dan niet", wijzig)


# Office 2016/2019/2021/365, 2013, 2010: the Trust Center setting "Trust access to the VBA project object model"
# is the DWORD AccessVBOM under HKCU\Software\Microsoft\Office\<versie>\Excel\Security; a group policy under
# HKCU\Software\Policies\... overrides it. Import Functions writes VBA into the workbook and needs it.
OFFICE_VERSIES = ("16.0", "15.0", "14.0")


def vba_toegang(omgeving: Omgeving) -> Regel:
    for versie in OFFICE_VERSIES:
        beleid = omgeving.lees_register(rf"Software\Policies\Microsoft\Office\{versie}\Excel\Security", "AccessVBOM")
        eigen = omgeving.lees_register(rf"Software\Microsoft\Office\{versie}\Excel\Security", "AccessVBOM")
        if beleid is not None:
            if beleid == 1:
                return Regel(OK, f"toegang tot het VBA-projectobjectmodel vertrouwd (Excel {versie}, groepsbeleid)")
            return Regel(FOUT, f"toegang tot het VBA-projectobjectmodel is door uw organisatie uitgezet (groepsbeleid, "
                               f"Excel {versie}): Import Functions werkt dan niet",
                         "vraag uw ICT-afdeling om 'Toegang tot het objectmodel van het VBA-project vertrouwen'")
        if eigen is not None:
            if eigen == 1:
                return Regel(OK, f"toegang tot het VBA-projectobjectmodel vertrouwd (Excel {versie})")
            break
    return Regel(FOUT, "toegang tot het VBA-projectobjectmodel niet vertrouwd: Import Functions werkt dan niet",
                 "Excel: Bestand > Opties > Vertrouwenscentrum > Instellingen voor het Vertrouwenscentrum > "
                 "Macro-instellingen: vink 'Toegang tot het objectmodel van het VBA-project vertrouwen' aan")


def _knop_py(feiten: Werkmapfeiten) -> Regel | None:
    """The module the Uitvoeren button imports (SampleCall: `import <werkboeknaam>; <werkboeknaam>.main()`)."""
    if KNOPMACRO not in feiten.knopmacros:
        return None
    naam, py = feiten.pad.name, feiten.py_pad
    if not feiten.modulenaam_bruikbaar:
        voorstel = "".join(t if t.isalnum() else "_" for t in feiten.module)
        voorstel = voorstel if voorstel[:1].isalpha() else f"werkboek_{voorstel}"
        return Regel(FOUT, f"{naam}: de naam {feiten.module!r} kan geen Python-module zijn; de knop Uitvoeren "
                           "werkt dan niet",
                     f"hernoem werkboek en .py-bestand samen, met alleen letters, cijfers en _ "
                     f"(bijvoorbeeld {voorstel}.xlsm en {voorstel}.py)")
    if py.is_file():
        return Regel(OK, f"{py.name} staat naast {naam} (voor de knop Uitvoeren)")
    kandidaten = sorted(p.name for p in feiten.pad.parent.glob("*.py") if _is_knopmodule(p))
    if kandidaten:
        oplossing = f"hernoem {kandidaten[0]} naar {py.name} (het .py-bestand heet net als het werkboek)"
    else:
        oplossing = (f"kopieer het .py-bestand dat bij het werkboek hoort mee en noem het {py.name}, of maak beide "
                     "opnieuw: xl-opgave excel-setup nplv --out MAP")
    return Regel(FOUT, f"{py.name} ontbreekt naast {naam}: de knop Uitvoeren roept main() daarin aan", oplossing)


def _is_knopmodule(pad: Path) -> bool:
    try:
        return "knop_uitvoeren" in pad.read_text(encoding="utf-8", errors="replace")[:20_000]
    except OSError:
        return False


def werkboek(omgeving: Omgeving, feiten: Werkmapfeiten, route: str) -> list[Regel]:
    naam = feiten.pad.name
    if feiten.onleesbaar or route in ("web", "pdf"):
        regels = [_werkboek_leesbaar(feiten)]
        if route == "web" and not feiten.onleesbaar and feiten.vba:
            regels.append(Regel(INFO, f"{naam}: macro's en knoppen werken niet in Excel op het web; de formules "
                                      "van het sjabloon wel"))
        return regels
    regels: list[Regel] = []
    if feiten.vba:
        regels.append(Regel(OK, f"{naam}: VBA-project aanwezig"))
    elif feiten.pad.suffix.lower() == ".xlsx":
        regels.append(Regel(FOUT, f"{naam} is een .xlsx, zonder VBA-project: Import Functions en knoppen werken "
                                  "daar niet",
                            "sla het op als Excel-werkmap met macro's (*.xlsm), of gebruik het werkboek van "
                            "xl-opgave excel-setup"))
    else:
        regels.append(Regel(FOUT, f"{naam}: geen VBA-project (geen macro's)",
                            "maak het werkboek opnieuw met xl-opgave excel-setup nplv --out MAP"))
    knop = _knop_py(feiten)
    if knop is not None:
        regels.append(knop)
    if omgeving.windows and route == "windows":
        regels.append(_zone(feiten))
    return regels


_ZONES = {0: "deze computer", 1: "intranet", 2: "vertrouwde site", 3: "internet", 4: "beperkte site"}


def _zone(feiten: Werkmapfeiten) -> Regel:
    naam = feiten.pad.name
    if feiten.zone is None:
        return Regel(OK, f"{naam} is niet geblokkeerd door Windows")
    zone = feiten.zone.zone_id
    herkomst = _ZONES.get(zone, "onbekend") if zone is not None else "onbekend"
    if feiten.zone.geblokkeerd:
        return Regel(FOUT, f"{naam} is geblokkeerd door Windows (gedownload of uit e-mail: Zone.Identifier, zone "
                           f"{zone} = {herkomst}); Excel voert de macro's niet uit",
                     f"sluit het werkboek, klik er met rechts op > Eigenschappen > vink 'Blokkering opheffen' aan > OK "
                     f'(of in PowerShell: Unblock-File "{feiten.pad}")')
    return Regel(OK, f"{naam} is niet geblokkeerd door Windows (herkomst: {herkomst})")


# -- web and pdf --------------------------------------------------------------------------------------------

def commando(omgeving: Omgeving, naam: str, waarvoor: str) -> Regel:
    if naam in omgeving.commandos:
        return Regel(OK, f"xl-opgave {naam} beschikbaar ({waarvoor})")
    return Regel(FOUT, f"deze xl-opgave ({__version__}) heeft nog geen xl-opgave {naam} ({waarvoor})",
                 f"installeer de nieuwste versie van xl-opgave die het team uitgeeft: {_pip(omgeving, 'xl_opgave-….whl')}")


def libreoffice(omgeving: Omgeving) -> Regel:
    # Looked up exactly as xl_opgave.werkboek.libreoffice.soffice_pad does (tests/test_diagnose.py keeps them equal).
    for naam in ("soffice", "libreoffice"):
        pad = omgeving.zoek_programma(naam)
        if pad:
            return Regel(OK, f"LibreOffice: {pad}")
    for pad in _standaardplaatsen_libreoffice(omgeving):
        if pad.is_file():
            return Regel(FOUT, f"LibreOffice staat in {pad.parent}, maar niet op PATH: xl-opgave vindt het niet",
                         f"voeg {pad.parent} toe aan de omgevingsvariabele PATH en open een nieuw venster")
    if omgeving.windows or omgeving.macos:
        oplossing = "installeer LibreOffice (libreoffice.org) en zet de map met soffice op PATH"
    else:
        oplossing = "installeer LibreOffice: sudo apt-get install libreoffice-calc-nogui"
    return Regel(FOUT, "LibreOffice niet gevonden (soffice)", oplossing)


def _standaardplaatsen_libreoffice(omgeving: Omgeving) -> list[Path]:
    if omgeving.macos:
        return [Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")]
    if omgeving.windows:
        return [Path(p, "LibreOffice", "program", "soffice.exe")
                for p in filter(None, (omgeving.variabele("ProgramFiles"), omgeving.variabele("ProgramFiles(x86)")))]
    return [Path("/usr/bin/soffice"), Path("/usr/lib/libreoffice/program/soffice")]


LITE_WIJZER = ("werkbladfuncties zoals =RESTOPGAVE() op macOS en in Excel op het web: via xlwings Lite (gratis "
               "invoegtoepassing uit de Office-winkel); xl-opgave lite --out MAP maakt de code om in te plakken")


# -- the routes ---------------------------------------------------------------------------------------------

def diagnose(omgeving: Omgeving, route: str, feiten: Werkmapfeiten | None = None) -> Diagnose:
    """Every check of `route` on `omgeving`, for the workbook `feiten` when one was given."""
    if route not in ROUTES:
        raise ValueError(route)
    regels = [python(omgeving), xl_opgave(omgeving)]
    if route in ("windows", "mac"):
        regels += _klassiek(omgeving, route, feiten)
    elif route == "web":
        regels.append(commando(omgeving, LITE_COMMANDO, "de code voor xlwings Lite"))
        if feiten is not None:
            regels += werkboek(omgeving, feiten, route)
        regels.append(Regel(INFO, LITE_WIJZER))
    else:
        regels.append(libreoffice(omgeving))
        regels.append(commando(omgeving, PDF_COMMANDO, "PDF's maken"))
        if feiten is not None:
            regels += werkboek(omgeving, feiten, route)
    return Diagnose(route, tuple(regels))


def _klassiek(omgeving: Omgeving, route: str, feiten: Werkmapfeiten | None) -> list[Regel]:
    regels = [xlwings(omgeving)]
    op_platform = omgeving.windows if route == "windows" else omgeving.macos
    if not op_platform:
        systeem = "Windows" if route == "windows" else "macOS"
        regels.append(Regel(FOUT, f"route {route}: de instellingen van Excel en xlwings zijn alleen op de "
                                  f"{systeem}-computer zelf te controleren",
                            f"draai xl-opgave diagnose op die computer (of kies --route "
                            f"{standaardroute(omgeving.platform)})"))
    else:
        blad = feiten.conf if feiten is not None and not feiten.onleesbaar else None
        instellingen = xi.verzamel(omgeving, blad, feiten.pad if feiten is not None else None)
        invoegtoepassing, zelfde_addin = addin(omgeving)
        regels.append(invoegtoepassing)
        if route == "mac":
            regels.append(applescript(omgeving))
        gebruikt = xlwings_python(omgeving, instellingen)
        regels.append(gebruikt.regel)
        if route == "windows":
            versie = omgeving.pakketversie("xlwings") if zelfde_addin else gebruikt.xlwings
            if gebruikt.pad is not None and versie:
                regels.append(dll(omgeving, gebruikt.pad, versie))
            regels.append(udf_modules(instellingen, feiten is not None))
            regels.append(vba_toegang(omgeving))
    if feiten is not None:
        regels += werkboek(omgeving, feiten, route)
    if route == "mac":
        regels.append(Regel(INFO, LITE_WIJZER))
    return regels
