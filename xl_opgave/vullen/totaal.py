"""`totaal.xlsx`: the template on the summed inputs of all gebieden, with two sheets in front of it.

- *Overzicht* (the first sheet, active on opening): exactly what this workbook sums — the data file by
  name and SHA-256 (no clock time: the same inputs give the same bytes), the list of gebieden, the
  gebieden on the list without data, what was missing in the data and taken as zero, the template
  version — and the key results per gebied (gebieden in rows) with the national total, the sum of the
  gebieden and the flags where clipping makes them differ. Printed on A4 landscape, one page wide
  (about 95 % for NPLV's 10 columns), heading rows repeated on each page.
- *Per gebied* (title "Per gebied: alle resultaten"): every named result (Dutch labels, `ResultaatNaam.omschrijving`) per gebied, in rows,
  with the same total, sum and flag rows at the top; what was taken as zero per gebied in the last
  column. A detail sheet: it prints at 100 % over several pages, the gebied column and the heading row
  repeated.
- Amounts on both sheets as Resultaat shows its key results with the switch on *onafgerond* (the
  programme's `kernweergave`, `Weergave.formaat(3, pm)`): '€ 2.375,00 mln. - PM' for NPLV, with the PM
  marker in the amount's own cell (the number stays a number). Unrounded, because the sheet adds the
  gebieden up: rounded figures would not add up to their sum, and the rounding switch of Resultaat has no
  formula here to round with. The main check reads 'in orde' or 'FOUT' and stays the number 1 or 0.
  Every amount column is as wide as its widest amount (Carlito's widths), so no cell shows '###'.
- then the template's own sheets (Toelichting … Controles), computed on the summed inputs.

Gebieden are rows, so no gebied is ever dropped; beyond Excel's 1.048.576 rows the run is refused.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from xl_opgave import __version__
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.resultaten import ResultaatNaam
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.sjabloon.opmaak import hoogte, tekstbreedte
from xl_opgave.werkboek.sjabloon.weergave import Weergave

BLAD_OVERZICHT = "Overzicht"
BLAD_PER_GEBIED = "Per gebied"
AFKAPPING = "ja: afkapping per gebied"
TOLERANTIE = 1e-6
MAX_EXCEL_RIJEN = 1_048_576
KOP_KLEUR = "#D9E1F2"
ONAFGEROND = 3  # the switch of Resultaat: 'onafgerond'
CONTROLE_FORMAAT = '"in orde";"FOUT";"FOUT"'  # 1 → in orde, 0 → FOUT; the cell stays a number
MIN_BEDRAG_BREEDTE = 12.0
PER_GEBIED_BREEDTE = 18.0
TITEL_PER_GEBIED = "Per gebied: alle resultaten"


@dataclass
class Herkomst:
    """Where the figures come from, as the first sheet states it."""

    programma: str  # 'NPLV'
    databestand: str  # the name as the adviser knows it (no folder: the same file anywhere gives the same bytes)
    hashes: list[tuple[str, str]]  # (file name, SHA-256) of every file read
    gebiedenlijst: str  # 'ingebouwde lijst van 20 NPLV-gebieden' or the file name with its hash
    zonder_gegevens: tuple[str, ...]  # gebieden on the list without a row: not summed


@dataclass
class Overzicht:
    namen: list[ResultaatNaam]
    gebieden: list[str]
    bestanden: dict[str, str]  # gebied → file name of its workbook
    resultaten: dict[str, dict[str, float]]  # gebied → name → value
    pm: dict[str, dict[str, str]]  # gebied → name → '+ PM' / '- PM' / '± PM' for results that leave PM out
    controles: dict[str, int]
    totaal: dict[str, float]
    totaal_pm: dict[str, str]
    totaal_controle: int
    nul_ingevuld: dict[str, tuple[str, ...]] = field(default_factory=dict)
    afgekapt: list[str] = field(default_factory=list)

    def som(self, naam: str) -> float:
        s = 0.0
        for gebied in self.gebieden:
            s += self.resultaten[gebied][naam]
        return s

    def som_pm(self, naam: str) -> str:
        """The PM marker of the sum of the gebieden: the PM items of every gebied carry over."""
        return pm_van_som(self.pm.get(g, {}).get(naam, "") for g in self.gebieden)


def pm_van_som(tekens: Iterable[str]) -> str:
    """The PM marker of a sum of amounts with these markers ('', '+ PM', '- PM'): one kind carries over, both
    kinds together make '± PM'."""
    soorten = set(tekens) - {""}
    if not soorten:
        return ""
    return next(iter(soorten)) if len(soorten) == 1 else "± PM"


def sha256(pad: Path) -> str:
    digest = hashlib.sha256()
    with open(pad, "rb") as f:
        while blok := f.read(1024 * 1024):
            digest.update(blok)
    return digest.hexdigest()


def herkomst(programma: str, data: str | Path, gebieden: str | Path | None, aantal_lijst: int,
             zonder_gegevens: tuple[str, ...]) -> Herkomst:
    data = Path(data)
    bestanden = sorted(p for p in data.iterdir() if p.is_file() and p.name.lower() in ("opgave.csv", "dekking.csv")) \
        if data.is_dir() else [data]
    naam = f"map {data.name} (opgave.csv, dekking.csv)" if data.is_dir() else data.name
    if gebieden is None:
        lijst = f"de ingebouwde lijst ({aantal_lijst} {programma.upper()}-gebieden)"
    else:
        lijst = f"{Path(gebieden).name} (SHA-256 {sha256(Path(gebieden))})"
    return Herkomst(programma.upper(), naam, [(p.name, sha256(p)) for p in bestanden], lijst, zonder_gegevens)


def kernnamen(namen: Sequence[ResultaatNaam]) -> list[ResultaatNaam]:
    """The results of the overview: opgave, restopgave and Rijksrestopgave of the whole programme per
    period (NPLV), or every total that is not per year (NPVR)."""
    kern = [n for n in namen if re.fullmatch(r"(Opgave|Restopgave|RijksRestopgave)_Totaal_\w+", n.naam)]
    return kern or [n for n in namen if "Jaarlijks" not in n.naam]


def kernweergave(programma: str) -> Weergave:
    """How Resultaat shows the programme's key results (tabellen.toml, [kernresultaten])."""
    from xl_opgave.referentie import laad

    kern = laad(programma.lower()).kernweergave
    weergave = Weergave.uit_gedrukt(kern.gedrukt, kern.afronding)
    if weergave is None:
        raise InvoerFout(f"tabellen.toml: kernresultaten.gedrukt {kern.gedrukt!r} heeft geen bedrag")
    return weergave


