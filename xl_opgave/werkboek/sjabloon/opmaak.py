"""Shared layout and style of the template's sheets: formats, row heights, page set-up, fixed zip.

Print set-up of every sheet: A4, fit to one page wide (never shrunk to one page tall), margins, print
titles, a header with the sheet and the programme, a footer with programme, gebied, template version and
"pagina x van y", a print area without helper columns, and page breaks between blocks so that no table
is split: a block that does not fit on the rest of a page starts a new one.

Row heights are set explicitly where text wraps (XlsxWriter cannot measure text; neither Excel nor
LibreOffice grows a row that has a stored height), estimated from the column widths with a margin. A row
whose texts differ per programme (a data file's source, the dekking rows, the aanname markers that only
the national figures show) is described by a `Rijmaat`, so that the batch filler and `fill --into` give
it the height of the gebied's own texts, and the page breaks follow (`Pagina.breuken_met`).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import xlsxwriter

VASTE_DATUM = dt.datetime(2026, 1, 28, 0, 0, 0)
ZIP_DATUM = (2026, 1, 28, 0, 0, 0)

INVOER_KLEUR = "#FFF2CC"
KOP_KLEUR = "#D9E1F2"
TITEL_KLEUR = "#1F3864"
GRIJS = "#7F7F7F"
HULP_KLEUR = "#F2F2F2"

REGEL = 15.0  # points per line of 11-pt text (Calibri/Carlito)
# Notes are grey italics of the body's size: every printed text stays 8 pt or more on paper at 73 %.
REGEL_KLEIN = 15.0
KLEIN = 11

# A4 in points, and the margins (inches) of every sheet.
A4 = (595.3, 841.9)
MARGE_LINKS = MARGE_RECHTS = 0.5
MARGE_BOVEN = MARGE_ONDER = 0.6
MARGE_KOP = MARGE_VOET = 0.25


class Opmaak:
    """XlsxWriter formats, created once per workbook and looked up by name or number format."""

    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        self.wb = wb
        self.titel = wb.add_format({"bold": True, "font_size": 14, "font_color": TITEL_KLEUR})
        self.kop = wb.add_format({"bold": True, "bg_color": KOP_KLEUR, "bottom": 1, "text_wrap": True,
                                  "valign": "top"})
        self.kop_rechts = wb.add_format({"bold": True, "bg_color": KOP_KLEUR, "bottom": 1, "text_wrap": True,
                                         "valign": "top", "align": "right"})
        self.kop_midden = wb.add_format({"bold": True, "bg_color": KOP_KLEUR, "text_wrap": True,
                                         "valign": "top", "align": "center"})
        self.sectie = wb.add_format({"bold": True, "font_size": 12, "font_color": TITEL_KLEUR})
        self.bijschrift = wb.add_format({"bold": True, "font_size": 11, "font_color": TITEL_KLEUR,
                                         "text_wrap": True, "valign": "top"})
        self.tekst = wb.add_format({"text_wrap": True, "valign": "top"})
        self.vet_tekst = wb.add_format({"text_wrap": True, "valign": "top", "bold": True})
        self.klein = wb.add_format({"font_color": "#595959", "italic": True, "font_size": KLEIN, "text_wrap": True,
                                    "valign": "top"})
        self.klein_rechtdoor = wb.add_format({"font_color": "#595959", "italic": True, "font_size": KLEIN})
        self.noot = wb.add_format({"font_color": "#404040", "italic": True, "font_size": KLEIN, "text_wrap": True,
                                   "valign": "top"})
        self.naam = wb.add_format({"font_color": GRIJS, "font_size": KLEIN, "valign": "top"})
        self.aanname = wb.add_format({"font_color": "#7F6000", "font_size": KLEIN, "valign": "top", "italic": True,
                                      "text_wrap": True})
        self.hulp = wb.add_format({"font_color": GRIJS, "font_size": 8, "bg_color": HULP_KLEUR})
        self.vet = wb.add_format({"bold": True})
        self.controle = wb.add_format({"bold": True})
        self.midden = wb.add_format({"align": "center", "valign": "top"})
        self._invoer: dict[str, object] = {}
        self._getal: dict[tuple[str, bool], object] = {}

    def invoer(self, num_format: str = "#,##0.00", wrap: bool = False) -> object:
        sleutel = f"{num_format}|{wrap}"
        if sleutel not in self._invoer:
            opties: dict[str, object] = {
                "bg_color": INVOER_KLEUR, "font_color": "#0000FF", "border": 1, "border_color": "#BFBFBF",
                "locked": False, "num_format": num_format, "valign": "top",
            }
            if wrap:
                opties["text_wrap"] = True
            self._invoer[sleutel] = self.wb.add_format(opties)
        return self._invoer[sleutel]

    def getal(self, num_format: str, vet: bool = False) -> object:
        sleutel = (num_format, vet)
        if sleutel not in self._getal:
            self._getal[sleutel] = self.wb.add_format({"num_format": num_format, "bold": vet, "valign": "top"})
        return self._getal[sleutel]

    def formaat(self, opties: dict[str, object]) -> object:
        """A one-off format (conditional formats, borders)."""
        return self.wb.add_format(opties)


# Advance widths (1/2048 em) of Carlito, metric-compatible with Calibri (the default font of the workbooks):
# what a line of text really takes, so that wrapped rows get the height they need and no more.
_TEKENS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;-–—\'’"()/&%€+*=<>!?_#@|ëéèïöüáàçÉ×−±→≥Σ…·'
_BREEDTE_GEWOON = dict(zip(_TEKENS, (
    981, 1076, 866, 1076, 1019, 625, 964, 1076, 470, 490, 931, 470, 1636, 1076, 1080, 1076,
    1076, 714, 801, 686, 1076, 925, 1464, 887, 927, 809, 1185, 1114, 1092, 1260, 1000, 941,
    1292, 1276, 516, 653, 1064, 861, 1751, 1322, 1356, 1058, 1378, 1112, 941, 998, 1314, 1162,
    1822, 1063, 998, 959, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 463, 517,
    511, 548, 548, 627, 1020, 1854, 452, 511, 821, 621, 621, 791, 1397, 1464, 1038, 1020,
    1020, 1020, 1020, 1020, 667, 949, 1020, 1020, 1831, 943, 1019, 1019, 1019, 470, 1080, 1076,
    981, 981, 866, 1000, 1020, 1020, 1020, 1854, 1020, 939, 1414, 517,
), strict=True))
_BREEDTE_VET = dict(zip(_TEKENS, (
    1011, 1099, 857, 1099, 1031, 648, 971, 1099, 503, 523, 983, 503, 1666, 1099, 1101, 1099,
    1099, 728, 817, 710, 1099, 969, 1526, 941, 970, 814, 1241, 1148, 1084, 1291, 999, 940,
    1305, 1292, 546, 678, 1120, 866, 1790, 1349, 1385, 1090, 1405, 1153, 968, 1014, 1337, 1211,
    1856, 1128, 1064, 979, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 1038, 463, 547,
    528, 565, 565, 627, 1020, 1854, 478, 528, 898, 638, 638, 880, 1443, 1493, 1038, 1020,
    1020, 1020, 1020, 1020, 667, 949, 1020, 1020, 1840, 973, 1031, 1031, 1031, 503, 1101, 1099,
    1011, 1011, 857, 999, 1020, 1020, 1020, 1854, 1020, 962, 1457, 548,
), strict=True))
_CIJFER = 1038  # a digit; also used for characters not in the table


def tekstbreedte(tekst: str, punt: float = 11.0, vet: bool = False) -> float:
    """Width in pixels (96 dpi) of a text in Calibri/Carlito at `punt` points."""
    breedtes = _BREEDTE_VET if vet else _BREEDTE_GEWOON
    return sum(breedtes.get(t, _CIJFER) for t in tekst) / 2048 * punt * 96 / 72


@lru_cache(maxsize=1 << 16)  # the batch filler asks for the same labels in every gebied's workbook
def regels(tekst: str, breedte: float, punt: float = 11.0, vet: bool = False) -> int:
    """Lines a wrapped text needs in a column `breedte` wide (Excel's unit: 7 pixels of Calibri 11 each).

    Words wrap as Excel and LibreOffice wrap them (a word longer than the line is cut); the line is
    taken as wide as the column: the widths above run some 5 % wide (measured against LibreOffice), which
    covers the cell's padding.
    """
    if not tekst:
        return 1
    ruimte = breedte * 7.0
    spatie = tekstbreedte(" ", punt, vet)
    totaal = 0
    for alinea in str(tekst).split("\n"):
        lengte, n = 0.0, 1
        for woord in alinea.split():
            w = tekstbreedte(woord, punt, vet)
            if lengte and lengte + spatie + w > ruimte:
                n += 1
                lengte = 0.0
            elif lengte:
                lengte += spatie
            while w > ruimte:  # a word longer than a line
                n += 1
                w -= ruimte
            lengte += w
        totaal += n
    return totaal


def hoogte(*teksten: tuple[str, float], regel: float = REGEL, punt: float = 11.0, vet: bool = False) -> float:
    """The row height (points) for the longest of several wrapped texts, each with its column width."""
    return regel * max((regels(t, b, punt, vet) for t, b in teksten), default=1)


@dataclass(frozen=True)
class Rijmaat:
    """How the height of one row follows its wrapped texts: texts fixed by the template, and cells (on the
    same sheet) whose text differs per programme. A cell holding a number or nothing adds no line."""

    vast: tuple[tuple[str, float], ...] = ()  # (text, column width)
    cellen: tuple[tuple[str, float], ...] = ()  # (cell reference such as 'I23', column width)
    regel: float = REGEL
    punt: float = 11.0

    def hoogte(self, waarde: Callable[[str], object]) -> float:
        """The row height for the cells' values as `waarde(cel)` gives them."""
        teksten = [*self.vast]
        for cel, breedte in self.cellen:
            tekst = waarde(cel)
            if isinstance(tekst, str):
                teksten.append((tekst, breedte))
        return hoogte(*teksten, regel=self.regel, punt=self.punt)


def breedte_punten(kolombreedtes: Sequence[float]) -> float:
    """Printed width in points of columns of these widths (Excel: 7 px per unit + 5 px padding, 96 dpi)."""
    return sum((7 * b + 5) * 0.75 for b in kolombreedtes)


@dataclass
class Pagina:
    """The print set-up of one sheet and the blocks that must not be split over pages.

    `blok(eerste, laatste)` marks rows (0-based, inclusive) that belong together; `hoogtes` holds the
    height of every row the sheet sets (others count as `REGEL`). `breuken()` gives the manual page
    breaks: a block that does not fit on the rest of the page starts a new page.
    """

    liggend: bool
    kolombreedtes: list[float]
    titelrijen: tuple[int, int] | None = None
    hoogtes: dict[int, float] = field(default_factory=dict)
    blokken: list[tuple[int, int]] = field(default_factory=list)

    def rij(self, ws, r: int, hoogte_: float | None = None, opmaak=None) -> None:
        """Set a row's height (and format); remembered for the page breaks."""
        h = REGEL if hoogte_ is None else hoogte_
        self.hoogtes[r] = h
        ws.set_row(r, h, opmaak)

    def blok(self, eerste: int, laatste: int) -> None:
        self.blokken.append((eerste, laatste))

    def schaal(self) -> float:
        """The scale 'fit to one page wide' gives (at most 1).

        Measured: LibreOffice 7.4 prints 2–4 % smaller than the column widths predict (its column and
        percentage rounding); the estimate follows it, so that a page break falls where LibreOffice's would.
        """
        papier = A4[1] if self.liggend else A4[0]
        bruikbaar = papier - 72 * (MARGE_LINKS + MARGE_RECHTS)
        return min(1.0, 0.96 * bruikbaar / breedte_punten(self.kolombreedtes))

    def capaciteit(self) -> float:
        """Sheet points that fit on one page at that scale, less the repeated title rows, with a margin."""
        papier = A4[0] if self.liggend else A4[1]
        bruikbaar = papier - 72 * (MARGE_BOVEN + MARGE_ONDER)
        titels = 0.0
        if self.titelrijen:
            titels = sum(self._h(r) for r in range(self.titelrijen[0], self.titelrijen[1] + 1))
        # 2 % margin for the rounding of row heights and of the scale.
        return bruikbaar / self.schaal() * 0.98 - titels

    def _h(self, r: int) -> float:
        return self.hoogtes.get(r, REGEL)

    def breuken_met(self, hoogtes: Mapping[int, float], laatste_rij: int, *, alleen: bool = False) -> list[int]:
        """The page breaks with other row heights: these replace the sheet's own (`alleen`: they are all of
        them, every other row counting as `REGEL`, as for a workbook read back)."""
        nieuw = dict(hoogtes) if alleen else {**self.hoogtes, **hoogtes}
        return replace(self, hoogtes=nieuw, blokken=list(self.blokken)).breuken(laatste_rij)

    def breuken(self, laatste_rij: int) -> list[int]:
        """Rows (0-based) before which a page break goes."""
        capaciteit = self.capaciteit()
        breuken: list[int] = []
        begin = 0
        gebruikt = 0.0
        # Overlapping blocks (a heading kept with a section that is itself a block) are one block.
        blokken: list[tuple[int, int]] = []
        for eerste, laatste in sorted(self.blokken):
            if blokken and eerste <= blokken[-1][1]:
                blokken[-1] = (blokken[-1][0], max(blokken[-1][1], laatste))
            else:
                blokken.append((eerste, laatste))
        r = 0
        bi = 0
        while r <= laatste_rij:
            if bi < len(blokken) and blokken[bi][0] == r:
                eerste, laatste = blokken[bi]
                bi += 1
                h = sum(self._h(x) for x in range(eerste, laatste + 1))
                if gebruikt + h > capaciteit and gebruikt > 0 and r > begin:
                    breuken.append(r)
                    begin, gebruikt = r, 0.0
                if h > capaciteit:
                    # A block taller than a page: let it run over, breaking per page from its start.
                    for x in range(eerste, laatste + 1):
                        if gebruikt + self._h(x) > capaciteit and gebruikt > 0:
                            breuken.append(x)
                            begin, gebruikt = x, 0.0
                        gebruikt += self._h(x)
                else:
                    gebruikt += h
                r = laatste + 1
                continue
            if gebruikt + self._h(r) > capaciteit and gebruikt > 0:
                breuken.append(r)
                begin, gebruikt = r, 0.0
            gebruikt += self._h(r)
            r += 1
        return breuken

    def zet(self, ws, *, laatste_rij: int, laatste_kolom: int, kop: str, voet: str) -> None:
        """Apply the set-up to the worksheet (call after all rows are written)."""
        ws.set_paper(9)  # A4
        if self.liggend:
            ws.set_landscape()
        else:
            ws.set_portrait()
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=MARGE_LINKS, right=MARGE_RECHTS, top=MARGE_BOVEN, bottom=MARGE_ONDER)
        ws.set_header(kop, {"margin": MARGE_KOP})
        ws.set_footer(voet, {"margin": MARGE_VOET})
        if self.titelrijen:
            ws.repeat_rows(*self.titelrijen)
        ws.print_area(0, 0, laatste_rij, laatste_kolom)
        breuken = self.breuken(laatste_rij)
        if breuken:
            ws.set_h_pagebreaks(breuken)


