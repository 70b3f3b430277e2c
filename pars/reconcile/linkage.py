"""Link SUS rows to the practice's letters: a deterministic DuckDB join, then Splink.

Two links are made for every SUS row:

- *referral link*: the outgoing referral that asked for this activity: same
  patient, same provider (trust), same specialty, referral dated in the
  ``referral_window_weeks`` before the activity;
- *discharge link* (admissions only): the discharge letter for the spell: same
  patient and provider, letter's event date inside the spell (± tolerance).

Step 1 is an exact join on NHS number + provider + specialty + window (fast; it
finds every row whose NHS number is good on both sides). Step 2 runs Splink
(DuckDB backend by default; ``linkage.backend = "spark"`` scores the pairs on
Spark instead, see linkage_spark.py) on what the join missed, for pairs where one side has no valid
NHS number (blanked or mistyped in SUS, or missed by the coder). Where both
sides have a valid NHS number and they differ, the join's answer stands: the
rule is about *that* patient.

Splink weights: the identity comparisons (NHS number incl. 1-2 keying errors,
birth date, practice) use fixed m and u estimated from the data's own value
frequencies; provider and specialty are blocking keys (the rule's own
conditions), and the date window is a comparison whose weights are fixed from
the business rule, because unsupervised training learns "same patient" and
would link a SUS row to every referral of that patient (domain.md §11). The
best candidate per SUS row is kept, with its match weight.
"""

from __future__ import annotations

import csv
import logging
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb

from pars.reconcile.documents import Letter
from pars.reconcile.identity import resolve_identities
from pars.reconcile.params import LinkageParams, ReconcileParams
from pars.sus.records import AdmissionRecord, OutpatientRecord

logger = logging.getLogger(__name__)

BACKENDS = ("duckdb", "spark")  # where Splink scores pairs; the exact join is always DuckDB


@dataclass(frozen=True, slots=True)
class Link:
    letter: int  # index into the letters list
    match_weight: float | None  # None for the deterministic join
    method: str  # "deterministic" or "probabilistic"


@dataclass(slots=True)
class LinkResult:
    """Links keyed by SUS uid (``o<index>`` outpatients, ``a<index>`` admissions)."""

    referral: dict[str, Link] = field(default_factory=dict)
    discharge: dict[str, Link] = field(default_factory=dict)
    resolved_nhs: dict[str, str] = field(default_factory=dict)  # rows whose NHS came from a link
    billed_referrals: set[int] = field(default_factory=set)  # letter indexes with SUS activity
    stats: dict[str, int | float] = field(default_factory=dict)


_SUS_COLUMNS = {
    "uid": "VARCHAR",
    "kind": "VARCHAR",
    "nhs": "VARCHAR",
    "nhs_raw": "VARCHAR",
    "nhs_p1": "VARCHAR",
    "nhs_p2": "VARCHAR",
    "birth": "DATE",
    "practice": "VARCHAR",
    "provider": "VARCHAR",
    "tfc": "VARCHAR",
    "d": "DATE",
    "d_end": "DATE",
}
_LETTER_COLUMNS = {
    "uid": "VARCHAR",
    "idx": "INTEGER",
    "kind": "VARCHAR",
    "nhs": "VARCHAR",
    "nhs_raw": "VARCHAR",
    "nhs_p1": "VARCHAR",
    "nhs_p2": "VARCHAR",
    "birth": "DATE",
    "practice": "VARCHAR",
    "provider": "VARCHAR",
    "tfc": "VARCHAR",
    "d": "DATE",
    "d_end": "DATE",
}


def _iso(value: object) -> str:
    return value.isoformat() if value is not None else ""  # type: ignore[attr-defined]


def _write_csv(path: Path, columns: dict[str, str], rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)