class _Formaten:
    def __init__(self, wb, weergave: Weergave) -> None:  # noqa: ANN001 - an XlsxWriter workbook
        self.wb = wb
        self.weergave = weergave
        self.breedtes: dict[tuple[str, int], float] = {}  # (sheet, column) → widest amount (pixels)
        self.titel = wb.add_format({"bold": True, "font_size": 14, "font_color": "#1F3864"})
        self.sectie = wb.add_format({"bold": True, "font_size": 11, "font_color": "#1F3864"})
        self.kop = wb.add_format({"bold": True, "bg_color": KOP_KLEUR, "bottom": 1, "text_wrap": True,
                                  "valign": "top"})
        self.klein = wb.add_format({"font_color": "#595959", "italic": True})
        self.klein_wrap = wb.add_format({"font_color": "#595959", "italic": True, "text_wrap": True, "valign": "top"})
        self.tekst = wb.add_format({"text_wrap": True, "valign": "top"})
        self.vet = wb.add_format({"bold": True})
        self.vlag = wb.add_format({"bold": True, "font_color": "#C00000"})
        self.fout = wb.add_format({"bold": True, "font_color": "#C00000"})
        self.hash = wb.add_format({"font_name": "Consolas", "font_size": 9})
        self.controle = wb.add_format({"num_format": CONTROLE_FORMAAT})
        self.controle_vet = wb.add_format({"num_format": CONTROLE_FORMAAT, "bold": True})
        self._bedrag: dict[tuple[str, bool], object] = {}

    def bedrag(self, pm: str = "", vet: bool = False) -> object:
        sleutel = (pm, vet)
        if sleutel not in self._bedrag:
            self._bedrag[sleutel] = self.wb.add_format({"num_format": self.weergave.formaat(ONAFGEROND, pm),
                                                        "bold": vet})
        return self._bedrag[sleutel]

    def schrijf_bedrag(self, ws, r: int, c: int, waarde: float, pm: str = "", vet: bool = False,  # noqa: ANN001
                       formule: str | None = None) -> None:
        """An amount (a number, or a formula with its cached value), its column as wide as it needs."""
        if formule is None:
            ws.write_number(r, c, waarde, self.bedrag(pm, vet))
        else:
            ws.write_formula(r, c, formule, self.bedrag(pm, vet), waarde)
        self.meet(ws, c, waarde, pm, vet)

    def meet(self, ws, c: int, waarde: float, pm: str = "", vet: bool = False) -> None:  # noqa: ANN001
        """Remember how wide the amount shows in its column (for `kolombreedte`)."""
        getal = round(waarde, 2) + 0.0
        tekst = self.weergave.toon(getal, ONAFGEROND, pm)
        sleutel = (ws.name, c)
        self.breedtes[sleutel] = max(self.breedtes.get(sleutel, 0.0), tekstbreedte(tekst, vet=vet))

    def kolombreedte(self, ws, c: int, minimum: float = MIN_BEDRAG_BREEDTE) -> float:  # noqa: ANN001
        """Excel's column width for the widest amount in it (7 pixels a unit, 12 pixels of padding)."""
        return max(minimum, round((self.breedtes.get((ws.name, c), 0.0) + 12) / 7, 1))


