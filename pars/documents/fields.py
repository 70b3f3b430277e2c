"""The coded fields of formats.md §1, in display order, shared by persistence and the portal."""

CODED_FIELDS: tuple[str, ...] = (
    "document_type",
    "direction",
    "letter_date",
    "event_date",
    "nhs_number",
    "patient_birth_date",
    "patient_name",
    "clinician",
    "provider_code",
    "provider_name",
    "specialty_tfc",
    "urgency",
    "service_type",
    "diagnoses",
    "procedures",
    "outcome",
)
