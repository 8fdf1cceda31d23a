"""The Berekening sheet as data: one row per computed quantity, its formulas and its value.

Each row is defined once and yields both the native Excel formulas (laag, hoog, PM+ and PM−
flags) and the values of the same quantity from the core (`bereken`), so that the cached value
written in the file equals what Excel or LibreOffice computes on a full recalculation.

Columns: A omschrijving, B pijler, C onderdeel/bron, D sleutel (key of the core's namespace),
E eenheid, F laag, G hoog, H PM+ (1 when PM items are added), I PM− (1 when PM items are
deducted), J the PM text ('+ PM', '- PM', '± PM' or '').
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from xl_opgave.core.bedrag import NUL, Bedrag
from xl_opgave.core.model import Programma
from xl_opgave.core.rekenen import bron_sleutel
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek import scenarios as sc

EERSTE_RIJ = 6  # Excel row number of the first item
KOLOM = {"laag": "F", "hoog": "G", "plus": "H", "min": "I", "tekst": "J"}
PM_TEKST_FORMULE = 'CHOOSE(1+{p}+{m}+{m},"","+ PM","- PM","± PM")'


_VERWIJZING = re.compile(r"⟨([^|⟩]+)\|([A-Za-z]+)⟩")


def verwijs(sleutel: str, kolom: str) -> str:
    """A reference to a row that may be built later; resolved by `Rekenmodel.los_op`."""
    return f"⟨{sleutel}|{kolom}⟩"


def bereik(eerste: str, laatste: str, kolom: str) -> str:
    """An absolute column range from row `eerste` to row `laatste` (kolom: laag/hoog/plus/min or a letter)."""
    return f"⟨{eerste}:{laatste}|{kolom}⟩"


def pm_tekst(plus: bool, min_: bool) -> str:
    return ["", "+ PM", "- PM", "± PM"][int(plus) + 2 * int(min_)]


@dataclass
class Regel:
    rij: int
    sleutel: str
    label: str
    pijler: str
    onderdeel: str
    laag: str
    hoog: str
    plus: str
    min: str  # '' leaves the cell empty (counts as 0): inputs never deduct PM items
    bedrag: Bedrag
    eenheid: str = "€ mln"

    def cel(self, kolom: str, blad: bool = False) -> str:
        adres = f"${KOLOM[kolom]}${self.rij}"
        return f"{nm.BLAD_BEREKENING}!{adres}" if blad else f"{KOLOM[kolom]}{self.rij}"

    @property
    def waarde_plus(self) -> int:
        return int(any(p.teken > 0 for p in self.bedrag.pm))

    @property
    def waarde_min(self) -> int:
        return int(any(p.teken < 0 for p in self.bedrag.pm))


@dataclass
class Kop:
    rij: int
    tekst: str


@dataclass
class Rekenmodel:
    uitkomsten: Mapping[str, Bedrag]
    items: list[Regel | Kop] = field(default_factory=list)
    regels: dict[str, Regel] = field(default_factory=dict)
    volgende: int = EERSTE_RIJ

    # -- building blocks ----------------------------------------------------------------------
    def kop(self, tekst: str) -> None:
        if self.items:
            self.volgende += 1
        self.items.append(Kop(self.volgende, tekst))
        self.volgende += 1

    def regel(self, sleutel: str, label: str, pijler: str, onderdeel: str, laag: str, hoog: str,
              plus: str, min_: str = "", bedrag: Bedrag | None = None, eenheid: str = "€ mln") -> Regel:
        if sleutel in self.regels:
            raise ValueError(f"dubbele regel {sleutel}")
        waarde = bedrag if bedrag is not None else self.uitkomsten.get(sleutel, NUL)
        if waarde.nb:
            waarde = NUL
        regel = Regel(self.volgende, sleutel, label, pijler, onderdeel, laag, hoog, plus, min_, waarde, eenheid)
        self.items.append(regel)
        self.regels[sleutel] = regel
        self.volgende += 1
        return regel

    def __getitem__(self, sleutel: str) -> Regel:
        return self.regels[sleutel]

    def los_op(self) -> None:
        """Replace the references made with `verwijs`/`bereik` by cell addresses."""
        def adres(treffer: re.Match[str]) -> str:
            sleutel, kolom = treffer.group(1), treffer.group(2)
            if ":" in sleutel:
                eerste, laatste = sleutel.split(":")
                letter = KOLOM.get(kolom, kolom)
                return f"${letter}${self[eerste].rij}:${letter}${self[laatste].rij}"
            return self[sleutel].cel(kolom)

        for regel in self.regels.values():
            for veld in ("laag", "hoog", "plus", "min"):
                tekst = getattr(regel, veld)
                if "⟨" in tekst:
                    setattr(regel, veld, _VERWIJZING.sub(adres, tekst))

    def invoer(self, sleutel: str, label: str, pijler: str, onderdeel: str, laag_naam: str,
               hoog_naam: str | None = None, **kw) -> Regel:
        """An input amount: text (PM) counts as 0 in SUM, and sets the PM flag."""
        hoog_naam = hoog_naam or laag_naam
        pm = f'COUNTIF({laag_naam},"PM")' if hoog_naam == laag_naam else (
            f'COUNTIF({laag_naam},"PM")+COUNTIF({hoog_naam},"PM")')
        return self.regel(sleutel, label, pijler, onderdeel, f"SUM({laag_naam})", f"SUM({hoog_naam})",
                          f"--({pm}>0)", **kw)

    def som(self, sleutel: str, label: str, pijler: str, onderdeel: str, delen: list[str], **kw) -> Regel:
        regels = [self[d] for d in delen]
        if not regels:
            raise ValueError(f"som zonder delen: {sleutel}")
        return self.regel(
            sleutel, label, pijler, onderdeel,
            _functie("SUM", [r.cel("laag") for r in regels]),
            _functie("SUM", [r.cel("hoog") for r in regels]),
            _functie("MAX", [r.cel("plus") for r in regels]),
            _functie("MAX", [r.cel("min") for r in regels]),
            **kw,
        )

    def verschil(self, sleutel: str, label: str, pijler: str, onderdeel: str, a: str, b: list[str],
                 afkappen: bool = True, **kw) -> Regel:
        """a − Σ b, clipped at zero when `afkappen` (a restopgave is never negative)."""
        ra, rb = self[a], [self[x] for x in b]
        laag = f"{ra.cel('laag')}-" + _optel([r.cel("hoog") for r in rb])
        hoog = f"{ra.cel('hoog')}-" + _optel([r.cel("laag") for r in rb])
        if afkappen:
            laag, hoog = f"MAX(0,{laag})", f"MAX(0,{hoog})"
        plus = _functie("MAX", [ra.cel("plus"), *(r.cel("min") for r in rb)])
        min_ = _functie("MAX", [ra.cel("min"), *(r.cel("plus") for r in rb)])
        return self.regel(sleutel, label, pijler, onderdeel, laag, hoog, plus, min_, **kw)

    def gedeeld(self, sleutel: str, label: str, pijler: str, onderdeel: str, basis: str, deler: str, **kw) -> Regel:
        r = self[basis]
        return self.regel(sleutel, label, pijler, onderdeel, f"{r.cel('laag')}/{deler}", f"{r.cel('hoog')}/{deler}",
                          f"{r.cel('plus')}", f"{r.cel('min')}", **kw)


def _functie(naam: str, cellen: list[str]) -> str:
    return cellen[0] if len(cellen) == 1 and naam == "MAX" else f"{naam}({','.join(cellen)})"


def _optel(cellen: list[str]) -> str:
    return cellen[0] if len(cellen) == 1 else f"({'+'.join(cellen)})"


# -- the model of each programme shape -------------------------------------------------------------
def bouw(programma: Programma, referentie: Programma, uitkomsten: Mapping[str, Bedrag]) -> Rekenmodel:
    """All Berekening rows; the layout depends only on the reference programme's shape."""
    model = Rekenmodel(uitkomsten)
    if nm.bereik_modus(referentie):
        _bouw_categorieen(model, referentie)
    else:
        _bouw_dekking(model, referentie)
    if referentie.kerncijfers:
        model.kop("Kerncijfers (uit het rapport, niet doorgerekend)")
        bereik = nm.bereik_modus(referentie)
        for kern in referentie.kerncijfers:
            if bereik:
                model.invoer(f"kern.{kern.code}", kern.naam, "", "", nm.kern(kern.code, "laag"),
                             nm.kern(kern.code, "hoog"), eenheid="")
            else:
                model.invoer(f"kern.{kern.code}", kern.naam, "", "", nm.kern(kern.code), eenheid="")
    _bouw_scenarios(model, referentie)
    model.los_op()
    return model


