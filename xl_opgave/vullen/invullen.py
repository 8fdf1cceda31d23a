"""Fill one gebied's figures into an existing workbook without losing anything (`fill --into`).

The workbook is the template or an adviser's own workbook that carries the template's input names.
Written: only what the data file gives — the gebied's name, its opgave and (NPLV) its dekking table;
every other input (verdeelsleutels, number of years, components, kerncijfers, scenario switches and
amounts) keeps the workbook's own value, and the cached values of the template's own formula cells are
computed with those values (the rounding of Resultaat too: `lezer.afronding_uit`). Changed besides, and
said in the summary: those cached values; the chart's cached series (from those values, so previews show
the gebied's figures); the page footers of the template's own sheets, where they are still the template's
('NPLV – <gebied>'); the source of each opgave row on Invoer (the data file and its toelichting), where
the row is still the template's; the height of rows whose texts change and the page breaks that follow,
where the workbook still has the template's automatic ones; the shared-string table's count; and
`fullCalcOnLoad` in workbook.xml. Everything else in the package keeps its bytes (see
`pakket.vul_pakket`), and the result is checked (every XML part, the input cells read back) before it
replaces anything. With `pdf`, a PDF of the written workbook goes beside it (`werkboek.pdf.maak_pdfs`;
LibreOffice is looked for before anything is written).

A formula cell gets a new cached value only when it is the template's formula at the template's place
(compared by `werkboek.orakel.normaal`, as the checker does) and nothing it depends on was changed by
the adviser: a template formula cell whose formula differs or was overwritten, or a constant cell of
the template's sheets whose value differs, makes every formula that depends on it (transitively)
keep its old cached value. Those, and the adviser's own formulas that depend on the inputs, are
counted: they show their new value once Excel recalculates (on opening, as `fullCalcOnLoad` is set).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from xl_opgave.bestanden import BestaatAl, bestaat_melding, eis_geen_invoer, schrijf_atomisch
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.opmaak import getal_kort
from xl_opgave.referentie import programma_code
from xl_opgave.vullen.databestand import DatabestandFout, lees_databestand
from xl_opgave.vullen.gebieden import laad_gebieden
from xl_opgave.vullen.pakket import (
    Bladopmaak,
    Patchresultaat,
    _bereik,
    _Blad,
    _gedeelde_teksten,
    _lees_werkboek,
    _oude_waarde,
    _Pakket,
    _splits_cel,
    _Werkboek,
    _zoek_naam,
    tel_afhankelijk,
    vul_pakket,
)
from xl_opgave.vullen.vul import controleer_sjabloon, sjabloonpakket
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek.orakel import normaal
from xl_opgave.werkboek.sjabloon import Opname, Stand
from xl_opgave.werkboek.sjabloon.schrijver import voet_met_gebied

# The inputs a data file gives (everything else in the workbook is the adviser's and stays).
_UIT_DATABESTAND = ("In_Gebied", "In_Opgave_", "In_Dekking_", "In_Publiek_", "In_Exploitatie_", "In_Investering_",
                    "In_Ontbrekend")


def uit_databestand(naam: str) -> bool:
    """Whether a template input name is filled from the data file (the rest is the workbook's own)."""
    return naam == nm.GEBIED or naam.startswith(_UIT_DATABESTAND)


@dataclass(frozen=True)
class Invulling:
    """What `fill --into` did (or would do)."""

    gebied: str
    resultaat: Patchresultaat
    doel: Path | None  # None for a dry run
    sjabloonformules: int  # template formula cells found in the workbook
    niet_bijgewerkt: int  # of those, left with their old cached value (changed by the adviser, or depending on such)
    eigen_gelaten: list[str] = field(default_factory=list)  # kinds of inputs kept from the workbook itself
    geen_cache: str = ""  # why no cached value was refreshed ('' when they were)
    nul_ingevuld: tuple[str, ...] = ()  # gaps of the data taken as zero (--ontbrekend nul)
    afronding: str = ""  # the rounding choice of Resultaat the cached values were computed with
    pdf: Path | None = None  # the PDF written beside the workbook (fill --pdf)
    controle: int | None = None  # the master check on the filled inputs (1 = in orde; None: not computed)

    @property
    def andere_afhankelijk(self) -> int:
        """Formulas that depend on the changed inputs and got no new cached value."""
        return self.resultaat.zonder_nieuwe_waarde

    def tekst(self, dry_run: bool = False) -> str:
        r = self.resultaat
        gewijzigd = [w for w in r.wijzigingen if not _gelijk(w.oud, w.nieuw)]
        cache_gewijzigd = sum(1 for w in r.cache if not _gelijk(w.oud, w.nieuw))
        regels: list[str] = []
        bronnen = [w for w in r.cellen if not _gelijk(w.oud, w.nieuw)]
        if dry_run:
            regels.append(f"proefdraai (er is niets geschreven): {self.gebied}")
            for w in gewijzigd:
                regels.append(f"  {w.plaats} ({w.naam}): {_toon(w.oud)} → {_toon(w.nieuw)}")
            for w in bronnen:
                regels.append(f"  {w.plaats} (bron): {_toon(w.oud)} → {_toon(w.nieuw)}")
        else:
            regels.append(f"{self.gebied} ingevuld in {self.doel}")
        regels.append(
            f"uit het databestand: {len(r.wijzigingen)} invoercellen, waarvan {len(gewijzigd)} met een nieuwe waarde"
        )
        if self.eigen_gelaten:
            regels.append("niet in het databestand en dus gelaten zoals ze in het werkboek staan: "
                          + ", ".join(self.eigen_gelaten))
        delen = [f"opgeslagen waarden van {len(r.cache)} sjabloonformules bijgewerkt ({cache_gewijzigd} met een "
                 f"andere waarde{', Resultaat afgerond ' + repr(self.afronding) if self.afronding else ''})"]
        if r.grafieken:
            delen.append(f"de grafiek toont de cijfers van het gebied ({', '.join(r.grafieken)})")
        if r.voetteksten:
            delen.append(f"de voettekst noemt het gebied (bladen {', '.join(r.voetteksten)})")
        if bronnen:
            delen.append(f"{len(bronnen)} bronvermelding(en) op blad Invoer noemen het databestand")
        if r.rijhoogtes:
            delen.append(f"{r.rijhoogtes} rij(en) even hoog als hun nieuwe tekst"
                         + (f", pagina-einden opnieuw gezet (bladen {', '.join(r.breuken)})" if r.breuken else ""))
        delen.append("volledige herberekening bij openen aangezet (xl/workbook.xml)")
        regels.append(f"daarnaast {'verandert' if dry_run else 'veranderd'}: " + "; ".join(delen))
        eigen = []
        if r.eigen_voet:
            eigen.append(f"de eigen voettekst van {', '.join(r.eigen_voet)}")
        if r.eigen_rijhoogtes:
            eigen.append(f"{r.eigen_rijhoogtes} zelf ingestelde rijhoogte(s)")
        if r.eigen_breuken:
            eigen.append(f"de eigen pagina-einden van {', '.join(r.eigen_breuken)}")
        if eigen:
            regels.append("gelaten zoals de adviseur ze instelde: " + "; ".join(eigen))
        if self.pdf is not None:
            regels.append(f"pdf geschreven: {self.pdf}")
        if self.geen_cache:
            # The adviser's own input is out of range: Excel will show FOUT on Controles once it recalculates.
            regels.append(f"let op: opgeslagen waarden niet bijgewerkt: {self.geen_cache}; de controles van het "
                          "werkboek staan dan op FOUT tot die invoer verbeterd is")
        if self.nul_ingevuld:
            regels.append(f"let op: {len(self.nul_ingevuld)} ontbrekende post(en) als 0 ingevuld (--ontbrekend nul); "
                          f"de controle op blad Controles staat op FOUT tot de echte bedragen zijn ingevuld: "
                          + "; ".join(self.nul_ingevuld))
        if self.controle is not None and self.controle != 1 and not self.nul_ingevuld:
            regels.append("let op: de controles van het werkboek zijn niet in orde met deze invoer (blad Controles "
                          "staat op FOUT); kijk daar welke controle faalt")
        if self.niet_bijgewerkt:
            regels.append(
                f"{self.niet_bijgewerkt} sjabloonformule(s) niet bijgewerkt: gewijzigd in dit werkboek of afhankelijk "
                "van een gewijzigde cel"
            )
        regels.append(
            f"{self.andere_afhankelijk} andere formule(s) hangen af van de gewijzigde invoer en tonen hun nieuwe "
            "waarde pas nadat Excel herberekent (volledige herberekening bij openen staat aan)"
        )
        return "\n".join(regels)


def _gelijk(a: object, b: object) -> bool:
    if a in (None, "") and b in (None, ""):
        return True
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool):
        return abs(float(a) - float(b)) <= 1e-12 * max(1.0, abs(float(a)))
    return a == b


