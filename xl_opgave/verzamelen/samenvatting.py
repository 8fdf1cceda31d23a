"""What `verzamel` says on the terminal: a progress line while it reads, and a summary at the end."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from xl_opgave.core.bedrag import Bedrag
from xl_opgave.core.opmaak import getal_nl
from xl_opgave.vullen.vul import Voortgang as _Voortgang

if TYPE_CHECKING:
    from xl_opgave.verzamelen.verzamel import Verzameling

MAX_REGELS = 12  # rows needing attention named in the summary (the Status sheet has them all)


class Voortgang(_Voortgang):
    """The batch filler's progress line (`vullen.vul.Voortgang`: redrawn in place on a terminal, a line
    per 10 % otherwise), saying what verzamel does."""

    def stap(self, klaar: int) -> None:
        procent = 100 * klaar // max(1, self.totaal)
        verstreken = time.perf_counter() - self.begin
        balk = "#" * (procent // 5) + "." * (20 - procent // 5)
        regel = f"verzamelen [{balk}] {klaar}/{self.totaal} {self.tekst} ({procent} %, {getal_nl(verstreken, 1)} s)"
        if self.terminal:
            self.stroom.write("\r" + regel + ("\n" if klaar >= self.totaal else ""))
            self.stroom.flush()
        elif procent // 10 != self.vorige_tiende or klaar >= self.totaal:
            self.vorige_tiende = procent // 10
            self.stroom.write(regel + "\n")
            self.stroom.flush()


def mln(bedrag: Bedrag) -> str:
    """'€ 2.935,3 mln - PM', '€ 6.300,0 – 11.800,0 mln', 'n.b.'."""
    if bedrag.nb:
        return "n.b."
    tekst = f"€ {getal_nl(bedrag.laag, 1)}"
    if not bedrag.is_exact:
        tekst += f" – {getal_nl(bedrag.hoog, 1)}"
    tekst += " mln"
    return f"{tekst} {bedrag.pm_teken()}" if bedrag.pm else tekst


def kernresultaten(v: Verzameling) -> list[tuple[str, Bedrag]]:
    """The results the summary and the Landelijk sheet lead with: per period the restopgave and the
    Rijks-restopgave of the whole programme (NPLV), or every category total (NPVR); from the amounts."""
    from xl_opgave.referentie import laad

    vorm = laad(v.code).programma
    uit: list[tuple[str, Bedrag]] = []
    extra = [c for c in vorm.categorieen if c.code != "opgave"]
    for periode in vorm.perioden:
        if extra:
            for c in extra:
                uit.append((f"{c.naam} {periode.naam}", v.landelijk[f"{periode.code}.totaal.{c.code}"]))
        else:
            uit.append((f"restopgave {periode.naam}", v.landelijk[f"{periode.code}.totaal.restopgave"]))
            uit.append((f"Rijks-restopgave {periode.naam}", v.landelijk[f"{periode.code}.totaal.rijksrestopgave"]))
    return uit


def samenvatting(v: Verzameling) -> str:
    from xl_opgave.verzamelen.status import STATUSSEN

    per_status = v.indeling.per_status()
    bestanden = sum(1 for r in v.regels if r.bestand)
    regels = [
        f"{bestanden} {'bestand' if bestanden == 1 else 'bestanden'} gelezen voor {v.code.upper()}, "
        f"{len(v.lijst)} gebieden verwacht ({v.lijst_bron}); {getal_nl(v.seconden, 1)} s, "
        f"{v.werkers} {'proces' if v.werkers == 1 else 'processen'}",
        "  " + " · ".join(f"{s}: {per_status[s]}" for s in STATUSSEN),
    ]
    tellend = v.tellend
    in_orde = sum(1 for r in tellend.values() if r.status == "in orde")
    regels.append(f"meegeteld: {len(tellend)} {'gebied' if len(tellend) == 1 else 'gebieden'} "
                  f"(in orde: {in_orde})")
    if tellend:
        regels.append("landelijk, uit de bedragen van de meegetelde gebieden:")
        for naam, bedrag in kernresultaten(v):
            regels.append(f"  {naam}: {mln(bedrag)}")
            sleutel = _sleutel(v, naam)
            if sleutel is not None:
                verschil = v.landelijk.verschil(sleutel)
                if abs(verschil.laag) > 5e-7 or abs(verschil.hoog) > 5e-7:
                    regels.append(f"    (de som van de eigen {naam.split(' ', 1)[0].lower()}n van de gebieden is "
                                  f"{getal_nl(verschil.laag, 1)} mln hoger: afkapping per gebied; zie blad Landelijk)")
        for periode, jaren in v.landelijk.jaren_verschillen.items():
            regels.append(f"  let op: het aantal jaren van {periode} verschilt per gebied ("
                          + ", ".join(getal_nl(j, 0) for j in jaren) + "); per jaar telt elk gebied met zijn eigen jaren")
    let_op = [w for w in v.wijzigingen if w.let_op]
    regels.append(f"wijzigingen: {len(v.wijzigingen)}" + (
        f" (let op: {len(let_op)}: " + ", ".join(sorted({w.let_op for w in let_op})) + ")" if let_op else ""))
    aandacht = [r for r in v.regels if r.aandacht]
    if aandacht:
        regels.append("aandacht nodig:")
        for r in aandacht[:MAX_REGELS]:
            wie = r.gebied or "(geen gebied)"
            waar = f" {r.bestand}" if r.bestand else ""
            toelichting = f": {r.toelichting}" if r.toelichting else ""
            regels.append(f"  {wie}{waar} – {r.status}{toelichting}")
        if len(aandacht) > MAX_REGELS:
            regels.append(f"  … en {len(aandacht) - MAX_REGELS} meer (blad Status)")
    if v.overgeslagen:
        regels.append(f"overgeslagen: {len(v.overgeslagen)} {'bestand' if len(v.overgeslagen) == 1 else 'bestanden'}: "
                      + "; ".join(f"{p} ({r})" for p, r in v.overgeslagen[:5]) + (" …" if len(v.overgeslagen) > 5 else ""))
    for melding in v.meldingen:
        regels.append(f"let op: {melding}")
    regels.append(f"geschreven: {v.uit} en {v.csv}")
    return "\n".join(regels)


def _sleutel(v: Verzameling, naam: str) -> str | None:
    from xl_opgave.referentie import laad

    for periode in laad(v.code).programma.perioden:
        if naam == f"restopgave {periode.naam}":
            return f"{periode.code}.totaal.restopgave"
        if naam == f"Rijks-restopgave {periode.naam}":
            return f"{periode.code}.totaal.rijksrestopgave"
    return None
