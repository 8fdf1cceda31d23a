"""Blad Controles: every check (1 = in orde) with what to do, the master check, and the PM count per block.

`verzamel` runs before the other sheets are written: the master check shows on every sheet's second row.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING

from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek import scenarios as sc
from xl_opgave.werkboek.berekening import amount_categorieen, scenario_dekking
from xl_opgave.werkboek.sjabloon.opmaak import Pagina, hoogte, is_getal
from xl_opgave.werkboek.sjabloon.schrijver import TOLERANTIE
from xl_opgave.werkboek.sjabloon.stand import Stand

if TYPE_CHECKING:
    from xl_opgave.werkboek.sjabloon.schrijver import Schrijver

BREEDTES = [11.0, 62.0, 10.0, 62.0]
_GEEN_BEDRAG = ("In_Kern", "In_Scenario")  # inputs that are not the NPVR In_Bedragen block
_is_getal = is_getal


def _blokwaarden(s: Schrijver, naam: str, w: Mapping[str, object] | None = None) -> list[object]:
    w = s.waarden if w is None else w
    if naam == "In_Opgaven":
        return [w[nm.opgave(p, o.code)] for p in s.ref.perioden for o in s.ref.onderdelen]
    if naam == "In_Sleutels":
        return [w[nm.sleutel(o.code)] for o in s.ref.onderdelen]
    if naam == "In_Bedragen":
        return [v for k, v in w.items() if k.endswith(("_Laag", "_Hoog")) and not k.startswith(_GEEN_BEDRAG)]
    if naam == nm.SCENARIOBEDRAGEN:
        return [w[k] for k in sc.bedragnamen(s.ref)]
    if naam == nm.SCENARIOS:
        return [w[nm.scenario(x.code)] for x in s.ref.scenarios]
    if naam == "In_Componenten":
        return [v for k, v in w.items() if k.startswith("In_Component_")]
    if naam == "In_Kerncijfers":
        return [v for k, v in w.items() if k.startswith("In_Kern_")]
    return list(w[naam])  # type: ignore[call-overload]


def _pm_blokken(s: Schrijver) -> list[str]:
    blokken = ["In_Bedragen"] if s.bereik else ["In_Opgaven", "In_Sleutels"]
    if s.ref.componenten and not s.bereik:
        blokken.append("In_Componenten")
    if not s.bereik:
        for periode in s.ref.perioden:
            blokken += [nm.dekking(periode, "Cofin"), nm.dekking(periode, "Rijksfin")]
    if sc.bedragnamen(s.ref):
        blokken.append(nm.SCENARIOBEDRAGEN)
    return blokken


def verzamel(s: Schrijver) -> None:
    """Each check as (omschrijving, formula giving 1 when it passes, getter of its value, what to do)."""
    regels = s.model.regels
    bedrag_blokken = ["In_Bedragen"] if s.bereik else ["In_Opgaven"]
    if s.ref.componenten and not s.bereik:
        bedrag_blokken.append("In_Componenten")
    if s.ref.kerncijfers:
        bedrag_blokken.append("In_Kerncijfers")
    if not s.bereik:
        for periode in s.ref.perioden:
            bedrag_blokken += [nm.dekking(periode, "Cofin"), nm.dekking(periode, "Rijksfin")]
    if sc.bedragnamen(s.ref):
        bedrag_blokken.append(nm.SCENARIOBEDRAGEN)
    lijst = partial(_blokwaarden, s)

    for blok in bedrag_blokken:
        s.controles.append((
            f"Geen negatieve bedragen in {blok}", f'=--(COUNTIF({blok},"<0")=0)',
            lambda st, blok=blok: int(sum(1 for v in lijst(blok, st.w) if isinstance(v, int | float) and v < 0) == 0),
            f"Maak de bedragen in {blok} (blad Invoer) ≥ 0."))
        s.controles.append((
            f"Alleen getallen of PM in {blok}", f'=--(COUNTA({blok})-COUNT({blok})-COUNTIF({blok},"PM")=0)',
            lambda st, blok=blok: int(sum(1 for v in lijst(blok, st.w)
                                         if isinstance(v, str) and v.strip().upper() != "PM") == 0),
            f"Vervang tekst in {blok} door een getal of PM."))
    if s.ref.scenarios:
        def schakelaars_goed(st: Stand) -> int:
            waarden = [v for v in lijst(nm.SCENARIOS, st.w) if v not in (None, "")]
            return int(all(_is_getal(v) and v in (0, 1) for v in waarden))

        s.controles.append((
            "Scenarioschakelaars zijn 0 (uit) of 1 (aan)",
            f"=--(COUNTIF({nm.SCENARIOS},0)+COUNTIF({nm.SCENARIOS},1)=COUNTA({nm.SCENARIOS}))",
            schakelaars_goed, "Zet elke schakelaar bij Scenario's (blad Invoer) op 1 (aan) of 0 (uit)."))
    s.controles.append(("Aantal jaren per periode groter dan 0", "=--(MIN(In_Jaren)>0)",
                           lambda st: int(min(p.jaren for p in st.programma.perioden) > 0),
                           "Vul bij Perioden het aantal jaren in."))
    if not s.bereik:
        def sleutels_goed(st: Stand) -> int:
            sleutels = [o.verdeelsleutel for o in st.programma.onderdelen]
            return int(all(x == "PM" or (isinstance(x, int | float) and 0 <= x <= 1) for x in sleutels))

        s.controles.append((
            "Verdeelsleutels tussen 0 en 1 (of PM)",
            '=--(COUNTIF(In_Sleutels,"<"&Sleutel_Min)+COUNTIF(In_Sleutels,">"&Sleutel_Max)'
            '+COUNTA(In_Sleutels)-COUNT(In_Sleutels)-COUNTIF(In_Sleutels,"PM")=0)',
            sleutels_goed, "Zet elke verdeelsleutel op een aandeel tussen 0 en 1, of PM."))
        for periode in s.ref.perioden:
            p = periode.code
            regel = regels[f"{p}.totaal.opgave"]
            namen = [nm.opgave(periode, o.code) for o in s.ref.onderdelen]

            def opgave_goed(st: Stand, p: str = p, namen: list[str] = namen) -> int:
                som_invoer = sum(v for n in namen if isinstance(v := st.w[n], int | float))
                return int(abs(st.u[f"{p}.totaal.opgave"].laag - som_invoer) <= TOLERANTIE)

            s.controles.append((
                f"Totale opgave {periode.naam} = som van de onderdelen",
                f"=--(ABS({regel.cel('laag', True)}-SUM(In_Opgaven_{nm.periode_label(periode)}))"
                f"<=Tolerantie)",
                opgave_goed, "Controleer de opgave per onderdeel op blad Invoer."))
            regel = regels[f"{p}.totaal.dekking"]
            cof, rijks = nm.dekking(periode, "Cofin"), nm.dekking(periode, "Rijksfin")
            extra = [*scenario_dekking(s.ref, p, "cofinanciering"),
                     *scenario_dekking(s.ref, p, "rijksfinanciering")]
            scenario_som = (f"-SUM({nm.BLAD_BEREKENING}!$F${regels[extra[0]].rij}:$F${regels[extra[-1]].rij})"
                            if extra else "")

            def dekking_goed(st: Stand, p: str = p, cof: str = cof, rijks: str = rijks,
                             extra: list[str] = extra) -> int:
                ingevuld = sum(v for k in (cof, rijks) for v in st.w[k] if isinstance(v, int | float))  # type: ignore[union-attr]
                ingevuld += sum(st.bedrag(k).laag for k in extra)
                return int(abs(st.u[f"{p}.totaal.dekking"].laag - ingevuld) <= TOLERANTIE)

            s.controles.append((
                f"Alle dekking {periode.naam} toegewezen aan een bestaand onderdeel of de hele pijler",
                f"=--(ABS({regel.cel('laag', True)}-SUM({cof})-SUM({rijks}){scenario_som})<=Tolerantie)",
                dekking_goed,
                f"Kies bij Dekking {periode.naam} voor elke regel een pijler en een onderdeel uit de lijst "
                "(of 'Hele pijler')."))
            delen = [regels[f"{p}.{q.code}.restopgave"] for q in s.ref.pijlers]
            totaal = regels[f"{p}.totaal.restopgave"]
            s.controles.append((
                f"Restopgave {periode.naam}: totaal = som van de pijlers",
                f"=--(ABS({totaal.cel('laag', True)}-SUM({','.join(d.cel('laag', True) for d in delen)}))"
                "<=Tolerantie)", lambda st: 1, "Een formule op blad Berekening is gewijzigd; maak het werkboek opnieuw."))
    else:
        for periode in s.ref.perioden:
            p = periode.code
            cats = amount_categorieen(s.ref)
            totaal = regels[f"{p}.totaal.alle"]
            delen = [regels[f"{p}.totaal.{c.code}"] for c in cats]
            s.controles.append((
                f"Totaal alle categorieën {periode.naam} = som van de categorieën",
                f"=--(ABS({totaal.cel('laag', True)}-SUM({','.join(d.cel('laag', True) for d in delen)}))"
                "<=Tolerantie)", lambda st: 1, "Een formule op blad Berekening is gewijzigd; maak het werkboek opnieuw."))

            def grenzen_goed(st: Stand) -> int:
                w = st.w
                bedragen = [v for k, v in w.items() if k.endswith("_Laag") and not k.startswith(_GEEN_BEDRAG)]
                hoog = [v for k, v in w.items() if k.endswith("_Hoog") and not k.startswith(_GEEN_BEDRAG)]
                return int(all(not (isinstance(a, int | float) and isinstance(b, int | float) and a > b)
                               for a, b in zip(bedragen, hoog, strict=True)))

            s.controles.append((
                f"Ondergrens niet boven bovengrens ({periode.naam})",
                "=--(SUMPRODUCT(--(In_Bedragen_Laag>In_Bedragen_Hoog))=0)",
                grenzen_goed, "Maak op blad Invoer de laag-waarde niet groter dan de hoog-waarde."))

    s.controles.append((
        f"Geen ontbrekende gegevens als 0 ingevuld ({nm.ONTBREKEND} leeg)",
        f"=--(COUNTA({nm.ONTBREKEND})=0)",
        lambda st: int(st.w.get(nm.ONTBREKEND) in (None, "")),
        f"Het databestand had voor dit gebied geen opgave voor wat in {nm.ONTBREKEND} (blad Invoer) staat; het "
        "staat als 0 ingevuld. Vul de echte bedragen in en maak die cel leeg."))
    s.controles.append((
        "Afronding (blad Resultaat) is een van de keuzes uit de lijst",
        f"=--(COUNTIF({nm.LIJST_AFRONDING},{nm.AFRONDING})=1)",
        lambda st: int(isinstance(v := st.w.get(nm.AFRONDING), str)
                       and v.strip().lower() in {k.lower() for k in nm.AFRONDING_KEUZES}),
        "Kies bij Afronding bovenaan blad Resultaat 'zoals rapport', 'op € 1 mln' of 'onafgerond'."))


def schrijf(s: Schrijver) -> None:
    ws = s.bladen[nm.BLAD_CONTROLES]
    f = s.fmt
    pagina = Pagina(liggend=True, kolombreedtes=BREEDTES, titelrijen=(0, 1))
    for i, b in enumerate(BREEDTES):
        ws.set_column(i, i, b)
    s.kopregels(ws)
    ws.merge_range(2, 0, 2, 3, "1 = in orde, 0 = fout. De hoofdcontrole (Controle_Totaal) staat bovenaan elk blad.",
                   f.klein)
    r = 4
    for c, kop in enumerate(["Nr.", "Controle", "Uitkomst", "Wat te doen bij 0"]):
        ws.write(r, c, kop, f.kop)
    pagina.rij(ws, r)
    r += 1
    eerste = r
    for i, (tekst, formule, waarde_, advies) in enumerate(s.controles, start=1):
        ws.write_number(r, 0, i, f.getal("0"))
        ws.write(r, 1, tekst, f.tekst)
        s.formule(ws, r, 2, formule, f.getal("0"), waarde_)
        ws.write(r, 3, advies, f.tekst)
        pagina.rij(ws, r, hoogte((tekst, BREEDTES[1]), (advies, BREEDTES[3])))
        r += 1
    ws.write(r, 1, "Hoofdcontrole: alle controles in orde", f.vet)
    s.formule(ws, r, 2, f"=MIN(C{eerste + 1}:C{r})", f.getal("0", vet=True), s.master)
    s.naam(nm.CONTROLE_TOTAAL, nm.BLAD_CONTROLES, r, 2)
    ws.conditional_format(eerste, 2, r, 2, {"type": "cell", "criteria": "<", "value": 1,
                                            "format": f.formaat({"bg_color": "#F8CBAD"})})
    r += 2
    begin = r
    ws.write(r, 1, "PM-posten in de invoer (bedragen nog niet bekend; nergens als 0 meegeteld)", f.sectie)
    pagina.rij(ws, r, 18)
    r += 1
    for c, kop in enumerate(["", "Invoerblok", "Aantal PM"]):
        ws.write(r, c, kop, f.kop)
    r += 1
    for naam in _pm_blokken(s):
        ws.write(r, 1, naam)
        s.formule(ws, r, 2, f'=COUNTIF({naam},"PM")', f.getal("0"),
                  lambda st, naam=naam: sum(1 for v in _blokwaarden(s, naam, st.w)
                                            if isinstance(v, str) and v.strip().upper() == "PM"))
        r += 1
    pagina.blok(begin, min(r - 1, begin + 3))
    s.pagina_af(ws, pagina, r - 1, len(BREEDTES) - 1)
