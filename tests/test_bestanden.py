"""Atomic output: never a half-written file under its final name, never an unasked overwrite."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from xl_opgave import bestanden
from xl_opgave.bestanden import BestaatAl, eis_vrij, schrijf_atomisch


def test_schrijft_en_weigert_bestaand_bestand(tmp_path: Path) -> None:
    pad = tmp_path / "uit.bin"
    assert schrijf_atomisch(pad, b"een", overschrijven=False) == pad
    assert pad.read_bytes() == b"een"
    with pytest.raises(BestaatAl, match=r"bestaat al; gebruik --force"):
        schrijf_atomisch(pad, b"twee", overschrijven=False)
    assert pad.read_bytes() == b"een"
    schrijf_atomisch(pad, b"twee", overschrijven=True)
    assert pad.read_bytes() == b"twee"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["uit.bin"]


def test_rechten_zoals_open_en_behouden_bij_overschrijven(tmp_path: Path) -> None:
    pad = tmp_path / "uit.csv"
    schrijf_atomisch(pad, b"x", overschrijven=False)
    umask = os.umask(0)
    os.umask(umask)
    assert pad.stat().st_mode & 0o777 == 0o666 & ~umask
    pad.chmod(0o640)
    schrijf_atomisch(pad, b"y", overschrijven=True)
    assert pad.stat().st_mode & 0o777 == 0o640


def test_fout_tijdens_schrijven_laat_niets_achter(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pad = tmp_path / "uit.bin"
    pad.write_bytes(b"origineel")

    def kapot(fd: int) -> None:
        raise OSError("schijf vol")

    monkeypatch.setattr(bestanden.os, "fsync", kapot)
    with pytest.raises(OSError, match="schijf vol"):
        schrijf_atomisch(pad, b"nieuw", overschrijven=True)
    assert pad.read_bytes() == b"origineel"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["uit.bin"]


def test_map_moet_bestaan(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="bestaat niet"):
        schrijf_atomisch(tmp_path / "geen" / "uit.xlsx", b"x", overschrijven=False)


def test_eis_vrij_noemt_alle_bestaande(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").write_bytes(b"")
    (tmp_path / "b.xlsx").write_bytes(b"")
    paden = [tmp_path / n for n in ("a.xlsx", "b.xlsx", "c.xlsx")]
    with pytest.raises(BestaatAl, match=r"2 uitvoerbestand\(en\) bestaan al: .*a\.xlsx, .*b\.xlsx; gebruik --force"):
        eis_vrij(paden, overschrijven=False)
    eis_vrij(paden, overschrijven=True)


KIND = """
import sys
from xl_opgave.bestanden import schrijf_atomisch
pad, n = sys.argv[1], int(sys.argv[2])
print("klaar", flush=True)
i = 0
while True:
    schrijf_atomisch(pad, (b"AB"[i % 2 : i % 2 + 1]) * n, overschrijven=True)
    i += 1
"""


def test_sigkill_midden_in_schrijven_laat_heel_bestand(tmp_path: Path) -> None:
    pad = tmp_path / "uit.bin"
    n = 8 * 1024 * 1024
    for vertraging in (0.05, 0.13, 0.31):
        proces = subprocess.Popen([sys.executable, "-c", KIND, str(pad), str(n)], stdout=subprocess.PIPE)
        assert proces.stdout is not None and proces.stdout.readline().strip() == b"klaar"
        time.sleep(vertraging)
        proces.send_signal(signal.SIGKILL)
        proces.wait()
        if pad.exists():
            data = pad.read_bytes()
            assert len(data) == n and data in (b"A" * n, b"B" * n)
    # Only hidden temporary files may be left behind, never under the final name.
    rest = [p.name for p in tmp_path.iterdir() if p.name != "uit.bin"]
    assert all(naam.startswith(".uit.bin.") and naam.endswith(".tmp") for naam in rest)
