"""Synthetic NHS world: practices, patients, letters and SUS extracts with known answers.

``world`` simulates the events (who was referred where, seen when, what was
done, what was billed); ``letters`` renders each document event as text in one
of many style families and file formats. ``model`` is the contract between the
two. Only synthetic data, ever.
"""
