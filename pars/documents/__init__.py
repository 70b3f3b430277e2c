"""Documents received from practices, their encrypted bytes, and their per-field coding.

A document belongs to exactly one practice and is identified to that practice
by its receipt. Coding is stored per field: each suggestion keeps the value,
the confidence and where it came from; each coder decision is appended to the
field's history, so the workbench and QC can show who changed what and why.
"""
