"""Argument types shared by the commands (standard library only: the help must start fast)."""

from __future__ import annotations

import argparse


def positief_geheel(tekst: str) -> int:
    """A whole number of at least 1 (`--processen N`), refused by argparse in Dutch otherwise."""
    try:
        waarde = int(tekst)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{tekst!r} is geen geheel getal") from None
    if waarde < 1:
        raise argparse.ArgumentTypeError("minstens 1")
    return waarde
