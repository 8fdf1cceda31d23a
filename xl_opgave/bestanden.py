"""Atomic output: every command that writes a file goes through `schrijf_atomisch`.

The data is written to a temporary file in the target's own directory (same file system, so the
final rename is atomic), flushed and fsynced, then renamed onto the final name. A crash or SIGKILL at
any moment leaves either the old file (or no file) or the complete new one under the final name,
never a half-written one; at worst a hidden `.<naam>.*.tmp` file stays behind in the directory.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from xl_opgave.core.fouten import InvoerFout

TIJDELIJK_ACHTERVOEGSEL = ".tmp"


class BestaatAl(InvoerFout):
    """An output file exists and overwriting was not asked for."""


def _bestaat_melding(pad: Path) -> str:
    return f"{pad} bestaat al; gebruik --force om het te overschrijven"


def eis_vrij(paden: Iterable[str | os.PathLike[str]], *, overschrijven: bool) -> None:
    """Check before any work that no output would overwrite an existing file (all named at once)."""
    if overschrijven:
        return
    bestaand = [Path(p) for p in paden if Path(p).exists()]
    if bestaand:
        namen = ", ".join(str(p) for p in bestaand[:10])
        meer = f" en nog {len(bestaand) - 10}" if len(bestaand) > 10 else ""
        raise BestaatAl(
            f"{len(bestaand)} uitvoerbestand(en) bestaan al: {namen}{meer}; gebruik --force om te overschrijven"
        )


def _fsync_map(map_: Path) -> None:
    # Make the rename itself durable; not every platform/file system allows opening a directory.
    try:
        fd = os.open(map_, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _rechten(pad: Path) -> int:
    """Mode for the new file: the existing file's, else 0o666 minus the umask (as open() would)."""
    try:
        return pad.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def schrijf_atomisch(pad: str | os.PathLike[str], data: bytes, *, overschrijven: bool) -> Path:
    """Write `data` to `pad` atomically; refuse an existing file unless `overschrijven`.

    Without `overschrijven` the final step is a hard link, which fails if the name appeared in the
    meantime, so even a race never overwrites a file; on file systems without hard links it falls
    back to check-then-rename.
    """
    doel = Path(pad)
    map_ = doel.parent if str(doel.parent) else Path(".")
    if not overschrijven and doel.exists():
        raise BestaatAl(_bestaat_melding(doel))
    if not map_.is_dir():
        raise InvoerFout(f"map {map_} bestaat niet", bron=str(doel))
    fd, tijdelijk_naam = tempfile.mkstemp(prefix=f".{doel.name}.", suffix=TIJDELIJK_ACHTERVOEGSEL, dir=map_)
    tijdelijk = Path(tijdelijk_naam)
    try:
        with os.fdopen(fd, "wb") as uit:
            uit.write(data)
            uit.flush()
            os.fsync(uit.fileno())
        os.chmod(tijdelijk, _rechten(doel))
        if overschrijven:
            os.replace(tijdelijk, doel)
        else:
            try:
                os.link(tijdelijk, doel)
            except FileExistsError:
                raise BestaatAl(_bestaat_melding(doel)) from None
            except OSError:
                # No hard links here (e.g. some network or FAT file systems): best effort.
                if doel.exists():
                    raise BestaatAl(_bestaat_melding(doel)) from None
                os.replace(tijdelijk, doel)
            else:
                tijdelijk.unlink()
        _fsync_map(map_)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tijdelijk.unlink()
        raise
    return doel
