"""Suspected-cancer (2WW) referral criteria per site, for the proforma family.

Worded after the NICE NG12 referral criteria as referral forms print them;
each carries the ICD-10 prefixes of a referral reason it describes, so only
the matching box is ticked and the others stay as (unticked) distractors.
"""

from __future__ import annotations

# 2WW proforma criteria per site (TFC), each with the ICD-10 prefixes of a reason it describes.
LOWER_GI = (
    ("Rectal bleeding, aged 50 and over", ("K62.5",)),
    ("Change in bowel habit", ("R19.4",)),
    ("Iron-deficiency anaemia", ("D50",)),
    ("Positive FIT (10 micrograms Hb/g or more)", ("R19.5",)),
    ("Abdominal or rectal mass", ("R19.0",)),
)
TWO_WEEK_WAIT_CRITERIA: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "103": (
        ("Discrete breast lump, aged 30 and over", ("N63",)),
        ("Unilateral nipple discharge or retraction, aged 50 and over", ("N64.5", "N64.8")),
        ("Skin changes suggestive of breast cancer", ("N64.9",)),
        ("Unexplained axillary lump, aged 30 and over", ("R59.0",)),
    ),
    "104": LOWER_GI,
    "301": (
        ("Dysphagia", ("R13",)),
        ("Upper abdominal mass", ("R19.0",)),
        (
            "Weight loss with upper abdominal pain, reflux or dyspepsia, aged 55 and over",
            ("R63.4",),
        ),
        *LOWER_GI[:3],
    ),
    "101": (
        ("Visible haematuria, aged 45 and over", ("R31",)),
        ("PSA above the age-specific reference range", ("R79.8", "R97.2")),
        ("Prostate feels malignant on DRE", ("N42.9",)),
        ("Non-painful enlargement or change in shape of the testis", ("N50.8",)),
    ),
    "330": (
        (
            "Suspicious pigmented skin lesion (weighted 7-point checklist 3 or more)",
            ("D48.5", "D22", "C43"),
        ),
        ("Skin lesion suggestive of squamous cell carcinoma", ("C44.9",)),
        ("Dermoscopy suggestive of melanoma", ("C43",)),
    ),
    "120": (
        ("Unexplained lump in the neck", ("R22.1",)),
        ("Persistent unexplained hoarseness, aged 45 and over", ("R49.0",)),
        ("Unexplained oral ulceration for more than 3 weeks", ("K12",)),
    ),
    "502": (
        ("Postmenopausal bleeding, aged 55 and over", ("N95.0",)),
        ("Ovarian mass on imaging", ("N83",)),
        ("Unexplained vulval lump, ulceration or bleeding", ("N90",)),
    ),
    "340": (
        ("Chest X-ray suggestive of lung cancer", ("R91",)),
        ("Unexplained haemoptysis, aged 40 and over", ("R04.2",)),
    ),
    "302": (("Unexplained thyroid lump", ("E04",)),),
    "303": (
        ("Unexplained lymphadenopathy", ("R59",)),
        ("Unexplained splenomegaly", ("R16.1",)),
    ),
}
