"""Console output for every command: one place, so no command crashes on a console it cannot write to.

A Dutch Windows console or a redirect there encodes as cp1252; a bare `LC_ALL=C` Python as ASCII. Our
messages carry ‼, ≈, ≥, →, € and accented gebied names. `console()` wraps stdout and stderr for the
length of a command:
- a character the stream cannot encode becomes a plain substitute (‼ → !!, ≥ → >=, → → ->, € → EUR,
  é → e), registered as a codec error handler, so `print`, `json.dump` and argparse's help all go
  through it without knowing;
- control characters (terminal escape sequences, bidi overrides) are shown as visible escapes
  (`\\x1b`), so text taken from a data file cannot steer the terminal. Our own output uses none of
  them except newline, tab and carriage return (the progress line).

Exit statuses of every command live here too (the README has the table).
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import re
import sys
import unicodedata
from collections.abc import Iterator
from typing import TextIO

# Exit statuses, the same for every command.
IN_ORDE = 0
BEVINDINGEN = 1  # check: findings; fill: written, with warnings (gaps taken as zero)
GEWEIGERD = 2  # unreadable file, not a template, invalid input or usage, an output that exists
INTERNE_FOUT = 3  # an unexpected exception (a bug): one Dutch line, the traceback with --debug

FOUTAFHANDELING = "xl_opgave_vervang"

# Plain substitutes, ASCII only (a replacement must itself be encodable by any stream).
VERVANGINGEN: dict[str, str] = {
    "‼": "!!", "≈": "~", "≥": ">=", "≤": "<=", "≠": "!=", "→": "->", "←": "<-", "↔": "<->", "⇒": "=>",
    "…": "...", "–": "-", "—": "-", "−": "-", "×": "x", "÷": "/", "±": "+/-", "·": ".", "•": "*",
    "€": "EUR", "✔": "[ok]", "✓": "[ok]", "✘": "[X]", "✗": "[X]", "‘": "'", "’": "'", "‚": ",", "“": '"',
    "”": '"', "„": '"', "«": '"', "»": '"', "\u00a0": " ", "\u202f": " ", "\u2009": " ", "²": "2", "³": "3",
    "½": "1/2", "¼": "1/4", "¾": "3/4", "°": " graden",
}

# C0 controls except tab, newline, carriage return; DEL; C1 controls; bidi embeddings/overrides/isolates.
_STUURTEKENS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


def _vervang(fout: UnicodeError) -> tuple[str, int]:
    if not isinstance(fout, UnicodeEncodeError):
        raise fout
    delen = []
    for teken in fout.object[fout.start:fout.end]:
        vervanging = VERVANGINGEN.get(teken)
        if vervanging is None:
            # é → e, ñ → n; what has no ASCII base becomes '?'.
            basis = "".join(t for t in unicodedata.normalize("NFKD", teken) if not unicodedata.combining(t))
            vervanging = basis if basis and basis.isascii() else "?"
        delen.append(vervanging)
    return "".join(delen), fout.end


codecs.register_error(FOUTAFHANDELING, _vervang)


def zichtbaar(tekst: str) -> str:
    """Control characters as visible escapes (`\\x1b`, `\\u202e`); everything else unchanged."""
    return _STUURTEKENS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), tekst)


def past_in(tekst: str, codering: str | None) -> str:
    """`tekst` as a stream with `codering` would show it (substitutes for what it cannot encode)."""
    if not codering:
        return tekst
    return tekst.encode(codering, FOUTAFHANDELING).decode(codering)


class VeiligeStroom(io.TextIOBase):
    """A text stream in front of another: control characters made visible, unencodable ones substituted."""

    def __init__(self, onder: TextIO) -> None:
        self.onder = onder

    def write(self, tekst: str) -> int:  # type: ignore[override]
        schoon = zichtbaar(tekst)
        # Whatever the stream's own error handler (strict, or surrogateescape in the C locale): substitute first.
        schoon = past_in(schoon, getattr(self.onder, "encoding", None))
        self.onder.write(schoon)
        return len(tekst)

    def flush(self) -> None:
        self.onder.flush()

    def isatty(self) -> bool:
        return bool(getattr(self.onder, "isatty", lambda: False)())

    def fileno(self) -> int:
        return self.onder.fileno()

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.onder, "encoding", None) or "utf-8"

    def writable(self) -> bool:
        return True


@contextlib.contextmanager
def console() -> Iterator[None]:
    """stdout and stderr that cannot fail on encoding nor pass control characters, for one command."""
    oud_uit, oud_fout = sys.stdout, sys.stderr
    sys.stdout = VeiligeStroom(oud_uit)  # type: ignore[assignment]
    sys.stderr = VeiligeStroom(oud_fout)  # type: ignore[assignment]
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
        sys.stdout, sys.stderr = oud_uit, oud_fout


def fout(melding: str) -> None:
    """One Dutch error line on stderr."""
    print(f"fout: {melding}", file=sys.stderr)


# Dutch for the system errors an adviser meets; any other is named by its code, never in the system's English.
_SYSTEEMFOUTEN = {
    errno.ENOENT: "bestand of map bestaat niet",
    errno.EEXIST: "bestaat al",
    errno.EACCES: "geen toegang",
    errno.EPERM: "niet toegestaan",
    errno.ENOSPC: "schijf vol",
    errno.EROFS: "alleen-lezen bestandssysteem",
    errno.ENAMETOOLONG: "naam te lang",
    errno.EISDIR: "is een map",
    errno.ENOTDIR: "is geen map",
    errno.EDQUOT: "schijfquotum overschreden",
    errno.EIO: "invoer-/uitvoerfout van het apparaat",
    errno.EMFILE: "te veel open bestanden",
    errno.ELOOP: "te veel symbolische koppelingen",
    errno.EXDEV: "ander bestandssysteem",
    errno.ENOTEMPTY: "map is niet leeg",
    errno.EBUSY: "bestand of apparaat is in gebruik",
    errno.ETXTBSY: "bestand is in gebruik",
    errno.EAGAIN: "tijdelijk niet beschikbaar",
    errno.EFBIG: "bestand te groot",
    errno.EINVAL: "ongeldige naam of bewerking",
    errno.ESTALE: "netwerkbestand niet meer beschikbaar",
    errno.ETIMEDOUT: "verbinding verlopen",
    errno.EINTR: "onderbroken",
    errno.ENODEV: "apparaat bestaat niet",
    errno.ENXIO: "apparaat bestaat niet",
}


def systeemtekst(fout: OSError) -> str:
    """The Dutch text for an OSError (file system messages come in English from the system)."""
    if fout.errno in _SYSTEEMFOUTEN:
        return _SYSTEEMFOUTEN[fout.errno]
    if fout.errno:
        return f"systeemfout {errno.errorcode.get(fout.errno, fout.errno)}"
    return "systeemfout"
