"""xl_opgave: de restopgave van nationale programma's, in Python en in Excel."""

# The one place of the package version: pyproject.toml reads it ([tool.setuptools.dynamic]), `xl-opgave
# --version` and the template's Toelichting sheet show it. The template version (werkboek/namen.py,
# SJABLOON_VERSIE) is a number of its own: it changes only when the workbook layout changes.
__version__ = "0.2.0"

# The wheel `python -m build` makes of this version: the file the team hands out and the install texts name.
WHEEL_NAAM = f"xl_opgave-{__version__}-py3-none-any.whl"
