"""Sheet Landelijk of the overview: the national picture of the counted gebieden, from their amounts.

Per period, pillar and onderdeel the sums over the gebieden (numbers: each the sum of the gebieden' own
amounts, a Rijksdeel being each gebied's opgave times its own key), and over them live formulas: the
dekking, the restopgave and the Rijks-restopgave per onderdeel, the pillar's totals, its restopgave on
total level (opgave − dekking) and per onderdeel (the onderdelen's restopgaven − the pillar-wide dekking),
the period's totals and the horizon. Per year: the sum of the gebieden' own amounts per year (a gebied with
another number of years counts with its own). Then the sum of the gebieden' own restopgaven and the
difference, explained: the surpluses of gebieden that are offset nationally (clipping per gebied).

Every formula cell carries the value `core.landelijk` computes as its cached value, and beside the print
area that value again with a check per row; the Controles block below says whether every formula agrees
with the core, whether the difference is exactly the clipping, and what about the files needs attention.
NPVR (amounts per category as ranges, no keys or dekking): the categories' low and high ends instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from xl_opgave.core.bedrag import NUL, Bedrag
from xl_opgave.verzamelen import status as st
from xl_opgave.werkboek.sjabloon.opmaak import hoogte, tekstbreedte

if TYPE_CHECKING:
    from xl_opgave.verzamelen.verzamel import Verzameling

BLAD = "Landelijk"
TOLERANTIE_NAAM = "Tolerantie"
HULP = 2  # empty columns between the print area and the helper columns


@dataclass
class _Kolom:
    kop: str
    grootheid: str  # key part: 'opgave', 'rijksdeel', … or 'publiek:laag'
    breedte: float = 14


@dataclass
class _Blad:
    ws: object
    f: object
    e: object
    kolommen: list[_Kolom]
    r: int = 0
    checks: list[int] = field(default_factory=list)  # rows with a check cell
    hoogtes: dict[int, float] = field(default_factory=dict)

    @property
    def eerste(self) -> int:  # the first amount column
        return 2

    @property
    def kern_kolom(self) -> int:  # the first helper column with the core's values
        return self.eerste + len(self.kolommen) + HULP

    @property
    def check_kolom(self) -> int:
        return self.kern_kolom + len(self.kolommen)

    def kolom(self, grootheid: str) -> int:
        return self.eerste + next(i for i, k in enumerate(self.kolommen) if k.grootheid == grootheid)


def _cel(r: int, c: int) -> str:
    from xlsxwriter.utility import xl_rowcol_to_cell

    return xl_rowcol_to_cell(r, c)


def schrijf_landelijk(wb, f, e, v: Verzameling) -> None:  # noqa: ANN001
    from xl_opgave.referentie import laad

    vorm = laad(v.code).programma
    npvr = any(c.code != "opgave" for c in vorm.categorieen)
    ws = wb.add_worksheet(BLAD)
    if npvr:
        kolommen = [_Kolom(f"{c.naam} {kant}", f"{c.code}:{kant}") for c in vorm.categorieen if c.code != "opgave"
                    for kant in ("laag", "hoog")]
    else:
        kolommen = [_Kolom("Opgave", "opgave"), _Kolom("Rijksdeel", "rijksdeel"),
                    _Kolom("Cofinanciering", "cofinanciering"), _Kolom("Rijksfinanciering", "rijksfinanciering"),
                    _Kolom("Dekking", "dekking"), _Kolom("Restopgave", "restopgave"),
                    _Kolom("Rijks-restopgave", "rijksrestopgave")]
    b = _Blad(ws, f, e, kolommen)
    land = v.landelijk
    tellend = v.tellend
    ws.write_string(0, 0, f"Landelijk {v.code.upper()}: het beeld van {len(tellend)} meegetelde "
                          f"{'gebied' if len(tellend) == 1 else 'gebieden'}, opgebouwd uit bedragen", f.titel)
    uitleg = ("De verdeelsleutels van de gebieden kunnen niet opgeteld worden; daarom telt dit blad bedragen op: per "
              "periode, pijler en onderdeel de som over de gebieden van de opgave, het Rijksdeel (elk gebied zijn "
              "eigen opgave maal zijn eigen sleutel), de cofinanciering en de Rijksfinanciering. Daaruit rekenen de "
              "formules de restopgave op totaalniveau en per onderdeel en de Rijks-restopgave. Een overschot van "
              "het ene gebied wordt landelijk verrekend met een tekort van een ander; in de eigen restopgave van "
              "een gebied is het op 0 afgekapt: dat is het verschil met de som van de eigen restopgaven. Per jaar: "
              "de som van de jaarbedragen van de gebieden. Meegeteld: de gebieden met status in orde, bevindingen "
              "of oude sjabloonversie (zie blad Status). Bedragen in € mln.") if not npvr else (
              "Per periode, doelstelling en deelopgave de som over de gebieden van elke categorie (onder- en "
              "bovengrens); een deelopgave met varianten telt de omhullende van de landelijke sommen per variant. "
              "Per jaar: de som van de jaarbedragen van de gebieden. Meegeteld: de gebieden met status in orde, "
              "bevindingen of oude sjabloonversie (zie blad Status). Bedragen in € mln.")
    laatste_kolom = b.eerste + len(kolommen) - 1
    ws.merge_range(1, 0, 1, laatste_kolom, uitleg, e.tekst)
    # The pijler and onderdeel names in full (the pijler's name stands beside its first onderdeel).
    def breedte(teksten: Iterable[str]) -> float:
        return max(30.0, max((round((tekstbreedte(t) + 12) / 7, 1) for t in teksten), default=0.0))

    breedtes = [breedte(p.naam for p in vorm.pijlers),
                breedte(o.naam for p in vorm.pijlers for o in vorm.onderdelen_van(p.code))] + [k.breedte for k in kolommen]
    from xl_opgave.verzamelen.overzicht import _hoogte

    b.hoogtes[1] = _hoogte(uitleg, sum(breedtes))
    ws.set_row(1, b.hoogtes[1])
    b.r = 3
    kop_rij = b.r
    _koppen(b)
    horizon_rijen: list[int] = []
    verschil_rijen: list[tuple[int, int]] = []  # (difference row, explanation row)
    for periode in vorm.perioden:
        b.r += 2
        jaren = land.jaren.get(periode.code, ())
        jaar_tekst = (f"{_getal(jaren[0])} jaar" if len(jaren) == 1 else
                      ("jaren per gebied: " + ", ".join(_getal(j) for j in jaren)) if jaren else f"{periode.jaren} jaar")
        ws.write_string(b.r, 0, f"{periode.naam} ({jaar_tekst})", e.sectie)
        pijlerrijen: list[dict[str, int]] = []
        for pijler in vorm.pijlers:
            pijlerrijen.append(_pijler(b, land, periode.code, pijler, vorm, npvr))
        b.r += 1
        totaal = b.r
        ws.write_string(totaal, 0, f"Totaal {periode.naam}", f.vet)
        for k in kolommen:
            c = b.kolom(k.grootheid)
            delen = ",".join(_cel(p["totaal"], c) for p in pijlerrijen)
            _formule(b, totaal, k, f"=SUM({delen})", _waarde(land, f"{periode.code}.totaal", k), vet=True)
        _check(b, totaal, kolommen)
        horizon_rijen.append(totaal)
        if not npvr:
            b.r += 1
            per_onderdeel = b.r
            ws.write_string(per_onderdeel, 0, "Restopgave per onderdeel, opgeteld over de pijlers")
            for k in kolommen:
                if k.grootheid in ("restopgave", "rijksrestopgave"):
                    c = b.kolom(k.grootheid)
                    delen = ",".join(_cel(p["per_onderdeel"], c) for p in pijlerrijen)
                    sleutel = f"{periode.code}.totaal.{k.grootheid}_per_onderdeel"
                    _formule(b, per_onderdeel, k, f"=SUM({delen})", _bedrag_van(land, sleutel))
            _check(b, per_onderdeel, [k for k in kolommen if k.grootheid in ("restopgave", "rijksrestopgave")])
        b.r += 1
        _jaarrij(b, land, f"{periode.code}.totaal", kolommen, npvr, "Per jaar")
        if not npvr:
            verschil_rijen.append(_verschil(b, land, f"{periode.code}.totaal", totaal, kolommen))
    if len(vorm.perioden) > 1:
        b.r += 2
        ws.write_string(b.r, 0, "Hele horizon (alle perioden)", e.sectie)
        b.r += 1
        rij = b.r
        ws.write_string(rij, 0, "Totaal", f.vet)
        for k in kolommen:
            c = b.kolom(k.grootheid)
            _formule(b, rij, k, "=SUM(" + ",".join(_cel(h, c) for h in horizon_rijen) + ")",
                     _waarde(land, "horizon.totaal", k), vet=True)
        _check(b, rij, kolommen)
        if not npvr:
            verschil_rijen.append(_verschil(b, land, "horizon.totaal", rij, kolommen))
    _controles(wb, b, v, verschil_rijen, npvr)
    # Every amount column as wide as its widest amount ('€ 1.358,75 mln. - PM'), so no cell shows '###'.
    # and never narrower than the longest word of its heading (no word broken).
    breedtes[2:] = [f.kolombreedte(ws, b.kolom(k.grootheid), max(k.breedte, _langste_woord(k.kop)))
                    for k in kolommen]
    b.hoogtes[kop_rij] = hoogte(*zip((k.kop for k in kolommen), breedtes[2:], strict=True), vet=True)
    ws.set_row(kop_rij, b.hoogtes[kop_rij])
    for c, breedte in enumerate(breedtes):
        ws.set_column(c, c, breedte)
    for j in range(len(kolommen)):
        ws.set_column(b.kern_kolom + j, b.kern_kolom + j, f.kolombreedte(ws, b.kern_kolom + j, 13))
    ws.set_column(b.check_kolom, b.check_kolom, 13)
    ws.freeze_panes(kop_rij + 1, 2)
    from xl_opgave.verzamelen.overzicht import _pagina

    _pagina(ws, breedtes, kop_rij, b.r, b.hoogtes, f"Landelijk – verzameling {v.code.upper()}")


def _langste_woord(tekst: str) -> float:
    return max((round((tekstbreedte(w, vet=True) + 12) / 7, 1) for w in tekst.split()), default=0.0)


def _getal(jaren: float) -> str:
    from xl_opgave.core.opmaak import getal_kort

    return getal_kort(jaren)


def _koppen(b: _Blad) -> None:
    ws, f = b.ws, b.f
    ws.write_string(b.r, 0, "Pijler", f.kop)
    ws.write_string(b.r, 1, "Onderdeel", f.kop)
    for k in b.kolommen:
        ws.write_string(b.r, b.kolom(k.grootheid), k.kop, b.e.kop_rechts)
        ws.write_string(b.r, b.kern_kolom + b.kolommen.index(k), f"xl_opgave: {k.kop}", f.kop)
    ws.write_string(b.r, b.check_kolom, "Gelijk (1 = ja)", f.kop)
    # The height follows the column widths, set once the amounts are known (schrijf_landelijk).


def _bedrag_van(land, sleutel: str) -> Bedrag:  # noqa: ANN001
    return land.waarden.get(sleutel, NUL)


def _waarde(land, basis: str, k: _Kolom) -> Bedrag:  # noqa: ANN001
    """The core's amount of one column at one scope (a category end of NPVR as an exact amount)."""
    if ":" in k.grootheid:
        categorie, kant = k.grootheid.split(":")
        bedrag = land.waarden.get(f"{basis}.{categorie}", NUL)
        return bedrag if bedrag.nb else bedrag.kies(kant)
    return land.waarden.get(f"{basis}.{k.grootheid}", NUL)


