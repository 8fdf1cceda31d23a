"""The memo to the report's authors: written through the CLI, read back with python-docx, compared with --json."""

from __future__ import annotations

import json

import docx
import pytest

from xl_opgave.cli import main
from xl_opgave.core.opmaak import getal_kort


def _json(capsys, programma: str) -> dict:
    assert main(["report", programma, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def _tekst(pad) -> str:
    document = docx.Document(str(pad))
    delen = [p.text for p in document.paragraphs]
    for tabel in document.tables:
        for rij in tabel.rows:
            delen.append(" | ".join(c.text for c in rij.cells))
    return "\n".join(delen)


@pytest.mark.parametrize("programma", ["nplv", "npvr"])
def test_notitie_docx_gelijk_aan_json(tmp_path, capsys, programma):
    pad = tmp_path / "notitie.docx"
    assert main(["report", programma, "--notitie", str(pad)]) == 0
    capsys.readouterr()
    data = _json(capsys, programma)
    document = docx.Document(str(pad))
    koppen = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert {"Werkwijze", "Samenvatting", "Bevindingen", "Aannames bij de herberekening"} <= set(koppen)
    tekst = _tekst(pad)
    s = data["samenvatting"]
    assert f"{s['cijfers']} gepubliceerde cijfers herberekend" in tekst and f"{s['fout']} fout" in tekst
    # one section per finding: place, printed, recomputed, the arithmetic, the likely cause
    secties = [k for k in koppen if k[:1].isdigit()]
    assert len(secties) == len(data["afwijkingen"])
    for afwijking in data["afwijkingen"]:
        assert afwijking["plaats"] in tekst, afwijking["id"]
        assert afwijking["toelichting"].split("; vermoedelijke oorzaak")[0][:80] in tekst.replace("\n", " "), afwijking["id"]
        if afwijking["klasse"] == "cijfer":
            gedrukt = next(c["gedrukt"] for c in data["cijfers"] if c["id"] == afwijking["id"])
            assert f"Gedrukt | {gedrukt}" in tekst
            berekend = afwijking["berekend"]
            assert getal_kort(berekend if not isinstance(berekend, list) else berekend[0]) in tekst
            assert f"Vermoedelijke oorzaak | {afwijking['oorzaak']}" in tekst
    for aanname in data["aannames"]:
        assert f"{aanname['id']}: {aanname['naam']}" in koppen
        assert aanname["reden"] in tekst
    for opmerking in data["redactioneel"]:
        assert opmerking["opmerking"] in tekst


def test_notitie_deterministisch_en_nooit_stil_overschreven(tmp_path, capsys):
    a, b = tmp_path / "a.docx", tmp_path / "b.docx"
    assert main(["report", "nplv", "--notitie", str(a)]) == 0
    assert main(["report", "nplv", "--notitie", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()
    document = docx.Document(str(a))
    assert document.core_properties.created.year == 2026 and document.core_properties.author == "xl-opgave"
    voor = a.read_bytes()
    a.write_bytes(b"eigen werk")
    assert main(["report", "nplv", "--notitie", str(a)]) == 2
    assert "--force" in capsys.readouterr().err
    assert a.read_bytes() == b"eigen werk"
    assert main(["report", "nplv", "--notitie", str(a), "--force"]) == 0
    assert a.read_bytes() == voor
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_notitie_markdown(tmp_path, capsys):
    pad = tmp_path / "notitie.md"
    assert main(["report", "nplv", "--notitie", str(pad)]) == 0
    capsys.readouterr()
    tekst = pad.read_text(encoding="utf-8")
    data = _json(capsys, "nplv")
    assert tekst.startswith("# Notitie: controle van")
    assert tekst.count("\n### ") == len(data["afwijkingen"]) + len(data["aannames"])
    assert "| Rekensom | gedrukt 2.340; de gedrukte invoer laat 2.370 – 2.377,5 toe" in tekst


def test_notitie_verkeerde_extensie_of_map(tmp_path, capsys):
    assert main(["report", "nplv", "--notitie", str(tmp_path / "notitie.pdf")]) == 2
    assert ".docx of .md" in capsys.readouterr().err
    assert main(["report", "nplv", "--notitie", str(tmp_path / "bestaat-niet" / "n.docx")]) == 2
    assert "bestaat niet" in capsys.readouterr().err
