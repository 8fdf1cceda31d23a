"""Pyodide under Node, for the xlwings Lite tests and benchmark: one interpreter, requests as JSON lines.

`tests/pyodide/` holds a pinned npm `pyodide` (package.json, package-lock.json; `npm ci --prefix
tests/pyodide`, as .ci/run does) and `sessie.mjs`, which loads Pyodide once and then runs one request
per line. `start()` starts it; without Node or the npm package a test skips locally and fails in CI
(the rule of the LibreOffice tests, tests/conftest.py).
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

MAP = Path(__file__).resolve().parent / "pyodide"
SESSIE = MAP / "sessie.mjs"
PAKKET = MAP / "node_modules" / "pyodide" / "package.json"
START_SECONDEN = 120
VERZOEK_SECONDEN = 300


class PyodideFout(RuntimeError):
    """Python code raised inside Pyodide (the message holds its traceback)."""


@dataclass
class Antwoord:
    uit: str | None
    gedrukt: list[str] = field(default_factory=list)
    ms: float = 0.0


def ontbreekt() -> str | None:
    """Why Pyodide cannot start here, or None."""
    if shutil.which("node") is None:
        return "Node.js (node) is niet geïnstalleerd"
    if not PAKKET.is_file():
        return f"het npm-pakket pyodide ontbreekt in {MAP} (npm ci --prefix tests/pyodide)"
    return None


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def vereis() -> None:
    """Skip when Pyodide cannot start, but fail when CI is set: CI must never skip these tests."""
    reden = ontbreekt()
    if reden is None:
        return
    if in_ci():
        pytest.fail(f"{reden}, maar CI is gezet: de Pyodide-tests mogen in CI niet overgeslagen worden.", pytrace=False)
    pytest.skip(reden)


class PyodideSessie:
    def __init__(self) -> None:
        self.proces = subprocess.Popen(
            ["node", str(SESSIE)], cwd=MAP, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, encoding="utf-8")
        self.klaar = json.loads(self._regel(START_SECONDEN))
        self.versie: str = self.klaar["pyodide"]
        self.laden_ms: float = self.klaar["laden_ms"]

    def _regel(self, seconden: float) -> str:
        assert self.proces.stdout is not None
        gereed, _, _ = select.select([self.proces.stdout], [], [], seconden)
        if not gereed:
            self.sluit()
            raise TimeoutError(f"Pyodide antwoordde niet binnen {seconden} s")
        regel = self.proces.stdout.readline()
        if not regel:
            fout = self.proces.stderr.read() if self.proces.stderr else ""
            raise RuntimeError(f"Pyodide (node) is gestopt: {fout[-2000:]}")
        return regel

    def draai(self, python: str = "", bestanden: dict[str, str] | None = None) -> Antwoord:
        """Run `python` in Pyodide (after writing `bestanden`); its last expression's str() comes back."""
        assert self.proces.stdin is not None
        self.proces.stdin.write(json.dumps({"python": python, "bestanden": bestanden or {}}) + "\n")
        self.proces.stdin.flush()
        antwoord = json.loads(self._regel(VERZOEK_SECONDEN))
        if not antwoord["ok"]:
            raise PyodideFout(antwoord["fout"] + ("\n" + "\n".join(antwoord["gedrukt"]) if antwoord["gedrukt"] else ""))
        return Antwoord(antwoord["uit"], antwoord["gedrukt"], antwoord["ms"])

    def json(self, python: str, bestanden: dict[str, str] | None = None) -> object:
        """Run `python`, whose last expression is a JSON text, and return it decoded."""
        return json.loads(self.draai(python, bestanden).uit or "null")

    def sluit(self) -> None:
        if self.proces.poll() is None:
            if self.proces.stdin:
                self.proces.stdin.close()
            try:
                self.proces.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proces.kill()
                self.proces.wait()


def start() -> PyodideSessie:
    return PyodideSessie()
