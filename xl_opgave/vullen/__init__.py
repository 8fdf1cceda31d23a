"""Batch fill per gebied: reference lists of gebieden, data files, package-level workbook patching."""
