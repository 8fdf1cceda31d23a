"""The one reader of template workbooks: inputs by defined name back into the core's model.

The checker and the batch filler use this same reader. Untrusted files are first checked by
`veilig.open_pakket` (no .xls, no encrypted files, no zip bombs); openpyxl then reads the package
(with defusedxml installed, entity bombs are refused).

- ``open_werkboek(pad) -> Werkboek``: the checked, loaded workbook (formulas and cached values)
- ``lees_waarden(werkboek) -> dict[str, object]``: input name → value (lists for the dekking columns)
- ``lees_invoer(pad) -> Programma``: the model with the workbook's inputs (its scenarios with the
  workbook's scenario amounts)
- ``schakelaars_uit(werkboek)`` / ``lees_schakelaars(pad) -> dict[str, int]``: the scenario switches
  (code → 0/1); `werkboek_bytes(programma, …, schakelaars=…)` rebuilds the workbook from both
- ``afronding_uit(werkboek) -> str``: the rounding choice of Resultaat (`werkboek_bytes(…, afronding=…)`)
- ``invoer_tabel(pad) -> pandas.DataFrame``: one row per input cell (naam, blad, cel, waarde)
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from xl_opgave.core.bedrag import NUL, Bedrag, parse_bedrag
from xl_opgave.core.fouten import InvoerFout
from xl_opgave.core.model import (
    Codeboek,
    Component,
    DekkingsPost,
    Kerncijfer,
    OpgavePost,
    Programma,
    Scenario,
    Wijziging,
)
from xl_opgave.werkboek import namen as nm
from xl_opgave.werkboek import scenarios as sc
from xl_opgave.werkboek.veilig import OnleesbaarBestand, open_pakket


@dataclass
class Werkboek:
    pad: Path
    formules: object  # openpyxl Workbook with formulas
    waarden: object  # openpyxl Workbook with cached values
    code: str  # 'nplv' or 'npvr'

    def bestemming(self, naam: str) -> tuple[str, list[str]] | None:
        """Sheet and cell coordinates a defined name points at; None when missing or broken."""
        gedefinieerd = self.formules.defined_names.get(naam)  # type: ignore[attr-defined]
        if gedefinieerd is None or "#REF!" in (gedefinieerd.attr_text or ""):
            return None
        try:
            bestemmingen = list(gedefinieerd.destinations)
        except Exception:  # noqa: BLE001 - a malformed reference counts as broken
            return None
        if len(bestemmingen) != 1:
            return None
        blad, bereik = bestemmingen[0]
        if blad not in self.formules.sheetnames:  # type: ignore[attr-defined]
            return None
        ws = self.formules[blad]  # type: ignore[index]
        cellen = ws[bereik.replace("$", "")]
        if not isinstance(cellen, tuple):
            return blad, [cellen.coordinate]
        platte = [c for rij in cellen for c in (rij if isinstance(rij, tuple) else (rij,))]
        return blad, [c.coordinate for c in platte]

    def waarde(self, blad: str, cel: str) -> object:
        return self.waarden[blad][cel].value  # type: ignore[index]

    def formule(self, blad: str, cel: str) -> object:
        return self.formules[blad][cel].value  # type: ignore[index]

    def invoernamen(self) -> Iterable[str]:
        """The input names a template of this programme has (as the template generator writes them).

        A method, so that a reader without the generator can give the list it carries (xlwings Lite:
        `xl_opgave.lite.werkboek`, which reads the open book instead of a file).
        """
        return verwachte_invoer(self.code)


def open_werkboek(pad: str | os.PathLike[str]) -> Werkboek:
    """Check and load a workbook; OnleesbaarBestand (one Dutch line) when it cannot or must not be read."""
    import openpyxl

    pad = Path(pad)
    with open_pakket(pad):
        pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            formules = openpyxl.load_workbook(pad, data_only=False)
            waarden = openpyxl.load_workbook(pad, data_only=True)
    except Exception as fout:  # noqa: BLE001 - any parse failure of an untrusted file is "unreadable"
        raise OnleesbaarBestand(pad, f"het werkboek kan niet gelezen worden ({type(fout).__name__}).") from None
    gedefinieerd = formules.defined_names.get(nm.PROGRAMMA)
    code = ""
    if gedefinieerd is not None:
        try:
            (blad, cel), = list(gedefinieerd.destinations)
            code = str(waarden[blad][cel.replace("$", "")].value or "").strip().lower()
        except Exception:  # noqa: BLE001
            code = ""
    if code not in ("nplv", "npvr"):
        raise OnleesbaarBestand(
            pad, f"geen xl_opgave-sjabloon: de naam {nm.PROGRAMMA} met NPLV of NPVR ontbreekt "
            "(maak een sjabloon met xl-opgave template)."
        )
    return Werkboek(pad, formules, waarden, code)


def _referentie(code: str):
    from xl_opgave.referentie import laad

    return laad(code)


def verwachte_invoer(code: str) -> dict[str, object]:
    """The input names of a template (the reference values, which fix the shape)."""
    from xl_opgave.werkboek.sjabloon import invoer_waarden

    return invoer_waarden(_referentie(code).programma)


def lees_waarden(werkboek: Werkboek) -> dict[str, tuple[str, list[str], list[object]]]:
    """Input name → (sheet, cells, values) for every input name the workbook has."""
    uit: dict[str, tuple[str, list[str], list[object]]] = {}
    for naam in werkboek.invoernamen():
        bestemming = werkboek.bestemming(naam)
        if bestemming is None:
            continue
        blad, cellen = bestemming
        uit[naam] = (blad, cellen, [werkboek.waarde(blad, c) for c in cellen])
    return uit


def _bedrag(waarde: object, omschrijving: str, bron: str, plaats: str) -> Bedrag:
    return parse_bedrag(waarde, pm_omschrijving=omschrijving, bron=bron, plaats=plaats)


def _tekst(waarde: object) -> str:
    return "" if waarde is None else str(waarde).strip()


def programma_uit(werkboek: Werkboek) -> Programma:
    """The core's model with this workbook's inputs (InvoerFout naming sheet!cell for a bad value)."""
    ref = _referentie(werkboek.code).programma
    gelezen = lees_waarden(werkboek)
    bron = werkboek.pad.name
    # Scenario inputs are new in template version 2, the rounding switch in 3: without them every switch is
    # off and Resultaat rounds as the report.
    ontbreekt = [n for n in werkboek.invoernamen() if n not in gelezen and not nm.is_scenarionaam(n)]
    if ontbreekt:
        raise InvoerFout(f"gedefinieerde naam {ontbreekt[0]} ontbreekt of verwijst naar #REF!", bron=bron)

    def een(naam: str) -> tuple[object, str]:
        blad, cellen, waarden = gelezen[naam]
        return waarden[0], f"{blad}!{cellen[0]}"

    codes = Codeboek(ref)
    gebied = _tekst(een(nm.GEBIED)[0])
    perioden = []
    for periode in ref.perioden:
        waarde, plaats = een(nm.jaren(periode))
        if isinstance(waarde, bool) or not isinstance(waarde, int | float) or waarde <= 0:
            raise InvoerFout(f"aantal jaren {waarde!r} is geen getal groter dan 0", bron=bron, plaats=plaats)
        perioden.append(periode.__class__(**{**periode.__dict__, "jaren": int(waarde) if float(waarde).is_integer()
                                             else waarde}))
    opgaven: list[OpgavePost] = []
    dekkingen: list[DekkingsPost] = []
    componenten: list[Component] = []
    onderdelen = list(ref.onderdelen)
    if nm.bereik_modus(ref):
        from xl_opgave.werkboek.berekening import amount_categorieen, varianten

        for periode in ref.perioden:
            for o in ref.onderdelen:
                for cat in amount_categorieen(ref):
                    for v in varianten(ref, periode.code, o.code, cat.code) or [""]:
                        omschrijving = f"{o.naam} ({cat.code}, {periode.code})"
                        lw, lp = een(nm.categorie(periode, o.code, cat.code, v, "laag"))
                        hw, hp = een(nm.categorie(periode, o.code, cat.code, v, "hoog"))
                        if lw is None and hw is None:
                            continue
                        laag = _bedrag(lw, omschrijving, bron, lp)
                        hoog = _bedrag(hw if hw is not None else lw, omschrijving, bron, hp)
                        if laag.laag > hoog.hoog:
                            raise InvoerFout("de ondergrens is groter dan de bovengrens", bron=bron, plaats=lp)
                        bedrag = Bedrag(laag.laag, hoog.hoog, laag.pm | hoog.pm)
                        opgaven.append(OpgavePost(periode.code, o.pijler, o.code, bedrag, cat.code, v))
    else:
        onderdelen = []
        for o in ref.onderdelen:
            waarde, plaats = een(nm.sleutel(o.code))
            sleutel: float | str | None
            if isinstance(waarde, str) and waarde.strip().upper() == "PM":
                sleutel = "PM"
            elif waarde is None:
                sleutel = None
            elif isinstance(waarde, int | float) and not isinstance(waarde, bool) and 0 <= waarde <= 1:
                sleutel = float(waarde)
            else:
                raise InvoerFout(f"verdeelsleutel {waarde!r} ligt niet tussen 0 en 1 (of PM)", bron=bron, plaats=plaats)
            onderdelen.append(o.__class__(**{**o.__dict__, "verdeelsleutel": sleutel}))
        for periode in ref.perioden:
            for o in ref.onderdelen:
                waarde, plaats = een(nm.opgave(periode, o.code))
                bedrag = _bedrag(waarde, f"{o.naam} (opgave, {periode.code})", bron, plaats)
                opgaven.append(OpgavePost(periode.code, o.pijler, o.code, bedrag))
            kolommen = {k: gelezen[nm.dekking(periode, k)] for k in nm.DEKKING_KOLOMMEN}
            for i in range(len(kolommen["Bron"][2])):
                rij = {k: v[2][i] for k, v in kolommen.items()}
                plaats = {k: f"{v[0]}!{v[1][i]}" for k, v in kolommen.items()}
                if all(rij[k] in (None, "") for k in ("Bron", "Pijler", "Onderdeel", "Cofin", "Rijksfin")):
                    continue
                bron_naam = _tekst(rij["Bron"]) or f"Dekking regel {i + 1}"
                pijler = codes.code("pijler", _tekst(rij["Pijler"]), bron=bron, plaats=plaats["Pijler"])
                onderdeel_tekst = _tekst(rij["Onderdeel"])
                onderdeel = ""
                if onderdeel_tekst and onderdeel_tekst.lower() != nm.HELE_PIJLER.lower():
                    onderdeel = codes.code("onderdeel", onderdeel_tekst, bron=bron, plaats=plaats["Onderdeel"])
                    if ref.onderdeel(onderdeel).pijler != pijler:
                        raise InvoerFout(f"onderdeel {onderdeel_tekst!r} hoort niet bij deze pijler", bron=bron,
                                         plaats=plaats["Onderdeel"])
                dekkingen.append(DekkingsPost(
                    periode.code, pijler, onderdeel, bron_naam,
                    _bedrag(rij["Cofin"], f"{bron_naam} (cofinanciering, {periode.code})", bron, plaats["Cofin"]),
                    _bedrag(rij["Rijksfin"], f"{bron_naam} (Rijksfinanciering, {periode.code})", bron,
                            plaats["Rijksfin"]),
                    _tekst(rij["Toelichting"]),
                ))
        for periode in ref.perioden:
            for q in ref.pijlers:
                for c in dict.fromkeys((c.code, c.naam, c.bron) for c in ref.componenten if c.periode == periode.code):
                    code, naam, cbron = c
                    opg, p1 = een(nm.component(periode, q.code, code, "opgave"))
                    rijks, p2 = een(nm.component(periode, q.code, code, "rijksdeel"))
                    a, b = _bedrag(opg, naam, bron, p1), _bedrag(rijks, naam, bron, p2)
                    if a == NUL and b == NUL:
                        continue
                    componenten.append(Component(periode.code, q.code, code, naam, a, b, cbron))
    kerncijfers = []
    for kern in ref.kerncijfers:
        if nm.bereik_modus(ref):
            lw, lp = een(nm.kern(kern.code, "laag"))
            hw, hp = een(nm.kern(kern.code, "hoog"))
            laag, hoog = _bedrag(lw, kern.naam, bron, lp), _bedrag(hw if hw is not None else lw, kern.naam, bron, hp)
            waarde_ = Bedrag(laag.laag, hoog.hoog, laag.pm | hoog.pm)
        else:
            w, p = een(nm.kern(kern.code))
            waarde_ = _bedrag(w, kern.naam, bron, p)
        kerncijfers.append(Kerncijfer(kern.code, kern.naam, waarde_, kern.bron))
    return ref.met(
        gebied=gebied, perioden=tuple(perioden), onderdelen=tuple(onderdelen), opgaven=tuple(opgaven),
        dekkingen=tuple(dekkingen), componenten=tuple(componenten) if not nm.bereik_modus(ref) else ref.componenten,
        kerncijfers=tuple(kerncijfers),
        scenarios=_scenarios(ref, een, gelezen, schakelaars_uit(werkboek, gelezen), bron),
    )


def schakelaars_uit(werkboek: Werkboek, gelezen: dict | None = None) -> dict[str, int]:
    """The scenario switches (code → 0 or 1); InvoerFout naming the cell for anything but 0, 1 or empty."""
    ref = _referentie(werkboek.code).programma
    gelezen = gelezen if gelezen is not None else lees_waarden(werkboek)
    uit: dict[str, int] = {}
    for scenario in ref.scenarios:
        naam = nm.scenario(scenario.code)
        if naam not in gelezen:  # a workbook of template version 1 (the checker reports the version)
            uit[scenario.code] = 0
            continue
        blad, cellen, waarden = gelezen[naam]
        waarde = waarden[0]
        if waarde in (None, ""):
            uit[scenario.code] = 0
        elif isinstance(waarde, int | float) and not isinstance(waarde, bool) and waarde in (0, 1):
            uit[scenario.code] = int(waarde)
        else:
            raise InvoerFout(f"schakelaar van scenario {scenario.code!r} is {waarde!r}; kies 1 (aan) of 0 (uit)",
                             bron=werkboek.pad.name, plaats=f"{blad}!{cellen[0]}")
    return uit


def afronding_uit(werkboek: Werkboek, gelezen: dict | None = None) -> str:
    """The rounding choice of Resultaat as the workbook has it (`namen.AFRONDING_KEUZES`; the first when the
    workbook has none or another text, as the workbook's own formula then counts it)."""
    gelezen = gelezen if gelezen is not None else lees_waarden(werkboek)
    waarde = gelezen[nm.AFRONDING][2][0] if nm.AFRONDING in gelezen else None
    return nm.AFRONDING_KEUZES[nm.afronding_stand(waarde) - 1]


def lees_schakelaars(pad: str | os.PathLike[str]) -> dict[str, int]:
    """The scenario switches of a template workbook (code → 0/1)."""
    return schakelaars_uit(open_werkboek(pad))


def _scenarios(ref: Programma, een, gelezen: dict, schakelaars: dict[str, int], bron: str) -> tuple[Scenario, ...]:
    """The reference scenarios with the workbook's amounts.

    A scenario that is off and whose amount cells are all empty is left out (a gebied's workbook has no
    national scenario amounts), so that reading and writing a workbook gives the same inputs.
    """
    velden: dict[tuple, dict[str, object]] = {}
    leeg: dict[tuple, bool] = {}
    if any(n not in gelezen for n in sc.invoer(ref, ref)):
        return ref.scenarios  # template version 1: the reference amounts
    for regel in sc.wijzigingsregels(ref):
        if regel.soort == "dekking_toevoegen":
            namen = sc.dekking_namen(ref, regel)
            nieuw: dict[str, object] = {}
            cellen = []
            for kolom, veld in (("Cofin", "cofinanciering"), ("Rijksfin", "rijksfinanciering")):
                waarde, plaats = een(namen[kolom])
                cellen.append(waarde)
                bedrag = _bedrag(waarde, f"{regel.veld('bron')} ({veld}, scenario)", bron, plaats)
                nieuw[veld] = "PM" if bedrag.pm else bedrag.laag
            velden[regel.vorm], leeg[regel.vorm] = nieuw, all(c in (None, "") for c in cellen)
        elif regel.soort == "post_toevoegen":
            namen = sc.post_namen(regel)
            (lw, lp), (hw, hp), (sw, sp) = een(namen["laag"]), een(namen["hoog"]), een(namen["sleutel"])
            omschrijving = f"{regel.veld('naam')} (scenario)"
            laag, hoog = _bedrag(lw, omschrijving, bron, lp), _bedrag(hw if hw is not None else lw, omschrijving, bron, hp)
            if laag.pm != hoog.pm and (laag.pm or hoog.pm):
                raise InvoerFout("een raming is twee bedragen of PM (niet één van beide)", bron=bron, plaats=lp)
            if laag.laag > hoog.hoog:
                raise InvoerFout("de ondergrens is groter dan de bovengrens", bron=bron, plaats=lp)
            sleutel: object
            if isinstance(sw, str) and sw.strip().upper() == "PM":
                sleutel = "PM"
            elif sw in (None, ""):
                sleutel = None
            elif isinstance(sw, int | float) and not isinstance(sw, bool) and 0 <= sw <= 1:
                sleutel = float(sw)
            else:
                raise InvoerFout(f"verdeelsleutel {sw!r} ligt niet tussen 0 en 1 (of PM)", bron=bron, plaats=sp)
            velden[regel.vorm] = {"bedrag": "PM" if laag.pm else [laag.laag, hoog.hoog], "verdeelsleutel": sleutel}
            leeg[regel.vorm] = all(c in (None, "") for c in (lw, hw, sw))
    uit = []
    for scenario in ref.scenarios:
        vormen = [sc.vorm(w) for w in scenario.wijzigingen]
        if not schakelaars.get(scenario.code) and any(v in leeg for v in vormen) and all(
                leeg.get(v, True) for v in vormen):
            continue
        wijzigingen = tuple(
            Wijziging(w.soort, tuple({**dict(w.velden), **velden.get(sc.vorm(w), {})}.items()))
            for w in scenario.wijzigingen)
        uit.append(Scenario(scenario.code, scenario.naam, scenario.bron, scenario.toelichting, wijzigingen))
    return tuple(uit)


def lees_invoer(pad: str | os.PathLike[str]) -> Programma:
    """The inputs of a template workbook as the core's model."""
    return programma_uit(open_werkboek(pad))


def invoer_tabel(pad: str | os.PathLike[str]):
    """The inputs as a pandas DataFrame: naam, blad, cel, waarde (one row per cell)."""
    import pandas as pd

    werkboek = open_werkboek(pad)
    rijen = [
        {"naam": naam, "blad": blad, "cel": cel, "waarde": waarde}
        for naam, (blad, cellen, waarden) in lees_waarden(werkboek).items()
        for cel, waarde in zip(cellen, waarden, strict=True)
    ]
    return pd.DataFrame(rijen, columns=["naam", "blad", "cel", "waarde"])
