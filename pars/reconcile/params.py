"""Every knob of the reconciliation rules in one place, with the reason for its default.

A deployment changes these (``pars reconcile --param name=value`` or a JSON
file), never the rule code. docs/reconciliation.md describes each.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class LinkageParams:
    """Splink settings. Identity weights are estimated from the data (u from frequencies);
    the specialty and date-window weights are fixed by the business rule, because
    unsupervised training learns "same patient", not "same referral" (domain.md §11)."""

    enabled: bool = True
    match_weight_threshold: float = 4.0
    m_nhs_exact: float = 0.90
    m_nhs_close: float = 0.08  # one or two keying errors (Damerau-Levenshtein <= 2)
    m_nhs_other: float = 0.02
    m_birth_exact: float = 0.97
    m_practice_exact: float = 0.95
    # fixed business-rule weights: same provider, same specialty, inside the window is what a
    # true link looks like (u for provider and specialty comes from the data's frequencies)
    m_provider_exact: float = 0.99
    m_specialty_exact: float = 0.95
    m_window: float = 0.99
    u_window: float = 0.35
    # where Splink scores the candidate pairs: "duckdb" (in process) or "spark" (the optional
    # spark extra; local[2] unless PARS_SPARK_MASTER or SPARK_REMOTE say otherwise)
    backend: str = "duckdb"

    def __post_init__(self) -> None:
        if self.backend not in ("duckdb", "spark"):
            raise ValueError(f"linkage.backend must be duckdb or spark, not {self.backend!r}")


@dataclass(frozen=True, slots=True)
class ReconcileParams:
    # unevidenced_gp_referral
    gp_referral_sources: tuple[str, ...] = ("03",)
    first_attendance_codes: tuple[str, ...] = ("1", "3")
    referral_window_weeks: int = 26
    # a referral whose specialty the coder gave with less confidence (or not at all) matches any
    # specialty at its provider: an unsure reading must not create a challenge
    min_specialty_confidence: float = 0.7
    # consultant_to_consultant (the local policy): sources reviewed, and what it allows
    consultant_sources: tuple[str, ...] = ("05",)
    c2c_allowed_priorities: tuple[
        str, ...
    ] = ()  # e.g. ("3",) to allow two-week-wait onward referral
    c2c_allowed_tfcs: tuple[str, ...] = ()
    # dna_charged
    not_attended_codes: tuple[str, ...] = ("2", "3", "4", "7")
    # procedure_mismatch: how far the letter's date may sit outside the spell
    discharge_date_tolerance_days: int = 3
    flag_procedure_when_letter_has_none: bool = False
    # unbilled_referral
    unbilled_window_weeks: int = 26
    unbilled_service_types: tuple[str, ...] = ("outpatient", "diagnostic")
    # follow-up ratio caps (excess_follow_up rule, off unless caps are given): TFC -> cap; "*" for all
    follow_up_ratio_caps: dict[str, float] = field(default_factory=dict)
    # which rules run (None = every rule that is on by default)
    rules: tuple[str, ...] | None = None
    linkage: LinkageParams = field(default_factory=LinkageParams)

    def with_overrides(self, overrides: dict) -> ReconcileParams:
        """A copy with ``{"name": value}`` applied; ``linkage.x`` sets a linkage field."""
        top: dict = {}
        link: dict = {}
        names = {f.name: f for f in dataclasses.fields(self)}
        link_names = {f.name for f in dataclasses.fields(LinkageParams)}
        for key, value in overrides.items():
            if key.startswith("linkage."):
                name = key.removeprefix("linkage.")
                if name not in link_names:
                    raise ValueError(f"unknown linkage parameter {name!r}")
                link[name] = _coerce(getattr(self.linkage, name), value)
            elif key in names:
                top[key] = _coerce(getattr(self, key), value)
            else:
                raise ValueError(f"unknown parameter {key!r}")
        params = dataclasses.replace(self, **top)
        if link:
            params = dataclasses.replace(
                params, linkage=dataclasses.replace(params.linkage, **link)
            )
        return params

    @classmethod
    def from_file(cls, path: str | Path) -> ReconcileParams:
        return cls().with_overrides(json.loads(Path(path).read_text(encoding="utf-8")))

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def _coerce(current: object, value: object) -> object:
    """Turn a command-line string (or JSON value) into the type of the default it replaces."""
    if isinstance(current, bool):
        return value if isinstance(value, bool) else str(value).lower() in {"1", "true", "yes"}
    if isinstance(current, int) and not isinstance(current, bool):
        return int(value)
    if isinstance(current, float):
        return float(value)
    if isinstance(current, tuple) or current is None:
        if isinstance(value, str):
            return tuple(v.strip() for v in value.split(",") if v.strip())
        if isinstance(value, list):
            return tuple(str(v) for v in value)
    if isinstance(current, dict) and isinstance(value, str):
        pairs = (item.split(":", 1) for item in value.split(",") if ":" in item)
        return {k.strip(): float(v) for k, v in pairs}
    return value