def _toon(waarde: object) -> str:
    """A cell value for the user: numbers the Dutch way (15,64; 1.234,5), text quoted, empty as (leeg)."""
    if waarde is None or waarde == "":
        return "(leeg)"
    if isinstance(waarde, int | float) and not isinstance(waarde, bool):
        return getal_kort(float(waarde), 6)  # € mln to the euro
    return repr(waarde) if isinstance(waarde, str) else str(waarde)



# -- reading the workbook ------------------------------------------------------------------------------


def _celwaarden(blad: _Blad, gedeeld: list[str] | None) -> dict[tuple[int, int], tuple[str | None, object]]:
    """(row, column) → (formula text or None, value) of every cell of a sheet part."""
    uit: dict[tuple[int, int], tuple[str | None, object]] = {}
    for rij, cellen in blad.cellen.items():
        for cel in cellen:
            formule = (cel.f.tekst or "") if cel.f is not None else None
            uit[(rij, cel.kolom)] = (formule, _oude_waarde(cel, gedeeld))
    return uit


def _bijwerkbaar(pakket: _Pakket, werkboek: _Werkboek, code: str, invoercellen: set[tuple[str, int, int]],
                 bron: str) -> tuple[set[tuple[str, str]], int, int, set[tuple[str, int]]]:
    """Template formula cells that may get a new cached value; (those cells, found, not refreshed, the rows
    (sheet, row) where a cell of the template differs: the adviser's own)."""
    sjabloon = sjabloonpakket(code)
    gedeeld = _gedeelde_teksten(pakket, werkboek)
    bladen: dict[str, _Blad] = {}
    for naam, deel in werkboek.bladen:
        if deel and deel in pakket.namen:
            bladen[naam] = _Blad.lees(pakket.lees(deel), f"{bron} [{deel}]")
    # The template's own cells: formulas and constants, from the prepared template package.
    sjabloon_pakket: _Pakket = sjabloon.pakket  # type: ignore[attr-defined]
    sjabloon_werkboek = _lees_werkboek(sjabloon_pakket)
    sjabloon_gedeeld = _gedeelde_teksten(sjabloon_pakket, sjabloon_werkboek)
    opname = sjabloon.opname  # type: ignore[attr-defined]
    teksten = {(b, *_splits_cel(c)) for b, c in opname.teksten}
    kandidaten: set[tuple[str, str]] = set()
    zaden: list[tuple[str, int, int]] = []
    eigen_rijen: set[tuple[str, int]] = set()
    for naam, deel in sjabloon_werkboek.bladen:
        if naam not in bladen:
            continue
        eigen = _Blad.lees(sjabloon_pakket.lees(deel), "sjabloon")
        verwacht = _celwaarden(eigen, sjabloon_gedeeld)
        echt = _celwaarden(bladen[naam], gedeeld)
        for (r, k), (formule, waarde_) in verwacht.items():
            if (naam, r, k) in teksten and echt.get((r, k), (None, None))[0] is not None:
                eigen_rijen.add((naam, r))  # the adviser put a formula where the source was: it stays
            if (naam, r, k) in invoercellen or (naam, r, k) in teksten:
                continue
            ist = echt.get((r, k), (None, None))
            if formule is not None:
                if normaal(ist[0]) == normaal(formule):
                    kandidaten.add((naam, f"{_kolom(k)}{r}"))
                else:
                    zaden.append((naam, r, k))
            elif ist[0] is not None or not _gelijk(ist[1], waarde_):
                zaden.append((naam, r, k))
    geraakt = tel_afhankelijk(werkboek, bladen, zaden)  # (sheet in lower case, row, column)
    bijwerkbaar = set()
    for blad, cel in kandidaten:
        r, k = _splits_cel(cel)
        if (blad.lower(), r, k) not in geraakt and (blad, cel) in opname.formules:
            bijwerkbaar.add((blad, cel))
    aanwezig = sum(1 for blad, _ in opname.formules if blad in bladen)
    return bijwerkbaar, aanwezig, aanwezig - len(bijwerkbaar), eigen_rijen | {(b, r) for b, r, _ in zaden}


