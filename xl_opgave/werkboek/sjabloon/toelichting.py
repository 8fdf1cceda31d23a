"""Blad Toelichting: what the model is, its sources, how to use it, versions, and the drop-down lists."""

from __future__ import annotations

from typing import TYPE_CHECKING

from xl_opgave import __version__
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.sjabloon.opmaak import Pagina, hoogte

if TYPE_CHECKING:
    from xl_opgave.werkboek.sjabloon.schrijver import Schrijver

BREEDTES = [24.0, 118.0]


def _regels(s: Schrijver) -> list[tuple[str, str]]:
    bereik = s.bereik
    return [
        ("Model", f"{s.programma.naam}: de restopgave (opgave − dekking) per pijler, onderdeel en periode."
         if not bereik else f"{s.programma.naam}: de financiële opgave per doelstelling, deelopgave en "
         "categorie (publieke opgave, exploitatielasten, investeringsopgave), met bandbreedtes."),
        ("Gebied", ""),
        ("Bron", f"{s.ref.bron}; de tabellen op blad Resultaat volgen de tabellen van het rapport, met hun "
         "bijschrift, kolomkoppen en noten."),
        ("Gebruik", "Wijzig alleen de gele cellen op blad Invoer (bedragen in € mln; PM voor een post zonder "
         "bedrag). Berekening, Resultaat en Controles rekenen direct mee; deze bladen zijn beveiligd zonder "
         "wachtwoord (Controleren → Beveiliging blad opheffen) zodat een formule niet per ongeluk wordt "
         "overschreven."),
        ("Afronding", "Blad Resultaat toont de bedragen standaard zoals het rapport ze afrondt (tabellen in "
         "€ mln op €5 mln, € mld. op twee decimalen; een bedrag precies op de helft naar nul toe). Met de gele "
         "keuzecel 'Afronding' bovenaan Resultaat kiest u 'op € 1 mln' of 'onafgerond'. Alleen Resultaat rondt "
         "af: Berekening, de gedefinieerde namen en xl-opgave report --json blijven onafgerond. '+ PM' achter "
         "een bedrag: er is een PM-post buiten het bedrag gebleven; de cel blijft een getal."),
        ("Rekenregels", "Restopgave op totaalniveau: max(0, opgave − dekking) per pijler; per onderdeel: "
         "max(0, Σ max(0, opgave − dekking per onderdeel) − pijlerbrede dekking). Rijksdeel = opgave × "
         "verdeelsleutel; Rijksrestopgave met de Rijksfinanciering. Jaarlijks = totaal / aantal jaren."
         if not bereik else "Bedragen per categorie tellen op per doelstelling en in totaal; bij "
         "varianten (capaciteit nu / in 2035) geldt de omhullende: laagste ondergrens, hoogste bovengrens. "
         "Jaarlijks = totaal / aantal jaren."),
        ("Scenario's", "Blad Invoer, blok Scenario's: zet een schakelaar op 1 om een scenario uit het rapport "
         "mee te rekenen (extra dekking, aanvullende ramingen, een variant of één kant van de bandbreedte); "
         "alle schakelaars op 0 geeft de cijfers van het rapport. Staan er meer aan, dan telt elke wijziging "
         "één keer; beide varianten of beide grenzen aan geeft weer de omhullende / de bandbreedte. De bedragen "
         "van de scenario's staan als invoer onder de schakelaars."
         if s.ref.scenarios else "Dit programma heeft geen scenario's."),
        ("Controles", "Blad Controles toont elke controle (1 = in orde) en de hoofdcontrole, die bovenaan elk "
         "blad staat: totalen kloppen, verdeelsleutels tussen 0 en 1, dekking toegewezen aan bestaande "
         "onderdelen, geen negatieve bedragen, alleen getallen of PM; PM-posten worden per blok geteld."),
        ("Afdrukken en buiten Excel", "Elk blad is ingesteld voor A4, één pagina breed, met het gebied en "
         "paginanummers in de voettekst. xl-opgave pdf BESTAND.xlsx maakt er een pdf van; xl-opgave check "
         "BESTAND.xlsx controleert een ingevuld werkboek (namen, foutwaarden, invoer, overschreven formules, "
         "opgeslagen waarden)."),
        *_aannames(s),
        ("Gedefinieerde namen", "Invoer: In_… (zie xl_opgave/werkboek/namen.py); resultaten onder de namen "
         "van xl_opgave (bijv. " + s.namen[0].naam + "), met hun Nederlandse omschrijving onderaan blad Resultaat."),
    ]


