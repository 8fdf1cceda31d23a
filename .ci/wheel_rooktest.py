"""Smoke tests of the installed wheel, run by `.ci/wheel` with the Python of a fresh virtual environment.

    <venv>/bin/python .ci/wheel_rooktest.py --bron REPO --dist DIST

Everything runs from that environment: the console script `xl-opgave` next to its Python, the package as
pip installed it (not editable, not the source tree). Checked:
- the wheel holds every file of the source package (every data file the package reads, every module) and
  its name, `xl-opgave --version`, the installed metadata and the template's Toelichting agree on the version;
- the README's main command (`xl-opgave report nplv`) and one smoke test per face: template + check, fill of
  example data regenerated from the installed package, excel-setup, the worksheet functions through
  `xl_opgave.udfs`, and `xl-opgave diagnose`.
Each check prints one line; the first failure stops with exit status 1.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
import zipfile
from importlib import metadata
from pathlib import Path

BIN = Path(sys.executable).parent
XL_OPGAVE = BIN / ("xl-opgave.exe" if os.name == "nt" else "xl-opgave")
# A source file that is not part of the package: build leftovers.
NIET_IN_PAKKET = ("__pycache__", ".pyc", ".egg-info")


class Mislukt(Exception):
    pass


def eis(voorwaarde: bool, melding: str) -> None:
    if not voorwaarde:
        raise Mislukt(melding)


def draai(*argv: str, verwacht: int | tuple[int, ...] = 0) -> str:
    """Run the installed console script; its stdout. Fails on another exit status."""
    klaar = subprocess.run([str(XL_OPGAVE), *argv], capture_output=True, text=True, encoding="utf-8",
                           errors="replace", timeout=600)
    toegestaan = verwacht if isinstance(verwacht, tuple) else (verwacht,)
    eis(klaar.returncode in toegestaan,
        f"xl-opgave {' '.join(argv)}: exit {klaar.returncode}, verwacht {toegestaan}\n{klaar.stdout[-2000:]}"
        f"\n{klaar.stderr[-2000:]}")
    return klaar.stdout


def bronbestanden(bron: Path) -> set[str]:
    """Every file of the package in the source tree, as a path inside the wheel."""
    return {p.relative_to(bron).as_posix() for p in (bron / "xl_opgave").rglob("*")
            if p.is_file() and not any(deel in p.as_posix() for deel in NIET_IN_PAKKET)}


def controleer_installatie() -> str:
    import xl_opgave

    pakket = Path(xl_opgave.__file__).resolve().parent
    eis(Path(sys.prefix).resolve() in pakket.parents, f"xl_opgave komt niet uit de virtuele omgeving: {pakket}")
    direct = metadata.distribution("xl-opgave").read_text("direct_url.json")
    eis(direct is None or '"editable": true' not in direct, "xl-opgave is editable geïnstalleerd")
    return f"geïnstalleerd uit het wheel: {pakket}"


def controleer_wheel(bron: Path, dist: Path) -> str:
    import xl_opgave

    wielen = sorted(dist.glob("*.whl"))
    sdists = sorted(dist.glob("*.tar.gz"))
    eis(len(wielen) == 1 and len(sdists) == 1, f"verwacht één wheel en één sdist in {dist}: {wielen + sdists}")
    wiel = wielen[0]
    versie = draai("--version").strip()
    eis(versie == f"xl-opgave {xl_opgave.__version__}", f"--version zegt {versie!r}")
    eis(wiel.name == xl_opgave.WHEEL_NAAM, f"het wheel heet {wiel.name}, de teksten noemen {xl_opgave.WHEEL_NAAM}")
    eis(metadata.version("xl-opgave") == xl_opgave.__version__,
        f"metadata {metadata.version('xl-opgave')} ≠ __version__ {xl_opgave.__version__}")
    with zipfile.ZipFile(wiel) as z:
        in_wiel = set(z.namelist())
    ontbreekt = sorted(bronbestanden(bron) - in_wiel)
    eis(not ontbreekt, "ontbreekt in het wheel (regel in [tool.setuptools.package-data] van pyproject.toml?): "
        + ", ".join(ontbreekt))
    with tarfile.open(sdists[0]) as t:
        in_sdist = {naam.split("/", 1)[1] for naam in t.getnames() if "/" in naam}
    ontbreekt = sorted((bronbestanden(bron) | {"README.md", "CHANGELOG.md", "pyproject.toml"}) - in_sdist)
    eis(not ontbreekt, "ontbreekt in de sdist: " + ", ".join(ontbreekt))
    return f"{wiel.name}: {len(bronbestanden(bron))} bestanden van het pakket, versie {xl_opgave.__version__} overal"


def controleer_report() -> str:
    tekst = draai("report", "nplv")  # the README's main command
    eis("Tabel 6" in tekst and "2.375" in tekst, "report nplv: Tabel 6 of 2.375 ontbreekt")
    resultaten = json.loads(draai("report", "nplv", "--json"))["resultaten"]
    eis(resultaten["Restopgave_Fysiek_Tot2030"] == 2375, "report --json: Restopgave_Fysiek_Tot2030 ≠ 2375")
    return "report nplv: Tabel 6 en 2.375 (3.050 − 675)"


def _genoemde_waarde(pad: Path, naam: str) -> object:
    import openpyxl

    wb = openpyxl.load_workbook(pad, data_only=True)
    blad, cel = next(iter(wb.defined_names[naam].destinations))
    return wb[blad][cel.replace("$", "")].value


def controleer_sjabloon(bron: Path, werk: Path) -> str:
    import openpyxl

    import xl_opgave

    for code in ("nplv", "npvr"):
        pad = werk / f"{code}.xlsx"
        draai("template", code, "--out", str(pad))
        # Same bytes as the committed workbook (its staleness test runs on the source): the installed package
        # has every data file, unchanged.
        eis(pad.read_bytes() == (bron / "workbooks" / f"{code}.xlsx").read_bytes(),
            f"template {code} uit het wheel ≠ workbooks/{code}.xlsx")
        draai("check", str(pad))
    toelichting = openpyxl.load_workbook(werk / "nplv.xlsx", read_only=True)["Toelichting"]
    # The label and its value side by side, wherever the Toelichting layout puts the block.
    versies = [rij[i + 1] for rij in toelichting.iter_rows(values_only=True) for i in range(len(rij) - 1)
               if rij[i] == "xl_opgave"]
    eis(versies == [xl_opgave.__version__], f"Toelichting toont versie {versies}")
    return "template nplv/npvr = workbooks/, check in orde, Toelichting toont de versie"


def controleer_fill(bron: Path, werk: Path) -> str:
    voorbeeld = werk / "voorbeeld"
    subprocess.run([sys.executable, "-m", "xl_opgave.vullen.voorbeeld", str(voorbeeld)], check=True,
                   capture_output=True, timeout=600)
    for pad in voorbeeld.rglob("*"):
        if pad.is_file():
            eis(pad.read_bytes() == (bron / "workbooks" / pad.relative_to(voorbeeld)).read_bytes(),
                f"voorbeelddata uit het wheel ≠ workbooks/{pad.relative_to(voorbeeld)}")
    uit = werk / "uitvoer"
    draai("fill", str(voorbeeld / "voorbeeld_nplv_csv"), "--template", "nplv", "--out", str(uit))
    werkboeken = sorted(p.name for p in uit.glob("*.xlsx"))
    eis(len(werkboeken) == 21 and "totaal.xlsx" in werkboeken, f"fill schreef {werkboeken}")
    eis(_genoemde_waarde(uit / "totaal.xlsx", "Restopgave_Fysiek_Tot2030") == 2375,
        "totaal.xlsx: Restopgave_Fysiek_Tot2030 ≠ 2375")
    draai("check", str(uit / werkboeken[0]))
    return f"fill: voorbeelddata opnieuw gemaakt (= workbooks/), {len(werkboeken) - 1} gebieden + totaal.xlsx (2.375)"


def controleer_verzamel(werk: Path) -> str:
    """The return trip: fill's workbooks collected again (totaal.xlsx among them is no gebied's: exit 1)."""
    import json

    uit = werk / "verzameld" / "overzicht.xlsx"
    uit.parent.mkdir()
    tekst = draai("verzamel", str(werk / "uitvoer"), "--template", "nplv", "--out", str(uit), "--json", verwacht=1)
    uitkomst = json.loads(tekst)
    eis(uitkomst["tellingen"]["in orde"] == 20 and uitkomst["tellingen"]["onbekend gebied"] == 1,
        f"verzamel: {uitkomst['tellingen']}")
    eis(uitkomst["landelijk"]["resultaten"]["Restopgave_Fysiek_Tot2030"] == 2375,
        "verzamel: landelijke restopgave fysiek tot 2030 ≠ 2375")
    eis(uit.is_file() and uit.with_name("overzicht_per_gebied.csv").is_file(), "verzamel schreef geen overzicht")
    return "verzamel: 20 gebieden in orde, totaal.xlsx onbekend gebied, landelijk 2.375"


def controleer_excel_setup(werk: Path) -> str:
    import xl_opgave

    map_ = werk / "excel"
    draai("excel-setup", "nplv", "--out", str(map_))
    namen = sorted(p.name for p in map_.iterdir())
    eis(namen == sorted(["nplv_xlwings.xlsm", "nplv_xlwings.py", "xl_opgave_knoppen.bas", "LEESMIJ.txt"]),
        f"excel-setup schreef {namen}")
    with zipfile.ZipFile(map_ / "nplv_xlwings.xlsm") as z:
        eis("xl/vbaProject.bin" in z.namelist(), "het .xlsm heeft geen VBA-project")
    leesmij = (map_ / "LEESMIJ.txt").read_text(encoding="utf-8-sig")
    eis(f"py -m pip install {xl_opgave.WHEEL_NAAM}" in leesmij, "LEESMIJ noemt het wheel niet")
    return "excel-setup: .xlsm met VBA-project, .py, .bas en LEESMIJ met het wheel"


def controleer_functies() -> str:
    import xl_opgave.udfs as u

    eis(u.RESTOPGAVE([[100], [50]], [[30], [60]]) == 60, "RESTOPGAVE op totaalniveau")
    eis(u.RESTOPGAVE([[100], [50]], [[30], [60]], "onderdeel") == 70, "RESTOPGAVE per onderdeel")
    eis(u.OPGAVE("NPLV", "Restopgave_Sociaal_Tot2030") == 560, "OPGAVE sociaal tot 2030")
    eis(u.OPGAVE("NPLV", "Restopgave_Totaal_Tot2030") == "€2.935 mln. - PM", "OPGAVE totaal tot 2030 met PM")
    eis(u.JAARLIJKS(400, "tot2030") == 100, "JAARLIJKS")
    return "xl_opgave.udfs: RESTOPGAVE 60/70, OPGAVE 560 en €2.935 mln. - PM, JAARLIJKS 100"


def controleer_diagnose() -> str:
    import xl_opgave

    tekst = draai("diagnose", "--route", "web", verwacht=(0, 1))
    eis(f"✔ xl-opgave {xl_opgave.__version__}" in tekst, f"diagnose ziet de installatie niet:\n{tekst}")
    return "diagnose: de installatie klopt (metadata = __version__)"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bron", type=Path, required=True, help="the source checkout (for its files)")
    parser.add_argument("--dist", type=Path, required=True, help="the folder python -m build wrote")
    args = parser.parse_args()
    bron, dist = args.bron.resolve(), args.dist.resolve()
    eis(Path.cwd().resolve() != bron, "draai dit buiten de bronmap")
    with tempfile.TemporaryDirectory(prefix="xl_opgave_wheel_") as tijdelijk:
        werk = Path(tijdelijk)
        stappen = [controleer_installatie, lambda: controleer_wheel(bron, dist), controleer_report,
                   lambda: controleer_sjabloon(bron, werk), lambda: controleer_fill(bron, werk),
                   lambda: controleer_verzamel(werk), lambda: controleer_excel_setup(werk), controleer_functies,
                   controleer_diagnose]
        for stap in stappen:
            begin = time.perf_counter()
            try:
                uitkomst = stap()
            except Mislukt as fout:
                print(f"✘ {fout}", flush=True)
                return 1
            print(f"✔ {uitkomst} ({time.perf_counter() - begin:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
