"""`xl-opgave diagnose`: what works on this machine for an adviser's route, and what to do about what does not.

- `omgeving`: every fact read from the machine (platform, environment variables, installed packages, files,
  the Windows registry, NTFS streams, other Python interpreters) goes through one `Omgeving`, so the
  tests drive the Windows and macOS parts with fakes on Linux.
- `xlwings_instellingen`: where classic xlwings keeps its settings and which Python its add-in starts,
  emulated from xlwings' own VBA (cited there).
- `werkmap`: the facts of one given workbook (VBA project, buttons, its `xlwings.conf` sheet, blocked by
  Windows or not), read through the safe opener.
- `controles`: the checks per route (windows, mac, web, pdf), each a ✔/✘ line with its fix.
"""