def _load(con: duckdb.DuckDBPyConnection, name: str, path: Path, columns: dict[str, str]) -> None:
    spec = ", ".join(f"'{k}': '{v}'" for k, v in columns.items())
    _fetch(
        con,
        f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM read_csv('{path.as_posix()}', "
        f"header=true, nullstr='', columns={{{spec}}})",
    )


def _sus_rows(outpatients: Sequence[OutpatientRecord], admissions: Sequence[AdmissionRecord]):
    for prefix, records in (("o", outpatients), ("a", admissions)):
        for i, r in enumerate(records):
            raw = r.nhs_number_raw if r.nhs_number_raw.isdigit() else ""
            end = getattr(r, "discharge_date", None) or r.activity_date
            yield (
                f"{prefix}{i}",
                "op" if prefix == "o" else "apc",
                r.nhs_number or "",
                raw,
                raw[:5],
                raw[5:],
                _iso(r.birth_date),
                r.practice_code or "",
                r.provider_code[:3],
                r.treatment_function_code,
                _iso(r.activity_date),
                _iso(end),
            )


def _specialty(letter: Letter, min_confidence: float) -> str:
    """The letter's TFC, or "*" (any specialty) when the coder could not tell it reliably.

    Only for outpatient referrals (or those of unknown service type): a referral
    whose specialty PARS did not read with confidence still evidences the
    patient's referral to that provider, so it must not create a challenge.
    """
    if letter.is_referral and letter.service_type in (None, "outpatient"):
        if letter.specialty_tfc is None:
            return "*"
        if letter.specialty_confidence is not None and letter.specialty_confidence < min_confidence:
            return "*"
    return letter.specialty_tfc or ""


def _letter_rows(letters: Sequence[Letter], min_confidence: float):
    for i, letter in enumerate(letters):
        if letter.is_referral:
            kind, when = "referral", letter.letter_date or letter.event_date
        elif letter.is_discharge:
            kind, when = "discharge", letter.event_date or letter.letter_date
        else:
            continue
        if when is None or letter.provider_code is None:
            continue
        nhs = letter.nhs_number or ""
        yield (
            f"L{i}",
            i,
            kind,
            nhs,
            nhs,
            nhs[:5],
            nhs[5:],
            _iso(letter.birth_date),
            letter.practice_code or "",
            letter.provider_code,
            _specialty(letter, min_confidence),
            _iso(when),
            _iso(letter.letter_date or when),
        )


def _fetch(con: duckdb.DuckDBPyConnection, sql: str, parameters: list | None = None) -> list[tuple]:
    """Run and read fully: DuckDB 2.x refuses the next query while a result is unread."""
    return con.execute(sql, parameters).fetchall()


def _u_exact(con: duckdb.DuckDBPyConnection, column: str) -> float:
    """Chance two random records agree on ``column``: the sum of squared value frequencies."""
    ((value,),) = _fetch(
        con,
        f"SELECT sum(p * p) FROM (SELECT count(*) / sum(count(*)) OVER () AS p "
        f"FROM letters WHERE {column} IS NOT NULL GROUP BY {column})",
    )
    return min(max(float(value or 0.0), 1e-9), 0.5)


def link(
    outpatients: Sequence[OutpatientRecord],
    admissions: Sequence[AdmissionRecord],
    letters: Sequence[Letter],
    params: ReconcileParams,
    *,
    known_patients: Iterable[tuple[str, str, date | None]] = (),
    connection: duckdb.DuckDBPyConnection | None = None,
) -> LinkResult:
    """Link every SUS row to its referral (and spells to their discharge letter)."""
    if params.linkage.backend not in BACKENDS:
        raise ValueError(
            f"unknown linkage backend {params.linkage.backend!r}; use one of {', '.join(BACKENDS)}"
        )
    if params.linkage.backend == "spark" and params.linkage.enabled:
        from pars.reconcile.linkage_spark import require_spark

        require_spark()  # before any work: a missing extra or Java fails at once
    con = connection or duckdb.connect()
    result = LinkResult()
    with tempfile.TemporaryDirectory(prefix="pars-link-") as tmp:
        _write_csv(Path(tmp) / "sus.csv", _SUS_COLUMNS, _sus_rows(outpatients, admissions))
        _write_csv(
            Path(tmp) / "letters.csv",
            _LETTER_COLUMNS,
            _letter_rows(letters, params.min_specialty_confidence),
        )
        _load(con, "sus", Path(tmp) / "sus.csv", _SUS_COLUMNS)
        _load(con, "letters", Path(tmp) / "letters.csv", _LETTER_COLUMNS)
    window = params.referral_window_weeks * 7
    tolerance = params.discharge_date_tolerance_days
    conditions = {
        "referral": f"r.kind = 'referral' AND (r.tfc = s.tfc OR r.tfc = '*') "
        f"AND r.d BETWEEN s.d - {window} AND s.d",
        "discharge": f"r.kind = 'discharge' AND s.kind = 'apc' "
        f"AND r.d BETWEEN s.d - {tolerance} AND s.d_end + {tolerance}",
    }
    for name, condition in conditions.items():
        links = result.referral if name == "referral" else result.discharge
        rows = _fetch(
            con,
            f"""
            SELECT uid, idx FROM (
              SELECT s.uid, r.idx, row_number() OVER (
                PARTITION BY s.uid ORDER BY abs(s.d - r.d), r.idx) AS rn
              FROM sus s JOIN letters r
                ON s.nhs = r.nhs AND s.provider = r.provider AND {condition}
            ) WHERE rn = 1
            """,
        )
        for uid, idx in rows:
            links[uid] = Link(idx, None, "deterministic")
        result.stats[f"{name}_deterministic"] = len(rows)
        if params.linkage.enabled:
            probabilistic = _splink(
                con, name, condition, set(links), params.linkage, window, tolerance
            )
            for uid, (idx, weight) in probabilistic.items():
                links[uid] = Link(idx, weight, "probabilistic")
                nhs = letters[idx].nhs_number
                if nhs and uid not in result.resolved_nhs:
                    result.resolved_nhs[uid] = nhs
            result.stats[f"{name}_probabilistic"] = len(probabilistic)
    resolved = resolve_identities(outpatients, admissions, letters, result, known_patients)
    result.stats["identity_resolved"] = resolved
    _billed(con, result, letters, params)
    if connection is None:
        con.close()
    return result


def _exact_comparison(output: str, column: str, m_exact: float, u_exact: float):
    """Null / exact match / else, with m and u fixed rather than learned (domain.md §11)."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl

    return cl.CustomComparison(
        output_column_name=output,
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column).configure(m_probability=m_exact, u_probability=u_exact),
            cll.ElseLevel().configure(m_probability=1 - m_exact, u_probability=1 - u_exact),
        ],
    )


def _splink(
    con: duckdb.DuckDBPyConnection,
    name: str,
    condition: str,
    already: set[str],
    lp: LinkageParams,
    window: int,
    tolerance: int,
) -> dict[str, tuple[int, float]]:
    """Splink over the rows the join missed; best candidate per SUS row above the threshold."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    letter_kind = name
    _fetch(
        con,
        "CREATE OR REPLACE TABLE linked AS SELECT unnest(?::VARCHAR[]) AS uid",
        [sorted(already)],
    )
    sus_filter = "s.kind = 'apc'" if name == "discharge" else "TRUE"
    _fetch(
        con,
        f"CREATE OR REPLACE TABLE p_sus AS SELECT s.uid AS unique_id, s.* EXCLUDE (uid) FROM sus s "
        f"WHERE {sus_filter} AND s.uid NOT IN (SELECT uid FROM linked)",
    )
    _fetch(
        con,
        f"CREATE OR REPLACE TABLE p_letters AS SELECT uid AS unique_id, * EXCLUDE (uid, idx) "
        f"FROM letters WHERE kind = '{letter_kind}'",
    )
    ((n_sus,),) = _fetch(con, "SELECT count(*) FROM p_sus")
    ((n_letters,),) = _fetch(con, "SELECT count(*) FROM p_letters")
    if n_sus == 0 or n_letters == 0:
        return {}
    u_nhs = _u_exact(con, "nhs")
    u_birth = _u_exact(con, "birth")
    u_practice = _u_exact(con, "practice")
    u_close = min(1e-4, 50 * u_nhs)
    u_tfc = _u_exact(con, "tfc")
    u_provider = _u_exact(con, "provider")
    if name == "referral":
        window_sql = f"d_r BETWEEN d_l - {window} AND d_l"
        blocks = [
            block_on("provider", "tfc", "birth"),
            block_on("provider", "tfc", "nhs_p1"),
            block_on("provider", "tfc", "nhs_p2"),
        ]
    else:
        window_sql = f"d_r BETWEEN d_l - {tolerance} AND d_end_l + {tolerance}"
        blocks = [
            block_on("provider", "birth"),
            block_on("provider", "nhs_p1"),
            block_on("provider", "nhs_p2"),
        ]
    comparisons = [
        cl.CustomComparison(
            output_column_name="nhs",
            comparison_levels=[
                cll.NullLevel("nhs_raw"),
                cll.ExactMatchLevel("nhs_raw").configure(
                    m_probability=lp.m_nhs_exact, u_probability=u_nhs
                ),
                cll.DamerauLevenshteinLevel("nhs_raw", 2).configure(
                    m_probability=lp.m_nhs_close, u_probability=u_close
                ),
                cll.ElseLevel().configure(
                    m_probability=lp.m_nhs_other, u_probability=1 - u_nhs - u_close
                ),
            ],
        ),
        _exact_comparison("birth", "birth", lp.m_birth_exact, u_birth),
        _exact_comparison("practice", "practice", lp.m_practice_exact, u_practice),
        _exact_comparison("provider", "provider", lp.m_provider_exact, u_provider),
        _exact_comparison("specialty", "tfc", lp.m_specialty_exact, u_tfc),
        cl.CustomComparison(
            output_column_name="window",
            comparison_levels=[
                cll.CustomLevel("d_l IS NULL OR d_r IS NULL").configure(is_null_level=True),
                cll.CustomLevel(window_sql, label_for_charts="inside the rule's window").configure(
                    m_probability=lp.m_window, u_probability=lp.u_window
                ),
                cll.ElseLevel().configure(
                    m_probability=1 - lp.m_window, u_probability=1 - lp.u_window
                ),
            ],
        ),
    ]
    settings = SettingsCreator(
        link_type="link_only",
        comparisons=comparisons,
        blocking_rules_to_generate_predictions=blocks,
        probability_two_random_records_match=1.0 / max(n_letters, 2),
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )
    predictions = None
    if lp.backend == "spark":
        from pars.reconcile.linkage_spark import predict

        table = predict(con, settings, lp.match_weight_threshold)
    else:
        db_api = DuckDBAPI(connection=con)
        linker = Linker(
            [db_api.register("p_sus"), db_api.register("p_letters")],
            settings,
            log_level=logging.WARNING,
        )
        predictions = linker.inference.predict(threshold_match_weight=lp.match_weight_threshold)
        table = predictions.physical_name
    # Business rule as a hard filter: inside the window, and never overriding two valid,
    # different NHS numbers (that pair was the join's to make).
    rows = _fetch(
        con,
        f"""
        SELECT uid, idx, match_weight FROM (
          SELECT s.uid, r.idx, p.match_weight, row_number() OVER (
            PARTITION BY s.uid ORDER BY p.match_weight DESC, abs(s.d - r.d), r.idx) AS rn
          FROM {table} p
          JOIN sus s ON s.uid = CASE WHEN p.unique_id_l LIKE 'L%' THEN p.unique_id_r ELSE p.unique_id_l END
          JOIN letters r ON r.uid = CASE WHEN p.unique_id_l LIKE 'L%' THEN p.unique_id_l ELSE p.unique_id_r END
          WHERE {condition} AND s.provider = r.provider
            AND (s.nhs IS NULL OR r.nhs IS NULL OR s.nhs = r.nhs)
        ) WHERE rn = 1
        """,
    )
    if predictions is not None:
        predictions.drop_table_from_database_and_remove_from_cache()
    else:
        _fetch(con, f"DROP TABLE IF EXISTS {table}")
    return {uid: (idx, float(weight)) for uid, idx, weight in rows}


def _billed(
    con: duckdb.DuckDBPyConnection,
    result: LinkResult,
    letters: Sequence[Letter],
    params: ReconcileParams,
) -> None:
    """Referrals followed by SUS activity for that patient, provider and specialty in the window."""
    resolved = [(uid, nhs) for uid, nhs in result.resolved_nhs.items()]
    _fetch(
        con,
        "CREATE OR REPLACE TABLE resolved AS SELECT unnest(?::VARCHAR[]) AS uid, "
        "unnest(?::VARCHAR[]) AS nhs",
        [[uid for uid, _ in resolved], [nhs for _, nhs in resolved]],
    )
    window = params.unbilled_window_weeks * 7
    rows = _fetch(
        con,
        f"""
        SELECT DISTINCT r.idx FROM letters r
        JOIN (SELECT s.*, coalesce(s.nhs, v.nhs) AS rnhs FROM sus s LEFT JOIN resolved v USING (uid)) s
          ON s.rnhs = r.nhs AND s.provider = r.provider AND (s.tfc = r.tfc OR r.tfc = '*')
         AND s.d BETWEEN r.d AND r.d + {window}
        WHERE r.kind = 'referral'
        """,
    )
    result.billed_referrals = {idx for (idx,) in rows}
    result.billed_referrals.update(link.letter for link in result.referral.values())
    result.stats["billed_referrals"] = len(result.billed_referrals)
