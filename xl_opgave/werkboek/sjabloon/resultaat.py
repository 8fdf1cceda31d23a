"""Blad Resultaat: the report's tables as printed, then the scenarios, the key results and the chart.

Each table (from `tabellen.toml` and `gepubliceerd.csv`): its caption, the spanning and column heads,
the row labels in the report's order, the amounts rounded as the report rounds them (or as the switch
`In_Afronding` says; see `weergave.py`), '+ PM' in the amount's own cell, and the notes under it.

Columns: A the labels; then the data columns (NPLV one per report column; NPVR three per report column:
low, a dash, high, so that a range reads '€6,3 mld. – €11,8 mld.' while both ends stay numbers). To the
right, outside the print area, three helper blocks mirror the data columns: the unrounded value (a
formula over Berekening), the rounding unit (a constant) and the PM text; then the chart's data.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from xlsxwriter.utility import xl_rowcol_to_cell

from xl_opgave.core.bedrag import Bedrag
from xl_opgave.core.expressie import evalueer
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.tabellen import Tabel
from xl_opgave.core.vergelijking import Cijfer
from xl_opgave.referentie import aannames_per_cijfer, aannames_per_resultaat
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.berekening import PM_TEKST_FORMULE
from xl_opgave.werkboek.sjabloon.opmaak import KLEIN, REGEL, REGEL_KLEIN, Pagina, hoogte
from xl_opgave.werkboek.sjabloon.stand import Stand
from xl_opgave.werkboek.sjabloon.weergave import PM_TEKSTEN, Weergave

if TYPE_CHECKING:
    from xl_opgave.werkboek.sjabloon.schrijver import Schrijver

LABEL_BREEDTE = 44.0
KOLOM_BREEDTE = 19.0  # NPLV: '- €0,68 mld. - PM' and '€1.108,75 mln.' fit without '###'
SLOT_BREEDTES = (13.0, 2.0, 17.0)  # NPVR: low, dash, high
AANNAME_BREEDTE = 6.0  # the marker column right of the widest table ("A1, A5"; longer lists wrap)
EERSTE_TABELRIJ = 6
GRAFIEK_RIJEN = 22


def _termen(formule: str) -> tuple[list[int], list[str]]:
    """A sum or difference of keys as signs and keys ('- a + b' → [-1, 1], [a, b])."""
    tekens, sleutels, teken = [], [], 1
    for token in formule.split():
        if token == "+":
            continue
        if token == "-":
            teken = -teken
            continue
        tekens.append(teken)
        sleutels.append(token)
        teken = 1
    return tekens, sleutels


@dataclass
class _Cf:
    """The display cells of one table (or block), grouped by presentation, for the conditional formats."""

    cellen: dict[tuple[Weergave, str], set[tuple[int, int]]] = field(default_factory=dict)

    def voeg_toe(self, weergave: Weergave, rol: str, r: int, c: int) -> None:
        self.cellen.setdefault((weergave, rol), set()).add((r, c))


class _Resultaat:
    def __init__(self, s: Schrijver) -> None:
        self.s = s
        self.ws = s.bladen[nm.BLAD_RESULTAAT]
        self.f = s.fmt
        self.tabellen: list[Tabel] = s.referentie.tabellen()
        self.slot = 3 if s.bereik else 1
        kolommen = max([len(t.opmaak.kolommen) for t in self.tabellen] + [3 if not s.bereik else 1])
        self.fysiek = kolommen * self.slot  # printed data columns B…
        breedtes = [LABEL_BREEDTE]
        for _ in range(kolommen):
            breedtes += list(SLOT_BREEDTES) if self.slot == 3 else [KOLOM_BREEDTE]
        self.breedtes = breedtes
        self.hulp = self.fysiek + 2  # first helper column, after one empty column
        self.off_v = self.hulp - 1  # display column c → its helper columns c + offset
        self.off_u = self.off_v + self.fysiek
        self.off_t = self.off_u + self.fysiek
        self.grafiekkolom = self.off_t + self.fysiek + 2
        self.pagina = Pagina(liggend=True, kolombreedtes=breedtes, titelrijen=(0, 1))
        self.cf: dict[str, _Cf] = {}
        self.nb = s.fmt.formaat({"align": "right", "valign": "top"})
        kern = s.referentie.kernweergave
        kernweergave = Weergave.uit_gedrukt(kern.gedrukt, kern.afronding)
        if kernweergave is None:
            raise InvoerFout(f"tabellen.toml: kernresultaten.gedrukt {kern.gedrukt!r} heeft geen bedrag")
        self.kernweergave = kernweergave
        # Aannames (issue 12): which published figures and results rest on an input the report does not
        # state. They belong to the report's national inputs, so the marker formulas show them only while
        # In_Gebied is empty (a gebied's data file makes its own choices).
        self.aanname_kolom = self.fysiek + 1
        self.aannames_cijfer: dict[str, list[str]] = {}
        self.aannames_resultaat: dict[str, list[str]] = {}
        if s.referentie.aannames:
            self.aannames_cijfer = aannames_per_cijfer(s.code)
            self.aannames_resultaat = aannames_per_resultaat(s.code)
            self.pagina.kolombreedtes = [*breedtes, AANNAME_BREEDTE]  # printed: up to the marker column

    # -- one amount -----------------------------------------------------------------------------
    def bedrag(self, groep: str, r: int, c: int, weergave: Weergave, laag: str, hoog: str, pm: str,
               waarde: Callable[[Stand], Bedrag], *, vet: bool = False, bereik: bool | None = None) -> None:
        """An amount at (r, c): the unrounded value, unit and PM text in the helper blocks, the rounded
        number in the printed cell; with `bereik` (NPVR) also the dash and the high end at c + 1, c + 2."""
        s, ws = self.s, self.ws
        bereik = self.slot == 3 if bereik is None else bereik
        cf = self.cf.setdefault(groep, _Cf())
        opmaak = self.f.getal(weergave.formaat(1), vet)
        hulp = self.f.hulp

        def cel(rr: int, cc: int) -> str:
            return xl_rowcol_to_cell(rr, cc)

        def schrijf_een(kolom: int, formule: str, kant: str) -> None:
            s.formule(ws, r, kolom + self.off_v, f"={formule}", hulp,
                      lambda st: getattr(waarde(st), kant))
            ws.write_number(r, kolom + self.off_u, weergave.eenheid, hulp)
            s.formule(ws, r, kolom, Weergave.formule(cel(r, kolom + self.off_v), cel(r, kolom + self.off_u)),
                      opmaak, lambda st: weergave.rond(getattr(waarde(st), kant), st.afronding))

        schrijf_een(c, laag, "laag")
        if not bereik:
            s.formule(ws, r, c + self.off_t, f"={pm}", hulp, lambda st: waarde(st).pm_teken())
            cf.voeg_toe(weergave, "enkel", r, c)
            return
        schrijf_een(c + 2, hoog, "hoog")

        def gelijk(st: Stand) -> bool:
            b = waarde(st)
            return weergave.rond(b.laag, st.afronding) == weergave.rond(b.hoog, st.afronding)

        # The high end carries the PM text; an exact amount shows only there (the low end is hidden), so
        # that it stands under the right-aligned column head like every other amount.
        s.formule(ws, r, c + 2 + self.off_t, f"={pm}", hulp, lambda st: waarde(st).pm_teken())
        s.formule(ws, r, c + 1, f'=IF({cel(r, c + 2)}={cel(r, c)},"","–")', self.f.midden,
                  lambda st: "" if gelijk(st) else "–")
        cf.voeg_toe(weergave, "laag", r, c)
        cf.voeg_toe(weergave, "hoog", r, c + 2)

    def uitdrukking(self, formule: str) -> tuple[str, str, str]:
        """Excel formulas (laag, hoog, PM text) of a sum or difference of computed keys."""
        tekens, sleutels = _termen(formule)
        laag, hoog, p, m = [], [], [], []
        for teken, sleutel in zip(tekens, sleutels, strict=True):
            regel = self.s.model.regels.get(sleutel)
            if regel is None:
                raise InvoerFout(f"tabelcijfer {formule!r}: geen regel voor {sleutel} in Berekening")
            if teken > 0:
                laag.append(f"+{regel.cel('laag', True)}")
                hoog.append(f"+{regel.cel('hoog', True)}")
                p.append(regel.cel("plus", True))
                m.append(regel.cel("min", True))
            else:
                laag.append(f"-{regel.cel('hoog', True)}")
                hoog.append(f"-{regel.cel('laag', True)}")
                p.append(regel.cel("min", True))
                m.append(regel.cel("plus", True))

        def som(delen: list[str]) -> str:
            tekst = "".join(delen)
            return tekst[1:] if tekst.startswith("+") else tekst

        def maximum(delen: list[str]) -> str:
            return delen[0] if len(delen) == 1 else f"MAX({','.join(delen)})"

        return som(laag), som(hoog), PM_TEKST_FORMULE.format(p=maximum(p), m=maximum(m))

    # -- the sheet --------------------------------------------------------------------------------
    def schrijf(self) -> None:
        s, ws, f = self.s, self.ws, self.f
        for i, b in enumerate(self.breedtes):
            ws.set_column(i, i, b)
        ws.set_column(self.aanname_kolom, self.aanname_kolom, AANNAME_BREEDTE)
        ws.set_column(self.hulp, self.grafiekkolom + 4, 11, f.hulp)
        s.kopregels(ws)
        self.pagina.rij(ws, 0, 19)
        laatste = self.fysiek
        noot = ("Bedragen in € mln tenzij 'mld.' vermeld. Alleen dit blad rondt af, en alleen in de weergave "
                "van de tabellen: Berekening, de gedefinieerde namen en xl-opgave report --json blijven onafgerond. "
                "'+ PM': er is een PM-post buiten het bedrag gebleven (nooit als 0 meegeteld); de cel blijft een getal.")
        ws.merge_range(2, 0, 2, laatste, noot, f.klein)
        self.pagina.rij(ws, 2, hoogte((noot, sum(self.breedtes)), regel=REGEL_KLEIN, punt=KLEIN))
        self.afronding(3)
        self.scenariostand(4)
        r = EERSTE_TABELRIJ
        for tabel in self.tabellen:
            r = self.tabel(r, tabel)
        r = self.scenarios(r)
        r = self.kernresultaten(r)
        r = self.grafiek(r)
        self.opmaak_per_keuze()
        self.hulpkoppen()
        s.pagina_af(ws, self.pagina, r - 1, self.aanname_kolom if self.aannames_cijfer else laatste)

    def aanname_marker(self, r: int, c: int, ids: list[str]) -> str | None:
        """The ids of the aannames a row rests on, shown while the workbook holds the national figures
        (gebied empty or the reference's own, 'Nederland'); the text it shows now (None: no marker)."""
        tekst = _marker_tekst(ids)
        if not tekst:
            return None
        landelijk = self.s.referentie.programma.gebied

        def toon(st: Stand, tekst: str = tekst) -> str:
            return tekst if st.gebied in ("", landelijk) else ""

        self.s.formule(self.ws, r, c, f'=IF(OR({nm.GEBIED}="",{nm.GEBIED}="{landelijk}"),"{tekst}","")',
                       self.f.aanname, toon)
        return toon(self.s.stand)

    def rij_met_marker(self, r: int, label: str, marker: int, breedte_marker: float, ids: list[str],
                       label_breedte: float = LABEL_BREEDTE) -> None:
        """A row's marker and height: the label's lines, and the marker's where the workbook shows it (the
        national figures; a gebied's workbook has none, and its rows are as high as their labels)."""
        nu = self.aanname_marker(r, marker, ids)
        cellen = [(marker, breedte_marker, nu)] if nu is not None else []
        self.s.rijhoogte(self.ws, self.pagina, r, [(label, label_breedte)], cellen)

    def marker_kolom(self, kolommen: int) -> int:
        """Right of a table's last column (the narrow column after the widest table)."""
        return min(1 + kolommen * self.slot, self.aanname_kolom)

    def afronding(self, r: int) -> None:
        s, ws, f = self.s, self.ws, self.f
        ws.write(r, 0, "Afronding", f.vet)
        invoer = f.formaat({"bg_color": "#FFF2CC", "font_color": "#0000FF", "border": 1, "border_color": "#BFBFBF",
                            "locked": False, "bold": True})
        ws.write_string(r, 1, str(s.waarden[nm.AFRONDING]), invoer)
        s.naam(nm.AFRONDING, nm.BLAD_RESULTAAT, r, 1)
        ws.data_validation(r, 1, r, 1, {
            "validate": "list", "source": f"={nm.LIJST_AFRONDING}",
            "error_title": "Ongeldige keuze", "error_message": "Kies zoals rapport, op € 1 mln of onafgerond.",
            "input_title": "Afronding van de tabellen",
            "input_message": "zoals rapport: € mln op €5 mln, € mld. op twee decimalen, een halve naar nul toe; "
                             "op € 1 mln; onafgerond.",
        })
        ws.write(r, 2 if self.slot == 1 else 3, "zoals rapport · op € 1 mln · onafgerond (alleen de weergave "
                 "verandert)", f.klein_rechtdoor)
        self.pagina.rij(ws, r, 17)
        s.formule(ws, r, self.hulp, f"=IFERROR(MATCH({nm.AFRONDING},{nm.LIJST_AFRONDING},0),1)", f.hulp,
                  lambda st: st.afronding)
        s.naam(nm.AFRONDING_STAND, nm.BLAD_RESULTAAT, r, self.hulp)
        ws.write(r - 1, self.hulp, "Afronding (1–3)", f.hulp)

    def scenariostand(self, r: int) -> None:
        s, ws, f = self.s, self.ws, self.f
        ws.write(r, 0, "Scenario's", f.vet)
        if not s.ref.scenarios:
            ws.write(r, 1, "geen (dit programma heeft geen scenario's)")
            return
        uit = "alle uit: de cijfers van het rapport"
        aan = "LET OP: er staan scenario's aan (blad Invoer); zie 'Scenario's' onder de tabellen"
        s.formule(ws, r, 1, f'=IF(SUM({nm.SCENARIOS})=0,"{uit}","{aan}")', f.vet,
                  lambda st: aan if any(st.schakelaars.values()) else uit)

    def hulpkoppen(self) -> None:
        ws, f = self.ws, self.f
        r = EERSTE_TABELRIJ - 1
        for kolom, tekst in ((self.off_v + 1, "Hulpkolommen (niet afgedrukt) – onafgerond (Berekening)"),
                             (self.off_u + 1, "afrondingseenheid 'zoals rapport'"),
                             (self.off_t + 1, "PM-tekst (kiest de getalnotatie)"),
                             (self.grafiekkolom, "Gegevens van de grafiek")):
            ws.write(r, kolom, tekst, f.hulp)

    # -- tables ---------------------------------------------------------------------------------
    def tabel(self, r: int, tabel: Tabel) -> int:
        ws, f = self.ws, self.f
        o = tabel.opmaak
        laatste = self.fysiek
        begin = r
        ws.merge_range(r, 0, r, laatste, o.titel, f.bijschrift)
        self.pagina.rij(ws, r, hoogte((o.titel, sum(self.breedtes) * 0.95)))
        r += 1
        groepen = o.groepen()
        if o.hoek or any(g for g, _ in groepen):
            ws.write(r, 0, o.hoek, f.kop_midden if not o.hoek else f.kop)
            c = 1
            teksten = [(o.hoek, LABEL_BREEDTE)]
            for groep, aantal in groepen:
                eind = c + aantal * self.slot - 1
                if eind > c:
                    ws.merge_range(r, c, r, eind, groep, f.kop_midden)
                else:
                    ws.write(r, c, groep, f.kop_midden)
                teksten.append((groep, sum(self.breedtes[c:eind + 1])))
                c = eind + 1
            self.pagina.rij(ws, r, hoogte(*teksten))
            r += 1
        ws.write(r, 0, o.rijkop, f.kop)
        marker = self.marker_kolom(len(o.kolommen))
        smal = marker == self.aanname_kolom  # right of the widest table: the narrow column, text wraps
        if any(self.aannames_cijfer.get(c.id) for c in tabel.cijfers.values()):
            ws.write(r, marker, "Aann." if smal else "Aanname", f.kop)
        teksten = [(o.rijkop, LABEL_BREEDTE)]
        for i, kolom in enumerate(o.kolommen):
            c = 1 + i * self.slot
            if self.slot > 1:
                ws.merge_range(r, c, r, c + self.slot - 1, kolom.kop, f.kop_rechts)
            else:
                ws.write(r, c, kolom.kop, f.kop_rechts)
            teksten.append((kolom.kop, sum(self.breedtes[c:c + self.slot]) - 1))
        self.pagina.rij(ws, r, hoogte(*teksten))
        r += 1
        for rij in tabel.rijen:
            kop = tabel.tussenkop(rij)
            if kop:
                ws.write(r, 0, kop, f.vet)
                self.pagina.rij(ws, r)
                r += 1
            cijfers = [tabel.cijfer(rij, k.kolom) for k in o.kolommen]
            vet = _is_totaal(cijfers)
            ws.write(r, 0, rij, f.vet_tekst if vet else f.tekst)
            ids = [a for c in cijfers if c is not None for a in self.aannames_cijfer.get(c.id, [])]
            self.rij_met_marker(r, rij, marker, AANNAME_BREEDTE if smal else KOLOM_BREEDTE, ids)
            for i, cijfer in enumerate(cijfers):
                c = 1 + i * self.slot
                if cijfer is None:
                    continue
                if not cijfer.formule.strip():
                    ws.write(r, c + self.slot - 1, "n.b.", self.nb)
                    continue
                weergave = weergave_van(tabel, cijfer)
                laag, hoog, pm = self.uitdrukking(cijfer.formule)

                def waarde(st: Stand, formule: str = cijfer.formule) -> Bedrag:
                    return st.memo(("tabel", formule), lambda s_: evalueer(formule, s_.bedrag))  # type: ignore[return-value]

                self.bedrag(o.tabel, r, c, weergave, laag, hoog, pm, waarde, vet=vet)
            r += 1
        for tekst in o.noten:
            ws.merge_range(r, 0, r, laatste, tekst, f.noot)
            self.pagina.rij(ws, r, hoogte((tekst, sum(self.breedtes)), regel=REGEL_KLEIN, punt=KLEIN))
            r += 1
        self.pagina.blok(begin, r - 1)
        return r + 1

    # -- after the tables -------------------------------------------------------------------------
    def sectie(self, r: int, tekst: str) -> None:
        self.ws.merge_range(r, 0, r, self.fysiek, tekst, self.f.bijschrift)
        self.pagina.rij(self.ws, r, hoogte((tekst, sum(self.breedtes) * 0.95)))

    def scenarios(self, r: int) -> int:
        s, ws, f = self.s, self.ws, self.f
        if not s.ref.scenarios:
            return r
        begin = r
        self.sectie(r, "Scenario's (schakelaars op blad Invoer; alle cijfers op dit blad volgen ze)")
        r += 1
        ws.write(r, 0, "Scenario", f.kop)
        ws.write(r, 1, "Stand", f.kop)
        r += 1
        for scenario in s.ref.scenarios:
            ws.write(r, 0, scenario.naam, f.tekst)
            self.pagina.rij(ws, r, hoogte((scenario.naam, LABEL_BREEDTE)))
            naam = nm.scenario(scenario.code)
            s.formule(ws, r, 1, f'=IF(N({naam})=0,"uit","aan")', None,
                      lambda st, code=scenario.code: "aan" if st.schakelaars[code] else "uit")
            r += 1
        self.pagina.blok(begin, r - 1)
        r += 1
        if "horizon.totaal.opgave_incl_aanvullend" not in s.model.regels:
            return r
        begin = r
        eind = s.ref.perioden[-1].laatste_jaar
        self.sectie(r, f"Totaal t/m {eind} incl. aanvullende ramingen (alle perioden samen)")
        r += 1
        koppen = ["", "Alle perioden", "incl. aanvullende ramingen (laag)", "incl. aanvullende ramingen (hoog)"]
        for c, kop in enumerate(koppen):
            ws.write(r, c, kop, f.kop_rechts if c else f.kop)
        self.pagina.rij(ws, r, hoogte(*((k, KOLOM_BREEDTE) for k in koppen[1:])))
        r += 1
        w = self.kernweergave
        for soort, label in (("opgave", "Opgave"), ("restopgave", "Restopgave"), ("rijksdeel", "Rijksdeel"),
                             ("rijksrestopgave", "Rijksrestopgave")):
            ws.write(r, 0, f"{label} t/m {eind}", f.tekst)
            zonder = s.model.regels[f"horizon.totaal.{soort}"]
            met = s.model.regels[f"horizon.totaal.{soort}_incl_aanvullend"]
            for c, regel, kant in ((1, zonder, "laag"), (2, met, "laag"), (3, met, "hoog")):
                pm = PM_TEKST_FORMULE.format(p=regel.cel("plus", True), m=regel.cel("min", True))

                def waarde(st: Stand, k: str = regel.sleutel, kant: str = kant) -> Bedrag:
                    b = st.bedrag(k)
                    return Bedrag(getattr(b, kant), getattr(b, kant), b.pm)

                cel = regel.cel(kant, True)
                self.bedrag("horizon", r, c, w, cel, cel, pm, waarde, bereik=False)
            r += 1
        self.pagina.blok(begin, r - 1)
        return r + 1

    def kernresultaten(self, r: int) -> int:
        s, ws, f = self.s, self.ws, self.f
        self.sectie(r, "Kernresultaten (de gedefinieerde namen van het werkboek en van xl-opgave report --json)")
        self.pagina.blok(r, r + 2)
        r += 1
        w = self.kernweergave
        # The label over the first columns (a long one on one line, two at most: a group of thirty results
        # stays on one page), then the amount, the aanname marker and the defined name.
        k = max(2, self.slot)
        label_breedte = sum(self.breedtes[:k])
        groepen: dict[str, list] = {}
        for rn in s.namen:
            groepen.setdefault(rn.sleutel.split(".")[0], []).append(rn)
        perioden = {p.code: p.naam for p in s.ref.perioden}
        for code, namen in groepen.items():
            begin = r
            kop = f"Resultaat {perioden[code]}" if code in perioden else "Resultaat"
            ws.write(r, 0, kop, f.kop)
            for c in range(1, k):
                ws.write(r, c, "", f.kop)
            ws.write(r, k, "Bedrag", f.kop_rechts)
            # The marker before the name: a long name may run on into the empty cells to its right.
            naamkolom = k + 2 if self.aannames_resultaat else k + 1
            ws.write(r, naamkolom, "Gedefinieerde naam", f.kop)
            if self.aannames_resultaat:
                ws.write(r, k + 1, "Aanname", f.kop)
            self.pagina.rij(ws, r)
            r += 1
            for rn in namen:
                ws.merge_range(r, 0, r, k - 1, rn.omschrijving, f.tekst)
                regel = s.model.regels[rn.sleutel]
                kant = "hoog" if rn.kant == "hoog" else "laag"
                pm = PM_TEKST_FORMULE.format(p=regel.cel("plus", True), m=regel.cel("min", True))

                def waarde(st: Stand, k: str = rn.sleutel, kant: str = kant) -> Bedrag:
                    b = st.bedrag(k)
                    return Bedrag(getattr(b, kant), getattr(b, kant), b.pm)

                self.bedrag("kern", r, k, w, f"{rn.naam}", f"{rn.naam}", pm, waarde, bereik=False)
                ws.write(r, naamkolom, rn.naam, f.naam)
                self.rij_met_marker(r, rn.omschrijving, k + 1, self.breedtes[k + 1] if k + 1 < len(self.breedtes)
                                    else AANNAME_BREEDTE, self.aannames_resultaat.get(rn.naam, []), label_breedte)
                r += 1
            self.pagina.blok(begin, r - 1)
            r += 1
        return r

    def grafiek(self, r: int) -> int:
        s, ws, f = self.s, self.ws, self.f
        begin = r
        self.sectie(r, "Grafiek: opgave, dekking en restopgave per pijler en periode (€ mln, onafgerond)")
        r += 1
        if s.bereik:
            reeksen = [("Opgave (laag)", "alle", "laag"), ("Opgave (hoog)", "alle", "hoog")]
        else:
            reeksen = [("Opgave", "opgave", "laag"), ("Dekking", "dekking", "laag"),
                       ("Restopgave", "restopgave", "laag")]
        k0 = self.grafiekkolom
        d = EERSTE_TABELRIJ
        ws.write(d, k0, "Pijler en periode", f.hulp)
        for i, (label, _, _) in enumerate(reeksen):
            ws.write(d, k0 + 1 + i, label, f.hulp)
        eerste = d + 1
        rr = eerste
        getal = f.formaat({"num_format": "#,##0.00", "font_color": "#7F7F7F", "font_size": 8,
                           "bg_color": "#F2F2F2"})
        for periode in s.ref.perioden:
            for q in s.ref.pijlers:
                ws.write(rr, k0, f"{q.naam} {periode.naam}", f.hulp)
                for i, (_, soort, kant) in enumerate(reeksen):
                    regel = s.model.regels[f"{periode.code}.{q.code}.{soort}"]
                    s.formule(ws, rr, k0 + 1 + i, f"={regel.cel(kant, True)}", getal,
                              lambda st, k=regel.sleutel, kant=kant: getattr(st.bedrag(k), kant))
                rr += 1
        laatste = rr - 1
        grafiek = s.wb.add_chart({"type": "column"})
        for i in range(len(reeksen)):
            kol = k0 + 1 + i
            grafiek.add_series({
                "name": [nm.BLAD_RESULTAAT, d, kol],
                "categories": [nm.BLAD_RESULTAAT, eerste, k0, laatste, k0],
                "values": [nm.BLAD_RESULTAAT, eerste, kol, laatste, kol],
            })
        # Chart text 11 pt: no smaller than 8 pt on paper at the sheet's print scale.
        letter = {"size": 11}
        grafiek.set_title({"name": "Opgave → dekking → restopgave (€ mln)", "name_font": {"size": 13, "bold": True}})
        grafiek.set_x_axis({"num_font": letter})
        grafiek.set_y_axis({"num_format": "#,##0", "num_font": letter})
        grafiek.set_legend({"position": "bottom", "font": letter})
        grafiek.set_size({"width": 860, "height": 400})
        for x in range(r, r + GRAFIEK_RIJEN):
            self.pagina.rij(ws, x)
        ws.insert_chart(r, 0, grafiek, {"x_offset": 4, "y_offset": 4, "object_position": 3})
        r += GRAFIEK_RIJEN
        self.pagina.blok(begin, r - 1)
        return r

    # -- number formats per choice of the switch ----------------------------------------------------
    def opmaak_per_keuze(self) -> None:
        """Conditional formats: per rounding choice and PM text the matching number format; the high end of
        a range hidden when it equals the low end. One set of rules per rectangle of equal presentation."""
        ws, f = self.ws, self.f
        formaten: dict[str, object] = {}

        def formaat(tekst: str) -> object:
            if tekst not in formaten:
                formaten[tekst] = f.formaat({"num_format": tekst})
            return formaten[tekst]

        for groep in self.cf.values():
            for (weergave, rol), cellen in groep.cellen.items():
                for r1, c1, r2, c2 in _rechthoeken(cellen, groep.cellen):
                    bereik = (r1, c1, r2, c2)
                    if rol == "laag":  # the low end of a range, hidden when it equals the high end
                        hoog = xl_rowcol_to_cell(r1, c1 + 2)
                        ws.conditional_format(*bereik, {"type": "formula",
                                                        "criteria": f"={xl_rowcol_to_cell(r1, c1)}={hoog}",
                                                        "format": formaat(";;;"), "stop_if_true": True})
                    pm_cel = xl_rowcol_to_cell(r1, c1 + self.off_t)
                    basis = weergave.formaat(1)
                    for stand in (1, 2, 3):
                        for pm in ("", *PM_TEKSTEN):
                            tekst = weergave.formaat(stand, pm)
                            if tekst == basis:
                                continue
                            voorwaarde = f"{nm.AFRONDING_STAND}={stand}"
                            voorwaarde += f',{pm_cel}="{pm}"' if pm else f',{pm_cel}=""'
                            ws.conditional_format(*bereik, {"type": "formula", "criteria": f"=AND({voorwaarde})",
                                                            "format": formaat(tekst)})


def _aanname_volgorde(id_: str) -> tuple[str, int]:
    letters = id_.rstrip("0123456789")
    return letters, int(id_[len(letters):] or 0)


def _marker_tekst(ids: list[str]) -> str:
    return ", ".join(sorted(set(ids), key=_aanname_volgorde))


def weergave_van(tabel: Tabel, cijfer: Cijfer) -> Weergave:
    """How a table shows one figure: as the report prints it; for a figure printed '-' or 'PM', as the other
    figures of its column (else its row, else its table), with its own rounding unit."""
    geld = tabel.opmaak.soort == "bedrag"
    eigen = Weergave.uit_gedrukt(cijfer.gedrukt, cijfer.afronding, cijfer.schaal, geld)
    if eigen is not None:
        return eigen
    kandidaten = ([c for (_, k), c in tabel.cijfers.items() if k == cijfer.kolom]
                  + [c for (rij, _), c in tabel.cijfers.items() if rij == cijfer.rij]
                  + list(tabel.cijfers.values()))
    for ander in kandidaten:
        w = Weergave.uit_gedrukt(ander.gedrukt, ander.afronding, ander.schaal, geld)
        if w is not None:
            if cijfer.afronding is not None:
                w = Weergave(cijfer.afronding, w.voor, w.na, w.decimalen, w.mld, w.geld)
            return w
    raise InvoerFout(f"{tabel.opmaak.tabel}: geen gedrukt bedrag om de opmaak van {cijfer.id} van af te leiden")


def _is_totaal(cijfers: list[Cijfer | None]) -> bool:
    """A row of totals: one of its figures is printed as the sum of figures in other rows (bold, as a total)."""
    eigen = {c.id for c in cijfers if c is not None}
    return any(naam not in eigen for c in cijfers if c is not None for relatie in c.delen
               for naam in re.findall(r"[\w.]+", relatie))


def _rechthoeken(cellen: set[tuple[int, int]], alle: dict) -> list[tuple[int, int, int, int]]:
    """Cells of one presentation as rectangles: the bounding box when no other presentation's cell lies
    inside it (empty cells may), else runs per column."""
    anderen = {c for groep, lijst in alle.items() for c in lijst if lijst is not cellen}
    rijen = [r for r, _ in cellen]
    kolommen = [c for _, c in cellen]
    r1, r2, c1, c2 = min(rijen), max(rijen), min(kolommen), max(kolommen)
    if not any(r1 <= r <= r2 and c1 <= c <= c2 for r, c in anderen):
        return [(r1, c1, r2, c2)]
    uit = []
    for c in sorted(set(kolommen)):
        run = sorted(r for r, k in cellen if k == c)
        start = vorige = run[0]
        for r in run[1:]:
            if r != vorige + 1:
                uit.append((start, c, vorige, c))
                start = r
            vorige = r
        uit.append((start, c, vorige, c))
    return uit


def schrijf(s: Schrijver) -> None:
    _Resultaat(s).schrijf()


__all__ = ["REGEL", "schrijf", "weergave_van"]
