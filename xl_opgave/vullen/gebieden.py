"""The gebieden a data file may name: the programme's shipped list or the user's own (`--gebieden`).

The shipped list (`xl_opgave/data/gebieden.csv`: programma,gebied,gemeente) holds the 20 NPLV
focusgebieden and the 11 NPVR regions. Names are matched as the core matches labels (case, dashes,
punctuation and spacing folded) after Unicode normalisation (NFC: macOS writes 'Fryslân' with a
separate accent), and always come back in the list's own spelling. A name on a list may not hold
control characters or bidirectional overrides (they would steer a terminal or hide text).
"""

from __future__ import annotations

import csv
import difflib
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.laden import lees_csv
from xl_opgave.core.model import normaliseer
from xl_opgave.vullen.tekst import lees_tekstbestand

GEDEELDE_LIJST = "xl_opgave/data/gebieden.csv"
_STUURTEKENS = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")


def _trigrammen(tekst: str) -> set[str]:
    tekst = f"  {tekst} "
    return {tekst[i : i + 3] for i in range(len(tekst) - 2)}


def vouw(naam: str) -> str:
    """The form names are compared in: NFC, then the core's label folding."""
    return normaliseer(unicodedata.normalize("NFC", naam))


@dataclass(frozen=True)
class Gebied:
    naam: str
    programma: str = ""  # '' = valid for any programme (a user list without that column)
    gemeente: str = ""


@dataclass(frozen=True)
class Gebiedenlijst:
    programma: str  # programme code in lower case: 'nplv', 'npvr'
    bron: str
    gebieden: tuple[Gebied, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {vouw(g.naam): g for g in self.gebieden})

    @property
    def namen(self) -> tuple[str, ...]:
        return tuple(g.naam for g in self.gebieden)

    def zoek(self, naam: str, *, bron: str = "", plaats: str = "", suggestie: bool = True) -> Gebied:
        """The gebied called `naam` (folded comparison); InvoerFout with the nearest name otherwise (or
        without one when `suggestie` is False: a data file full of unknown names need not pay for each)."""
        gevonden = self._index.get(vouw(naam))  # type: ignore[attr-defined]
        if gevonden is not None:
            return gevonden
        if not naam.strip():
            raise InvoerFout("gebied ontbreekt", bron=bron, plaats=plaats)
        hint = self.suggestie(naam) if suggestie else ""
        raise InvoerFout(f"onbekend gebied {naam!r} (niet in {self.bron}){hint}", bron=bron, plaats=plaats)

    def suggestie(self, naam: str) -> str:
        """'; bedoelt u …?' with the nearest name, or ''. A long list is first narrowed to the names that
        share the most three-letter pieces, so that many unknown names cost linear, not quadratic, work."""
        gevouwen = {sleutel: g.naam for sleutel, g in self._index.items()}  # type: ignore[attr-defined]
        doel = vouw(naam)
        kandidaten = list(gevouwen)
        if len(kandidaten) > 50:
            kandidaten = self._kortlijst(doel)
        beste = difflib.get_close_matches(doel, kandidaten, n=1, cutoff=0.6)
        return f"; bedoelt u {gevouwen[beste[0]]!r}?" if beste else ""

    def _kortlijst(self, doel: str, aantal: int = 20) -> list[str]:
        index: dict[str, list[str]] | None = getattr(self, "_trigrammen", None)
        if index is None:
            index = {}
            for sleutel in self._index:  # type: ignore[attr-defined]
                for stuk in _trigrammen(sleutel):
                    index.setdefault(stuk, []).append(sleutel)
            object.__setattr__(self, "_trigrammen", index)
        score: dict[str, int] = {}
        for stuk in _trigrammen(doel):
            treffers = index.get(stuk, ())
            if len(treffers) > 200:  # a piece every name has ('geb', ' 00') says nothing
                continue
            for sleutel in treffers:
                score[sleutel] = score.get(sleutel, 0) + 1
        return sorted(score, key=lambda s: (-score[s], s))[:aantal]

    def __contains__(self, naam: object) -> bool:
        return isinstance(naam, str) and vouw(naam) in self._index  # type: ignore[attr-defined]

    def __len__(self) -> int:
        return len(self.gebieden)


def gebieden_uit_tekst(tekst: str, bron: str, programma: str) -> Gebiedenlijst:
    """A list in CSV form: column `gebied` required; `programma` and `gemeente` optional.

    Rows whose `programma` names another programme are skipped; an empty `programma` fits any.
    Duplicate names (after folding) are an error, as is a list with no gebied for this programme.
    """
    code = programma.strip().lower()
    rijen = lees_csv(tekst, bron)
    kop = _kop(tekst)
    if "gebied" not in kop:
        raise InvoerFout("kolom 'gebied' ontbreekt", bron=bron, plaats="rij 1")
    gebieden: list[Gebied] = []
    gezien: dict[str, str] = {}
    for rij in rijen:
        rij_programma = rij.get("programma", "").strip().lower()
        if rij_programma and rij_programma != code:
            continue
        naam = " ".join(unicodedata.normalize("NFC", rij["gebied"]).split())
        plaats = f"rij {rij['_rij']}, kolom gebied"
        if not naam:
            raise InvoerFout("gebied ontbreekt", bron=bron, plaats=plaats)
        stuur = _STUURTEKENS.findall(rij["gebied"])
        if stuur:
            tekens = ", ".join(dict.fromkeys(f"U+{ord(t):04X}" for t in stuur))
            raise InvoerFout(f"de naam bevat een stuurteken ({tekens}); alleen gewone tekens zijn toegestaan",
                             bron=bron, plaats=plaats)
        sleutel = vouw(naam)
        if sleutel in gezien:
            raise InvoerFout(f"gebied {naam!r} staat dubbel in de lijst (ook {gezien[sleutel]})", bron=bron, plaats=plaats)
        gezien[sleutel] = f"rij {rij['_rij']}"
        gebieden.append(Gebied(naam, rij_programma, rij.get("gemeente", "").strip()))
    if not gebieden:
        raise InvoerFout(f"de lijst bevat geen gebieden voor {code.upper()}", bron=bron)
    return Gebiedenlijst(code, bron, tuple(gebieden))


def _kop(tekst: str) -> list[str]:
    eerste = tekst.removeprefix("\ufeff").split("\n", 1)[0]
    scheiding = ";" if eerste.count(";") >= eerste.count(",") else ","
    return [k.strip().lower() for k in next(csv.reader([eerste], delimiter=scheiding), [])]


def laad_gebieden(programma: str, pad: str | Path | None = None) -> Gebiedenlijst:
    """The programme's shipped list, or the list in the file `pad` (`--gebieden FILE`)."""
    if pad is None:
        tekst = resources.files("xl_opgave.data").joinpath("gebieden.csv").read_text(encoding="utf-8")
        return gebieden_uit_tekst(tekst, GEDEELDE_LIJST, programma)
    return gebieden_uit_tekst(lees_tekstbestand(pad), str(pad), programma)