def _schrijf_getal(b: _Blad, r: int, k: _Kolom, bedrag: Bedrag, *, vet: bool = False) -> None:
    c = b.kolom(k.grootheid)
    if bedrag.nb:
        b.ws.write_string(r, c, "n.b.", b.f.vet if vet else None)
    else:
        b.ws.write_number(r, c, bedrag.laag, b.f.bedrag(bedrag.pm_teken(), vet=vet))
        b.f.meet(b.ws, c, bedrag.laag, bedrag.pm_teken(), vet)
    _kern(b, r, k, bedrag)


def _formule(b: _Blad, r: int, k: _Kolom, formule: str, bedrag: Bedrag, *, vet: bool = False) -> None:
    c = b.kolom(k.grootheid)
    opmaak = b.f.bedrag(bedrag.pm_teken(), vet=vet)
    b.ws.write_formula(r, c, formule, opmaak, "n.b." if bedrag.nb else bedrag.laag)
    if not bedrag.nb:
        b.f.meet(b.ws, c, bedrag.laag, bedrag.pm_teken(), vet)
    _kern(b, r, k, bedrag)


def _kern(b: _Blad, r: int, k: _Kolom, bedrag: Bedrag) -> None:
    c = b.kern_kolom + b.kolommen.index(k)
    if bedrag.nb:
        b.ws.write_string(r, c, "n.b.")
    else:
        b.ws.write_number(r, c, bedrag.laag, b.f.bedrag(bedrag.pm_teken()))
        b.f.meet(b.ws, c, bedrag.laag, bedrag.pm_teken())


