"""`fill ... --pdf`: one PDF per written workbook (and totaal.xlsx), beside it, through LibreOffice.

- Without LibreOffice: a Dutch message and exit 2 before anything is written (no workbooks without the
  PDFs asked for), for the batch and for `--into`.
- The PDF names are checked with the workbooks' before the first file is written: an existing PDF is
  refused without --force; an earlier run's PDF beside a workbook this run writes is moved aside.
- LibreOffice that makes no PDF: the workbooks stay (complete), no PDF is written, exit 2 with the
  command to try again.
- With LibreOffice (marker `libreoffice`): every PDF prints its gebied in the footer.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from xl_opgave.cli import main

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"
DATA = WORKBOOKS / "voorbeeld_nplv_gebieden.xlsx"
TWEE = ("Rotterdam-Zuid", "Delft West")


@pytest.fixture
def twee_gebieden(tmp_path) -> Path:
    """The example data of two gebieden (a CSV folder): a small run."""
    map_ = tmp_path / "data"
    map_.mkdir()
    for naam in ("opgave.csv", "dekking.csv"):
        regels = (WORKBOOKS / "voorbeeld_nplv_csv" / naam).read_text(encoding="utf-8").splitlines()
        (map_ / naam).write_text("\n".join([regels[0], *(r for r in regels[1:] if r.split(";")[0] in TWEE)]) + "\n",
                                 encoding="utf-8")
    return map_


def _zonder_libreoffice(monkeypatch) -> None:
    monkeypatch.setattr("xl_opgave.werkboek.libreoffice.soffice_pad", lambda: None)


def test_zonder_libreoffice_niets_geschreven(tmp_path, twee_gebieden, monkeypatch, capsys):
    _zonder_libreoffice(monkeypatch)
    uit = tmp_path / "uit"
    assert main(["fill", str(twee_gebieden), "--template", "nplv", "--out", str(uit), "--pdf"]) == 2
    fout = capsys.readouterr().err
    assert fout.startswith("fout: LibreOffice (soffice) is niet gevonden") and "Er is niets geschreven" in fout
    assert not uit.exists()
    # --into: neither the workbook nor its PDF.
    doel = tmp_path / "rz.xlsx"
    assert main(["fill", str(DATA), "--into", str(WORKBOOKS / "nplv.xlsx"), "--gebied", "Rotterdam-Zuid",
                 "--out", str(doel), "--pdf"]) == 2
    assert "LibreOffice (soffice) is niet gevonden" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data"]


def test_pdf_en_proefdraai_gaan_niet_samen(capsys):
    assert main(["fill", str(DATA), "--into", str(WORKBOOKS / "nplv.xlsx"), "--gebied", "Rotterdam-Zuid",
                 "--dry-run", "--pdf"]) == 2
    assert "--dry-run" in capsys.readouterr().err


def test_bestaande_pdf_geweigerd_voor_er_iets_geschreven_is(tmp_path, twee_gebieden, monkeypatch, capsys):
    monkeypatch.setattr("xl_opgave.werkboek.libreoffice.soffice_pad", lambda: "/usr/bin/soffice")
    uit = tmp_path / "uit"
    uit.mkdir()
    (uit / "Delft_West.pdf").write_bytes(b"%PDF van de adviseur")
    assert main(["fill", str(twee_gebieden), "--template", "nplv", "--out", str(uit), "--pdf"]) == 2
    assert "Delft_West.pdf" in capsys.readouterr().err
    assert sorted(p.name for p in uit.iterdir()) == ["Delft_West.pdf"]
    assert (uit / "Delft_West.pdf").read_bytes() == b"%PDF van de adviseur"
    # --into: the PDF beside the output.
    (tmp_path / "rz.pdf").write_bytes(b"%PDF oud")
    assert main(["fill", str(DATA), "--into", str(WORKBOOKS / "nplv.xlsx"), "--gebied", "Rotterdam-Zuid",
                 "--out", str(tmp_path / "rz.xlsx"), "--pdf"]) == 2
    assert "rz.pdf bestaat al" in capsys.readouterr().err and not (tmp_path / "rz.xlsx").exists()


def test_libreoffice_zonder_pdf_laat_de_werkboeken_en_schrijft_geen_pdf(tmp_path, twee_gebieden, monkeypatch,
                                                                       capsys):
    from xl_opgave.werkboek import libreoffice

    monkeypatch.setattr(libreoffice, "soffice_pad", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(libreoffice, "_draai", lambda opdracht, timeout: "Error: source file could not be loaded")
    uit = tmp_path / "uit"
    assert main(["fill", str(twee_gebieden), "--template", "nplv", "--out", str(uit), "--pdf"]) == 2
    fout = capsys.readouterr().err
    assert "de werkboeken zijn geschreven, de pdf's niet" in fout and "xl-opgave pdf" in fout
    assert sorted(p.name for p in uit.iterdir()) == ["Delft_West.xlsx", "Rotterdam-Zuid.xlsx", "totaal.xlsx"]


def _tekst(pdf: Path) -> list[str]:
    uit = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [p for p in uit.split("\f") if p.strip()]


def _voetregels(paginas: list[str]) -> list[str]:
    return [[r.strip() for r in p.splitlines() if r.strip()][-1] for p in paginas]


@pytest.mark.libreoffice
def test_pdf_per_werkboek_naast_het_werkboek(tmp_path, twee_gebieden, capsys):
    from conftest import vereis_libreoffice

    vereis_libreoffice()
    uit = tmp_path / "uit"
    assert main(["fill", str(twee_gebieden), "--template", "nplv", "--out", str(uit), "--pdf"]) == 0
    assert "3 pdf's geschreven, elk naast zijn werkboek" in capsys.readouterr().out
    assert sorted(p.name for p in uit.iterdir()) == ["Delft_West.pdf", "Delft_West.xlsx", "Rotterdam-Zuid.pdf",
                                                     "Rotterdam-Zuid.xlsx", "totaal.pdf", "totaal.xlsx"]
    paginas = _tekst(uit / "Delft_West.pdf")
    assert all(r.startswith("NPLV – Delft West") for r in _voetregels(paginas))
    assert any("Gebied" in p and "Delft West" in p for p in paginas)
    assert "Totaal NPLV: de som van 2 gebieden" in _tekst(uit / "totaal.pdf")[0]
    # A run without --pdf: the earlier PDFs would show old figures beside new workbooks; moved aside with --force.
    assert main(["fill", str(twee_gebieden), "--template", "nplv", "--out", str(uit)]) == 2
    assert "Delft_West.pdf" in capsys.readouterr().err
    assert main(["fill", str(twee_gebieden), "--template", "nplv", "--out", str(uit), "--force"]) == 0
    (opzij,) = [p for p in uit.iterdir() if p.is_dir()]
    assert sorted(p.name for p in opzij.iterdir()) == ["Delft_West.pdf", "Rotterdam-Zuid.pdf", "totaal.pdf"]
    assert not list(uit.glob("*.pdf"))


@pytest.mark.libreoffice
def test_into_met_pdf(tmp_path, capsys):
    from conftest import vereis_libreoffice

    vereis_libreoffice()
    doel = tmp_path / "rotterdam.xlsx"
    assert main(["fill", str(DATA), "--into", str(WORKBOOKS / "nplv.xlsx"), "--gebied", "Rotterdam-Zuid",
                 "--out", str(doel), "--pdf"]) == 0
    assert f"pdf geschreven: {tmp_path / 'rotterdam.pdf'}" in capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rotterdam.pdf", "rotterdam.xlsx"]
    paginas = _tekst(tmp_path / "rotterdam.pdf")
    # The footers --into patched, and the sources it wrote, as printed.
    assert all(r.startswith("NPLV – Rotterdam-Zuid") for r in _voetregels(paginas))
    assert any("voorbeeld_nplv_gebieden.xlsx: FICTIEVE" in p for p in paginas)
