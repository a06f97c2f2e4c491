"""The analyst's loop in Excel: a data workbook to fill (``init``), the cells worth filling
(``gaps``) and the comparison tables to take away (``export``).

Everything here reads comparisons through one function, :func:`records.comparison_records`,
whose dicts have the shape of ``compare --json``.
"""