def _bouw_dekking(model: Rekenmodel, ref: Programma) -> None:
    """NPLV: opgave, Rijksdeel, dekking and restopgave per onderdeel, pillar and total."""
    for periode in ref.perioden:
        p = periode.code
        jaren = nm.jaren(periode)
        kol = {k: nm.dekking(periode, k) for k in nm.DEKKING_KOLOMMEN}
        for pijler in ref.pijlers:
            q = pijler.code
            model.kop(f"{pijler.naam} – {periode.naam}")
            for o in ref.onderdelen_van(q):
                b = f"{p}.{q}.{o.code}"
                opg = model.invoer(f"{b}.opgave", f"Opgave {o.naam}", pijler.naam, o.naam, nm.opgave(periode, o.code))
                sl = nm.sleutel(o.code)
                model.regel(
                    f"{b}.rijksdeel", f"Rijksdeel {o.naam} (opgave × verdeelsleutel)", pijler.naam, o.naam,
                    f"{opg.cel('laag')}*N({sl})", f"{opg.cel('hoog')}*N({sl})",
                    f'MAX({opg.cel("plus")},--AND(COUNTIF({sl},"PM")>0,{opg.cel("hoog")}+{opg.cel("plus")}>0))',
                    f"{opg.cel('min')}",
                )
                for soort, naam in (("cofinanciering", "Cofin"), ("rijksfinanciering", "Rijksfin")):
                    _dekkingsregel(model, ref, periode, f"{b}.{soort}", f"{soort.capitalize()} {o.naam}",
                                   pijler.naam, o.naam, kol[naam], kol, soort)
                model.som(f"{b}.dekking", f"Dekking {o.naam}", pijler.naam, o.naam,
                          [f"{b}.cofinanciering", f"{b}.rijksfinanciering"])
                model.verschil(f"{b}.restopgave", f"Restopgave {o.naam}", pijler.naam, o.naam,
                               f"{b}.opgave", [f"{b}.dekking"])
                model.verschil(f"{b}.rijksrestopgave", f"Rijksrestopgave {o.naam}", pijler.naam, o.naam,
                               f"{b}.rijksdeel", [f"{b}.rijksfinanciering"])
            b = f"{p}.{q}"
            for soort, naam in (("cofinanciering", "Cofin"), ("rijksfinanciering", "Rijksfin")):
                _dekkingsregel(model, ref, periode, f"{b}.pijlerbreed.{soort}", f"Pijlerbrede {soort}",
                               pijler.naam, nm.HELE_PIJLER, kol[naam], kol, soort)
            model.som(f"{b}.pijlerbreed.dekking", "Pijlerbrede dekking", pijler.naam, nm.HELE_PIJLER,
                      [f"{b}.pijlerbreed.cofinanciering", f"{b}.pijlerbreed.rijksfinanciering"])
            onderdelen = [f"{b}.{o.code}" for o in ref.onderdelen_van(q)]
            label = pijler.naam
            model.som(f"{b}.opgave", f"Opgave {label}", label, "", [f"{o}.opgave" for o in onderdelen])
            model.som(f"{b}.rijksdeel", f"Rijksdeel {label}", label, "", [f"{o}.rijksdeel" for o in onderdelen])
            for soort in ("cofinanciering", "rijksfinanciering", "dekking"):
                model.som(f"{b}.{soort}", f"{soort.capitalize()} {label}", label, "",
                          [*(f"{o}.{soort}" for o in onderdelen), f"{b}.pijlerbreed.{soort}"])
            model.verschil(f"{b}.restopgave", f"Restopgave {label} (op totaalniveau)", label, "",
                           f"{b}.opgave", [f"{b}.dekking"])
            model.gedeeld(f"{b}.restopgave_jaarlijks", f"Restopgave {label} per jaar", label, "",
                          f"{b}.restopgave", jaren)
            _per_onderdeel(model, f"{b}.restopgave_per_onderdeel", f"Restopgave {label} (per onderdeel)", label,
                           [f"{o}.restopgave" for o in onderdelen], f"{b}.pijlerbreed.dekking")
            model.verschil(f"{b}.rijksrestopgave", f"Rijksrestopgave {label} (op totaalniveau)", label, "",
                           f"{b}.rijksdeel", [f"{b}.rijksfinanciering"])
            model.gedeeld(f"{b}.rijksrestopgave_jaarlijks", f"Rijksrestopgave {label} per jaar", label, "",
                          f"{b}.rijksrestopgave", jaren)
            _per_onderdeel(model, f"{b}.rijksrestopgave_per_onderdeel", f"Rijksrestopgave {label} (per onderdeel)",
                           label, [f"{o}.rijksrestopgave" for o in onderdelen], f"{b}.pijlerbreed.rijksfinanciering")
            _bronnen(model, ref, periode, pijler, kol)
            _componenten(model, ref, periode, pijler)
        model.kop(f"Totaal – {periode.naam}")
        for soort in ("opgave", "rijksdeel", "cofinanciering", "rijksfinanciering", "dekking",
                      "pijlerbreed.dekking", "restopgave", "restopgave_per_onderdeel", "rijksrestopgave",
                      "rijksrestopgave_per_onderdeel"):
            model.som(f"{p}.totaal.{soort}", f"Totaal {soort.replace('_', ' ').replace('.', ' ')}", "Totaal", "",
                      [f"{p}.{q.code}.{soort}" for q in ref.pijlers])
        for soort in ("restopgave", "rijksrestopgave"):
            model.gedeeld(f"{p}.totaal.{soort}_jaarlijks", f"Totaal {soort} per jaar", "Totaal", "",
                          f"{p}.totaal.{soort}", jaren)
        codes = _component_codes(ref, p)
        for code in codes:
            for soort in ("opgave", "rijksdeel"):
                model.som(f"{p}.totaal.component.{code}.{soort}", f"Totaal {code} {soort}", "Totaal", "",
                          [f"{p}.{q.code}.component.{code}.{soort}" for q in ref.pijlers])


