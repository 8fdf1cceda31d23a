"""A small synthetic programme with printed figures: the rule and the checks proven beyond the two reports."""

from __future__ import annotations

from xl_opgave.core.bedrag import Bedrag
from xl_opgave.core.model import DekkingsPost, Onderdeel, OpgavePost, Periode, Pijler, Programma
from xl_opgave.core.opmaak import getal_nl
from xl_opgave.core.vergelijking import Cijfer


def programma(opgaven: list[float], dekkingen: list[float], sleutels: list[float], breed: float = 0.0) -> Programma:
    """One period 'p' of 4 years, one pillar 'a', onderdelen o0, o1, …; dekking as Rijksfinanciering, one source each."""
    n = len(opgaven)
    dekking = [DekkingsPost("p", "a", f"o{i}", f"bron{i}", Bedrag(), Bedrag.exact(d)) for i, d in enumerate(dekkingen) if d]
    if breed:
        dekking.append(DekkingsPost("p", "a", "", "breed", Bedrag(), Bedrag.exact(breed)))
    return Programma(
        code="T", naam="Test", bron="synthetisch",
        perioden=(Periode("p", "periode", 2026, 2029, 4),),
        pijlers=(Pijler("a", "Pijler A"),),
        onderdelen=tuple(Onderdeel(f"o{i}", "a", f"Onderdeel {i}", sleutels[i]) for i in range(n)),
        opgaven=tuple(OpgavePost("p", "a", f"o{i}", Bedrag.exact(x)) for i, x in enumerate(opgaven)),
        dekkingen=tuple(dekking),
    )


def cijfer(id_: str, formule: str, gedrukt: float | str, *, afronding: float | None = 5, delen: str = "",
           tabel: str = "Tabel X", rij: str = "", kolom: str = "") -> Cijfer:
    tekst = gedrukt if isinstance(gedrukt, str) else ("-" if gedrukt == 0 else getal_nl(gedrukt))
    return Cijfer(id_, tabel, rij or id_, kolom or "bedrag", tekst, afronding, "", formule,
                  tuple(d.strip() for d in delen.split("|") if d.strip()))
