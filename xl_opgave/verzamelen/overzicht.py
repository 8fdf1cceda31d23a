"""The overview workbook of `verzamel` (XlsxWriter; deterministic: no clock time of the run in it).

Sheets, in Dutch:
- *Status* (opens first): one row per file and per gebied without one: gebied, file, status (a colour
  per status), what it means, the number of findings and changes, whether the cached values agree with
  the recomputation, template version, last saved and by whom as the file says, SHA-256 (beside the
  print area); an autofilter; the counts per status above it, the skipped files below it.
- *Per gebied*: every named result per gebied (the shared writer of `totaal.xlsx`: Dutch labels,
  € formats, '+ PM'), with the sum over the gebieden in orde, over all readable ones, and the difference.
- *Wijzigingen*: every input a gebied changed, old → new, with sheet!cell and label; changed keys, years
  and overwritten formulas marked "let op".
- *Landelijk*: the national picture of the counted gebieden, built from amounts (`core.landelijk`): per
  period, pillar and onderdeel the sums, and the restopgave on total level and per onderdeel and the
  Rijks-restopgave as live formulas over them; the sum of the gebieden' own restopgaven and the
  difference explained by clipping per gebied; its own Controles (every formula against the core).
- *Bevindingen*: every finding of the checker, one row each.

Text from the workbooks (gebied names, file names, cell contents) is always written as text, never as a
formula. Print set-up as the template's sheets: A4 landscape, one page wide (at least 70 %), heading rows
on every page, a footer with the sheet and "pagina x van y"; Per gebied prints at 100 % over several
pages, as in totaal.xlsx.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from xl_opgave import __version__
from xl_opgave.core.bedrag import Bedrag
from xl_opgave.verzamelen import status as st

if TYPE_CHECKING:
    from xl_opgave.verzamelen.verzamel import Verzameling

BLAD_STATUS = "Status"
BLAD_PER_GEBIED = "Per gebied"
BLAD_WIJZIGINGEN = "Wijzigingen"
BLAD_LANDELIJK = "Landelijk"
BLAD_BEVINDINGEN = "Bevindingen"
BLADEN = (BLAD_STATUS, BLAD_PER_GEBIED, BLAD_WIJZIGINGEN, BLAD_LANDELIJK, BLAD_BEVINDINGEN)
TOLERANTIE = 1e-6

# A colour per status (fill, text), as Excel's own good/neutral/bad styles where they fit.
KLEUREN = {
    st.IN_ORDE: ("#C6EFCE", "#006100"),
    st.BEVINDINGEN: ("#FFEB9C", "#9C5700"),
    st.OUDE_VERSIE: ("#FCE4D6", "#843C0C"),
    st.DUBBEL: ("#E4DFEC", "#5B3B8C"),
    st.ONBEKEND_GEBIED: ("#DDEBF7", "#1F4E78"),
    st.ANDER_PROGRAMMA: ("#EDEDED", "#3A3A3A"),
    st.ONLEESBAAR: ("#FFC7CE", "#9C0006"),
    st.ONTBREEKT: ("#F4B084", "#7F2704"),
}
REGEL = 15.0


def overzicht_bytes(v: Verzameling) -> bytes:
    import xlsxwriter

    from xl_opgave.vullen.totaal import _Formaten, kernweergave
    from xl_opgave.werkboek.sjabloon.opmaak import VASTE_DATUM, vaste_zip

    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                                      "strings_to_urls": False})
    wb.set_properties({"title": f"Verzameling {v.code.upper()}", "subject": "Teruggestuurde werkboeken",
                       "author": "xl_opgave", "company": "", "comments": f"xl_opgave {__version__}",
                       "created": VASTE_DATUM})
    f = _Formaten(wb, kernweergave(v.code))
    extra = _Extra(wb)
    status = _status(wb, f, extra, v)
    _per_gebied(wb, f, v)
    _wijzigingen(wb, f, extra, v)
    _landelijk(wb, f, extra, v)
    _bevindingen(wb, f, extra, v)
    status.activate()
    wb.close()
    return vaste_zip(buffer.getvalue())


class _Extra:
    """Formats beyond the shared ones of totaal.xlsx."""

    def __init__(self, wb) -> None:  # noqa: ANN001 - an XlsxWriter workbook
        self.status = {s: wb.add_format({"bg_color": achter, "font_color": voor, "bold": True, "valign": "top"})
                       for s, (achter, voor) in KLEUREN.items()}
        self.tekst = wb.add_format({"text_wrap": True, "valign": "top"})
        self.boven = wb.add_format({"valign": "top"})
        self.getal = wb.add_format({"valign": "top", "num_format": "0"})
        self.links = wb.add_format({"num_format": "0", "align": "left"})
        self.tijd = wb.add_format({"valign": "top", "num_format": "dd-mm-yyyy hh:mm"})
        self.hash = wb.add_format({"valign": "top", "font_name": "Consolas", "font_size": 9})
        self.let_op = wb.add_format({"bold": True, "font_color": "#C00000", "valign": "top", "text_wrap": True})
        self.waarde = wb.add_format({"valign": "top", "num_format": "General", "align": "left"})
        self.controle = wb.add_format({"bold": True, "num_format": '"in orde";"FOUT";"FOUT"'})
        self.sectie = wb.add_format({"bold": True, "font_size": 12, "font_color": "#1F3864"})
        self.kop_rechts = wb.add_format({"bold": True, "bg_color": "#D9E1F2", "bottom": 1, "text_wrap": True,
                                         "valign": "top", "align": "right"})


def _pagina(ws, breedtes: Sequence[float], kop_rij: int, laatste_rij: int, hoogtes: dict[int, float],  # noqa: ANN001
            titel: str) -> None:
    """A4 landscape, one page wide, heading row on every page. No manual page breaks: these sheets keep no
    blocks together, and the application's own breaks (from the real row heights) fill each page, where an
    estimate left a row alone on the next page."""
    from xl_opgave.werkboek.sjabloon.opmaak import Pagina, kopvoet_tekst

    pagina = Pagina(True, list(breedtes), (kop_rij, kop_rij), dict(hoogtes))
    pagina.zet(ws, laatste_rij=max(laatste_rij, kop_rij), laatste_kolom=len(breedtes) - 1,
               kop=f"&L{kopvoet_tekst(titel)}&Rxl_opgave verzamel",
               voet=f"&Lxl_opgave {__version__}&Rpagina &P van &N")
    ws.set_h_pagebreaks([])


def _hoogte(tekst: str, breedte: float) -> float:
    """Row height for wrapped text in a column of this width (Carlito's widths, as the templates measure)."""
    from xl_opgave.werkboek.sjabloon.opmaak import hoogte

    return hoogte((tekst or "", breedte), regel=REGEL)


def _tekst(ws, r: int, c: int, waarde: object, opmaak=None) -> None:  # noqa: ANN001
    """A value from a workbook: a number as a number, anything else as text (never a formula)."""
    if waarde is None or waarde == "":
        ws.write_blank(r, c, None, opmaak)
    elif isinstance(waarde, bool):
        ws.write_string(r, c, "WAAR" if waarde else "ONWAAR", opmaak)
    elif isinstance(waarde, int | float):
        if math.isfinite(waarde):
            ws.write_number(r, c, waarde, opmaak)
        else:
            ws.write_string(r, c, str(waarde), opmaak)
    else:
        ws.write_string(r, c, str(waarde), opmaak)


# -- Status -------------------------------------------------------------------------------------------------

STATUS_KOLOMMEN = (("Gebied", 24), ("Bestand", 30), ("Status", 15), ("Toelichting", 44), ("Bevindingen", 11),
                   ("Wijzigingen", 11), ("Opgeslagen waarden", 11), ("Sjabloon", 8),
                   ("Laatst opgeslagen (UTC)", 15), ("Door", 14))


def _status(wb, f, e: _Extra, v: Verzameling):  # noqa: ANN001, ANN202
    ws = wb.add_worksheet(BLAD_STATUS)
    per_status = v.indeling.per_status()
    bestanden = sum(1 for r in v.regels if r.bestand)
    ws.write_string(0, 0, f"Verzameling {v.code.upper()}: {bestanden} {'bestand' if bestanden == 1 else 'bestanden'}, "
                          f"{len(v.lijst)} gebieden verwacht", f.titel)
    uitleg = ("Eén regel per teruggestuurd bestand en per gebied zonder bestand. Het gebied komt uit het werkboek "
              "zelf (cel In_Gebied), niet uit de bestandsnaam. Elke uitkomst is opnieuw berekend uit de invoer van "
              "het werkboek; opgeslagen waarden tellen niet mee, ze worden alleen vergeleken. Lijst van gebieden: "
              f"{v.lijst_bron}. Wijzigingen vergeleken met {v.basislijn.omschrijving}.")
    ws.merge_range(1, 0, 1, len(STATUS_KOLOMMEN) - 1, uitleg, e.tekst)
    hoogtes = {1: _hoogte(uitleg, sum(b for _, b in STATUS_KOLOMMEN))}
    ws.set_row(1, hoogtes[1])
    r = 3
    ws.write_string(r, 0, "Status", f.kop)
    ws.write_string(r, 1, "Aantal", f.kop)
    ws.write_string(r, 2, "Telt mee", f.kop)
    for s in st.STATUSSEN:
        r += 1
        ws.write_string(r, 0, s, e.status[s])
        ws.write_number(r, 1, per_status[s], e.links)
        ws.write_string(r, 2, {st.IN_ORDE: "ja, in beide sommen", st.BEVINDINGEN: "ja, in de som van alle leesbare",
                               st.OUDE_VERSIE: "ja, in de som van alle leesbare"}.get(s, "nee"))
    r += 2
    kop_rij = r
    for c, (kop, _) in enumerate(STATUS_KOLOMMEN):
        ws.write_string(kop_rij, c, kop, f.kop)
    ws.write_string(kop_rij, len(STATUS_KOLOMMEN), "SHA-256 (van het bestand zoals gelezen)", f.kop)
    hoogtes[kop_rij] = 2 * REGEL
    ws.set_row(kop_rij, hoogtes[kop_rij])
    for regel in v.regels:
        r += 1
        g = regel.gelezen
        _tekst(ws, r, 0, regel.gebied, e.boven)
        _tekst(ws, r, 1, regel.bestand, e.tekst)
        ws.write_string(r, 2, regel.status, e.status[regel.status])
        _tekst(ws, r, 3, regel.toelichting, e.tekst)
        if g is not None and g.leesbaar and g.code == v.code:
            ws.write_number(r, 4, len(g.bevindingen), e.getal)
            ws.write_number(r, 5, regel.wijzigingen, e.getal)
            ws.write_string(r, 6, "kloppen" if not g.afwijkend and g.berekend else
                            (f"wijken af ({len(g.afwijkend)})" if g.afwijkend else "niet vergeleken"), e.boven)
        if g is not None and g.leesbaar:
            _tekst(ws, r, 7, g.versie, e.boven)
            if g.opgeslagen is not None:
                ws.write_datetime(r, 8, g.opgeslagen.replace(tzinfo=None), e.tijd)
            _tekst(ws, r, 9, g.door, e.tekst)
        if g is not None and g.sha256:
            ws.write_string(r, len(STATUS_KOLOMMEN), g.sha256, e.hash)
        hoogte = max(_hoogte(regel.toelichting, STATUS_KOLOMMEN[3][1]), _hoogte(regel.bestand, STATUS_KOLOMMEN[1][1]))
        if hoogte > REGEL:
            hoogtes[r] = hoogte
            ws.set_row(r, hoogte)
    laatste_tabel = r
    ws.autofilter(kop_rij, 0, max(laatste_tabel, kop_rij), len(STATUS_KOLOMMEN) - 1)
    if v.overgeslagen:
        r += 2
        ws.write_string(r, 0, "Overgeslagen (geen .xlsx of .xlsm; niet gelezen)", e.sectie)
        for pad, reden in v.overgeslagen:
            r += 1
            _tekst(ws, r, 1, pad, e.tekst)
            _tekst(ws, r, 3, reden, e.tekst)
    for melding in v.meldingen:
        r += 1
        _tekst(ws, r, 3, f"let op: {melding}", e.tekst)
    for c, (_, breedte) in enumerate(STATUS_KOLOMMEN):
        ws.set_column(c, c, breedte)
    ws.set_column(len(STATUS_KOLOMMEN), len(STATUS_KOLOMMEN), 66)
    ws.freeze_panes(kop_rij + 1, 1)
    _pagina(ws, [b for _, b in STATUS_KOLOMMEN], kop_rij, r, hoogtes, f"Status – verzameling {v.code.upper()}")
    return ws


# -- Per gebied ---------------------------------------------------------------------------------------------


def _per_gebied(wb, f, v: Verzameling) -> None:  # noqa: ANN001
    from xl_opgave.referentie import laad
    from xl_opgave.verzamelen.export import per_gebied_rijen, som_van
    from xl_opgave.vullen.totaal import Cel, Plaatsen, Tabelrij, pm_van_som, schrijf_per_gebied

    namen = list(laad(v.code).resultaat_namen)
    rijen = per_gebied_rijen(v)
    status_kolom = 1

    def som_in_orde(p: Plaatsen, naam: str, kolom: int) -> str:
        return f'=SUMIFS({p.bereik(kolom)},{p.bereik(status_kolom)},"{st.IN_ORDE}")' if p.aantal else "=0"

    def som_alle(p: Plaatsen, naam: str, kolom: int) -> str:
        return f"=SUM({p.bereik(kolom)})" if p.aantal else "=0"

    def verschil(p: Plaatsen, naam: str, kolom: int) -> str:
        return f"=ROUND({p.boven(1, kolom)}-{p.boven(0, kolom)},6)"

    def som(alleen_in_orde: bool) -> tuple[dict[str, float], dict[str, str]]:
        tellend = [r for r in rijen if r.resultaten is not None and (r.status == st.IN_ORDE or not alleen_in_orde)]
        pm = {n.naam: pm_van_som(r.pm.get(n.naam, "") for r in tellend) for n in namen}
        return som_van(rijen, namen, alleen_in_orde=alleen_in_orde), {k: t for k, t in pm.items() if t}

    in_orde, pm_in_orde = som(True)
    alle, pm_alle = som(False)
    aantal_in_orde = sum(1 for r in rijen if r.resultaten is not None and r.status == st.IN_ORDE)
    aantal_alle = sum(1 for r in rijen if r.resultaten is not None)
    boven = [
        Tabelrij([Cel(f"Som gebieden in orde ({aantal_in_orde})", opmaak="vet"), Cel(st.IN_ORDE, opmaak="vet")],
                 in_orde, pm_in_orde, vet=True, formule=som_in_orde),
        Tabelrij([Cel(f"Som alle leesbare ({aantal_alle})", opmaak="vet"),
                  Cel("in orde, bevindingen, oude sjabloonversie")], alle, pm_alle, vet=True, formule=som_alle),
        Tabelrij([Cel("Verschil (alle leesbare − in orde)", opmaak="vet")],
                 {n.naam: round(alle[n.naam] - in_orde[n.naam], 6) for n in namen}, formule=verschil,
                 soort="verschil"),
    ]
    gebiedsrijen = [Tabelrij([Cel(r.gebied), Cel(r.status), Cel(r.bestand)], r.resultaten or {}, r.pm,
                             [Cel(r.opmerking or None)]) for r in rijen]
    schrijf_per_gebied(
        wb, f, BLAD_PER_GEBIED,
        titel=f"Per gebied ({v.code.upper()}): alle resultaten",
        # Title and note fit in the columns every printed page repeats (longer text would be cut off there).
        uitleg="Herberekend uit de eigen invoer; restopgave per gebied op 0 afgekapt. Landelijk: blad Landelijk.",
        namen=namen, voor=[("Gebied", 26), ("Status", 14), ("Bestand", 32)], na=[("Opmerking", 50)],
        boven=boven, rijen=gebiedsrijen, voettekst=f"xl_opgave verzamel {v.code.upper()}")


# -- Wijzigingen --------------------------------------------------------------------------------------------

WIJZIGING_KOLOMMEN = (("Gebied", 18), ("Bestand", 22), ("Plaats", 13), ("Invoer", 40), ("Oud", 18),
                      ("Nieuw", 18), ("Soort", 16), ("Let op", 18))


def _wijzigingen(wb, f, e: _Extra, v: Verzameling) -> None:  # noqa: ANN001
    ws = wb.add_worksheet(BLAD_WIJZIGINGEN)
    ws.write_string(0, 0, f"Wijzigingen: {len(v.wijzigingen)} invoercellen die de gebieden anders hebben dan "
                          "verstuurd", f.titel)
    uitleg = (f"Vergeleken met {v.basislijn.omschrijving}. Eén regel per cel: oud → nieuw. Een gewijzigde "
              "verdeelsleutel of een ander aantal jaren, en een formule die door een getal (of tekst) is vervangen, "
              "staan in de kolom 'Let op'.")
    ws.merge_range(1, 0, 1, len(WIJZIGING_KOLOMMEN) - 1, uitleg, e.tekst)
    hoogtes = {1: _hoogte(uitleg, sum(b for _, b in WIJZIGING_KOLOMMEN))}
    ws.set_row(1, hoogtes[1])
    kop_rij = 3
    for c, (kop, _) in enumerate(WIJZIGING_KOLOMMEN):
        ws.write_string(kop_rij, c, kop, f.kop)
    ws.write_string(kop_rij, len(WIJZIGING_KOLOMMEN), "Naam", f.kop)
    r = kop_rij
    for w in v.wijzigingen:
        r += 1
        _tekst(ws, r, 0, w.gebied, e.boven)
        _tekst(ws, r, 1, w.bestand, e.tekst)
        _tekst(ws, r, 2, w.plaats, e.boven)
        _tekst(ws, r, 3, w.label, e.tekst)
        _tekst(ws, r, 4, w.oud, e.waarde)
        _tekst(ws, r, 5, w.nieuw, e.waarde)
        _tekst(ws, r, 6, w.soort, e.boven)
        if w.let_op:
            ws.write_string(r, 7, w.let_op, e.let_op)
        _tekst(ws, r, len(WIJZIGING_KOLOMMEN), w.naam, e.boven)
        hoogte = max(_hoogte(w.label, WIJZIGING_KOLOMMEN[3][1]), _hoogte(w.bestand, WIJZIGING_KOLOMMEN[1][1]),
                     _hoogte(str(w.oud or ""), WIJZIGING_KOLOMMEN[4][1]),
                     _hoogte(str(w.nieuw or ""), WIJZIGING_KOLOMMEN[5][1]))
        if hoogte > REGEL:
            hoogtes[r] = hoogte
            ws.set_row(r, hoogte)
    if not v.wijzigingen:
        r += 1
        ws.write_string(r, 0, "geen: elke invoer is zoals verstuurd", e.boven)
    ws.autofilter(kop_rij, 0, max(r, kop_rij), len(WIJZIGING_KOLOMMEN) - 1)
    for c, (_, breedte) in enumerate(WIJZIGING_KOLOMMEN):
        ws.set_column(c, c, breedte)
    ws.set_column(len(WIJZIGING_KOLOMMEN), len(WIJZIGING_KOLOMMEN), 40)
    ws.freeze_panes(kop_rij + 1, 1)
    _pagina(ws, [b for _, b in WIJZIGING_KOLOMMEN], kop_rij, r, hoogtes, f"Wijzigingen – verzameling {v.code.upper()}")


# -- Bevindingen --------------------------------------------------------------------------------------------

BEVINDING_KOLOMMEN = (("Gebied", 18), ("Bestand", 24), ("Plaats", 16), ("Soort", 18), ("Bevinding", 50),
                      ("Wat te doen", 40))


def _bevindingen(wb, f, e: _Extra, v: Verzameling) -> None:  # noqa: ANN001
    ws = wb.add_worksheet(BLAD_BEVINDINGEN)
    alle = [(r, b) for r in v.regels if r.gelezen is not None for b in r.gelezen.bevindingen]
    ws.write_string(0, 0, f"Bevindingen: {len(alle)}, zoals xl-opgave check ze geeft", f.titel)
    ws.write_string(1, 0, "Per bevinding het blad en de cel, wat er mis is en wat te doen.", f.klein)
    kop_rij = 3
    for c, (kop, _) in enumerate(BEVINDING_KOLOMMEN):
        ws.write_string(kop_rij, c, kop, f.kop)
    hoogtes: dict[int, float] = {}
    r = kop_rij
    for regel, b in alle:
        r += 1
        _tekst(ws, r, 0, regel.gebied, e.boven)
        _tekst(ws, r, 1, regel.bestand, e.tekst)
        _tekst(ws, r, 2, b.plaats, e.boven)
        _tekst(ws, r, 3, b.soort, e.boven)
        _tekst(ws, r, 4, b.melding, e.tekst)
        _tekst(ws, r, 5, b.advies, e.tekst)
        hoogte = max(_hoogte(b.melding, BEVINDING_KOLOMMEN[4][1]), _hoogte(b.advies, BEVINDING_KOLOMMEN[5][1]),
                     _hoogte(regel.bestand, BEVINDING_KOLOMMEN[1][1]))
        if hoogte > REGEL:
            hoogtes[r] = hoogte
            ws.set_row(r, hoogte)
    if not alle:
        r += 1
        ws.write_string(r, 0, "geen", e.boven)
    ws.autofilter(kop_rij, 0, max(r, kop_rij), len(BEVINDING_KOLOMMEN) - 1)
    for c, (_, breedte) in enumerate(BEVINDING_KOLOMMEN):
        ws.set_column(c, c, breedte)
    ws.freeze_panes(kop_rij + 1, 1)
    _pagina(ws, [b for _, b in BEVINDING_KOLOMMEN], kop_rij, r, hoogtes, f"Bevindingen – verzameling {v.code.upper()}")


# -- Landelijk ----------------------------------------------------------------------------------------------


def _landelijk(wb, f, e: _Extra, v: Verzameling) -> None:  # noqa: ANN001
    from xl_opgave.verzamelen.landelijk_blad import schrijf_landelijk

    schrijf_landelijk(wb, f, e, v)


def bedrag(b: Bedrag) -> float | None:
    """The number a cell shows for an amount (its low end; None for n.b.)."""
    return None if b.nb else b.laag
