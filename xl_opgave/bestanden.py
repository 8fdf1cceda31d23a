"""Safe output: every command that writes a file goes through `schrijf_atomisch`.

- Checked before it is written: a workbook (.xlsx, .xlsm, .xltx, .xltm) is checked in memory first
  (`werkboek.uitvoercontrole`: the zip structure, every XML part well-formed, and where the writer
  passes them, its input cells read back by our own reader); when that fails nothing is written and
  nothing is replaced (`UitvoerOngeldig`).
- Atomic: the data is written to a temporary file in the target's own directory (same file system, so
  the final rename is atomic), flushed and fsynced, then renamed onto the final name. A crash or
  SIGKILL at any moment leaves either the old file (or no file) or the complete new one under the
  final name, never a half-written one; at worst a hidden `.<naam>.*.tmp` file stays behind.
- Never over an input (`eis_geen_invoer`), never over an existing file without `--force`, also not
  through a dangling symbolic link (`eis_vrij` looks at the link itself), and every output name is
  checked against the file system's limits before the first file is written (`eis_geldige_naam`).
- One run per output folder at a time (`vergrendel_map`).
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from xl_opgave.core.fouten import InvoerFout

TIJDELIJK_ACHTERVOEGSEL = ".tmp"
WERKMAP_ACHTERVOEGSELS = (".xlsx", ".xlsm", ".xltx", ".xltm")
MAX_PAD_WINDOWS = 259  # characters of a full path Windows (and Excel) still opens without tricks


class BestaatAl(InvoerFout):
    """An output file exists and overwriting was not asked for."""


class UitvoerOngeldig(Exception):
    """A workbook we were about to write failed its check; nothing was written or replaced."""


class MapBezet(InvoerFout):
    """Another run writes into the same output folder."""


Controle = Callable[[bytes], None]


class _Automatisch:
    def __repr__(self) -> str:
        return "AUTOMATISCH"


AUTOMATISCH: Controle | None = _Automatisch()  # type: ignore[assignment]


def bestaat_melding(pad: Path) -> str:
    return f"{pad} bestaat al; gebruik --force om het te overschrijven"


def eis_vrij(paden: Iterable[str | os.PathLike[str]], *, overschrijven: bool) -> None:
    """Check before any work that no output would overwrite an existing file (all named at once).

    A dangling symbolic link counts as existing: writing through it would fail after the other files."""
    if overschrijven:
        return
    bestaand = [Path(p) for p in paden if os.path.lexists(p)]
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


def schrijf_atomisch(pad: str | os.PathLike[str], data: bytes, *, overschrijven: bool,
                     controle: Controle | None = AUTOMATISCH) -> Path:
    """Write `data` to `pad` atomically; refuse an existing file unless `overschrijven`.

    `controle(data)` runs first and raises `UitvoerOngeldig` when the data must not be written; by
    default a workbook (by its extension) gets the check of every XML part
    (`werkboek.uitvoercontrole.controleer_werkmap`); None: no check.

    Without `overschrijven` the final step is a hard link, which fails if the name appeared in the
    meantime, so even a race never overwrites a file; on file systems without hard links it falls
    back to check-then-rename.
    """
    doel = Path(pad)
    map_ = doel.parent if str(doel.parent) else Path(".")
    if not overschrijven and os.path.lexists(doel):
        raise BestaatAl(bestaat_melding(doel))
    if not map_.is_dir():
        raise InvoerFout(f"map {map_} bestaat niet", bron=str(doel))
    if controle is AUTOMATISCH:
        controle = _werkmapcontrole(doel) if doel.suffix.lower() in WERKMAP_ACHTERVOEGSELS else None
    if controle is not None:
        controle(data)
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
                raise BestaatAl(bestaat_melding(doel)) from None
            except OSError:
                # No hard links here (e.g. some network or FAT file systems): best effort.
                if os.path.lexists(doel):
                    raise BestaatAl(bestaat_melding(doel)) from None
                os.replace(tijdelijk, doel)
            else:
                tijdelijk.unlink()
        _fsync_map(map_)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tijdelijk.unlink()
        raise
    return doel


def _werkmapcontrole(doel: Path) -> Controle:
    def controleer(data: bytes) -> None:
        from xl_opgave.werkboek.uitvoercontrole import controleer_werkmap

        controleer_werkmap(data, str(doel))

    return controleer


# -- inputs and outputs apart -----------------------------------------------------------------------


def _zelfde(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        try:
            return a.resolve() == b.resolve()
        except OSError:
            return False


def eis_geen_invoer(uitvoer: Iterable[str | os.PathLike[str]], invoer: Iterable[str | os.PathLike[str]]) -> None:
    """Refuse, before anything is written, when an output would land on an input file (also through a
    symbolic or hard link, or a folder of CSV files holding it)."""
    invoer_paden: list[Path] = []
    for p in invoer:
        pad = Path(p)
        if pad.is_dir():
            invoer_paden += [q for q in pad.iterdir() if q.is_file()]
        elif os.path.lexists(pad):
            invoer_paden.append(pad)
    for u in uitvoer:
        doel = Path(u)
        for bron in invoer_paden:
            if _zelfde(doel, bron):
                raise InvoerFout(f"de uitvoer {doel} is een van de invoerbestanden ({bron}); kies een andere "
                                 "uitvoer, de invoer wordt nooit overschreven", bron=str(doel))


# -- names the file system accepts -------------------------------------------------------------------


def eis_geldige_naam(pad: str | os.PathLike[str]) -> None:
    """Refuse an output path the file system (or Windows) cannot hold, before the first file is written:
    a name longer than the file system allows in bytes (255 on most), a path longer than PATH_MAX, or
    on Windows longer than 259 characters."""
    pad = Path(pad)
    try:
        os.fsencode(pad)
    except UnicodeEncodeError:
        raise InvoerFout(f"de naam {pad.name!r} kan op dit systeem geen bestandsnaam zijn: bestandsnamen worden hier "
                         f"in de tekencodering {sys.getfilesystemencoding()} geschreven; start in een UTF-8-omgeving "
                         "(bijvoorbeeld met PYTHONUTF8=1)", bron=str(pad.parent)) from None
    map_ = pad.parent if str(pad.parent) else Path(".")
    bestaande_map = map_
    while not bestaande_map.exists() and bestaande_map != bestaande_map.parent:
        bestaande_map = bestaande_map.parent
    max_naam, max_pad = 255, 4096
    with contextlib.suppress(OSError, ValueError, AttributeError):
        max_naam = os.pathconf(bestaande_map, "PC_NAME_MAX")
    with contextlib.suppress(OSError, ValueError, AttributeError):
        max_pad = os.pathconf(bestaande_map, "PC_PATH_MAX")
    for deel in pad.parts:
        if len(os.fsencode(deel)) > max_naam:
            raise InvoerFout(f"bestandsnaam te lang ({len(os.fsencode(deel))} bytes; dit bestandssysteem staat er "
                             f"{max_naam} toe): {deel}", bron=str(pad))
    volledig = os.path.abspath(pad)
    if len(os.fsencode(volledig)) >= max_pad:
        raise InvoerFout(f"pad te lang ({len(os.fsencode(volledig))} bytes)", bron=str(pad))
    if sys.platform == "win32" and len(volledig) > MAX_PAD_WINDOWS:
        raise InvoerFout(f"pad te lang voor Windows ({len(volledig)} tekens; hooguit {MAX_PAD_WINDOWS})",
                         bron=str(pad))


# -- one run per folder -------------------------------------------------------------------------------

SLOTBESTAND = ".xl-opgave.slot"


@contextlib.contextmanager
def vergrendel_map(map_: str | os.PathLike[str]) -> Iterator[None]:
    """Hold the output folder for this run; `MapBezet` at once when another run holds it.

    POSIX: an exclusive, non-blocking `flock` on the folder itself (nothing is written into it; the
    lock ends with the process, also after SIGKILL). Windows: `msvcrt.locking` on a hidden lock file in
    the folder, which stays behind empty.
    """
    map_ = Path(map_)
    bezet = MapBezet(f"in de uitvoermap {map_} schrijft op dit moment een andere xl-opgave-run; wacht tot die "
                     "klaar is (twee runs tegelijk in één map zouden elkaars bestanden mengen)", bron=str(map_))
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        pad = map_ / SLOTBESTAND
        fd = os.open(pad, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            except OSError:
                raise bezet from None
            try:
                yield
            finally:
                with contextlib.suppress(OSError):
                    os.lseek(fd, 0, os.SEEK_SET)
                    msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        finally:
            os.close(fd)
        return
    fd = os.open(map_, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise bezet from None
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
