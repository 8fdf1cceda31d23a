"""What a gebied changed in its workbook: every input old → new, with sheet!cell, and the input's label.

The baseline (`verzamelen.basislijn`) says what the workbook had when it was sent; here each input cell of
the returned workbook is compared with it. A changed verdeelsleutel or number of years, and a formula
overwritten by a number (a finding of the checker), stand out: their kind is marked "let op".

Labels are the template's own words for each input (`invoerlabels`), made from the programme's
periods, pillars and onderdelen the way sheet Invoer shows them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from xl_opgave.werkboek import namen as nm

# Kinds of change; the first three stand out.
VERDEELSLEUTEL = "verdeelsleutel"
JAREN = "aantal jaren"
FORMULE_OVERSCHREVEN = "formule overschreven"
FORMULE_GEWIJZIGD = "formule gewijzigd"
SCHAKELAAR = "scenarioschakelaar"
BEDRAG = "bedrag"
TEKST = "tekst"
GEBIED = "gebied"
LET_OP = {VERDEELSLEUTEL: "verdeelsleutel gewijzigd", JAREN: "aantal jaren gewijzigd",
          FORMULE_OVERSCHREVEN: "formule overschreven", FORMULE_GEWIJZIGD: "formule gewijzigd"}
_TEKSTKOLOMMEN = ("_Bron", "_Pijler", "_Onderdeel", "_Toelichting")
_KOLOMWOORD = {"Bron": "bron", "Pijler": "pijler", "Onderdeel": "onderdeel", "Cofin": "cofinanciering",
               "Rijksfin": "Rijksfinanciering", "Toelichting": "toelichting"}


@dataclass(frozen=True)
class Wijziging:
    gebied: str
    bestand: str
    plaats: str  # 'Invoer!C12'
    naam: str  # the defined name ('' for a formula cell)
    label: str  # what the input is, in the template's words
    oud: object
    nieuw: object
    soort: str

    @property
    def let_op(self) -> str:
        """'' or why this change stands out."""
        return LET_OP.get(self.soort, "")

    def als_dict(self) -> dict[str, object]:
        return {"gebied": self.gebied, "bestand": self.bestand, "plaats": self.plaats, "naam": self.naam,
                "label": self.label, "oud": self.oud, "nieuw": self.nieuw, "soort": self.soort,
                "let_op": self.let_op}


def soort(naam: str, code: str) -> str:
    """The kind of change to an input name."""
    if naam.startswith("In_Sleutel_"):
        return VERDEELSLEUTEL
    if naam.startswith("In_Jaren_"):
        return JAREN
    if naam in _schakelaars(code):
        return SCHAKELAAR
    if naam == nm.GEBIED:
        return GEBIED
    if naam in (nm.ONTBREKEND, nm.AFRONDING) or naam.endswith(_TEKSTKOLOMMEN):
        return TEKST
    return BEDRAG


@cache
def _schakelaars(code: str) -> frozenset[str]:
    from xl_opgave.referentie import laad

    return frozenset(nm.scenario(s.code) for s in laad(code).programma.scenarios)


@cache
def invoerlabels(code: str) -> Mapping[str, str]:
    """Input name → its label (a dekking column's label names no row: see `label`)."""
    from xl_opgave.referentie import laad
    from xl_opgave.werkboek import scenarios as sc
    from xl_opgave.werkboek.berekening import amount_categorieen, varianten

    ref = laad(code).programma
    labels: dict[str, str] = {nm.GEBIED: "Gebied", nm.ONTBREKEND: "Ontbreekt in de data, als 0 ingevuld",
                              nm.AFRONDING: "Afronding op blad Resultaat"}
    for periode in ref.perioden:
        labels[nm.jaren(periode)] = f"Aantal jaren {periode.naam}"
        for kolom in nm.DEKKING_KOLOMMEN:
            labels[nm.dekking(periode, kolom)] = f"Dekking {periode.naam}: {_KOLOMWOORD[kolom]}"
        for o in ref.onderdelen:
            labels[nm.opgave(periode, o.code)] = f"Opgave {periode.naam}: {o.naam}"
            for cat in amount_categorieen(ref) if nm.bereik_modus(ref) else ():
                for v in varianten(ref, periode.code, o.code, cat.code) or [""]:
                    naam = f"{cat.naam} {periode.naam}: {o.naam}" + (f" (variant {v})" if v else "")
                    labels[nm.categorie(periode, o.code, cat.code, v, "laag")] = f"{naam}, ondergrens"
                    labels[nm.categorie(periode, o.code, cat.code, v, "hoog")] = f"{naam}, bovengrens"
        for q in ref.pijlers:
            for c in ref.componenten:
                if c.periode == periode.code:
                    for s in ("opgave", "rijksdeel"):
                        labels[nm.component(periode, q.code, c.code, s)] = f"{c.naam}, {q.naam}, {periode.naam}: {s}"
    for o in ref.onderdelen:
        labels[nm.sleutel(o.code)] = f"Verdeelsleutel {o.naam}"
    for kern in ref.kerncijfers:
        labels[nm.kern(kern.code)] = kern.naam
        labels[nm.kern(kern.code, "laag")] = f"{kern.naam}, ondergrens"
        labels[nm.kern(kern.code, "hoog")] = f"{kern.naam}, bovengrens"
    for scenario in ref.scenarios:
        labels[nm.scenario(scenario.code)] = f"Scenario {scenario.naam} (1 = aan)"
    for regel in sc.wijzigingsregels(ref):
        tekst = sc.omschrijving(ref, regel)
        if regel.soort == "dekking_toevoegen":
            for kolom, naam in sc.dekking_namen(ref, regel).items():
                labels[naam] = f"{tekst}: {_KOLOMWOORD[kolom]}"
        elif regel.soort == "post_toevoegen":
            for kant, naam in sc.post_namen(regel).items():
                labels[naam] = f"{tekst}: {'verdeelsleutel' if kant == 'sleutel' else kant}"
    return labels


def label(code: str, naam: str, index: int, aantal: int) -> str:
    """The label of one cell of an input name (a row of the dekking table says its row)."""
    tekst = invoerlabels(code).get(naam, naam)
    if aantal > 1:
        periode, _, kolom = tekst.partition(": ")
        return f"{periode}, regel {index + 1}: {kolom}" if kolom else f"{tekst}, regel {index + 1}"
    return tekst


def gelijk(a: object, b: object) -> bool:
    """Whether a cell holds what the baseline had: empty is empty (None or ''), numbers within a
    millionth of a euro (relative), 'PM' in any case, other text after trimming."""
    a = None if isinstance(a, str) and not a.strip() else a
    b = None if isinstance(b, str) and not b.strip() else b
    if a is None or b is None:
        return a is None and b is None
    getal_a = isinstance(a, int | float) and not isinstance(a, bool)
    getal_b = isinstance(b, int | float) and not isinstance(b, bool)
    if getal_a and getal_b:
        return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(b)))  # type: ignore[arg-type]
    if isinstance(a, str) and isinstance(b, str):
        a, b = a.strip(), b.strip()
        return a == b or (a.upper() == "PM" and b.upper() == "PM")
    return a == b