def scenario_dekking(ref: Programma, periode: str, soort: str) -> list[str]:
    """The Berekening rows of the scenarios' extra dekking of one period (contiguous, in this order)."""
    return [f"scenario.{r.nummer}.{soort}" for r in sc.wijzigingsregels(ref)
            if r.soort == "dekking_toevoegen" and ref.periode(str(r.veld("periode"))).code == periode]


def _dekkingsregel(model: Rekenmodel, ref: Programma, periode, sleutel: str, label: str, pijler: str,
                   onderdeel: str, kolom: str, kol: dict[str, str], soort: str) -> None:
    """Dekking of one onderdeel (or the whole pillar): the dekking table plus the switched-on scenario dekking."""
    r = model.volgende
    crit = f"{kol['Pijler']},$B{r},{kol['Onderdeel']},$C{r}"
    laag, hoog, plus = f"SUMIFS({kolom},{crit})", f"SUMIFS({kolom},{crit})", f'COUNTIFS({kolom},"PM",{crit})'
    rijen = scenario_dekking(ref, periode.code, soort)
    if rijen:
        def extra(k: str) -> str:
            return (f"SUMIFS({bereik(rijen[0], rijen[-1], k)},{bereik(rijen[0], rijen[-1], 'B')},$B{r},"
                    f"{bereik(rijen[0], rijen[-1], 'C')},$C{r})")
        laag, hoog, plus = f"{laag}+{extra('laag')}", f"{hoog}+{extra('hoog')}", f"{plus}+{extra('plus')}"
    model.regel(sleutel, label, pijler, onderdeel, laag, hoog, f"--({plus}>0)")