def _eis_binnen_excel(overzicht: Overzicht) -> None:
    if len(overzicht.gebieden) + 20 > MAX_EXCEL_RIJEN:
        raise InvoerFout(f"{len(overzicht.gebieden):,} gebieden passen niet in één werkblad van Excel (hooguit "
                         f"{MAX_EXCEL_RIJEN:,} rijen); splits het databestand".replace(",", "."))


def bladen(overzicht: Overzicht, herkomst_: Herkomst) -> Callable[[object], None]:
    """The template generator's `na_opbouw` hook: write the two sheets and put them in front."""
    _eis_binnen_excel(overzicht)

    def schrijf(wb) -> None:  # noqa: ANN001 - an XlsxWriter workbook
        f = _Formaten(wb, kernweergave(herkomst_.programma))
        eerste = _schrijf_overzicht(wb, f, overzicht, herkomst_)
        _schrijf_per_gebied(wb, f, overzicht)
        # Our two sheets first (tab order and sheet index), the template's after them.
        objecten = wb.worksheets_objs
        nieuw = [ws for ws in objecten if ws.name in (BLAD_OVERZICHT, BLAD_PER_GEBIED)]
        objecten[:] = nieuw + [ws for ws in objecten if ws not in nieuw]
        for index, ws in enumerate(objecten):
            ws.index = index
        # The generator activates Invoer after this hook; the overview is what totaal.xlsx opens on.
        sluit = wb.close

        def sluit_met_overzicht() -> None:
            for ws in objecten:
                ws.selected = 0
            eerste.activate()
            sluit()

        wb.close = sluit_met_overzicht

    return schrijf


def _afdruk(ws, kolommen: int, kop_rij: int, *, liggend: bool, passend: bool,  # noqa: ANN001
            voettekst: str = "xl_opgave totaal.xlsx") -> None:
    ws.set_paper(9)  # A4
    if liggend:
        ws.set_landscape()
    if passend:
        ws.fit_to_pages(1, 0)  # one page wide, as many pages long as needed
    ws.repeat_rows(kop_rij)
    ws.repeat_columns(0, 1)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.set_footer(f"&L&8{voettekst}&R&8&P / &N")
    ws.print_area(0, 0, ws.dim_rowmax or 0, kolommen - 1)


