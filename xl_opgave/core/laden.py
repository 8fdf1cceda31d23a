"""Build a `Programma` from the text of its data files (TOML definition, CSV opgave and dekking).

Pure: it takes text and returns the model; reading files is the caller's job. Every error names the
file, the row and the column.
"""

from __future__ import annotations

import csv
import io
import tomllib
from collections.abc import Iterable, Mapping

from xl_opgave.core.bedrag import Bedrag, parse_bedrag
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.model import (
    AanvullendePost,
    Categorie,
    Codeboek,
    Component,
    DekkingsPost,
    Kerncijfer,
    Onderdeel,
    OpgavePost,
    Periode,
    Pijler,
    Programma,
    Scenario,
    Sleutel,
    Wijziging,
)

MAX_RIJEN = 1_000_000  # a data file larger than this is refused rather than read into memory


def lees_csv(tekst: str, bron: str) -> list[dict[str, str]]:
    """Rows of a ';' or ',' separated text as dicts; column names lower-cased; BOM dropped."""
    tekst = tekst.removeprefix("\ufeff")
    eerste = tekst.split("\n", 1)[0]
    scheiding = ";" if eerste.count(";") >= eerste.count(",") else ","
    lezer = csv.reader(io.StringIO(tekst), delimiter=scheiding)
    try:
        kop = next(lezer)
    except StopIteration:
        raise InvoerFout("het bestand is leeg", bron=bron) from None
    kolommen = [k.strip().lower() for k in kop]
    rijen = []
    for nummer, rij in enumerate(lezer, start=2):
        if not any(cel.strip() for cel in rij):
            continue
        if len(rijen) >= MAX_RIJEN:
            raise InvoerFout(f"meer dan {MAX_RIJEN} rijen", bron=bron)
        if len(rij) > len(kolommen):
            raise InvoerFout(f"{len(rij)} velden, de kop heeft er {len(kolommen)}", bron=bron, plaats=f"rij {nummer}")
        waarden = {k: (rij[i].strip() if i < len(rij) else "") for i, k in enumerate(kolommen)}
        waarden["_rij"] = str(nummer)
        rijen.append(waarden)
    return rijen


def eis_kolommen(rijen: list[dict[str, str]], kolommen: Iterable[str], bron: str, kop: list[str] | None = None) -> None:
    aanwezig = set(kop) if kop is not None else (set(rijen[0]) if rijen else set())
    ontbrekend = [k for k in kolommen if k not in aanwezig]
    if ontbrekend:
        raise InvoerFout(f"kolom(men) ontbreken: {', '.join(ontbrekend)}", bron=bron, plaats="rij 1")


def _sleutel(waarde: object, plaats: str, bron: str) -> Sleutel:
    if waarde is None:
        return None
    if isinstance(waarde, str):
        if waarde.strip().upper() in ("PM", "P.M."):
            return "PM"
        raise InvoerFout(f"verdeelsleutel {waarde!r} is geen getal tussen 0 en 1 of PM", bron=bron, plaats=plaats)
    if isinstance(waarde, bool) or not isinstance(waarde, int | float):
        raise InvoerFout(f"verdeelsleutel {waarde!r} is geen getal", bron=bron, plaats=plaats)
    if not 0.0 <= float(waarde) <= 1.0:
        raise InvoerFout(f"verdeelsleutel {waarde} ligt niet tussen 0 en 1", bron=bron, plaats=plaats)
    return float(waarde)


def _bedrag_toml(waarde: object, bron: str, plaats: str) -> Bedrag:
    if isinstance(waarde, list):
        if len(waarde) != 2:
            raise InvoerFout("een bandbreedte is [laag, hoog]", bron=bron, plaats=plaats)
        laag = parse_bedrag(waarde[0], bron=bron, plaats=plaats)
        hoog = parse_bedrag(waarde[1], bron=bron, plaats=plaats)
        if laag.laag > hoog.hoog:
            raise InvoerFout("ondergrens boven bovengrens", bron=bron, plaats=plaats)
        return Bedrag.bereik(laag.laag, hoog.hoog)
    return parse_bedrag(waarde, pm_omschrijving=plaats, bron=bron, plaats=plaats)