def _kolom(nummer: int) -> str:
    from xl_opgave.vullen.pakket import kolomletters

    return kolomletters(nummer)


def _opmaak(opname: Opname) -> dict[str, Bladopmaak]:
    """The template's automatic row heights and page breaks, in the terms of `pakket` (1-based rows)."""
    rijen: dict[str, dict[int, object]] = {}
    for (blad, r0), maat in opname.rijen.items():
        rijen.setdefault(blad, {})[r0 + 1] = maat.hoogte
    uit: dict[str, Bladopmaak] = {}
    for blad, per_rij in rijen.items():
        def breuken(hoogtes, blad: str = blad) -> list[int]:  # noqa: ANN001
            return opname.breuken(blad, {r - 1: h for r, h in hoogtes.items()}, alleen=True)

        uit[blad] = Bladopmaak(per_rij, breuken if blad in opname.paginas else None)  # type: ignore[arg-type]
    return uit


def _invoercellen(werkboek: _Werkboek, namen: list[str], code: str, bron: str) -> set[tuple[str, int, int]]:
    """The cells behind these input names; a name covering another number of cells than the template
    gives it is refused before its cells are listed (a name redefined to cover a whole sheet costs nothing)."""
    from xl_opgave.werkboek.lezer import verwachte_omvang

    omvang = verwachte_omvang(code)
    uit: set[tuple[str, int, int]] = set()
    for naam in namen:
        gevonden = _zoek_naam(werkboek, naam)
        if gevonden is None:
            continue
        gebied = _bereik(werkboek, gevonden, bron)
        if naam in omvang and gebied.aantal != omvang[naam]:
            raise InvoerFout(f"de naam {naam} verwijst naar {gevonden.tekst}: {gebied.aantal:,} cellen, het sjabloon "
                             f"geeft haar er {omvang[naam]}; herstel de naam (Formules → Namen beheren)"
                             .replace(",", "."), bron=bron)
        uit |= {(gebied.blad, r, k) for r, k in gebied.cellen()}
    return uit