def _schrijf_overzicht(wb, f: _Formaten, o: Overzicht, h: Herkomst):  # noqa: ANN001, ANN202
    from xlsxwriter.utility import xl_rowcol_to_cell

    ws = wb.add_worksheet(BLAD_OVERZICHT)
    kern = kernnamen(o.namen)
    aantal = len(o.gebieden)
    ws.write_string(0, 0, f"Totaal {h.programma}: de som van {aantal} {'gebied' if aantal == 1 else 'gebieden'}",
                    f.titel)
    regels = [
        ("Databestand", h.databestand),
        *[("SHA-256", f"{digest} ({naam})") for naam, digest in h.hashes],
        ("Lijst van gebieden", h.gebiedenlijst),
        ("Opgeteld", f"{aantal} {'gebied' if aantal == 1 else 'gebieden'}: precies de gebieden in de tabel "
                     "hieronder, niet meer en niet minder"),
        ("Niet opgeteld", ", ".join(h.zonder_gegevens) + " (op de lijst, geen rijen in het databestand)"
         if h.zonder_gegevens else "geen: elk gebied op de lijst heeft gegevens"),
        ("Als 0 ingevuld", _nul_tekst(o) or "niets: de gegevens waren volledig"),
        ("Sjabloon", f"versie {nm.SJABLOON_VERSIE}, xl_opgave {__version__}; de bladen na 'Per gebied' zijn het "
                     "sjabloon op de opgetelde invoer"),
    ]
    r = 2
    for label, tekst in regels:
        ws.write_string(r, 0, label, f.vet)
        ws.write_string(r, 1, tekst, f.hash if label.startswith("SHA-256") else
                        (f.fout if label == "Als 0 ingevuld" and o.nul_ingevuld else None))
        r += 1
    r += 1
    noot_rij = r
    noot = ("Totaal = dit werkboek, berekend op de opgetelde invoer (blad Berekening). Bedragen onafgerond, zoals "
            "Resultaat ze toont met Afronding 'onafgerond', zodat de gebieden optellen tot hun som. '+ PM': het bedrag "
            "laat PM-posten weg. Een restopgave wordt per gebied op 0 afgekapt en in het totaal alleen op de som; "
            f"waar de som daardoor afwijkt staat een vlag. Elk resultaat van elk gebied: blad '{BLAD_PER_GEBIED}'.")
    r += 2
    kop_rij = r
    koppen = ["Gebied", "Werkboek", "Controles", "Als 0 ingevuld", *(n.omschrijving for n in kern)]
    for c, tekst in enumerate(koppen):
        ws.write_string(r, c, tekst, f.kop)
    r += 1
    eerste_gebied = r + 3
    laatste_gebied = eerste_gebied + aantal - 1
    # The national rows first: what the eye looks for.
    ws.write_string(r, 0, "Totaal (opgetelde invoer)", f.vet)
    ws.write_string(r, 1, "dit werkboek")
    ws.write_formula(r, 2, f'=IF({nm.CONTROLE_TOTAAL}=1,"in orde","FOUT")', f.vet,
                     "in orde" if o.totaal_controle == 1 else "FOUT")
    ws.write_number(r, 3, sum(len(v) for v in o.nul_ingevuld.values()))
    for j, n in enumerate(kern):
        f.schrijf_bedrag(ws, r, 4 + j, o.totaal[n.naam], o.totaal_pm.get(n.naam, ""), True, f"={n.naam}")
    r += 1
    ws.write_string(r, 0, "Som van de gebieden", f.vet)
    for j, n in enumerate(kern):
        kolom = 4 + j
        bereik = f"{xl_rowcol_to_cell(eerste_gebied, kolom)}:{xl_rowcol_to_cell(laatste_gebied, kolom)}"
        f.schrijf_bedrag(ws, r, kolom, o.som(n.naam), o.som_pm(n.naam), True, f"=SUM({bereik})" if aantal else "=0")
    r += 1
    ws.write_string(r, 0, "Verschil door afkappen", f.vet)
    for j, n in enumerate(kern):
        kolom = 4 + j
        b, s = xl_rowcol_to_cell(r - 2, kolom), xl_rowcol_to_cell(r - 1, kolom)
        afwijking = abs(o.som(n.naam) - o.totaal[n.naam]) > TOLERANTIE
        ws.write_formula(r, kolom, f'=IF(ABS({s}-{b})>Tolerantie,"ja","")', f.vlag, "ja" if afwijking else "")
    r += 1
    for gebied in o.gebieden:
        ws.write_string(r, 0, gebied)
        ws.write_string(r, 1, o.bestanden.get(gebied, ""))
        goed = o.controles[gebied] == 1
        ws.write_string(r, 2, "in orde" if goed else "FOUT", None if goed else f.fout)
        gaten = len(o.nul_ingevuld.get(gebied, ()))
        if gaten:
            ws.write_number(r, 3, gaten, f.fout)
        else:
            ws.write_blank(r, 3, None)
        for j, n in enumerate(kern):
            f.schrijf_bedrag(ws, r, 4 + j, o.resultaten[gebied][n.naam], o.pm.get(gebied, {}).get(n.naam, ""))
        r += 1
    breedtes = [26.0, 28.0, 10.0, 10.0, *(f.kolombreedte(ws, 4 + j) for j in range(len(kern)))]
    for c, breedte in enumerate(breedtes):
        ws.set_column(c, c, breedte)
    ws.set_row(kop_rij, hoogte(*zip(koppen, breedtes, strict=True), vet=True))
    ws.merge_range(noot_rij, 0, noot_rij, len(breedtes) - 1, noot, f.klein_wrap)
    ws.set_row(noot_rij, hoogte((noot, sum(breedtes))))
    ws.freeze_panes(kop_rij + 1, 1)
    _afdruk(ws, 4 + len(kern), kop_rij, liggend=True, passend=True)
    ws.protect("", {"format_columns": True, "format_rows": True, "select_locked_cells": True,
                    "select_unlocked_cells": True})
    return ws