def definitie_uit_toml(tekst: str, bron: str) -> Programma:
    """The programme's structure (periods, pillars, onderdelen, keys, scenarios) without amounts."""
    try:
        d = tomllib.loads(tekst)
    except tomllib.TOMLDecodeError as fout:
        raise InvoerFout(f"geen geldige TOML: {fout}", bron=bron) from None
    try:
        perioden = tuple(
            Periode(
                code=p["code"],
                naam=p["naam"],
                eerste_jaar=int(p["eerste_jaar"]),
                laatste_jaar=int(p["laatste_jaar"]),
                jaren=int(p.get("jaren", int(p["laatste_jaar"]) - int(p["eerste_jaar"]) + 1)),
                resultaat_label=p.get("resultaat_label", ""),
                aliassen=tuple(p.get("aliassen", ())),
            )
            for p in d["periode"]
        )
        for periode in perioden:
            if periode.jaren <= 0:
                raise InvoerFout(f"periode {periode.code}: aantal jaren moet positief zijn", bron=bron)
        pijlers = tuple(
            Pijler(q["code"], q["naam"], q.get("resultaat_label", ""), tuple(q.get("aliassen", ())))
            for q in d["pijler"]
        )
        pijlercodes = {q.code for q in pijlers}
        onderdelen = []
        for o in d["onderdeel"]:
            plaats = f"onderdeel {o.get('code')!r}"
            if o["pijler"] not in pijlercodes:
                raise InvoerFout(f"onbekende pijler {o['pijler']!r}", bron=bron, plaats=plaats)
            onderdelen.append(
                Onderdeel(
                    code=o["code"],
                    pijler=o["pijler"],
                    naam=o["naam"],
                    verdeelsleutel=_sleutel(o.get("verdeelsleutel"), plaats, bron),
                    sleutel_toelichting=o.get("sleutel_toelichting", ""),
                    aliassen=tuple(o.get("aliassen", ())),
                )
            )
        categorieen = tuple(
            Categorie(c["code"], c["naam"], tuple(c.get("aliassen", ()))) for c in d.get("categorie", [])
        ) or (Categorie("opgave", "Opgave"),)
        kerncijfers = tuple(
            Kerncijfer(
                k["code"], k["naam"], _bedrag_toml(k["waarde"], bron, f"kerncijfer {k['code']}"), k.get("bron", "")
            )
            for k in d.get("kerncijfer", [])
        )
        componenten = tuple(
            Component(
                periode=c["periode"],
                pijler=c["pijler"],
                code=c["code"],
                naam=c["naam"],
                opgave=_bedrag_toml(c["opgave"], bron, f"component {c['code']}"),
                rijksdeel=_bedrag_toml(c["rijksdeel"], bron, f"component {c['code']}"),
                bron=c.get("bron", ""),
            )
            for c in d.get("component", [])
        )
        scenarios = tuple(_scenario(s, bron) for s in d.get("scenario", []))
        rest = d.get("rest_component", ["", ""])
    except KeyError as fout:
        raise InvoerFout(f"verplicht veld {fout.args[0]!r} ontbreekt", bron=bron) from None
    return Programma(
        code=d["code"],
        naam=d["naam"],
        bron=d.get("bron", ""),
        perioden=perioden,
        pijlers=pijlers,
        onderdelen=tuple(onderdelen),
        categorieen=categorieen,
        componenten=componenten,
        rest_component=(rest[0], rest[1]),
        kerncijfers=kerncijfers,
        scenarios=scenarios,
    )


def _scenario(s: Mapping[str, object], bron: str) -> Scenario:
    wijzigingen = []
    for w in s.get("wijziging", []):  # type: ignore[union-attr]
        velden = tuple((k, v) for k, v in w.items() if k != "soort")
        wijzigingen.append(Wijziging(str(w["soort"]), velden))
    return Scenario(
        code=str(s["code"]),
        naam=str(s["naam"]),
        bron=str(s.get("bron", "")),
        toelichting=str(s.get("toelichting", "")),
        wijzigingen=tuple(wijzigingen),
    )


