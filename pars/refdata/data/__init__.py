"""Data files of pars.refdata (a package so that wheels ship the CSVs)."""
