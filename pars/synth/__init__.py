"""Synthetic NHS world: practices, patients, letters and SUS extracts with known answers.

``world`` builds and writes a world (``pars synth``): ``population`` makes the
practices, clinicians and patients, ``simulate`` (with ``outpatients`` and
``services``) runs the pathways, ``sus`` bills them through the tariff with
injected anomalies, ``findings`` computes the true reconciliation findings,
``registry`` and ``render`` write the files. ``letters`` renders each
document event as text in one of many style families and file formats.
``model`` is the contract between the two. Only synthetic data, ever; see
docs/synthetic-data.md.
"""
