"""The workbook being written: the shared context of the sheet writers, and the order they run in.

Every cell whose content depends on the programme goes through `formule` (a formula with its cached
value, recorded in the `Opname`) or `tekst` (a text that names a data file); a row whose height follows
such texts is set by `rijhoogte` (recorded too); every sheet ends with `pagina_af` (its print set-up, the
page header/footer naming the gebied, also recorded).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from xl_opgave import __version__
from xl_opgave.core.model import Programma
from xl_opgave.core.rekenen import bereken
from xl_opgave.core.resultaten import ResultaatNaam
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek import scenarios as sc
from xl_opgave.werkboek.berekening import Rekenmodel, bouw
from xl_opgave.werkboek.sjabloon.opmaak import VASTE_DATUM, Opmaak, Pagina, Rijmaat, kopvoet_tekst, vaste_zip
from xl_opgave.werkboek.sjabloon.stand import Getter, Opname, Stand, invoer_waarden, referentie

TOLERANTIE = 1e-6


def literaal(tekst: str) -> str:
    """A text as an Excel string literal ("" doubles a quote)."""
    return '"' + tekst.replace('"', '""') + '"'


def voet_links(code: str, gebied: str) -> str:
    """The left section of every sheet's footer: the programme, and the gebied when there is one."""
    return f"{kopvoet_tekst(code)} – {kopvoet_tekst(gebied)}" if gebied else kopvoet_tekst(code)


def _secties(tekst: str) -> list[list[str]]:
    """A header/footer text as its sections [code, content]: code '' before the first &L/&C/&R ('&&' is a
    literal '&', and any other '&x' code stays with its section)."""
    uit = [["", ""]]
    i = 0
    while i < len(tekst):
        if tekst[i] == "&" and i + 1 < len(tekst):
            if tekst[i + 1] in "LCR":
                uit.append([tekst[i + 1], ""])
            else:
                uit[-1][1] += tekst[i : i + 2]
            i += 2
            continue
        uit[-1][1] += tekst[i]
        i += 1
    return uit


def voet_met_gebied(voet: str, code: str, gebied: str) -> str | None:
    """A footer with its left section naming this gebied, when that section is the template's own ('NPLV'
    or 'NPLV – <a gebied>'; `fill --into` patches those); None when the adviser wrote another text there."""
    secties = _secties(voet)
    links = [s for s in secties if s[0] == "L"]
    eigen = kopvoet_tekst(code)
    if len(links) != 1 or not (links[0][1] == eigen or links[0][1].startswith(f"{eigen} – ")):
        return None
    links[0][1] = voet_links(code, gebied)
    return "".join((f"&{c}" if c else "") + inhoud for c, inhoud in secties)