def _check(b: _Blad, r: int, kolommen: list[_Kolom]) -> None:
    """Beside the print area: 1 when every formula of the row equals the core's value (the helper column)."""
    termen = []
    for k in kolommen:
        x, y = _cel(r, b.kolom(k.grootheid)), _cel(r, b.kern_kolom + b.kolommen.index(k))
        termen.append(f"IF(AND(ISNUMBER({x}),ISNUMBER({y})),ABS({x}-{y})<={TOLERANTIE_NAAM},{x}={y})")
    b.ws.write_formula(r, b.check_kolom, f"=IF(AND({','.join(termen)}),1,0)", None, 1)
    b.checks.append(r)


def _pijler(b: _Blad, land, p: str, pijler, vorm, npvr: bool) -> dict[str, int]:  # noqa: ANN001
    ws, f = b.ws, b.f
    basis_q = f"{p}.{pijler.code}"
    onderdelen = vorm.onderdelen_van(pijler.code)
    rijen: list[int] = []
    for i, onderdeel in enumerate(onderdelen):
        b.r += 1
        r = b.r
        rijen.append(r)
        basis = f"{basis_q}.{onderdeel.code}"
        if i == 0:
            ws.write_string(r, 0, pijler.naam)
        ws.write_string(r, 1, onderdeel.naam)
        if npvr:
            for k in b.kolommen:
                _schrijf_getal(b, r, k, _waarde(land, basis, k))
            continue
        for g in ("opgave", "rijksdeel", "cofinanciering", "rijksfinanciering"):
            _schrijf_getal(b, r, _k(b, g), _bedrag_van(land, f"{basis}.{g}"))
        c = {g: _cel(r, b.kolom(g)) for g in ("opgave", "rijksdeel", "cofinanciering", "rijksfinanciering", "dekking")}
        _formule(b, r, _k(b, "dekking"), f"={c['cofinanciering']}+{c['rijksfinanciering']}",
                 _bedrag_van(land, f"{basis}.dekking"))
        _formule(b, r, _k(b, "restopgave"), f"=MAX(0,{c['opgave']}-{c['dekking']})",
                 _bedrag_van(land, f"{basis}.restopgave"))
        _formule(b, r, _k(b, "rijksrestopgave"),
                 f'=IF(ISNUMBER({c["rijksdeel"]}),MAX(0,{c["rijksdeel"]}-{c["rijksfinanciering"]}),"n.b.")',
                 _bedrag_van(land, f"{basis}.rijksrestopgave"))
        _check(b, r, [_k(b, g) for g in ("dekking", "restopgave", "rijksrestopgave")])
    uit: dict[str, int] = {}
    breed = None
    if not npvr:
        b.r += 1
        breed = b.r
        ws.write_string(breed, 1, "Hele pijler (pijlerbrede dekking)")
        for g in ("cofinanciering", "rijksfinanciering"):
            _schrijf_getal(b, breed, _k(b, g), _bedrag_van(land, f"{basis_q}.pijlerbreed.{g}"))
        c = {g: _cel(breed, b.kolom(g)) for g in ("cofinanciering", "rijksfinanciering")}
        _formule(b, breed, _k(b, "dekking"), f"={c['cofinanciering']}+{c['rijksfinanciering']}",
                 _bedrag_van(land, f"{basis_q}.pijlerbreed.dekking"))
        _check(b, breed, [_k(b, "dekking")])
    b.r += 1
    totaal = b.r
    uit["totaal"] = totaal
    ws.write_string(totaal, 0, f"Totaal {pijler.naam}", f.vet)
    if npvr:
        for k in b.kolommen:
            c_ = b.kolom(k.grootheid)
            _formule(b, totaal, k, f"=SUM({_cel(rijen[0], c_)}:{_cel(rijen[-1], c_)})", _waarde(land, basis_q, k),
                     vet=True)
        _check(b, totaal, b.kolommen)
    else:
        for g in ("opgave", "rijksdeel", "cofinanciering", "rijksfinanciering", "dekking"):
            c_ = b.kolom(g)
            laatste = breed if g in ("cofinanciering", "rijksfinanciering", "dekking") else rijen[-1]
            _formule(b, totaal, _k(b, g), f"=SUM({_cel(rijen[0], c_)}:{_cel(laatste, c_)})",
                     _bedrag_van(land, f"{basis_q}.{g}"), vet=True)
        c = {g: _cel(totaal, b.kolom(g)) for g in ("opgave", "rijksdeel", "rijksfinanciering", "dekking")}
        _formule(b, totaal, _k(b, "restopgave"), f"=MAX(0,{c['opgave']}-{c['dekking']})",
                 _bedrag_van(land, f"{basis_q}.restopgave"), vet=True)
        _formule(b, totaal, _k(b, "rijksrestopgave"),
                 f'=IF(ISNUMBER({c["rijksdeel"]}),MAX(0,{c["rijksdeel"]}-{c["rijksfinanciering"]}),"n.b.")',
                 _bedrag_van(land, f"{basis_q}.rijksrestopgave"), vet=True)
        _check(b, totaal, b.kolommen)
        b.r += 1
        per_onderdeel = b.r
        uit["per_onderdeel"] = per_onderdeel
        ws.write_string(per_onderdeel, 0, "Restopgave per onderdeel (overschotten per onderdeel niet verrekend)")
        rest, rijks = b.kolom("restopgave"), b.kolom("rijksrestopgave")
        dekking, financiering = _cel(breed, b.kolom("dekking")), _cel(breed, b.kolom("rijksfinanciering"))
        _formule(b, per_onderdeel, _k(b, "restopgave"),
                 f"=MAX(0,SUM({_cel(rijen[0], rest)}:{_cel(rijen[-1], rest)})-{dekking})",
                 _bedrag_van(land, f"{basis_q}.restopgave_per_onderdeel"))
        _formule(b, per_onderdeel, _k(b, "rijksrestopgave"),
                 f'=IF(ISNUMBER({_cel(totaal, b.kolom("rijksdeel"))}),MAX(0,SUM({_cel(rijen[0], rijks)}:'
                 f'{_cel(rijen[-1], rijks)})-{financiering}),"n.b.")',
                 _bedrag_van(land, f"{basis_q}.rijksrestopgave_per_onderdeel"))
        _check(b, per_onderdeel, [_k(b, "restopgave"), _k(b, "rijksrestopgave")])
    b.r += 1
    _jaarrij(b, land, basis_q, b.kolommen, npvr, "Per jaar")
    return uit


