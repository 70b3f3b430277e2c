"""Coding: turn a letter file into a formats.md §1 coded document.

The pipeline is ``readers`` (bytes -> text + fields a format states) ->
``extract`` (fields found in the text) -> ``classify`` (document type,
direction, specialty...) -> ``engine`` (assembles the §1 object). Everything
here is pure Python: no Django, no database, so ``pars code`` works on a bare
checkout and scales across processes.
"""
