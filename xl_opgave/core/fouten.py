"""Domain errors: every message names where the bad value came from."""

from __future__ import annotations


class InvoerFout(ValueError):
    """Bad input: names the source (file, sheet, row, column or item) and what is wrong."""

    def __init__(self, melding: str, *, bron: str = "", plaats: str = "") -> None:
        self.melding = melding
        self.bron = bron
        self.plaats = plaats
        super().__init__(self.tekst())

    def tekst(self) -> str:
        waar = ", ".join(deel for deel in (self.bron, self.plaats) if deel)
        return f"{waar}: {self.melding}" if waar else self.melding