# -- the command ----------------------------------------------------------------------------------------


def vul_in_werkboek(
    data: str | Path,
    werkboek: str | Path,
    gebied: str,
    *,
    programma: str | None = None,
    uit: str | Path | None = None,
    gebieden: str | Path | None = None,
    overschrijven: bool = False,
    dry_run: bool = False,
    ontbrekend: str | None = None,
    alle_fouten: bool = False,
    pdf: bool = False,
) -> Verslag:
    """Fill `gebied` from the data file into `werkboek`; the report (Dutch text, and whether it warns).
    With `pdf`, also a PDF of the written workbook beside it."""
    from xl_opgave.werkboek.lezer import GeenSjabloon, StroomWerkboek, open_werkboek
    from xl_opgave.werkboek.uitvoercontrole import controleer_werkmap

    pad = Path(werkboek)
    # The safe opener and the one reader (only the inputs the template defines); an adviser's own
    # workbook with only the input names is no template, and then needs --template.
    eigen_werkboek: StroomWerkboek | None
    try:
        eigen_werkboek = open_werkboek(pad, alles=False)
    except GeenSjabloon:
        eigen_werkboek = None
    doel = Path(uit) if uit is not None else pad
    pdf_pad = doel.with_suffix(".pdf") if pdf else None
    if pdf and dry_run:
        raise InvoerFout("--pdf schrijft een pdf van het gevulde werkboek; een proefdraai (--dry-run) schrijft niets")
    if not dry_run:
        if doel.exists() and not overschrijven:
            raise BestaatAl(bestaat_melding(doel) + (" (of --out BESTAND voor een kopie)" if uit is None else ""))
        if pdf_pad is not None and os.path.lexists(pdf_pad) and not overschrijven:
            raise BestaatAl(bestaat_melding(pdf_pad))
        eis_geen_invoer([doel, *([pdf_pad] if pdf_pad else [])], [data, *([gebieden] if gebieden else [])])
        if pdf_pad is not None:
            from xl_opgave.werkboek.pdf import vereis_libreoffice

            vereis_libreoffice()  # before anything is written
    bron = str(pad)
    invoer = pad.read_bytes()
    pakket = _Pakket(invoer, bron)
    werkboek_model = _lees_werkboek(pakket)
    eigen_code = eigen_werkboek.code if eigen_werkboek is not None else ""
    code = programma_code(programma) if programma else eigen_code
    if not code:
        raise InvoerFout(f"welk programma? het werkboek heeft geen naam {nm.PROGRAMMA}; geef --template nplv|npvr",
                         bron=bron)
    if eigen_code and eigen_code != code:
        raise InvoerFout(f"het werkboek is een {eigen_code.upper()}-sjabloon, maar --template zegt {code}", bron=bron)
    lijst = laad_gebieden(code, gebieden)
    gegevens = lees_databestand(data, code, gebieden=lijst, ontbrekend=ontbrekend, alle_fouten=alle_fouten)
    problemen = controleer_sjabloon(gegevens)
    if problemen:
        raise DatabestandFout(problemen, bron=str(data), alle=alle_fouten)
    naam = lijst.zoek(gebied, bron=str(gebieden or data)).naam
    if naam not in gegevens.gebieden:
        raise InvoerFout(f"het databestand heeft geen rijen voor gebied {naam!r}", bron=str(data))
    gebied_programma = gegevens.gebieden[naam]
    # What the data file does not give is the workbook's own: its keys, years, components, kerncijfers
    # and scenario state; the cached values are computed with them.
    basis, schakelaars, geen_cache, afronding = gebied_programma, {}, "", None
    if eigen_werkboek is not None:
        from xl_opgave.werkboek.lezer import afronding_uit, lees_waarden, programma_uit, schakelaars_uit

        try:
            eigen = programma_uit(eigen_werkboek)
            gelezen = lees_waarden(eigen_werkboek)
            schakelaars = schakelaars_uit(eigen_werkboek, gelezen)
            afronding = afronding_uit(eigen_werkboek, gelezen)  # the adviser's choice on Resultaat
        except InvoerFout as fout:
            geen_cache = (f"een invoer van het werkboek zelf is niet bruikbaar ({fout.tekst()}); Excel herberekent "
                          "alles bij openen")
        else:
            basis = eigen.met(opgaven=gebied_programma.opgaven, dekkingen=gebied_programma.dekkingen, gebied=naam,
                              ontbrekend=gebied_programma.ontbrekend)
    stand = Stand(basis, schakelaars=schakelaars, afronding=afronding)
    waarden = {n: w for n, w in stand.w.items() if uit_databestand(n)}
    if _zoek_naam(werkboek_model, nm.ONTBREKEND) is None:
        if waarden.get(nm.ONTBREKEND):
            raise InvoerFout(f"het werkboek heeft geen naam {nm.ONTBREKEND} (een sjabloon van vóór versie "
                             f"{nm.SJABLOON_VERSIE}), dus geen plek om de als nul ingevulde gaten te melden; maak een "
                             "nieuw sjabloon (xl-opgave template)", bron=bron)
        waarden.pop(nm.ONTBREKEND, None)
    # Cells of inputs whose values the cached values are computed with count as inputs (not as the
    # adviser's own edits); with an unreadable or foreign workbook only the cells written from the data.
    namen = [n for n in stand.w if eigen_werkboek is not None and not geen_cache or uit_databestand(n)]
    invoercellen = _invoercellen(werkboek_model, namen, code, bron)
    opname: Opname = sjabloonpakket(code).opname  # type: ignore[attr-defined]
    bladen = {n.lower() for n, _ in werkboek_model.bladen}
    eigen_bladen = [b for b in opname.kopvoet if b.lower() in bladen] if eigen_werkboek is not None else []
    if geen_cache:
        bijwerkbaar, gevonden, niet, afwijkend = set(), 0, 0, set()
    else:
        bijwerkbaar, gevonden, niet, afwijkend = _bijwerkbaar(pakket, werkboek_model, code, invoercellen, bron)
    cache = {plaats: getter(stand) for plaats, getter in opname.formules.items() if plaats in bijwerkbaar}
    # The template's own sheets: the footer names the gebied; where a row is still the template's, its source
    # names the data file and the rows follow their new texts.
    cellen: dict[tuple[str, str], object] = {}
    opmaak: dict[str, Bladopmaak] = {}
    if eigen_bladen and not geen_cache:
        cellen = {(b, c): getter(stand) for (b, c), getter in opname.teksten.items()
                  if b in eigen_bladen and (b, _splits_cel(c)[0]) not in afwijkend}
        opmaak = {b: o for b, o in _opmaak(opname).items() if b in eigen_bladen}
    programmacode = eigen_code.upper() or code.upper()

    def voet(oud: str) -> str | None:
        return voet_met_gebied(oud, programmacode, naam)

    resultaat = vul_pakket(invoer, waarden, cache=cache, cellen=cellen, voetteksten=dict.fromkeys(eigen_bladen, voet),
                           opmaak=opmaak, dry_run=dry_run, bron=bron)
    geschreven_pdf = None
    if resultaat.data is not None:
        schrijf_atomisch(doel, resultaat.data, overschrijven=overschrijven,
                         controle=lambda d: controleer_werkmap(d, str(doel), invoer=waarden))
        if pdf_pad is not None:
            geschreven_pdf = _pdf(doel, overschrijven)
    gelaten = _soorten([n for n in stand.w if not uit_databestand(n) and _zoek_naam(werkboek_model, n) is not None])
    # The master check as the batch fill computes it for each gebied, with the inputs the cached values use
    # (not computable when the workbook's own inputs are unusable: then Excel recalculates on opening).
    controle = None if geen_cache else sjabloonpakket(code).controle(stand)  # type: ignore[attr-defined]
    invulling = Invulling(naam, resultaat, None if dry_run else doel, gevonden, niet, gelaten, geen_cache,
                          gebied_programma.ontbrekend, "" if geen_cache or afronding is None else afronding,
                          geschreven_pdf, controle)
    waarschuwing = bool(gebied_programma.ontbrekend or geen_cache) or controle not in (None, 1)
    return Verslag(invulling.tekst(dry_run), waarschuwing)


def _pdf(werkboek: Path, overschrijven: bool) -> Path:
    from xl_opgave.werkboek.pdf import maak_pdfs

    try:
        (pad,) = maak_pdfs([werkboek], None, force=overschrijven)
    except InvoerFout as fout:
        raise InvoerFout(f"het werkboek is geschreven ({werkboek}), de pdf niet: {fout.melding}; probeer opnieuw met "
                         f"xl-opgave pdf {werkboek}", bron=fout.bron) from None
    return pad


@dataclass(frozen=True)
class Verslag:
    tekst: str
    met_waarschuwingen: bool  # gaps taken as zero, an unusable own input or a failing master check (exit 1)


_SOORTEN = (("In_Sleutel_", "verdeelsleutels"), ("In_Jaren_", "aantal jaren per periode"),
            ("In_Component_", "componenten"), ("In_Kern_", "kerncijfers"),
            ("In_Scenario", "scenarioschakelaars en -bedragen"))


def _soorten(namen: list[str]) -> list[str]:
    return [woord for prefix, woord in _SOORTEN if any(n.startswith(prefix) for n in namen)]


