"""xlwings Lite: the worksheet functions and two scripts in Excel on Windows, macOS and the web, no local Python.

xlwings Lite (a free add-in from the Office store) runs Python in Pyodide inside Excel. It runs one
`main.py` per workbook and installs packages named in that workbook's `requirements.txt`.
`xl-opgave lite --out MAP` writes both (`bundel.py`): a `main.py` that carries this package's pure
Python part (core, worksheet logic, reference data, the template reader and checker, the macro
actions) and registers the seven functions and two scripts with xlwings' `func`/`arg`/`script`.

- `functies`: `roep(naam, *argumenten)`: a worksheet function as Lite calls it (the same logic as the
  classic route, `xl_opgave.werkbladfuncties`; an error is raised, so Excel shows a real #WAARDE!).
- `werkboek`: `LiteWerkboek`, the macros' workbook interface and the template reader's interface
  over the book object Lite hands a script; `controleer_open_werkboek`, the checker without a file.
- `scripts`: *Ververs resultaat* and *Controleer* on the open workbook (the macros' actions).
- `invoernamen`: the input names of a template, carried into the bundle.
- `bundel`: the generator of `main.py`, `requirements.txt` and the dependency-free wheel.

Everything but `bundel` uses the standard library and the package's own pure modules only.
"""
