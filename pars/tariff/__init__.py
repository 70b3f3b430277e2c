"""Tariff engine (interface 2): NHS Payment Scheme prices by financial year, pure Python.

``load_tariff("2025/26")`` returns a ``Tariff`` with ``outpatient_price``,
``spell_price``, ``hrg_price`` and ``mff``; each answer is a ``PriceQuote``
whose ``source`` names the file and row the price came from. Unknown codes
raise ``TariffLookupError``. See docs/costing.md.
"""

from pars.tariff.loader import (
    load_hrg_map,
    load_tariff,
    read_tariff_file,
    shipped_years,
    tariff_for_date,
)
from pars.tariff.model import (
    SPELL_SETTINGS,
    TARIFF_COLUMNS,
    HRGMap,
    MappingRow,
    PriceQuote,
    Tariff,
    TariffLookupError,
    TariffRow,
)

__all__ = [
    "SPELL_SETTINGS",
    "TARIFF_COLUMNS",
    "HRGMap",
    "MappingRow",
    "PriceQuote",
    "Tariff",
    "TariffLookupError",
    "TariffRow",
    "load_hrg_map",
    "load_tariff",
    "read_tariff_file",
    "shipped_years",
    "tariff_for_date",
]