def _aannames(s: Schrijver) -> list[tuple[str, str]]:
    """The aannames of the report's national inputs, which the marker column on Resultaat names."""
    aannames = s.referentie.aannames
    if not aannames:
        return []
    intro = ("Waar het rapport een invoer niet zelf geeft (een verdeling, een opschaling, een keuze tussen twee "
             "gedrukte lezingen), kiest xl_opgave er een. Op blad Resultaat staat in de kolom 'Aanname' naast elk "
             "cijfer dat erop rust welke, zolang Gebied leeg is: de aannames gelden voor de landelijke cijfers van "
             "het rapport; een gebied maakt met zijn eigen databestand eigen keuzes. xl-opgave report toont "
             "dezelfde markeringen.")
    return [("Aannames", intro), *((a.id, f"{a.naam}: {a.reden} ({a.plaats})") for a in aannames)]


def schrijf(s: Schrijver) -> None:
    ws = s.bladen[nm.BLAD_TOELICHTING]
    f = s.fmt
    pagina = Pagina(liggend=True, kolombreedtes=BREEDTES, titelrijen=(0, 0))
    for i, b in enumerate(BREEDTES):
        ws.set_column(i, i, b)
    s.kopregels(ws)
    r = 3
    for kop, tekst in _regels(s):
        ws.write(r, 0, kop, f.vet_tekst)
        if kop == "Gebied":
            s.formule(ws, r, 1, f'=IF({nm.GEBIED}="","Nederland",{nm.GEBIED})', f.tekst,
                      lambda st: st.gebied or "Nederland")
            pagina.rij(ws, r)
        else:
            ws.write(r, 1, tekst, f.tekst)
            pagina.rij(ws, r, hoogte((tekst, BREEDTES[1]), (kop, BREEDTES[0])))
        r += 1

    laatste = r
    k = len(BREEDTES) + 1
    ws.set_column(k - 1, k - 1, 3)
    ws.set_column(k, k + 1, 32)
    # The version (also in every page's footer) and the drop-down lists, beside the print area.
    r = 3
    ws.write(r, k, "Versie", f.sectie)
    r += 1
    for label, waarde, naam in (("Programma", s.programma.code, nm.PROGRAMMA),
                                ("Sjabloonversie", nm.SJABLOON_VERSIE, nm.VERSIE), ("xl_opgave", __version__, None)):
        ws.write(r, k, label, f.vet)
        ws.write(r, k + 1, waarde)
        if naam:
            s.naam(naam, nm.BLAD_TOELICHTING, r, k + 1)
        r += 1
    r += 1
    ws.write(r, k, "Keuzelijsten", f.sectie)
    r += 1
    ws.write(r, k, "Afronding (Resultaat)", f.kop)
    r += 1
    for i, keuze in enumerate(nm.AFRONDING_KEUZES):
        ws.write(r + i, k, keuze)
    s.naam(nm.LIJST_AFRONDING, nm.BLAD_TOELICHTING, r, k, r + len(nm.AFRONDING_KEUZES) - 1, k)
    r += len(nm.AFRONDING_KEUZES) + 1
    if not s.bereik:
        ws.write(r, k, "Pijlers (dekking)", f.kop)
        ws.write(r, k + 1, "Onderdelen (dekking)", f.kop)
        r += 1
        onderdelen = [o.naam for o in s.ref.onderdelen] + [nm.HELE_PIJLER]
        for i, naam in enumerate(onderdelen):
            if i < len(s.ref.pijlers):
                ws.write(r + i, k, s.ref.pijlers[i].naam)
            ws.write(r + i, k + 1, naam)
        s.naam("Lijst_Pijlers", nm.BLAD_TOELICHTING, r, k, r + len(s.ref.pijlers) - 1, k)
        s.naam("Lijst_Onderdelen", nm.BLAD_TOELICHTING, r, k + 1, r + len(onderdelen) - 1, k + 1)
    r = laatste
    s.pagina_af(ws, pagina, r, len(BREEDTES) - 1)
