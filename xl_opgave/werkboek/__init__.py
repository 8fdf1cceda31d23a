"""Workbook face: template workbooks, reader, checker and LibreOffice helpers."""