def kopvoet_tekst(tekst: str) -> str:
    """Text for a page header/footer: '&' is a control character there and is written '&&'."""
    return tekst.replace("&", "&&")


def vaste_zip(inhoud: bytes) -> bytes:
    """The same package with fixed timestamps and a fixed member order: identical input, identical bytes."""
    uit = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(inhoud)) as bron, zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as doel:
        for info in bron.infolist():
            nieuw = zipfile.ZipInfo(info.filename, date_time=ZIP_DATUM)
            nieuw.compress_type = zipfile.ZIP_DEFLATED
            nieuw.external_attr = 0o600 << 16
            doel.writestr(nieuw, bron.read(info.filename))
    return uit.getvalue()


def is_getal(waarde: object) -> bool:
    return isinstance(waarde, int | float) and not isinstance(waarde, bool)


def schrijf_invoer(ws, r: int, c: int, waarde_: object, opmaak) -> None:
    """An input cell: text stays text (never a formula), numbers as numbers, empty as a styled blank."""
    if waarde_ is None or waarde_ == "":
        ws.write_blank(r, c, None, opmaak)
    elif isinstance(waarde_, str):
        ws.write_string(r, c, waarde_, opmaak)
    else:
        ws.write_number(r, c, float(waarde_), opmaak)  # type: ignore[arg-type]