def _nul_tekst(o: Overzicht) -> str:
    if not o.nul_ingevuld:
        return ""
    posten = sum(len(v) for v in o.nul_ingevuld.values())
    return (f"{posten} ontbrekende {'post' if posten == 1 else 'posten'} in {len(o.nul_ingevuld)} "
            f"{'gebied' if len(o.nul_ingevuld) == 1 else 'gebieden'} (--ontbrekend nul): zie kolom 'Als 0 ingevuld' "
            f"en blad '{BLAD_PER_GEBIED}'; de controles van die werkboeken en van dit totaal staan op FOUT")


def _schrijf_per_gebied(wb, f: _Formaten, o: Overzicht) -> None:  # noqa: ANN001
    def naam_formule(plaatsen: Plaatsen, naam: str, kolom: int) -> str:
        return f"={naam}"

    def som_formule(plaatsen: Plaatsen, naam: str, kolom: int) -> str:
        return f"=SUM({plaatsen.bereik(kolom)})" if plaatsen.aantal else "=0"

    def verschil_formule(plaatsen: Plaatsen, naam: str, kolom: int) -> str:
        # Rounded to the euro's millionth: the float noise of adding many gebieden is no difference.
        return f"=ROUND({plaatsen.boven(1, kolom)}-{plaatsen.boven(0, kolom)},6)"

    def afkap_formule(plaatsen: Plaatsen, naam: str, kolom: int) -> str:
        return f'=IF(ABS({plaatsen.boven(2, kolom)})>Tolerantie,"{AFKAPPING}","")'

    def controle_min(plaatsen: Plaatsen) -> str:
        return f"=MIN({plaatsen.bereik(1)})" if plaatsen.aantal else "=1"

    controles = [float(o.controles[g]) for g in o.gebieden]
    boven = [
        Tabelrij([Cel("Totaal (opgetelde invoer)", opmaak="vet"), Cel(o.totaal_controle, f"={nm.CONTROLE_TOTAAL}", "controle_vet")],
                 dict(o.totaal), dict(o.totaal_pm), [Cel("; ".join(f"{g}: {len(v)}" for g, v in o.nul_ingevuld.items()))],
                 vet=True, formule=naam_formule),
        Tabelrij([Cel("Som van de gebieden", opmaak="vet"), Cel(min(controles, default=1), controle_min, "controle_vet")],
                 {n.naam: o.som(n.naam) for n in o.namen}, {n.naam: o.som_pm(n.naam) for n in o.namen},
                 vet=True, formule=som_formule),
        Tabelrij([Cel("Verschil (som − totaal)", opmaak="vet")],
                 {n.naam: round(o.som(n.naam) - o.totaal[n.naam], 6) for n in o.namen}, formule=verschil_formule,
                 soort="verschil"),
        Tabelrij([Cel("Verschil door afkappen", opmaak="vet")],
                 {n.naam: AFKAPPING if abs(o.som(n.naam) - o.totaal[n.naam]) > TOLERANTIE else "" for n in o.namen},
                 formule=afkap_formule, soort="vlag"),
    ]
    rijen = []
    for gebied in o.gebieden:
        gaten = o.nul_ingevuld.get(gebied)
        rijen.append(Tabelrij([Cel(gebied), Cel(o.controles[gebied], opmaak="controle")], o.resultaten[gebied], o.pm.get(gebied, {}),
                              [Cel("; ".join(gaten), opmaak="fout") if gaten else Cel(None)]))
    schrijf_per_gebied(
        wb, f, BLAD_PER_GEBIED,
        # Title and note fit in the gebied columns, which every printed page repeats (a longer text would be
        # cut off at their edge on every page but the first); the explanation is the Overzicht's.
        titel=TITEL_PER_GEBIED, uitleg="Onafgerond; toelichting: blad Overzicht.",
        namen=o.namen, voor=[("Gebied", 26), ("Hoofdcontrole", 13)], na=[("Als 0 ingevuld", 60)],
        boven=boven, rijen=rijen, voettekst="xl_opgave totaal.xlsx")


