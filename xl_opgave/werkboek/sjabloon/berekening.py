"""Blad Berekening: one live formula per row, inputs by defined name, nothing rounded.

The rows come from `werkboek.berekening.bouw` (one definition yields the Excel formula and the core's
value); this module only lays them out and prints them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xl_opgave.core.fouten import InvoerFout
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.berekening import PM_TEKST_FORMULE, Kop, pm_tekst
from xl_opgave.werkboek.sjabloon.opmaak import Pagina, hoogte
from xl_opgave.werkboek.sjabloon.stand import min_, plus

if TYPE_CHECKING:
    from xl_opgave.werkboek.sjabloon.schrijver import Schrijver

# A–J printed: omschrijving, pijler, onderdeel/bron (the SUMIFS criteria of the dekking rows read B and C),
# eenheid, an empty column, laag, hoog, PM+, PM−, PM; K the key of the core's namespace, not printed.
BREEDTES = [54.0, 28.0, 34.0, 7.0, 1.0, 12.0, 12.0, 5.0, 5.0, 6.0]
SLEUTEL_KOLOM = 10
KOPRIJ = 4  # 0-based: row 5, above the first item (berekening.EERSTE_RIJ = 6)


def schrijf(s: Schrijver) -> None:
    ws = s.bladen[nm.BLAD_BEREKENING]
    f = s.fmt
    pagina = Pagina(liggend=True, kolombreedtes=BREEDTES, titelrijen=(KOPRIJ, KOPRIJ))
    for i, b in enumerate(BREEDTES):
        ws.set_column(i, i, b)
    ws.set_column(SLEUTEL_KOLOM, SLEUTEL_KOLOM, 48)
    s.kopregels(ws)
    ws.merge_range(2, 0, 2, len(BREEDTES) - 1, "Eén formule per regel; invoer via gedefinieerde namen; niets "
                   "afgerond. PM+ / PM−: de regel laat PM-posten weg die erbij (+) of eraf (−) komen.", f.klein)
    koppen = ["Omschrijving", "Pijler", "Onderdeel / bron", "Eenheid", "", "Laag", "Hoog", "PM+", "PM−", "PM",
              "Sleutel (xl_opgave, niet afgedrukt)"]
    for c, kop in enumerate(koppen):
        ws.write(KOPRIJ, c, kop, f.kop_rechts if 5 <= c <= 8 else f.kop)
    pagina.rij(ws, KOPRIJ)
    getal = f.getal("#,##0.00##;-#,##0.00##;0")
    vlag = f.getal("0")
    sleutel = f.naam
    boven = f.getal("General")
    for item in s.model.items:
        if isinstance(item, Kop):
            ws.write(item.rij - 1, 0, item.tekst, f.sectie)
            pagina.rij(ws, item.rij - 1, 18)
            continue
        r = item.rij - 1
        ws.write(r, 0, item.label, f.tekst)
        ws.write(r, 1, item.pijler, f.tekst)
        ws.write(r, 2, item.onderdeel, f.tekst)
        ws.write(r, 3, item.eenheid, boven)  # top-aligned as the rest of a row that wraps
        ws.write(r, SLEUTEL_KOLOM, item.sleutel, sleutel)
        pagina.rij(ws, r, hoogte((item.label, BREEDTES[0]), (item.pijler, BREEDTES[1]),
                                 (item.onderdeel, BREEDTES[2])))
        k = item.sleutel
        s.formule(ws, r, 5, f"={item.laag}", getal, lambda st, k=k: st.bedrag(k).laag)
        s.formule(ws, r, 6, f"={item.hoog}", getal, lambda st, k=k: st.bedrag(k).hoog)
        s.formule(ws, r, 7, f"={item.plus}", vlag, lambda st, k=k: plus(st.bedrag(k)))
        if item.min:
            s.formule(ws, r, 8, f"={item.min}", vlag, lambda st, k=k: min_(st.bedrag(k)))
        s.formule(ws, r, 9, "=" + PM_TEKST_FORMULE.format(p=item.cel("plus"), m=item.cel("min")), None,
                  lambda st, k=k: pm_tekst(plus(st.bedrag(k)), min_(st.bedrag(k))))
    for rn in s.namen:
        regel = s.model.regels.get(rn.sleutel)
        if regel is None:
            raise InvoerFout(f"resultaatnaam {rn.naam}: geen regel voor {rn.sleutel} in Berekening")
        kolom = "hoog" if rn.kant == "hoog" else "laag"
        s.wb.define_name(rn.naam, f"={regel.cel(kolom, blad=True)}")
    ws.freeze_panes(KOPRIJ + 1, 1)
    for item in s.model.items:
        if isinstance(item, Kop):  # a section heading never alone at the foot of a page
            pagina.blok(item.rij - 1, item.rij + 1)
    s.pagina_af(ws, pagina, s.model.volgende - 2, len(BREEDTES) - 1)
