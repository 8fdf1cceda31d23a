"""The memo to send to a report's authors: every finding with its place, the printed and the recomputed
figure, the arithmetic and the likely cause, then the editorial remarks and the aannames.

One list of blocks, two renderers: Markdown (`.md`) and Word (`.docx`, python-docx). The Word file is
deterministic: fixed document properties and fixed zip time stamps, so the same report gives the same
bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from xl_opgave import __version__
from xl_opgave.core.analyse import Analyse
from xl_opgave.core.controles import KLASSEN, Bevinding
from xl_opgave.core.vergelijking import AFRONDING, FOUT, Beoordeling, interval_tekst, tekst_mln
from xl_opgave.rapport import fout_regel, lezingen, raakt, samenvatting_regel, telling
from xl_opgave.referentie import Referentie

VASTE_DATUM = dt.datetime(2026, 1, 1, 0, 0, 0)
ZIP_DATUM = (2026, 1, 1, 0, 0, 0)

# The likely cause of a finding between figures and text, by class (the arithmetic says the rest).
_OORZAAK_KLASSE = {
    "jaarlijks": "de jaarcijfers zijn elk afgerond en tellen daardoor niet op",
    "tekst": "de bedragen in de tekst passen niet bij elkaar of bij de tabel",
    "opsomming": "de opsomming noemt niet alle delen van het totaal",
    "bewering": "de bewering in de tekst klopt niet met de tabel",
    "bijlage": "de hoofdtekst en de bijlage spreken elkaar tegen",
}


@dataclass
class Blok:
    soort: str  # titel, kop, subkop, alinea, lijst, tabel
    tekst: str = ""
    regels: list[str] = field(default_factory=list)  # lijst
    rijen: list[tuple[str, str]] = field(default_factory=list)  # tabel: label, waarde


def _cijfer_blokken(nummer: int, b: Beoordeling) -> list[Blok]:
    c = b.cijfer
    herberekend = b.getoond()
    if b.berekend is not None:
        herberekend += f" (onafgerond: {tekst_mln(b.berekend)}, € mln)"
    rijen = [
        ("Plaats", c.plaats),
        ("Gedrukt", c.gedrukt),
        ("Herberekend", herberekend),
        ("Wat de gedrukte invoer toelaat", f"{interval_tekst(b)} (€ mln, vóór de afronding van dit cijfer)"),
        ("Rekensom", "; ".join(x for x in [b.rekensom, *b.verschil] if x)),
        ("Vermoedelijke oorzaak", b.oorzaak),
    ]
    if b.aannames:
        rijen.append(("Aannames", ", ".join(b.aannames)))
    soort = "fout" if b.soort == FOUT else "afronding"
    return [Blok("subkop", f"{nummer}. {c.tabel}: {c.rij} – {c.kolom} ({soort})"), Blok("tabel", rijen=rijen)]


def _bevinding_blokken(nummer: int, b: Bevinding) -> list[Blok]:
    rijen = [("Plaats", b.controle.plaats), ("Soort controle", KLASSEN[b.klasse])]
    if b.controle.tekst:
        rijen.append(("Tekst in het rapport", b.controle.tekst))
    rijen += [("Rekensom", b.uitleg), ("Vermoedelijke oorzaak", _OORZAAK_KLASSE.get(b.klasse, ""))]
    return [Blok("subkop", f"{nummer}. {b.controle.plaats} ({b.soort}, {b.klasse})"), Blok("tabel", rijen=rijen)]


def blokken(referentie: Referentie, analyse: Analyse) -> list[Blok]:
    programma = referentie.programma
    t = telling(referentie, analyse)
    uit = [
        Blok("titel", f"Notitie: controle van '{programma.bron}'"),
        Blok("alinea", f"Opgesteld met xl-opgave {__version__}. Bedragen in € mln tenzij anders vermeld."),
        Blok("kop", "Werkwijze"),
        Blok("alinea", "Elk gedrukt cijfer is herberekend uit de invoer van het rapport. Elke gedrukte invoer staat "
             "voor het interval van zijn eigen afronding (€ 445 op €5 mln afgerond is 442,5 – 447,5); over die "
             "intervallen is uitgerekend welke waarden de invoer toelaat. Een gedrukt cijfer daarbuiten (ook met "
             "zijn eigen afronding) is een fout; een cijfer daarbinnen waarvan de gedrukte delen niet optellen, "
             "is een afrondingsverschil. Exact halve eenheden mogen beide kanten op (het rapport rondt ze "
             "meestal naar nul af, maar drukt bijvoorbeeld 332,5 als 335)."),
        Blok("kop", "Samenvatting"),
        Blok("alinea", samenvatting_regel(t)),
    ]
    fouten = [b for b in analyse.beoordelingen if b.soort == FOUT]
    controle_fouten = [b for b in analyse.controles.numeriek() if b.soort == FOUT]
    if fouten or controle_fouten:
        uit.append(Blok("lijst", regels=[fout_regel(b) for b in fouten]
                        + [f"{b.controle.plaats}: {b.uitleg}" for b in controle_fouten]))
    uit.append(Blok("kop", "Bevindingen"))
    nummer = 0
    for soort in (FOUT, AFRONDING):
        for b in analyse.beoordelingen:
            if b.soort == soort:
                nummer += 1
                uit += _cijfer_blokken(nummer, b)
        for bevinding in analyse.controles.numeriek():
            if bevinding.soort == soort:
                nummer += 1
                uit += _bevinding_blokken(nummer, bevinding)
    redactioneel = [f"{b.controle.plaats}: {b.uitleg}" for b in analyse.controles.redactioneel()]
    redactioneel += [f"{o['plaats']}: {o['opmerking']}" for o in referentie.opmerkingen]
    if redactioneel:
        uit += [Blok("kop", "Redactionele opmerkingen"), Blok("lijst", regels=redactioneel)]
    if analyse.aannames:
        uit += [Blok("kop", "Aannames bij de herberekening"),
                Blok("alinea", "Waar het rapport een invoer niet als zodanig geeft, kiest xl-opgave een lezing. "
                     "Een resultaat rust op een aanname als een andere lezing het verandert.")]
        for a in analyse.aannames:
            rijen = [("Reden", a.reden), ("Plaats", a.plaats)]
            rijen += [(f"Andere lezing: {naam}", waarden) for naam, waarden in lezingen(analyse, a)]
            rijen.append(("Raakt", raakt(analyse, a, labels=True)))
            uit += [Blok("subkop", f"{a.id}: {a.naam}"), Blok("tabel", rijen=rijen)]
    return uit


def markdown(blokken_: list[Blok]) -> str:
    regels: list[str] = []
    for b in blokken_:
        if b.soort == "titel":
            regels += [f"# {b.tekst}", ""]
        elif b.soort == "kop":
            regels += [f"## {b.tekst}", ""]
        elif b.soort == "subkop":
            regels += [f"### {b.tekst}", ""]
        elif b.soort == "alinea":
            regels += [b.tekst, ""]
        elif b.soort == "lijst":
            regels += [f"- {r}" for r in b.regels] + [""]
        elif b.soort == "tabel":
            regels += ["| | |", "|---|---|"]
            regels += [f"| {_md(label)} | {_md(waarde)} |" for label, waarde in b.rijen] + [""]
    return "\n".join(regels)


def _md(tekst: str) -> str:
    return tekst.replace("|", "\\|").replace("\n", " ")


def docx_bytes(blokken_: list[Blok], titel: str = "") -> bytes:
    """The memo as a Word document, the same bytes for the same blocks."""
    from docx import Document
    from docx.shared import Cm, Pt

    document = Document()
    stijl = document.styles["Normal"]
    stijl.font.name = "Calibri"
    stijl.font.size = Pt(10)
    for b in blokken_:
        if b.soort == "titel":
            document.add_heading(b.tekst, level=0)
        elif b.soort == "kop":
            document.add_heading(b.tekst, level=1)
        elif b.soort == "subkop":
            document.add_heading(b.tekst, level=2)
        elif b.soort == "alinea":
            document.add_paragraph(b.tekst)
        elif b.soort == "lijst":
            for regel in b.regels:
                document.add_paragraph(regel, style="List Bullet")
        elif b.soort == "tabel":
            tabel = document.add_table(rows=0, cols=2)
            tabel.style = "Table Grid"
            tabel.autofit = False
            for label, waarde in b.rijen:
                cellen = tabel.add_row().cells
                cellen[0].text = label
                cellen[1].text = waarde
                cellen[0].width, cellen[1].width = Cm(4.2), Cm(12.3)  # labels narrow, the arithmetic wide
                for run in cellen[0].paragraphs[0].runs:
                    run.bold = True
            tabel.columns[0].width, tabel.columns[1].width = Cm(4.2), Cm(12.3)  # the grid, which LibreOffice reads
            document.add_paragraph()
    eigenschappen = document.core_properties
    eigenschappen.title = titel
    eigenschappen.author = "xl-opgave"
    eigenschappen.last_modified_by = "xl-opgave"
    eigenschappen.created = VASTE_DATUM
    eigenschappen.modified = VASTE_DATUM
    eigenschappen.last_printed = VASTE_DATUM
    eigenschappen.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _vaste_zip(buffer.getvalue())


def _vaste_zip(inhoud: bytes) -> bytes:
    """The same package with fixed time stamps: python-docx stamps each part with the current time."""
    uit = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(inhoud)) as bron, zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as doel:
        for info in bron.infolist():
            nieuw = zipfile.ZipInfo(info.filename, date_time=ZIP_DATUM)
            nieuw.compress_type = zipfile.ZIP_DEFLATED
            nieuw.external_attr = 0o600 << 16
            doel.writestr(nieuw, bron.read(info.filename))
    return uit.getvalue()


def notitie_bytes(referentie: Referentie, analyse: Analyse, soort: str) -> bytes:
    """The memo as '.docx' or '.md' bytes."""
    b = blokken(referentie, analyse)
    if soort == ".md":
        return markdown(b).encode("utf-8")
    if soort == ".docx":
        return docx_bytes(b, titel=f"Notitie: controle van '{referentie.programma.bron}'")
    raise ValueError(f"onbekende soort notitie {soort!r}")


__all__ = ["Blok", "blokken", "docx_bytes", "markdown", "notitie_bytes"]