# -- the Per gebied table, shared with `verzamel`'s overview -------------------------------------------------


@dataclass
class Cel:
    """One cell of a leading or trailing column: a value, or a formula (text, or made from the table's
    places) with the value as its cached value; `opmaak` one of the `_Formaten` names ('vet', 'fout', …)."""

    waarde: object = None
    formule: object = None  # str | Callable[[Plaatsen], str] | None
    opmaak: str | None = None


@dataclass
class Tabelrij:
    """One row: leading cells, an amount per result name (None: empty), trailing cells.

    `formule(plaatsen, naam, kolom)` makes the amount cells formulas (a summary row over the gebied rows);
    their cached values are `bedragen`. `soort`: 'bedrag' (€ with its PM marker), 'verschil' (€, no PM) or
    'vlag' (a red text)."""

    voor: list[Cel]
    bedragen: Mapping[str, object]
    pm: Mapping[str, str] = field(default_factory=dict)
    na: list[Cel] = field(default_factory=list)
    vet: bool = False
    formule: Callable[[Plaatsen, str, int], str] | None = None
    soort: str = "bedrag"


@dataclass(frozen=True)
class Plaatsen:
    """Where things are in the table, for the formulas of the summary rows."""

    boven_rijen: tuple[int, ...]  # 0-based rows of the summary rows
    eerste: int  # 0-based first and last gebied row
    laatste: int

    @property
    def aantal(self) -> int:
        return self.laatste - self.eerste + 1

    def bereik(self, kolom: int) -> str:
        from xlsxwriter.utility import xl_rowcol_to_cell

        return f"{xl_rowcol_to_cell(self.eerste, kolom)}:{xl_rowcol_to_cell(self.laatste, kolom)}"

    def boven(self, index: int, kolom: int) -> str:
        from xlsxwriter.utility import xl_rowcol_to_cell

        return xl_rowcol_to_cell(self.boven_rijen[index], kolom)


