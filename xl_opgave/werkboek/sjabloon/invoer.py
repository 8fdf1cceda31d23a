"""Blad Invoer: every input with a label, a unit and a source, as named yellow cells with validation.

Columns: A–B labels, C–G values, H the unit ('Eenheid'), I the source ('Bron'); every block's header
row uses the same columns. Single values (the gebied, the scenario switches) stand in B, with a
scenario's explanation over C–G. The source of an opgave row is the programme's own: the report (with its
table) for the reference figures, the data file (its name and `toelichting`) for a gebied filled from
one, recorded per gebied (`Opname.teksten`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xlsxwriter.utility import xl_rowcol_to_cell

from xl_opgave.core.model import OpgavePost, Programma
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek import scenarios as sc
from xl_opgave.werkboek.berekening import amount_categorieen, component_namen, varianten
from xl_opgave.werkboek.sjabloon.opmaak import Pagina, hoogte, schrijf_invoer

if TYPE_CHECKING:
    from xl_opgave.werkboek.sjabloon.schrijver import Schrijver

# NPLV uses C–E for values (F and G stay empty); C also holds the dekking table's pijler.
BREEDTES_NPLV = [26.0, 34.0, 30.0, 12.0, 12.0, 2.0, 2.0, 11.0, 44.0]
# NPVR: doelstelling, deelopgave, categorie, variant, periode, laag, hoog
BREEDTES_NPVR = [22.0, 32.0, 22.0, 8.0, 12.0, 12.0, 12.0, 11.0, 40.0]
BREEDTES = BREEDTES_NPLV
K_EENHEID = 7
K_BRON = 8


def bron_tekst(programma: Programma, posten: list[OpgavePost]) -> str:
    """Where an input row's figures come from: the data file (`herkomst`) or the report and its table, then
    the `toelichting`; '' when nothing is known (figures typed in or read back from a workbook)."""
    herkomsten = dict.fromkeys(p.herkomst or (programma.bron if p.bron else "") for p in posten)
    details = dict.fromkeys(x for p in posten for x in (p.bron, p.toelichting) if x)
    kop = "; ".join(h for h in herkomsten if h)
    rest = "; ".join(details)
    return f"{kop}: {rest}" if kop and rest else kop or rest


class _Invoer:
    def __init__(self, s: Schrijver) -> None:
        self.s = s
        self.ws = s.bladen[nm.BLAD_INVOER]
        self.f = s.fmt
        self.breedtes = BREEDTES_NPVR if s.bereik else BREEDTES_NPLV
        self.pagina = Pagina(liggend=True, kolombreedtes=self.breedtes, titelrijen=(0, 1))

    def koppen(self, r: int, koppen: dict[int, str]) -> None:
        """A header row: the given columns, the unit and source columns always at H and I."""
        for c in range(len(self.breedtes)):
            self.ws.write(r, c, koppen.get(c, ""), self.f.kop)
        self.pagina.rij(self.ws, r, hoogte(*((t, self.breedtes[c]) for c, t in koppen.items())))

    def rij(self, r: int, *teksten: tuple[str, int]) -> None:
        """Height of a data row from its wrapped texts (text, column)."""
        self.pagina.rij(self.ws, r, hoogte(*((t or "", self.breedtes[c]) for t, c in teksten)))

    def kop_blok(self, begin: int, eind: int) -> None:
        """An input section may run over a page, but its heading, header row and first rows stay together."""
        self.pagina.blok(begin, min(eind, begin + 3))

    def sectie(self, r: int, tekst: str) -> None:
        self.ws.write(r, 0, tekst, self.f.sectie)
        self.pagina.rij(self.ws, r, 18)

    def bedrag_validatie(self, r1: int, c1: int, r2: int, c2: int) -> None:
        cel = xl_rowcol_to_cell(r1, c1)
        self.ws.data_validation(r1, c1, r2, c2, {
            "validate": "custom", "value": f'=OR(AND(ISNUMBER({cel}),{cel}>=0),{cel}="PM")',
            "error_title": "Ongeldig bedrag", "error_message": "Voer een bedrag ≥ 0 in (€ mln) of de tekst PM.",
            "input_title": "Bedrag in € mln", "input_message": "Een getal ≥ 0, of PM als het bedrag nog niet bekend is.",
        })

    # -- blocks ---------------------------------------------------------------------------------
    def schrijf(self) -> None:
        s, ws, f = self.s, self.ws, self.f
        for i, b in enumerate(self.breedtes):
            ws.set_column(i, i, b)
        s.kopregels(ws)
        ws.merge_range(2, 0, 2, K_BRON, "Gele cellen zijn invoer. Bedragen in € mln; typ PM voor een post zonder "
                       "bedrag (PM telt nergens als 0 mee, maar wordt in Resultaat als '+ PM' gemeld).", f.klein)
        r = 4
        self.sectie(r, "Algemeen")
        r += 1
        self.koppen(r, {0: "Invoer", 1: "Waarde", K_EENHEID: "Eenheid", K_BRON: "Bron"})
        r += 1
        ws.write(r, 0, "Gebied", f.vet_tekst)
        schrijf_invoer(ws, r, 1, s.waarden[nm.GEBIED], f.invoer("@"))
        s.naam(nm.GEBIED, nm.BLAD_INVOER, r, 1)
        ws.write(r, K_EENHEID, "tekst", f.tekst)
        ws.write(r, K_BRON, "de naam in de titel van elk blad en in de voettekst", f.tekst)
        r += 1
        # fill --ontbrekend nul writes the gaps it took as zero here; a check on Controles fails while not empty.
        label = "Ontbreekt in de data, als 0 ingevuld"
        ws.write(r, 0, label, f.vet_tekst)  # wrapped in A: the input cell beside it stays clear
        schrijf_invoer(ws, r, 1, s.waarden[nm.ONTBREKEND], f.invoer("@", wrap=True))
        s.naam(nm.ONTBREKEND, nm.BLAD_INVOER, r, 1)
        ws.write(r, K_EENHEID, "tekst", f.tekst)
        uitleg = "Leeg = de data waren volledig. Anders: vul de echte bedragen in en maak deze cel dan leeg."
        ws.write(r, K_BRON, uitleg, f.tekst)
        s.rijhoogte(ws, self.pagina, r, [(label, self.breedtes[0] * 0.92), (uitleg, self.breedtes[K_BRON])],
                    [(1, self.breedtes[1], s.waarden[nm.ONTBREKEND])])  # bold text: some 8 % wider
        self.pagina.blok(r - 3, r)
        r += 2
        for blok in (self.scenarios, self.perioden, *((self.sleutels, self.opgave_nplv, self.componenten)
                                                      if not s.bereik else (self.opgave_npvr,)),
                     self.kern, *((self.dekking,) if not s.bereik else ()), self.constanten):
            r = blok(r)
        ws.freeze_panes(3, 0)
        s.pagina_af(ws, self.pagina, r, K_BRON)

    def scenarios(self, r: int) -> int:
        s, ws, f = self.s, self.ws, self.f
        if not s.ref.scenarios:
            return r
        begin = r
        self.sectie(r, "Scenario's (schakelaars: 1 = aan, 0 = uit; alle uit = het rapport)")
        r += 1
        # The switch in B (the column of every single value, as Gebied); the explanation over C–G, where a
        # long text takes three lines instead of six in one column.
        self.koppen(r, {0: "Scenario", 1: "Schakelaar", 2: "Toelichting", K_EENHEID: "Eenheid", K_BRON: "Bron"})
        r += 1
        eerste = r
        toelichting_breedte = sum(self.breedtes[2:K_EENHEID])
        for scenario in s.ref.scenarios:
            ws.write(r, 0, scenario.naam, f.tekst)
            delen = [r_ for r_ in s.regels_sc if scenario.code in r_.scenarios]
            toelichting = scenario.toelichting or " + ".join(sc.omschrijving(s.ref, r_) for r_ in delen)
            ws.merge_range(r, 2, r, K_EENHEID - 1, toelichting, f.tekst)
            naam = nm.scenario(scenario.code)
            schrijf_invoer(ws, r, 1, s.waarden[naam], f.invoer("0"))
            s.naam(naam, nm.BLAD_INVOER, r, 1)
            ws.write(r, K_EENHEID, "1 = aan, 0 = uit", f.tekst)
            bron = f"{s.ref.bron}, {scenario.bron}" if scenario.bron else s.ref.bron
            ws.write(r, K_BRON, bron, f.tekst)
            self.pagina.rij(ws, r, hoogte((scenario.naam, self.breedtes[0]), (toelichting, toelichting_breedte),
                                          (bron, self.breedtes[K_BRON]), ("1 = aan, 0 = uit", self.breedtes[K_EENHEID])))
            r += 1
        s.naam(nm.SCENARIOS, nm.BLAD_INVOER, eerste, 1, r - 1, 1)
        ws.data_validation(eerste, 1, r - 1, 1, {
            "validate": "list", "source": ["0", "1"],
            "error_title": "Ongeldige schakelaar", "error_message": "Kies 1 (scenario aan) of 0 (uit).",
            "input_title": "Scenario aan of uit", "input_message": "1 = aan, 0 = uit. Scenario's die samen aan "
            "staan tellen elke wijziging één keer.",
        })
        ws.conditional_format(eerste, 1, r - 1, 1, {"type": "cell", "criteria": "==", "value": 1,
                                                    "format": f.formaat({"bg_color": "#C6EFCE"})})
        tekst = ("Staan meer scenario's aan, dan telt elke wijziging één keer; beide varianten of beide grenzen "
                 "aan = de omhullende / de bandbreedte.")
        ws.merge_range(r, 0, r, K_BRON, tekst, f.klein)
        self.kop_blok(begin, r)
        r += 2
        bedragen = [r_ for r_ in s.regels_sc if r_.soort in ("dekking_toevoegen", "post_toevoegen")]
        if not bedragen:
            return r
        begin = r
        self.sectie(r, "Bedragen van de scenario's (tellen alleen mee als een scenario aan staat)")
        r += 1
        self.koppen(r, {0: "Wijziging", 1: "Hoort bij scenario", 2: "Cofin. / laag",
                        3: "Rijksfin. / hoog", 4: "Verdeelsleutel", K_EENHEID: "Eenheid", K_BRON: "Bron"})
        r += 1
        eerste = r
        for regel in bedragen:
            omschrijving = sc.omschrijving(s.ref, regel)
            hoort = ", ".join(s.ref.scenario(c).naam for c in regel.scenarios)
            ws.write(r, 0, omschrijving, f.tekst)
            ws.write(r, 1, hoort, f.tekst)
            if regel.soort == "dekking_toevoegen":
                namen = sc.dekking_namen(s.ref, regel)
                kolommen = ((2, namen["Cofin"]), (3, namen["Rijksfin"]))
            else:
                namen = sc.post_namen(regel)
                kolommen = ((2, namen["laag"]), (3, namen["hoog"]))
                schrijf_invoer(ws, r, 4, s.waarden[namen["sleutel"]], f.invoer("0%"))
                s.naam(namen["sleutel"], nm.BLAD_INVOER, r, 4)
                cel = xl_rowcol_to_cell(r, 4)
                ws.data_validation(r, 4, r, 4, {
                    "validate": "custom", "value": f'=OR(AND(ISNUMBER({cel}),{cel}>=0,{cel}<=1),{cel}="PM")',
                    "error_title": "Ongeldige verdeelsleutel",
                    "error_message": "Een verdeelsleutel ligt tussen 0 en 1 (of PM)."})
            for c, naam in kolommen:
                schrijf_invoer(ws, r, c, s.waarden[naam], f.invoer())
                s.naam(naam, nm.BLAD_INVOER, r, c)
            ws.write(r, K_EENHEID, "€ mln", f.tekst)
            bron_ = s.ref.scenario(regel.scenarios[0]).bron
            bron = f"{s.ref.bron}, {bron_}" if bron_ else s.ref.bron
            ws.write(r, K_BRON, bron, f.tekst)
            self.rij(r, (omschrijving, 0), (hoort, 1), (bron, K_BRON))
            r += 1
        s.naam(nm.SCENARIOBEDRAGEN, nm.BLAD_INVOER, eerste, 2, r - 1, 3)
        self.bedrag_validatie(eerste, 2, r - 1, 3)
        self.kop_blok(begin, r - 1)
        return r + 1

    def perioden(self, r: int) -> int:
        s, ws, f = self.s, self.ws, self.f
        begin = r
        self.sectie(r, "Perioden")
        r += 1
        self.koppen(r, {0: "Periode", 1: "Eerste jaar – laatste jaar", 2: "Aantal jaren", K_EENHEID: "Eenheid",
                        K_BRON: "Bron"})
        r += 1
        eerste = r
        for periode in s.programma.perioden:
            ws.write(r, 0, periode.naam, f.tekst)
            ws.write(r, 1, f"{periode.eerste_jaar} – {periode.laatste_jaar}", f.tekst)
            ws.write_number(r, 2, s.waarden[nm.jaren(periode)], f.invoer("0"))
            s.naam(nm.jaren(periode), nm.BLAD_INVOER, r, 2)
            ws.write(r, K_EENHEID, "jaar", f.tekst)
            bron = f"{s.ref.bron}: jaarlijks = totaal / aantal jaren"
            ws.write(r, K_BRON, bron, f.tekst)
            self.rij(r, (bron, K_BRON))
            r += 1
        s.naam("In_Jaren", nm.BLAD_INVOER, eerste, 2, r - 1, 2)
        ws.data_validation(eerste, 2, r - 1, 2, {"validate": "decimal", "criteria": ">", "value": 0,
                                                 "error_message": "Het aantal jaren is een getal groter dan 0."})
        self.kop_blok(begin, r - 1)
        return r + 1

    def sleutels(self, r: int) -> int:
        s, ws, f = self.s, self.ws, self.f
        begin = r
        self.sectie(r, "Verdeelsleutels (Rijksdeel van de opgave)")
        r += 1
        self.koppen(r, {0: "Pijler", 1: "Onderdeel", 2: "Verdeelsleutel", K_EENHEID: "Eenheid", K_BRON: "Bron"})
        r += 1
        eerste = r
        for o in s.programma.onderdelen:
            pijler = s.programma.pijler(o.pijler).naam
            ws.write(r, 0, pijler, f.tekst)
            ws.write(r, 1, o.naam, f.tekst)
            schrijf_invoer(ws, r, 2, s.waarden[nm.sleutel(o.code)], f.invoer("0%"))
            s.naam(nm.sleutel(o.code), nm.BLAD_INVOER, r, 2)
            ws.write(r, K_EENHEID, "aandeel 0–1", f.tekst)
            ws.write(r, K_BRON, o.sleutel_toelichting, f.tekst)
            self.rij(r, (pijler, 0), (o.naam, 1), (o.sleutel_toelichting, K_BRON), ("aandeel 0–1", K_EENHEID))
            r += 1
        s.naam("In_Sleutels", nm.BLAD_INVOER, eerste, 2, r - 1, 2)
        cel = xl_rowcol_to_cell(eerste, 2)
        ws.data_validation(eerste, 2, r - 1, 2, {
            "validate": "custom", "value": f'=OR(AND(ISNUMBER({cel}),{cel}>=0,{cel}<=1),{cel}="PM")',
            "error_title": "Ongeldige verdeelsleutel", "error_message": "Een verdeelsleutel ligt tussen 0 en 1 (of PM).",
        })
        self.kop_blok(begin, r - 1)
        return r + 1

    def opgave_nplv(self, r: int) -> int:
        s, ws, f = self.s, self.ws, self.f
        begin = r
        self.sectie(r, "Opgave per onderdeel")
        r += 1
        perioden = s.ref.perioden
        koppen = {0: "Pijler", 1: "Onderdeel", K_EENHEID: "Eenheid", K_BRON: "Bron"}
        koppen.update({2 + i: f"Opgave {p.naam}" for i, p in enumerate(perioden)})
        self.koppen(r, koppen)
        r += 1
        eerste = r
        for o in s.ref.onderdelen:
            pijler = s.ref.pijler(o.pijler).naam
            ws.write(r, 0, pijler, f.tekst)
            ws.write(r, 1, o.naam, f.tekst)
            for i, periode in enumerate(perioden):
                schrijf_invoer(ws, r, 2 + i, s.waarden[nm.opgave(periode, o.code)], f.invoer())
                s.naam(nm.opgave(periode, o.code), nm.BLAD_INVOER, r, 2 + i)
            ws.write(r, K_EENHEID, "€ mln", f.tekst)

            def bron(st, code=o.code) -> str:
                return bron_tekst(st.programma, [p for p in st.programma.opgaven if p.onderdeel == code])
            s.tekst(ws, r, K_BRON, f.tekst, bron)
            # The height of the gebied's own source (a data file's name and toelichting), per gebied.
            s.rijhoogte(ws, self.pagina, r, [(pijler, self.breedtes[0]), (o.naam, self.breedtes[1])],
                        [(K_BRON, self.breedtes[K_BRON], bron(s.stand))])
            r += 1
        s.naam("In_Opgaven", nm.BLAD_INVOER, eerste, 2, r - 1, 1 + len(perioden))
        for i, periode in enumerate(perioden):
            s.naam(f"In_Opgaven_{nm.periode_label(periode)}", nm.BLAD_INVOER, eerste, 2 + i, r - 1, 2 + i)
        self.bedrag_validatie(eerste, 2, r - 1, 1 + len(perioden))
        self.kop_blok(begin, r - 1)
        return r + 1

    def opgave_npvr(self, r: int) -> int:
        s, ws, f = self.s, self.ws, self.f
        self.sectie(r, "Opgave per deelopgave en categorie (bandbreedte)")
        r += 1
        koprij = r
        self.koppen(r, {0: "Doelstelling", 1: "Deelopgave", 2: "Categorie", 3: "Variant", 4: "Periode", 5: "Laag",
                        6: "Hoog", K_EENHEID: "Eenheid", K_BRON: "Bron"})
        self.pagina.blok(koprij - 1, koprij)
        r += 1
        eerste = r
        vorige: tuple[str, str] = ("", "")
        for periode in s.ref.perioden:
            for o in s.ref.onderdelen:
                for cat in amount_categorieen(s.ref):
                    for v in varianten(s.ref, periode.code, o.code, cat.code) or [""]:
                        # Doelstelling and deelopgave once per group: the rows stay one or two lines high.
                        doel = s.ref.pijler(o.pijler).naam if vorige[0] != o.pijler else ""
                        deel = o.naam if vorige != (o.pijler, o.code) else ""
                        vorige = (o.pijler, o.code)
                        ws.write(r, 0, doel, f.tekst)
                        ws.write(r, 1, deel, f.tekst)
                        ws.write(r, 2, cat.naam, f.tekst)
                        ws.write(r, 3, v, f.tekst)
                        ws.write(r, 4, periode.naam, f.tekst)
                        for c, kant in ((5, "laag"), (6, "hoog")):
                            naam = nm.categorie(periode, o.code, cat.code, v, kant)
                            schrijf_invoer(ws, r, c, s.waarden[naam], f.invoer())
                            s.naam(naam, nm.BLAD_INVOER, r, c)
                        ws.write(r, K_EENHEID, "€ mln", f.tekst)

                        def bron(st, code=o.code, cat=cat.code, v=v) -> str:
                            return bron_tekst(st.programma, [p for p in st.programma.opgaven if (
                                p.onderdeel, p.categorie, p.variant) == (code, cat, v)])
                        s.tekst(ws, r, K_BRON, f.tekst, bron)
                        s.rijhoogte(ws, self.pagina, r, [(doel, self.breedtes[0]), (deel, self.breedtes[1]),
                                                         (cat.naam, self.breedtes[2]), (periode.naam, self.breedtes[4])],
                                    [(K_BRON, self.breedtes[K_BRON], bron(s.stand))])
                        r += 1
        s.naam("In_Bedragen", nm.BLAD_INVOER, eerste, 5, r - 1, 6)
        s.naam("In_Bedragen_Laag", nm.BLAD_INVOER, eerste, 5, r - 1, 5)
        s.naam("In_Bedragen_Hoog", nm.BLAD_INVOER, eerste, 6, r - 1, 6)
        self.bedrag_validatie(eerste, 5, r - 1, 6)
        return r + 1

    def componenten(self, r: int) -> int:
        s, ws, f = self.s, self.ws, self.f
        if not s.ref.componenten:
            return r
        begin = r
        self.sectie(r, "Componenten van de opgave (Tabel 2: add-on naast de synthese 2024)")
        r += 1
        self.koppen(r, {0: "Pijler", 1: "Component", 2: "Opgave", 3: "Rijksdeel", 4: "Periode",
                        K_EENHEID: "Eenheid", K_BRON: "Bron"})
        r += 1
        eerste = r
        namen = component_namen(s.ref)
        for periode in s.ref.perioden:
            codes = list(dict.fromkeys(c.code for c in s.ref.componenten if c.periode == periode.code))
            for q in s.ref.pijlers:
                for code in codes:
                    ws.write(r, 0, q.naam, f.tekst)
                    ws.write(r, 1, namen[code], f.tekst)
                    for c, soort in ((2, "opgave"), (3, "rijksdeel")):
                        naam = nm.component(periode, q.code, code, soort)
                        schrijf_invoer(ws, r, c, s.waarden[naam], f.invoer())
                        s.naam(naam, nm.BLAD_INVOER, r, c)
                    ws.write(r, 4, periode.naam, f.tekst)
                    ws.write(r, K_EENHEID, "€ mln", f.tekst)
                    bron = [c.bron for c in s.ref.componenten if c.code == code]
                    tekst = (f"{s.ref.bron}, {bron[0]}" if bron and q.code in {c.pijler for c in s.ref.componenten}
                             else "geen component in deze pijler")
                    ws.write(r, K_BRON, tekst, f.tekst)
                    self.rij(r, (q.naam, 0), (namen[code], 1), (tekst, K_BRON))
                    r += 1
        s.naam("In_Componenten", nm.BLAD_INVOER, eerste, 2, r - 1, 3)
        self.bedrag_validatie(eerste, 2, r - 1, 3)
        self.kop_blok(begin, r - 1)
        return r + 1

    def kern(self, r: int) -> int:
        s, ws, f = self.s, self.ws, self.f
        if not s.ref.kerncijfers:
            return r
        begin = r
        self.sectie(r, "Kerncijfers (genoemd in het rapport, niet doorgerekend)")
        r += 1
        # NPVR: low and high in the columns of the opgave block (F, G); NPLV: one value in C.
        kolommen = ((5, "laag"), (6, "hoog")) if s.bereik else ((2, ""),)
        koppen = {0: "Kerncijfer", K_EENHEID: "Eenheid", K_BRON: "Bron"}
        koppen.update({c: kant.capitalize() or "Waarde" for c, kant in kolommen})
        self.koppen(r, koppen)
        r += 1
        eerste = r
        for kern in s.ref.kerncijfers:
            ws.write(r, 0, kern.naam, f.tekst)
            for c, kant in kolommen:
                naam = nm.kern(kern.code, kant)
                schrijf_invoer(ws, r, c, s.waarden[naam], f.invoer("#,##0") if s.bereik else f.invoer())
                s.naam(naam, nm.BLAD_INVOER, r, c)
            ws.write(r, K_EENHEID, "aantal" if kern.code.startswith(("inwoners", "woningen", "gemeenten")) else "€ mln",
                     f.tekst)
            bron = f"{s.ref.bron}, {kern.bron}"
            ws.write(r, K_BRON, bron, f.tekst)
            self.rij(r, (kern.naam, 0), (bron, K_BRON))
            r += 1
        s.naam("In_Kerncijfers", nm.BLAD_INVOER, eerste, kolommen[0][0], r - 1, kolommen[-1][0])
        self.bedrag_validatie(eerste, kolommen[0][0], r - 1, kolommen[-1][0])
        self.kop_blok(begin, r - 1)
        return r + 1

    def dekking(self, r: int) -> int:
        s, ws, f = self.s, self.ws, self.f
        for periode in s.ref.perioden:
            self.sectie(r, f"Dekking {periode.naam} (één regel per bron en toewijzing)")
            r += 1
            self.koppen(r, {0: "Bron", 1: "Onderdeel (of 'Hele pijler')", 2: "Pijler", 3: "Cofin.",
                            4: "Rijksfin.", K_EENHEID: "Eenheid", K_BRON: "Toelichting / vindplaats"})
            self.pagina.blok(r - 1, r + 2)  # the heading never alone at the foot of a page
            r += 1
            eerste = r
            kolommen = {"Bron": 0, "Onderdeel": 1, "Pijler": 2, "Cofin": 3, "Rijksfin": 4, "Toelichting": K_BRON}
            for i in range(nm.DEKKING_RIJEN):
                teksten = []
                for kol, c in kolommen.items():
                    waarde_ = s.waarden[nm.dekking(periode, kol)][i]  # type: ignore[index]
                    opmaak = f.invoer() if kol in ("Cofin", "Rijksfin") else f.invoer("@", wrap=True)
                    schrijf_invoer(ws, r, c, waarde_, opmaak)
                    if kol not in ("Cofin", "Rijksfin"):
                        teksten.append((c, self.breedtes[c], waarde_))
                ws.write(r, K_EENHEID, "€ mln", f.tekst)
                s.rijhoogte(ws, self.pagina, r, cellen=teksten)
                r += 1
            for kol, c in kolommen.items():
                s.naam(nm.dekking(periode, kol), nm.BLAD_INVOER, eerste, c, r - 1, c)
            self.bedrag_validatie(eerste, 3, r - 1, 4)
            ws.data_validation(eerste, 2, r - 1, 2, {"validate": "list", "source": "=Lijst_Pijlers",
                                                     "error_message": "Kies een pijler uit de lijst."})
            ws.data_validation(eerste, 1, r - 1, 1, {"validate": "list", "source": "=Lijst_Onderdelen",
                                                     "error_message": "Kies een onderdeel uit de lijst of 'Hele pijler'."})
            r += 1
        return r

    def constanten(self, r: int) -> int:
        s, ws, f = self.s, self.ws, self.f
        from xl_opgave.werkboek.sjabloon.schrijver import TOLERANTIE
        from xl_opgave.werkboek.sjabloon.weergave import RUIS_DECIMALEN

        begin = r
        self.sectie(r, "Constanten (niet wijzigen)")
        r += 1
        self.koppen(r, {0: "Constante", 2: "Waarde", K_EENHEID: "Eenheid", K_BRON: "Waarvoor"})
        r += 1
        for naam, label, getal, eenheid, waarvoor in (
            ("Tolerantie", "Tolerantie van de controles", TOLERANTIE, "€ mln", "blad Controles"),
            ("Sleutel_Min", "Kleinste verdeelsleutel", 0, "aandeel", "blad Controles"),
            ("Sleutel_Max", "Grootste verdeelsleutel", 1, "aandeel", "blad Controles"),
            (nm.AFRONDING_DECIMALEN, "Decimalen vóór het afronden", RUIS_DECIMALEN, "decimalen",
             "blad Resultaat: rekenruis (0,1 + 0,2) gladstrijken, zodat 222,5 precies op de helft ligt"),
        ):
            ws.write(r, 0, label, f.tekst)
            ws.write_number(r, 2, getal, f.invoer("General"))
            s.naam(naam, nm.BLAD_INVOER, r, 2)
            ws.write(r, K_EENHEID, eenheid, f.tekst)
            ws.write(r, K_BRON, waarvoor, f.tekst)
            self.rij(r, (label, 0), (waarvoor, K_BRON), (eenheid, K_EENHEID))
            r += 1
        self.kop_blok(begin, r - 1)
        return r + 1


def schrijf(s: Schrijver) -> None:
    _Invoer(s).schrijf()


__all__ = ["BREEDTES", "bron_tekst", "schrijf"]
