"""Domain models and glossary.

Glossary (English identifier = Thai term the users see):
    district   = อำเภอ (official DOPA code, e.g. 5707 แม่จัน)
    candidate  = กลุ่มเป้าหมาย, a unit put forward for certification, of one Kind:
        LEADER    ผู้นำชุมชน
        GROUP     กลุ่ม/องค์กรชุมชน
        NETWORK   เครือข่ายองค์กรชุมชน
        COMMUNITY ชุมชน
    indicator  = ตัวชี้วัด (scored from min to max, with a weight)
    slot       = ช่วงเวลานำเสนอ of one district at the provincial committee meeting
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from mchch_xl.domain.thai import clean_text, fold_lookalikes, to_arabic_digits, whole


class Kind(StrEnum):
    LEADER = "leader"
    GROUP = "group"
    NETWORK = "network"
    COMMUNITY = "community"

    @property
    def th(self) -> str:
        """Full Thai name, as in the candidates sheet's dropdown."""
        return KIND_TH[self]

    @property
    def column(self) -> str:
        """The seed table's column header."""
        return KIND_COLUMN[self]

    @property
    def unit(self) -> str:
        """The counting word of agenda item 4 ("จำนวน ๗๑ คน")."""
        return KIND_UNIT[self]


KINDS = tuple(Kind)
KIND_TH = {
    Kind.LEADER: "ผู้นำชุมชน",
    Kind.GROUP: "กลุ่ม/องค์กรชุมชน",
    Kind.NETWORK: "เครือข่ายองค์กรชุมชน",
    Kind.COMMUNITY: "ชุมชน",
}
KIND_COLUMN = {
    Kind.LEADER: "ผู้นำชุมชน",
    Kind.GROUP: "กลุ่มองค์กรชุมชน",
    Kind.NETWORK: "เครือข่ายชุมชน",
    Kind.COMMUNITY: "ชุมชน",
}
KIND_UNIT = {Kind.LEADER: "คน", Kind.GROUP: "กลุ่ม", Kind.NETWORK: "เครือข่าย", Kind.COMMUNITY: "ชุมชน"}
KIND_ALIASES: dict[str, Kind] = {}
for _k in KINDS:
    for _name in (_k.value, _k.th, _k.column, "ประเภท" + _k.th, "ประเภท" + _k.column):
        KIND_ALIASES[_name.replace(" ", "").lower()] = _k
KIND_ALIASES.update(
    {"กลุ่ม": Kind.GROUP, "องค์กรชุมชน": Kind.GROUP, "เครือข่าย": Kind.NETWORK, "ผู้นำ": Kind.LEADER}
)


def parse_kind(text: str) -> Kind | None:
    return KIND_ALIASES.get(choice_key(text))


def choice_key(text: str) -> str:
    """How a typed choice is compared: without spaces, in lower case, and with sara am typed
    as nikhahit + sara aa ("ํา", which looks the same as "ำ") read as sara am."""
    return text.replace(" ", "").replace("\u0e4d\u0e32", "\u0e33").lower()


class Round(StrEnum):
    """Assessment rounds of the seed's steps (ประเมินตนเองก่อน/หลังการพัฒนา, ตรวจประเมินโดยคณะกรรมการอำเภอ)."""

    BEFORE = "before"
    AFTER = "after"
    COMMITTEE = "committee"

    @property
    def th(self) -> str:
        return ROUND_TH[self]


ROUND_TH = {
    Round.BEFORE: "ประเมินตนเองก่อนพัฒนา",
    Round.AFTER: "ประเมินตนเองหลังพัฒนา",
    Round.COMMITTEE: "คณะกรรมการอำเภอ",
}


class TotalRule(StrEnum):
    SUM = "sum"  # Σ score × weight, compared in points
    WEIGHTED_PERCENT = "weighted_percent"  # Σ weight × (score − min)/(max − min) / Σ weight × 100