def vergelijk(code: str, gebied: str, bestand: str,
              invoer: Mapping[str, tuple[str, tuple[str, ...], tuple[object, ...]]],
              basis: Mapping[str, object]) -> list[Wijziging]:
    """Every input cell whose value differs from the baseline (`basis`: name → value, or a sequence for a
    column), over every name of the baseline that the workbook has."""
    uit: list[Wijziging] = []
    for naam in basis:
        if naam not in invoer:
            continue
        blad, cellen, waarden = invoer[naam]
        oud = basis[naam]
        oude = list(oud) if isinstance(oud, list | tuple) else [oud]
        for i, (cel, nieuw) in enumerate(zip(cellen, waarden, strict=True)):
            vorig = oude[i] if i < len(oude) else None
            if not gelijk(nieuw, vorig):
                uit.append(Wijziging(gebied, bestand, f"{blad}!{cel}", naam, label(code, naam, i, len(cellen)),
                                     vorig, nieuw, soort(naam, code)))
    return uit


def formulewijzigingen(gebied: str, bestand: str,
                       formules: Iterable[tuple[str, str, object, str]]) -> list[Wijziging]:
    """The formulas the checker found overwritten (by a number, a text, or emptied) or changed:
    (sheet!cell, the template's formula, what the cell holds, 'formule_overschreven' | 'formule_gewijzigd')."""
    return [Wijziging(gebied, bestand, plaats, "", "formule op een rekenblad", verwacht, gevonden,
                      FORMULE_OVERSCHREVEN if bevinding == "formule_overschreven" else FORMULE_GEWIJZIGD)
            for plaats, verwacht, gevonden, bevinding in formules]