class Schrijver:
    def __init__(self, programma: Programma, resultaat_namen: Sequence[ResultaatNaam], titel: str | None,
                 gebied: str | None, schakelaars: Mapping[str, int] | None = None,
                 afronding: str | None = None) -> None:
        from xl_opgave.referentie import laad

        self.programma = programma if gebied is None else programma.met(gebied=gebied)
        self.ref = referentie(programma)
        self.referentie = laad(programma.code.lower())
        self.code = programma.code.lower()
        self.bereik = nm.bereik_modus(self.ref)
        self.namen = list(resultaat_namen)
        self.titel = titel or f"{programma.naam} ({programma.code})"
        self.uitkomsten = bereken(self.programma)
        self.waarden = invoer_waarden(self.programma, uitkomsten=self.uitkomsten, schakelaars=schakelaars,
                                      afronding=afronding)
        self.stand = Stand(self.programma, uitkomsten=self.uitkomsten, waarden=self.waarden)
        self.regels_sc = sc.wijzigingsregels(self.ref)
        self.model: Rekenmodel = bouw(self.programma, self.ref, dict(self.stand.u))
        self.opname = Opname()
        self.buffer = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.buffer, {"in_memory": True, "strings_to_numbers": False,
                                                    "strings_to_formulas": False, "strings_to_urls": False})
        self.wb.set_properties({
            "title": self.titel, "subject": "Restopgave-model", "author": "xl_opgave",
            "company": "", "comments": f"xl_opgave {__version__}, sjabloon {nm.SJABLOON_VERSIE}",
            "created": VASTE_DATUM,
        })
        self.wb.set_custom_property("xl_opgave_sjabloon", nm.SJABLOON_VERSIE)
        self.wb.set_custom_property("xl_opgave_programma", programma.code)
        self.fmt = Opmaak(self.wb)
        self.bladen = {naam: self.wb.add_worksheet(naam) for naam in nm.BLADEN}
        self.controles: list[tuple[str, str, Getter, str]] = []  # (omschrijving, formule, waarde, advies)

    # -- cells whose content depends on the programme ------------------------------------------
    def formule(self, ws, r: int, c: int, formule: str, opmaak, getter: Getter) -> None:
        """A formula cell; its cached value is `getter(stand)`, recorded for patching other programmes."""
        self.opname.formules[(ws.name, xl_rowcol_to_cell(r, c))] = getter
        ws.write_formula(r, c, formule, opmaak, getter(self.stand))

    def tekst(self, ws, r: int, c: int, opmaak, getter: Getter) -> None:
        self.opname.teksten[(ws.name, xl_rowcol_to_cell(r, c))] = getter
        waarde = getter(self.stand)
        if waarde in (None, ""):
            ws.write_blank(r, c, None, opmaak)
        else:
            ws.write_string(r, c, str(waarde), opmaak)

    def rijhoogte(self, ws, pagina: Pagina, r: int, vast: Sequence[tuple[str, float]] = (),
                  cellen: Sequence[tuple[int, float, object]] = ()) -> None:
        """The height of a row whose texts differ per programme: `vast` (text, column width) as the template
        writes them, `cellen` (column, width, the value written now) the cells that differ; recorded, so the
        batch filler and `fill --into` give each gebied the height of its own texts."""
        maat = Rijmaat(tuple(vast), tuple((xl_rowcol_to_cell(r, c), b) for c, b, _ in cellen))
        nu = {xl_rowcol_to_cell(r, c): w for c, _, w in cellen}
        self.opname.rijen[(ws.name, r)] = maat
        pagina.rij(ws, r, maat.hoogte(nu.get))

    def master(self, s: Stand) -> int:
        return s.memo("master", lambda s_: min(int(c[2](s_)) for c in self.controles))  # type: ignore[return-value]

    # -- helpers --------------------------------------------------------------------------------
    def naam(self, naam: str, blad: str, rij: int, kol: int, rij2: int | None = None, kol2: int | None = None) -> None:
        begin = xl_rowcol_to_cell(rij, kol, True, True)
        adres = begin if rij2 is None else f"{begin}:{xl_rowcol_to_cell(rij2, kol2 if kol2 is not None else kol, True, True)}"
        self.wb.define_name(naam, f"={blad}!{adres}")

    def kopregels(self, ws) -> None:
        """Row 1: the sheet's title with the gebied (a formula over In_Gebied); row 2: the master check."""
        titel = f"{ws.name} – {self.titel}"
        self.formule(ws, 0, 0, f'={literaal(titel)}&IF({nm.GEBIED}="",""," – "&{nm.GEBIED})', self.fmt.titel,
                     lambda s: titel + (f" – {s.gebied}" if s.gebied else ""))
        ws.write(1, 0, "Controles:", self.fmt.vet)
        self.formule(ws, 1, 1, f'=IF({nm.CONTROLE_TOTAAL},"in orde","FOUT – zie blad Controles")',
                     self.fmt.controle, lambda s: "in orde" if self.master(s) == 1 else "FOUT – zie blad Controles")

    def kop_voet(self, blad: str) -> Callable[[Stand], tuple[str, str]]:
        """The page header and footer of a sheet: sheet and programme; programme, gebied, version, page x of y."""
        code = kopvoet_tekst(self.programma.code)
        kop = f"&L{kopvoet_tekst(blad)}&R{kopvoet_tekst(self.programma.naam)} ({code})"
        midden = f"&Csjabloon {nm.SJABLOON_VERSIE}, xl_opgave {__version__}&Rpagina &P van &N"

        def maak(s: Stand) -> tuple[str, str]:
            return kop, f"&L{voet_links(self.programma.code, s.gebied)}{midden}"
        return maak

    def pagina_af(self, ws, pagina: Pagina, laatste_rij: int, laatste_kolom: int) -> None:
        getter = self.kop_voet(ws.name)
        self.opname.kopvoet[ws.name] = getter
        self.opname.paginas[ws.name] = (pagina, laatste_rij)
        kop, voet = getter(self.stand)
        pagina.zet(ws, laatste_rij=laatste_rij, laatste_kolom=laatste_kolom, kop=kop, voet=voet)

    # -- whole ----------------------------------------------------------------------------------
    def schrijf(self, na_opbouw: Callable[[xlsxwriter.Workbook], None] | None = None) -> bytes:
        self.bouw(na_opbouw)
        self.bladen[nm.BLAD_INVOER].activate()
        self.wb.close()
        return vaste_zip(self.buffer.getvalue())

    def bouw(self, na_opbouw: Callable[[xlsxwriter.Workbook], None] | None = None) -> None:
        """Every sheet written into the workbook, not yet closed: what `schrijf` packs. On its own it gives
        the recording (`opname`) of a shape without the cost of packing (`werkboek.orakel.sjabloonkaart`)."""
        from xl_opgave.werkboek.sjabloon import berekening, controles, invoer, resultaat, toelichting

        controles.verzamel(self)
        toelichting.schrijf(self)
        invoer.schrijf(self)
        berekening.schrijf(self)
        resultaat.schrijf(self)
        controles.schrijf(self)
        for naam, ws in self.bladen.items():
            if naam != nm.BLAD_INVOER:
                ws.protect("", {"format_columns": True, "format_rows": True, "select_locked_cells": True,
                                "select_unlocked_cells": True})
        if na_opbouw is not None:
            na_opbouw(self.wb)