def _bouw_scenarios(model: Rekenmodel, ref: Programma) -> None:
    """The switches of the scenarios and what they add (rows that other rows refer to with `verwijs`)."""
    regels = sc.wijzigingsregels(ref)
    if not regels:
        return
    model.kop("Scenario's: schakelaars (1 = aan) en wat ze toevoegen")
    for regel in regels:
        schakelaars = ",".join(nm.scenario(c) for c in regel.scenarios)
        model.regel(regel.actief, f"Schakelaar: {sc.omschrijving(ref, regel)}", "", ", ".join(regel.scenarios),
                    f"MAX({schakelaars})", f"MAX({schakelaars})", "0", eenheid="0/1")
    kanten = {str(r.veld("kant")): r for r in regels if r.soort == "bandbreedte_kiezen"}
    if kanten:
        for sleutel, eigen, ander, tekst in ((sc.BANDBREEDTE_LAAG, "laag", "hoog", "ondergrens"),
                                              (sc.BANDBREEDTE_HOOG, "hoog", "laag", "bovengrens")):
            if eigen not in kanten:
                formule = "0"
            elif ander in kanten:
                formule = f"{verwijs(kanten[eigen].actief, 'laag')}*(1-{verwijs(kanten[ander].actief, 'laag')})"
            else:
                formule = verwijs(kanten[eigen].actief, "laag")
            model.regel(sleutel, f"Alleen de {tekst} van elke bandbreedte", "", "", formule, formule, "0",
                        eenheid="0/1")
    for onderdeel, lijst in sc.variant_regels(ref).items():
        ergens = f"MAX({','.join(verwijs(r.actief, 'laag') for r in lijst)})"
        for variant in sc.alle_varianten(ref, onderdeel):
            eigen = [verwijs(r.actief, "laag") for r in lijst if r.veld("variant") == variant]
            formule = f"MAX({','.join(eigen)},1-{ergens})" if eigen else f"1-{ergens}"
            model.regel(sc.variant_sleutel(onderdeel, variant), f"Variant {variant} telt mee in de omhullende",
                        "", ref.onderdeel(onderdeel).naam, formule, formule, "0", eenheid="0/1")
    for periode in ref.perioden:
        for soort, kolom in (("cofinanciering", "Cofin"), ("rijksfinanciering", "Rijksfin")):
            for regel in regels:
                if regel.soort != "dekking_toevoegen" or ref.periode(str(regel.veld("periode"))).code != periode.code:
                    continue
                naam = sc.dekking_namen(ref, regel)[kolom]
                onderdeel = str(regel.veld("onderdeel") or "")
                a = verwijs(regel.actief, "laag")
                model.regel(f"scenario.{regel.nummer}.{soort}",
                            f"{sc.omschrijving(ref, regel)}: {soort} (schakelaar × bedrag)",
                            ref.pijler(str(regel.veld("pijler"))).naam,
                            ref.onderdeel(onderdeel).naam if onderdeel else nm.HELE_PIJLER,
                            f"{a}*N({naam})", f"{a}*N({naam})", f'--({a}*COUNTIF({naam},"PM")>0)')
    posten = [r for r in regels if r.soort == "post_toevoegen"]
    if posten:
        _bouw_horizon(model, ref, posten)


