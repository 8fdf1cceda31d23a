"""Start-up of the command line: only the command that runs is imported (issue 10's speed section).

The figures are a benchmark (`benchmarks/bench_start.py`); here what makes them possible: `xl-opgave
--help` imports no command module, `xl-opgave report nplv` only `report`, and the help line of every
command in `cli.COMMANDO_HULP` is the one its module registers.
"""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys

import pytest

from xl_opgave import cli


@pytest.mark.parametrize("module", cli.COMMANDO_MODULES)
def test_hulpregel_gelijk_aan_die_van_de_module(module):
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers()
    importlib.import_module(f"xl_opgave.commando.{module}").registreer(sub)
    (naam, _), = sub.choices.items()
    assert naam == cli.commandonaam(module)
    assert sub._choices_actions[0].help == cli.COMMANDO_HULP[module]


def _geladen(argv: list[str]) -> list[str]:
    code = ("import json, sys\nfrom xl_opgave.cli import maak_parser\n"
            f"maak_parser({argv!r}, alle=False)\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('xl_opgave'))))")
    uit = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(uit.stdout)


@pytest.mark.parametrize(("argv", "commando"), [
    (["--help"], None),
    (["report", "nplv"], "report"),
    (["--debug", "check", "x.xlsx"], "check"),
    (["excel-setup", "nplv", "--out", "m"], "excel_setup"),
    (["verzamel", "m", "--template", "nplv", "--out", "o.xlsx"], "verzamel"),
])
def test_alleen_het_gekozen_commando_geladen(argv, commando):
    geladen = _geladen(argv)
    commandos = [m.rsplit(".", 1)[1] for m in geladen if m.startswith("xl_opgave.commando.")]
    assert commandos == ([commando] if commando else [])
    # The heavy parts are imported by the command when it runs, not to build the parser.
    assert not [m for m in geladen if m.startswith(("xl_opgave.vullen", "xl_opgave.werkboek.sjabloon",
                                                    "xl_opgave.macros", "xl_opgave.verzamelen"))], geladen


def test_hulp_noemt_elk_commando(capsys):
    with pytest.raises(SystemExit) as einde:
        cli.main(["--help"])
    assert einde.value.code == 0
    uit = capsys.readouterr().out
    for module, hulp in cli.COMMANDO_HULP.items():
        assert cli.commandonaam(module) in uit
        assert hulp.split()[0] in uit


def test_volledige_parser_kent_elk_commando():
    parser = cli.maak_parser()
    keuzes = next(a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert list(keuzes) == [cli.commandonaam(m) for m in cli.COMMANDO_MODULES]
    assert all(keuze.format_usage().count("--debug") for keuze in keuzes.values())


def test_verkeerd_getypt_commando_noemt_de_keuzes(capsys):
    with pytest.raises(SystemExit) as einde:
        cli.main(["verzamelen"])
    assert einde.value.code == 2
    assert "ongeldige keuze 'verzamelen'" in capsys.readouterr().err