def opgaven_uit_rijen(
    programma: Programma,
    rijen: list[dict[str, str]],
    bron: str,
    *,
    gebied: str | None = None,
    codes: Codeboek | None = None,
) -> tuple[OpgavePost, ...]:
    """Opgave rows (NPLV: opgave_mln; NPVR: categorie, laag_mln, hoog_mln, variant).

    Pass `codes` to reuse one code book over many calls (building it is most of a small call's cost).
    """
    codes = codes or Codeboek(programma)
    pijlerkolom = "doelstelling" if rijen and "doelstelling" in rijen[0] else "pijler"
    onderdeelkolom = "deelopgave" if rijen and "deelopgave" in rijen[0] else "onderdeel"
    bereik = bool(rijen) and "laag_mln" in rijen[0]
    verplicht = ["periode", pijlerkolom, onderdeelkolom]
    verplicht += ["laag_mln", "hoog_mln"] if bereik else ["opgave_mln"]
    eis_kolommen(rijen, verplicht, bron)
    posten = []
    gezien: dict[tuple[str, ...], str] = {}
    for rij in rijen:
        if gebied is not None and rij.get("gebied", "") != gebied:
            continue
        plaats = f"rij {rij['_rij']}"
        periode = codes.code("periode", rij["periode"], bron=bron, plaats=f"{plaats}, kolom periode")
        pijler = codes.code(
            "pijler", rij[pijlerkolom], bron=bron, plaats=f"{plaats}, kolom {pijlerkolom}", noem=pijlerkolom
        )
        onderdeel = codes.code(
            "onderdeel", rij[onderdeelkolom], bron=bron, plaats=f"{plaats}, kolom {onderdeelkolom}", noem=onderdeelkolom
        )
        if programma.onderdeel(onderdeel).pijler != pijler:
            raise InvoerFout(
                f"onderdeel {onderdeel!r} hoort niet bij {pijlerkolom} {pijler!r}",
                bron=bron,
                plaats=f"{plaats}, kolom {onderdeelkolom}",
            )
        categorie = "opgave"
        if rij.get("categorie"):
            categorie = codes.code("categorie", rij["categorie"], bron=bron, plaats=f"{plaats}, kolom categorie")
        omschrijving = f"{programma.onderdeel(onderdeel).naam} ({categorie}, {periode})"
        if bereik:
            laag = parse_bedrag(
                rij["laag_mln"], pm_omschrijving=omschrijving, bron=bron, plaats=f"{plaats}, kolom laag_mln"
            )
            hoog_tekst = rij["hoog_mln"] or rij["laag_mln"]
            hoog = parse_bedrag(hoog_tekst, pm_omschrijving=omschrijving, bron=bron, plaats=f"{plaats}, kolom hoog_mln")
            if laag.laag > hoog.hoog:
                raise InvoerFout("laag_mln is groter dan hoog_mln", bron=bron, plaats=plaats)
            bedrag = Bedrag(laag.laag, hoog.hoog, laag.pm | hoog.pm, laag.nb and hoog.nb)
        else:
            bedrag = parse_bedrag(
                rij["opgave_mln"], pm_omschrijving=omschrijving, bron=bron, plaats=f"{plaats}, kolom opgave_mln"
            )
        sleutel = (rij.get("gebied", ""), periode, onderdeel, categorie, rij.get("variant", ""))
        if sleutel in gezien:
            raise InvoerFout(f"dubbele rij (ook {gezien[sleutel]})", bron=bron, plaats=plaats)
        gezien[sleutel] = plaats
        posten.append(
            OpgavePost(
                periode=periode,
                pijler=pijler,
                onderdeel=onderdeel,
                bedrag=bedrag,
                categorie=categorie,
                variant=rij.get("variant", ""),
                bron=rij.get("vindplaats", ""),
                toelichting=rij.get("toelichting", ""),
            )
        )
    return tuple(posten)


