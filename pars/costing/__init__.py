"""Costing: priced activity events, accruals for open referrals, budgets and contracts.

Pure Python (no Django). ``cost_letters`` links coded letters into pathways,
prices each event on the tariff (pars.tariff), adds accruals as at a date and
the RTT clocks; ``budget_lines`` and ``contract_lines`` compare the result
with budgets.csv and contracts.csv. See docs/costing.md.
"""

from pars.costing.accruals import SusActivity, SusIndex, accrue
from pars.costing.assumptions import AssumptionTable, load_assumptions
from pars.costing.calibration import calibrate
from pars.costing.events import PricedEvent, price_pathway, price_pathways
from pars.costing.pipeline import (
    CostResult,
    assumptions_for,
    cost_letters,
    letters_from_coded,
    tariff_in_force,
)
from pars.costing.summaries import budget_lines, contract_lines

__all__ = [
    "AssumptionTable",
    "CostResult",
    "PricedEvent",
    "SusActivity",
    "SusIndex",
    "accrue",
    "assumptions_for",
    "budget_lines",
    "calibrate",
    "contract_lines",
    "cost_letters",
    "letters_from_coded",
    "load_assumptions",
    "price_pathway",
    "price_pathways",
    "tariff_in_force",
]
