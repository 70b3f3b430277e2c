"""Curated coding lexicons shipped with PARS (data files only).

- ``icd10_terms.csv`` (code, term): how UK clinicians write conditions, mapped
  to WHO ICD-10 (a few UK 5th-edition codes such as K58.9 are allowed).
- ``opcs4_terms.csv`` (code, term): how procedures are written, mapped to the
  OPCS-4 codes held by ``pars.refdata.load_opcs4()``.
- ``provider_aliases.json``: names letters use for hospitals and trusts.

Built by hand from UK clinical usage; never derived from pars.synth.
"""