def dekkingen_uit_rijen(
    programma: Programma,
    rijen: list[dict[str, str]],
    bron: str,
    *,
    gebied: str | None = None,
    codes: Codeboek | None = None,
) -> tuple[DekkingsPost, ...]:
    """Dekking rows: one per (periode, pijler, onderdeel, bron); empty onderdeel = whole pillar."""
    codes = codes or Codeboek(programma)
    eis_kolommen(rijen, ["periode", "pijler", "onderdeel", "bron", "cofinanciering_mln", "rijksfinanciering_mln"], bron)
    posten = []
    gezien: dict[tuple[str, ...], str] = {}
    for rij in rijen:
        if gebied is not None and rij.get("gebied", "") != gebied:
            continue
        plaats = f"rij {rij['_rij']}"
        periode = codes.code("periode", rij["periode"], bron=bron, plaats=f"{plaats}, kolom periode")
        pijler = codes.code("pijler", rij["pijler"], bron=bron, plaats=f"{plaats}, kolom pijler")
        onderdeel = ""
        if rij["onderdeel"]:
            onderdeel = codes.code("onderdeel", rij["onderdeel"], bron=bron, plaats=f"{plaats}, kolom onderdeel")
            if programma.onderdeel(onderdeel).pijler != pijler:
                raise InvoerFout(
                    f"onderdeel {onderdeel!r} hoort niet bij pijler {pijler!r}",
                    bron=bron,
                    plaats=f"{plaats}, kolom onderdeel",
                )
        naam = rij["bron"]
        if not naam:
            raise InvoerFout("bron ontbreekt", bron=bron, plaats=f"{plaats}, kolom bron")
        cofin = parse_bedrag(
            rij["cofinanciering_mln"],
            pm_omschrijving=f"{naam} (cofinanciering, {periode})",
            bron=bron,
            plaats=f"{plaats}, kolom cofinanciering_mln",
        )
        rijksfin = parse_bedrag(
            rij["rijksfinanciering_mln"],
            pm_omschrijving=f"{naam} (Rijksfinanciering, {periode})",
            bron=bron,
            plaats=f"{plaats}, kolom rijksfinanciering_mln",
        )
        sleutel = (rij.get("gebied", ""), periode, pijler, onderdeel, naam.lower())
        if sleutel in gezien:
            raise InvoerFout(f"dubbele rij (ook {gezien[sleutel]})", bron=bron, plaats=plaats)
        gezien[sleutel] = plaats
        posten.append(
            DekkingsPost(
                periode=periode,
                pijler=pijler,
                onderdeel=onderdeel,
                bron=naam,
                cofinanciering=cofin,
                rijksfinanciering=rijksfin,
                toelichting=rij.get("toelichting", ""),
            )
        )
    return tuple(posten)


def controleer_dekking_heeft_opgave(programma: Programma, bron: str) -> None:
    """Dekking for an onderdeel that has no opgave row in that period is almost always a typo."""
    met_opgave = {(p.periode, p.onderdeel) for p in programma.opgaven}
    for post in programma.dekkingen:
        if post.onderdeel and (post.periode, post.onderdeel) not in met_opgave:
            raise InvoerFout(
                f"dekking {post.bron!r} voor onderdeel {post.onderdeel!r} in {post.periode}, "
                "maar dat onderdeel heeft geen opgave-rij",
                bron=bron,
            )


def aanvullend_uit_toml(waarden: Iterable[Mapping[str, object]], bron: str) -> tuple[AanvullendePost, ...]:
    return tuple(
        AanvullendePost(
            code=str(w["code"]),
            naam=str(w["naam"]),
            pijler=str(w["pijler"]),
            bedrag=_bedrag_toml(w["bedrag"], bron, f"aanvullende post {w['code']}"),
            verdeelsleutel=_sleutel(w.get("verdeelsleutel", "PM"), f"aanvullende post {w['code']}", bron),
            bron=str(w.get("bron", "")),
        )
        for w in waarden
    )