RULE_TH = {TotalRule.SUM: "ผลรวมคะแนน", TotalRule.WEIGHTED_PERCENT: "ร้อยละถ่วงน้ำหนัก"}
DECISIONS = ("รับรอง", "ไม่รับรอง", "ให้ปรับปรุง")
CERTIFIED = DECISIONS[0]
PASS, FAIL, INCOMPLETE, NO_CRITERIA = "ผ่าน", "ไม่ผ่าน", "ไม่ครบ", "ยังไม่มีเกณฑ์"


# การมาประชุม of a committee member (แบบที่ ๑๑ of the 2526 regulation: ผู้มาประชุม with stand-ins
# noted, ผู้ไม่มาประชุม with the reason)
PRESENT, ABSENT, LEAVE, PROXY = "มา", "ไม่มา", "ลา", "มอบผู้แทน"
ATTENDANCE = (PRESENT, ABSENT, LEAVE, PROXY)


class OrderPolicy(StrEnum):
    MANUAL = "manual"
    CODE = "code"
    ALPHABETICAL = "alphabetical"
    LOTTERY = "lottery"


ORDER_POLICY_TH = {
    OrderPolicy.MANUAL: "กำหนดเอง",
    OrderPolicy.CODE: "ตามรหัสอำเภอ",
    OrderPolicy.ALPHABETICAL: "ตามตัวอักษร",
    OrderPolicy.LOTTERY: "จับสลาก",
}
DIGITS_TH = {"thai": "ไทย", "arabic": "อารบิก"}


@dataclass(frozen=True, order=True)
class Break:
    start: dt.time
    end: dt.time
    label: str = "พัก"


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


class District(_Row):
    code: str = Field(pattern=r"^\d{4}$")
    name: str = Field(min_length=1)
    order: int | None = Field(default=None, ge=1)
    contact: str = ""
    phone: str = ""
    email: str = ""


class Candidate(_Row):
    id: str = Field(min_length=1)
    district: str = Field(pattern=r"^\d{4}$")
    kind: Kind
    name: str = Field(min_length=1)
    place: str = ""
    assessed: dt.date | None = None  # the district committee's assessment (วันที่ตรวจประเมิน)
    note: str = ""
    # the register (optional; schema.REGISTER_COLUMNS says which types each is for)
    national_id: str = Field(default="", pattern=r"^(\d{13})?$")  # full, in the master only
    position: str = ""
    address: str = ""
    village: int | None = Field(default=None, ge=1, le=99)
    subdistrict: str = ""
    years: float | None = Field(default=None, ge=0, le=150)  # in the community / of activity
    founded: int | None = Field(default=None, ge=2400, le=2700)  # Buddhist era
    members: int | None = Field(default=None, ge=0)
    contact: str = ""
    contact_phone: str = ""


_DISTRICT_PREFIX = re.compile(r"^(?:อำเภอ|อ\.)\s*")


def district_key(text: object) -> str:
    """The one normal form of a district as typed: "อ. แม่จัน", "อำเภอแม่จัน ", "แม่จัน" → "แม่จัน";
    "๕๗๐๗" → "5707". Used by the master check, the import and the template file names alike."""
    text = whole(text)
    text = fold_lookalikes(to_arabic_digits(clean_text(str(text or ""))))
    return _DISTRICT_PREFIX.sub("", text).replace(" ", "")


