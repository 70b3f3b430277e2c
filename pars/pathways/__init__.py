"""Pathways and RTT clocks over coded documents; pure Python, no Django.

``Letter.from_coded`` reads a formats.md §1 object; ``link_pathways`` groups
letters into referral pathways with a stored reason per link; ``rtt_clock``
gives the 18-week clock of a pathway as at a date.
"""

from pars.pathways.letters import Letter, name_key, trust_of
from pars.pathways.linking import Link, LinkSettings, Pathway, link_pathways
from pars.pathways.rtt import STANDARD_DAYS, RTTClock, RTTSummary, rtt_clock, summarise

__all__ = [
    "STANDARD_DAYS",
    "Letter",
    "Link",
    "LinkSettings",
    "Pathway",
    "RTTClock",
    "RTTSummary",
    "link_pathways",
    "name_key",
    "rtt_clock",
    "summarise",
    "trust_of",
]