def _k(b: _Blad, grootheid: str) -> _Kolom:
    return next(k for k in b.kolommen if k.grootheid == grootheid)


def _jaarrij(b: _Blad, land, basis: str, kolommen: list[_Kolom], npvr: bool, label: str) -> None:  # noqa: ANN001
    """Per year: numbers (the sum of the gebieden' own amounts per year, netted as the totals)."""
    r = b.r
    b.ws.write_string(r, 0, label, b.e.boven)
    b.ws.write_string(r, 1, "jaarbedragen van de gebieden", b.f.klein)
    for k in kolommen:
        if npvr:
            categorie, kant = k.grootheid.split(":")
            bedrag = land.waarden.get(f"{basis}.{categorie}_jaarlijks")
            if bedrag is not None:
                _schrijf_getal(b, r, k, bedrag if bedrag.nb else bedrag.kies(kant))
        elif k.grootheid != "cofinanciering":
            bedrag = land.waarden.get(f"{basis}.{k.grootheid}_jaarlijks")
            if bedrag is not None:
                _schrijf_getal(b, r, k, bedrag)


def _verschil(b: _Blad, land, basis: str, totaal: int, kolommen: list[_Kolom]) -> tuple[int, int]:  # noqa: ANN001
    """The sum of the gebieden' own restopgaven, the difference with the national one, and its explanation."""
    ws, f = b.ws, b.f
    b.r += 1
    som = b.r
    ws.write_string(som, 0, "Som van de eigen restopgaven van de gebieden")
    ws.write_string(som, 1, "elk gebied op 0 afgekapt", f.klein)
    b.r += 1
    verschil = b.r
    ws.write_string(verschil, 0, "Verschil (som van de gebieden − landelijk)", f.vet)
    b.r += 1
    afkapping = b.r
    ws.write_string(afkapping, 0, "waarvan afkapping per gebied")
    ws.write_string(afkapping, 1, "overschotten van gebieden, landelijk verrekend", f.klein)
    b.r += 1
    zonder = b.r
    ws.write_string(zonder, 0, "waarvan Rijksfinanciering zonder eigen Rijksdeel")
    ws.write_string(zonder, 1, "gebieden zonder verdeelsleutel (n.b.)", f.klein)
    for g in ("restopgave", "rijksrestopgave"):
        k = _k(b, g)
        sleutel = f"{basis}.{g}"
        _schrijf_getal(b, som, k, land.som_gebieden(sleutel))
        c = b.kolom(g)
        # A difference of two amounts with the same PM items: the items are no part of it.
        _formule(b, verschil, k, f'=IF(ISNUMBER({_cel(totaal, c)}),ROUND({_cel(som, c)}-{_cel(totaal, c)},6),0)',
                 _rond(land.verschil(sleutel)).zonder_pm(), vet=True)
        _schrijf_getal(b, afkapping, k, (land.afkapping(sleutel) or NUL).zonder_pm())
        _schrijf_getal(b, zonder, k, land.zonder_eigen_rijksdeel(sleutel).zonder_pm())
    _check(b, verschil, [_k(b, "restopgave"), _k(b, "rijksrestopgave")])
    return verschil, afkapping