def _bouw_horizon(model: Rekenmodel, ref: Programma, posten: list[sc.Wijzigingsregel]) -> None:
    """Extra estimates over the horizon (e.g. funderingsherstel) and the horizon totals including them."""
    eind = ref.perioden[-1].laatste_jaar
    for regel in posten:
        code, naam = str(regel.veld("code")), str(regel.veld("naam"))
        namen = sc.post_namen(regel)
        a = verwijs(regel.actief, "laag")
        opg = model.regel(
            f"horizon.aanvullend.{code}.opgave", f"Aanvullende raming {naam} t/m {eind} (schakelaar × bedrag)",
            ref.pijler(str(regel.veld("pijler"))).naam, naam, f"{a}*N({namen['laag']})", f"{a}*N({namen['hoog']})",
            f'--({a}*(COUNTIF({namen["laag"]},"PM")+COUNTIF({namen["hoog"]},"PM"))>0)')
        sl = namen["sleutel"]
        model.regel(
            f"horizon.aanvullend.{code}.rijksdeel", f"Rijksdeel {naam} (raming × verdeelsleutel)",
            ref.pijler(str(regel.veld("pijler"))).naam, naam, f"{opg.cel('laag')}*N({sl})", f"{opg.cel('hoog')}*N({sl})",
            f'MAX({opg.cel("plus")},--AND(COUNTIF({sl},"PM")>0,{opg.cel("hoog")}+{opg.cel("plus")}>0))',
            f"{opg.cel('min')}")
    model.kop(f"Horizon t/m {eind}: alle perioden, incl. aanvullende ramingen van ingeschakelde scenario's")
    for soort, aanvullend in (("opgave", "opgave"), ("restopgave", "opgave"), ("rijksdeel", "rijksdeel"),
                              ("rijksrestopgave", "rijksdeel")):
        model.som(f"horizon.totaal.{soort}", f"Totaal {soort} t/m {eind} (alle perioden)", "Totaal", "",
                  [f"{p.code}.totaal.{soort}" for p in ref.perioden])
        model.som(f"horizon.totaal.{soort}_incl_aanvullend",
                  f"Totaal {soort} t/m {eind} incl. aanvullende ramingen", "Totaal", "",
                  [f"horizon.totaal.{soort}",
                   *(f"horizon.aanvullend.{r.veld('code')}.{aanvullend}" for r in posten)])