def schrijf_per_gebied(wb, f: _Formaten, blad: str, *, titel: str, uitleg: str,  # noqa: ANN001 - XlsxWriter
                       namen: Sequence[ResultaatNaam], voor: Sequence[tuple[str, float]],
                       na: Sequence[tuple[str, float]], boven: Sequence[Tabelrij], rijen: Sequence[Tabelrij],
                       voettekst: str, kop_rij: int = 3):
    """A sheet with every result per gebied: gebieden in rows (none is ever dropped), Dutch labels
    (`ResultaatNaam.omschrijving`) in the heading, amounts in € mln with the Dutch euro format and '+ PM'
    where a result leaves PM items out (the number stays a number), summary rows on top. A detail sheet:
    it prints at 100 % over several pages, the gebied column and the heading row repeated on each."""
    ws = wb.add_worksheet(blad)
    ws.write_string(0, 0, titel, f.titel)
    ws.write_string(1, 0, uitleg, f.klein)
    koppen = [k for k, _ in voor] + [n.omschrijving for n in namen] + [k for k, _ in na]
    for c, tekst in enumerate(koppen):
        ws.write_string(kop_rij, c, tekst, f.kop)
    eerste_bedrag = len(voor)
    laatste_kolom = eerste_bedrag + len(namen) + len(na) - 1
    boven_rijen = tuple(range(kop_rij + 1, kop_rij + 1 + len(boven)))
    eerste_gebied = kop_rij + 1 + len(boven)
    plaatsen = Plaatsen(boven_rijen, eerste_gebied, eerste_gebied + len(rijen) - 1)
    for r, rij in zip((*boven_rijen, *range(eerste_gebied, eerste_gebied + len(rijen))), (*boven, *rijen),
                      strict=True):
        for c, cel in enumerate(rij.voor):
            _schrijf_cel(ws, f, r, c, cel, plaatsen)
        for j, n in enumerate(namen):
            kolom = eerste_bedrag + j
            waarde = rij.bedragen.get(n.naam)
            formule = rij.formule(plaatsen, n.naam, kolom) if rij.formule is not None else None
            getal = isinstance(waarde, int | float) and not isinstance(waarde, bool)
            if rij.soort != "vlag" and getal:
                pm = "" if rij.soort == "verschil" else rij.pm.get(n.naam, "")
                f.schrijf_bedrag(ws, r, kolom, float(waarde), pm, rij.vet, formule)  # type: ignore[arg-type]
                continue
            opmaak = f.vlag if rij.soort == "vlag" else f.bedrag()
            if formule is not None:
                ws.write_formula(r, kolom, formule, opmaak, "" if waarde is None else waarde)
            elif waarde in (None, ""):
                ws.write_blank(r, kolom, None, opmaak)
            else:
                ws.write_string(r, kolom, str(waarde), opmaak)
        for c, cel in enumerate(rij.na):
            _schrijf_cel(ws, f, r, eerste_bedrag + len(namen) + c, cel, plaatsen)
    # Amount columns at least 18 wide: the longest labels ('Rijksrestopgave sociaal-maatschappelijke pijler
    # 2030 t/m 2035, per onderdeel verrekend') then take five lines, and 20 gebieden fit on one page under the
    # heading; wider where an amount needs it, so no cell shows '###'.
    breedtes = [*(b for _, b in voor), *(f.kolombreedte(ws, eerste_bedrag + j, PER_GEBIED_BREEDTE)
                                         for j in range(len(namen))), *(b for _, b in na)]
    for c, breedte in enumerate(breedtes):
        ws.set_column(c, c, breedte)
    ws.set_row(kop_rij, hoogte(*zip(koppen, breedtes, strict=True), vet=True))
    ws.set_row(kop_rij - 1, 6)  # a little air above the heading: 20 gebieden fit on a page under it
    ws.freeze_panes(kop_rij + 1, 1)
    # A detail sheet: 60 columns do not fit one page wide at a readable scale, so it prints at 100 % over
    # several pages, the gebied column and the heading row repeated on each.
    _afdruk(ws, laatste_kolom + 1, kop_rij, liggend=True, passend=False, voettekst=voettekst)
    ws.protect("", {"format_columns": True, "format_rows": True, "select_locked_cells": True,
                    "select_unlocked_cells": True})
    return ws


def _schrijf_cel(ws, f: _Formaten, r: int, c: int, cel: Cel, plaatsen: Plaatsen) -> None:  # noqa: ANN001
    opmaak = getattr(f, cel.opmaak) if cel.opmaak else None
    if cel.formule is not None:
        formule = cel.formule(plaatsen) if callable(cel.formule) else cel.formule
        ws.write_formula(r, c, formule, opmaak, cel.waarde)
    elif isinstance(cel.waarde, int | float) and not isinstance(cel.waarde, bool):
        ws.write_number(r, c, cel.waarde, opmaak)
    elif cel.waarde is None:
        ws.write_blank(r, c, None, opmaak)
    else:
        ws.write_string(r, c, str(cel.waarde), opmaak)
