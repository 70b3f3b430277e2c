"""Django-free value types shared by every PARS engine.

One type per coding system, validated when constructed, so an invalid code
cannot travel further into the pipeline than the reader that met it.
"""

from pars.core.codes import ICD10Code, ODSCode, OPCS4Code, TreatmentFunctionCode
from pars.core.nhs_number import NHSNumber, is_valid_nhs_number, nhs_check_digit
from pars.core.periods import FinancialYear, financial_year_of

__all__ = [
    "FinancialYear",
    "ICD10Code",
    "NHSNumber",
    "ODSCode",
    "OPCS4Code",
    "TreatmentFunctionCode",
    "financial_year_of",
    "is_valid_nhs_number",
    "nhs_check_digit",
]