def _per_onderdeel(model: Rekenmodel, sleutel: str, label: str, pijler: str, delen: list[str], breed: str) -> None:
    """max(0, Σ restopgave per onderdeel − pijlerbrede dekking): surpluses per onderdeel are lost."""
    regels, rb = [model[d] for d in delen], model[breed]
    laag = f"MAX(0,SUM({','.join(r.cel('laag') for r in regels)})-{rb.cel('hoog')})"
    hoog = f"MAX(0,SUM({','.join(r.cel('hoog') for r in regels)})-{rb.cel('laag')})"
    plus = f"MAX({','.join(r.cel('plus') for r in regels)},{rb.cel('min')})"
    min_ = f"MAX({','.join(r.cel('min') for r in regels)},{rb.cel('plus')})"
    model.regel(sleutel, label, pijler, "", laag, hoog, plus, min_)


def bron_namen(ref: Programma, periode: str, pijler: str) -> list[str]:
    """The dekking sources of the reference report for one pillar and period, in order."""
    gezien: dict[str, str] = {}
    for d in ref.dekkingen:
        if (d.periode, d.pijler) == (periode, pijler):
            gezien.setdefault(bron_sleutel(d.bron), d.bron)
    return list(gezien.values())


def _bronnen(model: Rekenmodel, ref: Programma, periode, pijler, kol: dict[str, str]) -> None:
    for bron in bron_namen(ref, periode.code, pijler.code):
        b = f"{periode.code}.{pijler.code}.bron.{bron_sleutel(bron)}"
        for soort, naam in (("cofinanciering", "Cofin"), ("rijksfinanciering", "Rijksfin")):
            rij = model.volgende
            crit = f"{kol['Bron']},$C{rij},{kol['Pijler']},$B{rij}"
            model.regel(f"{b}.{soort}", f"Bron {bron}: {soort}", pijler.naam, bron,
                        f"SUMIFS({kol[naam]},{crit})", f"SUMIFS({kol[naam]},{crit})",
                        f'--(COUNTIFS({kol[naam]},"PM",{crit})>0)')
        model.som(f"{b}.dekking", f"Bron {bron}: dekking", pijler.naam, bron,
                  [f"{b}.cofinanciering", f"{b}.rijksfinanciering"])


