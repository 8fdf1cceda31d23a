"""xl_opgave: de restopgave van nationale programma's, in Python en in Excel."""

__version__ = "0.1.0"