def id_key(value: object) -> str:
    """THE form an id is compared in (candidate ids from district files, the master and the
    certificate register): invisible characters and stray spaces gone, Thai digits made Arabic,
    look-alikes folded, 5.0 -> "5". Compared as typed, "5707-L03" with a zero-width space or as
    "๕๗๐๗-L๐๓" was a candidate removed, and another district's id written so was not that
    district's."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _id_text(str(value))


@functools.lru_cache(maxsize=1 << 16)
def _id_text(text: str) -> str:
    """``id_key`` of a text, remembered: an import compares each id a dozen times."""
    return fold_lookalikes(to_arabic_digits(clean_text(text)))


class DistrictIndex:
    """District code by code or by name, through ``district_key``."""

    def __init__(self, districts: list[District]):
        self.by_key: dict[str, str] = {}
        for d in districts:
            self.by_key.setdefault(district_key(d.name), d.code)
        for d in districts:
            self.by_key[district_key(d.code)] = d.code
        self.names = {d.code: d.name for d in districts}

    def code(self, text: object) -> str | None:
        return self.by_key.get(district_key(text))

    def close(self, text: object, n: int = 3) -> list[str]:
        """The codes of up to ``n`` districts whose name or code is closest to ``text``."""
        import difflib  # only for a district not found

        keys = difflib.get_close_matches(district_key(text), list(self.by_key), n=n, cutoff=0.6)
        return list(dict.fromkeys(self.by_key[k] for k in keys))


def fiscal_year_span(year_be: int) -> tuple[dt.date, dt.date]:
    """A Thai fiscal year runs from 1 October of the previous year to 30 September."""
    ce = year_be - 543
    return dt.date(ce - 1, 10, 1), dt.date(ce, 9, 30)


class Indicator(_Row):
    year: int = Field(ge=2400, le=2700)
    kind: Kind
    component: str = ""
    code: str = Field(min_length=1)
    text: str = Field(min_length=1)
    min: float = 0
    max: float
    weight: float = Field(default=1, ge=0)
    must_pass: bool = False  # ตัวชี้วัดที่ต้องผ่าน: a score under pass_min fails the candidate
    pass_min: float | None = None

    @model_validator(mode="after")
    def _range(self) -> Indicator:
        if self.min > self.max:
            raise ValueError("range")
        return self

    @property
    def must_min(self) -> float | None:
        """The minimum a must-pass indicator needs (its pass_min, else its scale's minimum)."""
        if not self.must_pass:
            return None
        return self.pass_min if self.pass_min is not None else self.min


class Criterion(_Row):
    """One band of the cut-off table: a total from ``threshold`` up gives ``result``/``level``."""

    year: int = Field(ge=2400, le=2700)
    kind: Kind
    rule: TotalRule = TotalRule.WEIGHTED_PERCENT
    threshold: float
    result: str = Field(min_length=1)
    level: str = ""


class Score(_Row):
    """A score row as validated (the checks); what is kept of it is a ``ScoreRow``."""

    candidate: str = Field(min_length=1)
    indicator: str = Field(min_length=1)
    score: float
    round: Round = Round.COMMITTEE

    def row(self) -> ScoreRow:
        return ScoreRow(self.candidate, self.indicator, self.score, self.round)


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """A checked score, as the computation reads it: the same fields as ``Score`` in an eighth
    of the memory (a national master holds about 190,000 of them)."""

    candidate: str
    indicator: str
    score: float
    round: Round = Round.COMMITTEE


class CommitteeMember(_Row):
    """A member of the provincial committee (sheet คณะกรรมการ), in sheet order."""

    no: int | None = Field(default=None, ge=1)  # ลำดับ as typed
    name: str = Field(min_length=1)
    position: str = ""  # in their office, e.g. เกษตรจังหวัดเชียงราย
    role: str = ""  # in the committee, e.g. ประธานกรรมการ, กรรมการและเลขานุการ
    # one of ATTENDANCE, or "" (not known yet, or a value outside the list: flagged, kept as typed)
    attendance: Literal["", "มา", "ไม่มา", "ลา", "มอบผู้แทน"] = ""
    proxy: str = ""  # ผู้แทน: who came in the member's place
    note: str = ""  # หมายเหตุ: the reason for an absence, e.g. ติดราชการ


class Settings(_Row):
    """The meeting and office facts of one year (sheet ตั้งค่า)."""

    province: str = ""
    fiscal_year: int = Field(default=2568, ge=2400, le=2700)
    meeting_no: int = 1
    meeting_title: str = ""
    meeting_date: dt.date | None = None
    registration_time: dt.time = dt.time(8, 30)
    start_time: dt.time = dt.time(9, 0)
    minutes_per_district: int = Field(default=15, ge=1, le=240)
    breaks: tuple[Break, ...] = (Break(dt.time(12), dt.time(13), "พักรับประทานอาหารกลางวัน"),)
    venue: str = ""
    rsvp_deadline: dt.date | None = None
    office: str = ""
    office_phone: str = ""
    coordinator: str = ""
    coordinator_position: str = ""
    coordinator_phone: str = ""
    coordinator_email: str = ""
    coordinator_line: str = ""
    deciding_round: Round = Round.COMMITTEE
    order_policy: OrderPolicy = OrderPolicy.MANUAL
    lottery_seed: int | None = None
    lottery_drawn_at: str = ""  # when the lottery was drawn ("5/3/2568 14:02:11")
    lottery_drawn_by: str = ""  # the machine's user who drew it
    digits: str = "thai"
    # the invitation letter (หนังสือภายนอก, ระเบียบงานสารบรรณ) and the minutes
    letter_urgency: str = ""
    letter_no: str = ""
    letter_date: dt.date | None = None
    letter_subject: str = ""
    letter_to: str = ""
    letter_reference: str = ""
    letter_address: str = ""
    signatory: str = ""
    signatory_position: str = ""
    letter_unit: str = ""
    emblem: str = ""
    chair: str = ""
    chair_position: str = ""
    opened_time: dt.time | None = None
    closed_time: dt.time | None = None
    recorder: str = ""
    recorder_position: str = ""
    checker: str = ""
    checker_position: str = ""

    @property
    def subject(self) -> str:
        """เรื่อง of the letter (the seed's wording when the setting is empty)."""
        return self.letter_subject or (
            f"การดำเนินงานระบบมาตรฐานการพัฒนาชุมชน (มชช.) ประจำปี {self.fiscal_year}"
        )

    @property
    def thai_digits(self) -> bool:
        return self.digits != "arabic"

    @property
    def committee(self) -> str:
        return f"คณะกรรมการรับรองมาตรฐานการพัฒนาชุมชนจังหวัด จังหวัด{self.province}"

    @property
    def title(self) -> str:
        return self.meeting_title or f"การประชุม{self.committee}"


@dataclass
class MasterData:
    """Everything the computation needs, parsed and checked (valid rows only)."""

    settings: Settings
    districts: list[District] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    scores: list[ScoreRow] = field(default_factory=list)
    criteria: list[Criterion] = field(default_factory=list)
    responses: dict[str, dict[str, object]] = field(default_factory=dict)
    decisions: dict[str, dict[str, object]] = field(default_factory=dict)  # candidate id -> มติ
    # the decision columns as typed (valid or not), written back so that nothing typed is erased
    typed_decisions: dict[str, dict[str, object]] = field(default_factory=dict)
    history: list = field(default_factory=list)  # history.Certified of earlier years (new --from)
    committee: list[CommitteeMember] = field(default_factory=list)  # คณะกรรมการ, in sheet order
    resolutions: dict[str, dict[str, object]] = field(default_factory=dict)  # agenda item -> มติ
    # columns staff added to an output sheet: title -> (headers, row key -> header -> value)
    staff_columns: dict[str, tuple[list[str], dict[str, dict[str, object]]]] = field(
        default_factory=dict
    )
    imports: list[dict[str, object]] = field(default_factory=list)  # ประวัติการนำเข้า, oldest first
    # what was made beside the master, by what (flows look): "forms" (district templates of
    # its year and districts), "other_forms" (another year's or province's, not counted),
    # "documents" (Word files, PDFs) -> file names
    made: dict[str, tuple[str, ...]] = field(default_factory=dict)