def _component_codes(ref: Programma, periode: str) -> list[str]:
    codes = list(dict.fromkeys(c.code for c in ref.componenten if c.periode == periode))
    if codes and ref.rest_component[0]:
        codes.append(ref.rest_component[0])
    return codes


def component_namen(ref: Programma) -> dict[str, str]:
    namen = {c.code: c.naam for c in ref.componenten}
    if ref.rest_component[0]:
        namen[ref.rest_component[0]] = ref.rest_component[1]
    return namen


def _componenten(model: Rekenmodel, ref: Programma, periode, pijler) -> None:
    p, q = periode.code, pijler.code
    codes = list(dict.fromkeys(c.code for c in ref.componenten if c.periode == p))
    if not codes:
        return
    namen = component_namen(ref)
    for code in codes:
        for soort in ("opgave", "rijksdeel"):
            model.invoer(f"{p}.{q}.component.{code}.{soort}", f"{namen[code]}: {soort}", pijler.naam, namen[code],
                         nm.component(periode, q, code, soort))
    rest = ref.rest_component[0]
    if rest:
        for soort in ("opgave", "rijksdeel"):
            model.verschil(f"{p}.{q}.component.{rest}.{soort}", f"{namen[rest]}: {soort} (rest van de pijler)",
                           pijler.naam, namen[rest], f"{p}.{q}.{soort}",
                           [f"{p}.{q}.component.{c}.{soort}" for c in codes], afkappen=False)


def varianten(ref: Programma, periode: str, onderdeel: str, categorie: str) -> list[str]:
    return list(dict.fromkeys(
        o.variant for o in ref.opgaven
        if (o.periode, o.onderdeel, o.categorie) == (periode, onderdeel, categorie) and o.variant
    ))


def amount_categorieen(ref: Programma) -> list:
    return [c for c in ref.categorieen if c.code != "opgave"]


def _kant(laag: str, hoog: str) -> tuple[str, str]:
    """A bandbreedte as chosen by the switches: only its low end, only its high end, or both."""
    return (f"IF({verwijs(sc.BANDBREEDTE_HOOG, 'laag')},{hoog},{laag})",
            f"IF({verwijs(sc.BANDBREEDTE_LAAG, 'laag')},{laag},{hoog})")