def _rond(bedrag: Bedrag) -> Bedrag:
    return Bedrag(round(bedrag.laag, 6), round(bedrag.hoog, 6), bedrag.pm, bedrag.nb)


def _controles(wb, b: _Blad, v: Verzameling, verschillen: list[tuple[int, int]], npvr: bool) -> None:  # noqa: ANN001
    ws, f, e = b.ws, b.f, b.e
    b.r += 2
    ws.write_string(b.r, 0, "Controles", e.sectie)
    b.r += 1
    tolerantie = b.r
    ws.write_string(tolerantie, 0, "Tolerantie (€ mln) van de vergelijkingen")
    ws.write_number(tolerantie, b.eerste + len(b.kolommen) - 1, 1e-6)
    wb.define_name(TOLERANTIE_NAAM, f"={BLAD}!${_kol(b.eerste + len(b.kolommen) - 1)}${tolerantie + 1}")
    rijen: list[int] = []
    waarden: list[int] = []  # the cached values; the formula checks hold by construction (the core's values)

    uitkomst = b.eerste + len(b.kolommen) - 1  # the last column of the print area

    def controle(tekst: str, formule: str | None, waarde: int, uitleg: str = "") -> None:
        b.r += 1
        ws.merge_range(b.r, 0, b.r, uitkomst - 1, f"{tekst} ({uitleg})" if uitleg else tekst, e.tekst)
        if formule is None:
            ws.write_number(b.r, uitkomst, waarde, e.controle)
        else:
            ws.write_formula(b.r, uitkomst, formule, e.controle, waarde)
        rijen.append(b.r)
        waarden.append(waarde)

    eerste, laatste = min(b.checks, default=b.r), max(b.checks, default=b.r)
    kolom = _kol(b.check_kolom)
    controle("Elk bedrag op dit blad gelijk aan de berekening van xl_opgave",
             f"=MIN({kolom}{eerste + 1}:{kolom}{laatste + 1})", 1,
             f"de formules tegen de waarden naast het afdrukbereik, kolom {kolom}")
    if not npvr:
        termen = []
        for verschil, afkapping in verschillen:
            for g in ("restopgave", "rijksrestopgave"):
                c = b.kolom(g)
                termen.append(f"ABS({_cel(verschil, c)}-({_cel(afkapping, c)}+{_cel(afkapping + 1, c)}))<="
                              f"{TOLERANTIE_NAAM}")
        controle("Verschil met de som van de gebieden = afkapping per gebied (+ Rijksfinanciering zonder eigen "
                 "Rijksdeel)", f"=IF(AND({','.join(termen)}),1,0)" if termen else None, 1)
    per_status = v.indeling.per_status()
    tellend = v.tellend
    in_orde = sum(1 for r in tellend.values() if r.status == st.IN_ORDE)
    controle("Elk meegeteld gebied in orde", None, int(in_orde == len(tellend)),
             f"{in_orde} van {len(tellend)} meegetelde gebieden in orde, zie blad Status")
    compleet = per_status[st.ONTBREEKT] == 0 and not any(r.status == st.DUBBEL and not r.opgelost for r in v.regels)
    controle("Elk gebied van de lijst meegeteld (niets ontbreekt, niets dubbel)", None,
             int(compleet and len(tellend) == len(v.lijst)),
             f"{len(tellend)} van {len(v.lijst)} gebieden meegeteld")
    verschillend = v.landelijk.jaren_verschillen
    controle("Elk gebied rekent met hetzelfde aantal jaren", None, int(not verschillend),
             "; ".join(f"{p}: {', '.join(_getal(j) for j in jaren)} jaar" for p, jaren in verschillend.items())
             or "ja")
    b.r += 1
    ws.write_string(b.r, 0, "Alle controles in orde", f.vet)
    ws.write_formula(b.r, uitkomst, f"=MIN({_kol(uitkomst)}{rijen[0] + 1}:{_kol(uitkomst)}{rijen[-1] + 1})", e.controle,
                     min(waarden))


def _kol(c: int) -> str:
    from xlsxwriter.utility import xl_col_to_name

    return xl_col_to_name(c)