def _bouw_categorieen(model: Rekenmodel, ref: Programma) -> None:
    """NPVR: amounts per deelopgave and categorie as bandbreedtes; variants give their envelope."""
    cats = amount_categorieen(ref)
    regels_ = sc.wijzigingsregels(ref)
    kiezen = any(r.soort == "bandbreedte_kiezen" for r in regels_)
    met_keuze = set(sc.variant_regels(ref))
    for periode in ref.perioden:
        p = periode.code
        for pijler in ref.pijlers:
            q = pijler.code
            model.kop(f"{pijler.naam} – {periode.naam}")
            for o in ref.onderdelen_van(q):
                b = f"{p}.{q}.{o.code}"
                for cat in cats:
                    vs = varianten(ref, p, o.code, cat.code)
                    if not vs:
                        laag_naam = nm.categorie(periode, o.code, cat.code, "", "laag")
                        hoog_naam = nm.categorie(periode, o.code, cat.code, "", "hoog")
                        regel = model.invoer(f"{b}.{cat.code}", f"{cat.naam}: {o.naam}", pijler.naam, o.naam,
                                             laag_naam, hoog_naam)
                        if kiezen:
                            regel.laag, regel.hoog = _kant(regel.laag, regel.hoog)
                        continue
                    for v in vs:
                        model.invoer(f"{b}.{cat.code}.variant.{v}", f"{cat.naam}: {o.naam}, variant {v}",
                                     pijler.naam, o.naam, nm.categorie(periode, o.code, cat.code, v, "laag"),
                                     nm.categorie(periode, o.code, cat.code, v, "hoog"))
                    regels = [model[f"{b}.{cat.code}.variant.{v}"] for v in vs]
                    if o.code in met_keuze:
                        # Only the variants that count (switches); an excluded variant never wins MIN/MAX.
                        vlag = {v: verwijs(sc.variant_sleutel(o.code, v), "laag") for v in vs}
                        alles = ",".join(r.cel(k) for r in regels for k in ("laag", "hoog"))
                        laag = "MIN(" + ",".join(f"IF({vlag[v]},{r.cel('laag')},MAX({alles}))"
                                                 for v, r in zip(vs, regels, strict=True)) + ")"
                        hoog = "MAX(" + ",".join(f"IF({vlag[v]},{r.cel('hoog')},MIN({alles}))"
                                                 for v, r in zip(vs, regels, strict=True)) + ")"
                        plus = "MAX(" + ",".join(f"{vlag[v]}*{r.cel('plus')}" for v, r in zip(vs, regels, strict=True)) + ")"
                        min_ = "MAX(" + ",".join(f"{vlag[v]}*{r.cel('min')}" for v, r in zip(vs, regels, strict=True)) + ")"
                    else:
                        laag = f"MIN({','.join(r.cel('laag') for r in regels)})"
                        hoog = f"MAX({','.join(r.cel('hoog') for r in regels)})"
                        plus = _functie("MAX", [r.cel("plus") for r in regels])
                        min_ = _functie("MAX", [r.cel("min") for r in regels])
                    if kiezen:
                        laag, hoog = _kant(laag, hoog)
                    model.regel(f"{b}.{cat.code}", f"{cat.naam}: {o.naam} (omhullende van de varianten)", pijler.naam,
                                o.naam, laag, hoog, plus, min_)
                model.som(f"{b}.alle", f"Alle categorieën: {o.naam}", pijler.naam, o.naam,
                          [f"{b}.{c.code}" for c in cats])
            for cat in [*cats, None]:
                code = cat.code if cat else "alle"
                naam = cat.naam if cat else "Alle categorieën"
                model.som(f"{p}.{q}.{code}", f"{naam}: {pijler.naam}", pijler.naam, "",
                          [f"{p}.{q}.{o.code}.{code}" for o in ref.onderdelen_van(q)])
        model.kop(f"Totaal – {periode.naam}")
        for cat in [*cats, None]:
            code = cat.code if cat else "alle"
            naam = cat.naam if cat else "Alle categorieën"
            model.som(f"{p}.totaal.{code}", f"{naam}: totaal", "Totaal", "", [f"{p}.{q.code}.{code}" for q in ref.pijlers])
        for cat in [*cats, None]:
            code = cat.code if cat else "alle"
            naam = cat.naam if cat else "Alle categorieën"
            model.gedeeld(f"{p}.totaal.{code}_jaarlijks", f"{naam}: totaal per jaar", "Totaal", "",
                          f"{p}.totaal.{code}", nm.jaren(periode))
