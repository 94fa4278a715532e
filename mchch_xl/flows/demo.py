"""The embedded default: Chiang Rai 2568, as the province's letter of 25 April 2568 gives it.

The districts, their presentation order, the per-type counts and the meeting facts come from
the letter (``../shared/seeds``) and the checked district codes. Candidate records, indicators
and scores are SYNTHETIC SAMPLES: they match the letter's counts exactly, and every sheet that
holds them says so. The official 2568 indicator list is not public.
"""

from __future__ import annotations

import datetime as dt
import random

from mchch_xl.domain.model import KINDS, Break, District, Kind, OrderPolicy, Settings
from mchch_xl.domain.places import districts_of
from mchch_xl.domain.schema import INDICATORS

# ลำดับการนำเสนอ of the letter: district, ผู้นำชุมชน, กลุ่มองค์กรชุมชน, เครือข่ายชุมชน, ชุมชน
SEED_ORDER: tuple[tuple[str, int, int, int, int], ...] = (
    ("แม่จัน", 3, 2, 1, 2),
    ("เมืองเชียงราย", 5, 1, 1, 1),
    ("เวียงแก่น", 3, 4, 0, 1),
    ("เวียงชัย", 4, 1, 1, 1),
    ("พาน", 4, 1, 1, 1),
    ("เทิง", 4, 3, 1, 1),
    ("แม่สรวย", 3, 1, 2, 2),
    ("แม่สาย", 2, 1, 1, 1),
    ("พญาเม็งราย", 3, 1, 0, 1),
    ("เวียงป่าเป้า", 6, 1, 1, 1),
    ("ป่าแดด", 6, 1, 1, 1),
    ("แม่ลาว", 14, 1, 1, 1),
    ("เวียงเชียงรุ้ง", 3, 0, 1, 1),
    ("ดอยหลวง", 3, 1, 0, 1),
    ("ขุนตาล", 2, 1, 0, 1),
    ("เชียงของ", 2, 2, 1, 1),
    ("เชียงแสน", 3, 1, 1, 1),
    ("แม่ฟ้าหลวง", 1, 1, 0, 1),
)

LETTER = {
    "province": "เชียงราย",
    "fiscal_year": 2568,
    "meeting_no": 1,
    "meeting_date": dt.date(2025, 5, 1),
    "registration_time": dt.time(8, 30),
    "start_time": dt.time(9, 0),
    "minutes_per_district": 15,
    "breaks": (Break(dt.time(12), dt.time(13), "พักรับประทานอาหารกลางวัน"),),
    "venue": "ห้องประชุมพวงแสด ชั้น ๓ ศาลากลางจังหวัดเชียงราย อำเภอเมืองเชียงราย จังหวัดเชียงราย",
    "rsvp_deadline": dt.date(2025, 4, 28),
    "office": "สำนักงานพัฒนาชุมชนจังหวัดเชียงราย",
    "office_phone": "0 5317 7350",
    "coordinator": "นางสาวรุ่งนภา ถาคำดีบ",
    "coordinator_position": "นักวิชาการพัฒนาชุมชนปฏิบัติการ",
    "coordinator_phone": "093 137 9292",
    "coordinator_email": "rungnapa.neung@gmail.com",
    "coordinator_line": "01061701",
    "order_policy": OrderPolicy.MANUAL,
    # the letter itself (หนังสือเชิญประชุม): its heading, addressee, reference, signatory and unit
    "letter_urgency": "ด่วนที่สุด",
    "letter_no": "ขร 0019.2/ว 0096",
    "letter_date": dt.date(2025, 4, 25),
    "letter_subject": "การดำเนินงานระบบมาตรฐานการพัฒนาชุมชน (มชช.) ประจำปี 2568",
    "letter_to": "นายอำเภอทุกอำเภอ",
    "letter_reference": "หนังสือจังหวัดเชียงราย ที่ ขร 0019.2/ว 27089 ลงวันที่ 28 ตุลาคม 2567",
    "letter_address": "ศาลากลางจังหวัดเชียงราย; ถนนแม่ฟ้าหลวง ขร 57100",
    "signatory": "นายประสงค์ หล้าอ่อน",
    "signatory_position": "รองผู้ว่าราชการจังหวัดเชียงราย",
    "letter_unit": "สำนักงานพัฒนาชุมชนจังหวัด; กลุ่มงานส่งเสริมการพัฒนาชุมชน",
    # the minutes: chaired by the letter's signatory, recorded by its coordinator
    "chair": "นายประสงค์ หล้าอ่อน",
    "chair_position": "รองผู้ว่าราชการจังหวัดเชียงราย",
    "recorder": "นางสาวรุ่งนภา ถาคำดีบ",
    "recorder_position": "นักวิชาการพัฒนาชุมชนปฏิบัติการ",
}

SAMPLE_NOTE = (
    "ข้อมูลตัวอย่าง (สมมติ) เพื่อสาธิตระบบ: จำนวนตรงตามหนังสือจังหวัดเชียงราย ปี ๒๕๖๘ แต่รายชื่อไม่ใช่ข้อมูลจริง"
)
SAMPLE_INDICATOR_NOTE = (
    "ตัวชี้วัดตัวอย่าง ไม่ใช่หลักเกณฑ์ทางการ: ให้แทนที่ด้วยหลักเกณฑ์การประเมินผล"
    "ระบบมาตรฐานการพัฒนาชุมชน (มชช.) ของปีนั้น (เอกสารแนบ ๑)"
)

LETTERS = {Kind.LEADER: "L", Kind.GROUP: "G", Kind.NETWORK: "N", Kind.COMMUNITY: "C"}
_NAMES = {
    Kind.LEADER: "ผู้นำชุมชนตัวอย่าง",
    Kind.GROUP: "กลุ่มตัวอย่าง",
    Kind.NETWORK: "เครือข่ายตัวอย่าง",
    Kind.COMMUNITY: "ชุมชนตัวอย่าง",
}

# (component, text) per type: plausible wording, clearly a sample.
SAMPLE_INDICATORS: dict[Kind, tuple[tuple[str, str], ...]] = {
    Kind.LEADER: (
        ("คุณลักษณะผู้นำ", "มีวิสัยทัศน์และภาวะผู้นำ"),
        ("คุณลักษณะผู้นำ", "เป็นแบบอย่างที่ดีในการดำเนินชีวิต"),
        ("บทบาทในชุมชน", "ส่งเสริมการมีส่วนร่วมของคนในชุมชน"),
        ("บทบาทในชุมชน", "ใช้ข้อมูลและแผนชุมชนในการพัฒนา"),
        ("ผลงาน", "ได้รับการยอมรับจากชุมชนและหน่วยงาน"),
    ),
    Kind.GROUP: (
        ("การบริหารจัดการ", "มีโครงสร้างและระเบียบกลุ่มที่ชัดเจน"),
        ("การบริหารจัดการ", "มีการประชุมและบันทึกการประชุมสม่ำเสมอ"),
        ("การเงินและบัญชี", "มีระบบบัญชีที่ตรวจสอบได้"),
        ("ผลการดำเนินงาน", "สมาชิกได้รับประโยชน์จากกิจกรรมกลุ่ม"),
        ("ผลการดำเนินงาน", "มีการจัดสรรผลประโยชน์คืนสู่ชุมชน"),
    ),
    Kind.NETWORK: (
        ("การรวมตัว", "มีสมาชิกเครือข่ายและข้อตกลงร่วมกัน"),
        ("การรวมตัว", "มีการแลกเปลี่ยนเรียนรู้ระหว่างสมาชิก"),
        ("การบริหารจัดการ", "มีแผนงานและกิจกรรมของเครือข่าย"),
        ("ผลการดำเนินงาน", "เครือข่ายช่วยแก้ปัญหาของชุมชน"),
        ("ผลการดำเนินงาน", "ได้รับการสนับสนุนจากภาคีเครือข่าย"),
    ),
    Kind.COMMUNITY: (
        ("ข้อมูลและแผนชุมชน", "มีข้อมูลชุมชนที่เป็นปัจจุบัน"),
        ("ข้อมูลและแผนชุมชน", "มีแผนชุมชนที่นำไปใช้จริง"),
        ("การมีส่วนร่วม", "คนในชุมชนมีส่วนร่วมในกิจกรรมพัฒนา"),
        ("คุณภาพชีวิต", "ครัวเรือนมีรายได้และการออมเพิ่มขึ้น"),
        ("คุณภาพชีวิต", "ชุมชนจัดการสิ่งแวดล้อมได้ดี"),
    ),
}


def reference_districts(province: str) -> list[District]:
    """The districts of a province (Thai or English name, or 2-digit code) from the table
    shipped with the package, in code order; [] for an unknown province."""
    return [District(code=d.code, name=d.th) for d in districts_of(province)]


def sample_register(kind: Kind, i: int) -> list[object]:
    """The register columns of a sample candidate (schema.REGISTER_COLUMNS order). No national
    ID and no phone number: a made-up ID could be a real person's."""
    leader = kind is Kind.LEADER
    unit = kind in (Kind.GROUP, Kind.NETWORK, Kind.COMMUNITY)
    return [
        None,
        "ผู้ใหญ่บ้าน" if leader else None,
        None,
        i,
        "ตำบลตัวอย่าง",
        3 + i % 7,
        2560 - i % 5 if unit else None,
        15 + 5 * i if unit else None,
        f"ผู้ประสานงานตัวอย่าง {i}" if unit else None,
        None,
    ]


def demo_settings() -> Settings:
    return Settings(**LETTER)


def demo_districts() -> list[District]:
    position = {name: i for i, (name, *_rest) in enumerate(SEED_ORDER, start=1)}
    return [
        d.model_copy(update={"order": position[d.name]}) for d in reference_districts("เชียงราย")
    ]


def demo_tables() -> dict[str, list[list[object]]]:
    """Rows for each input sheet, in schema column order."""
    districts = demo_districts()
    code = {d.name: d.code for d in districts}
    candidates, scores, indicators = [], [], []
    for kind in KINDS:
        components: dict[str, int] = {}
        for component, text in SAMPLE_INDICATORS[kind]:
            c = components.setdefault(component, len(components) + 1)
            k, g = INDICATORS.index("kind"), INDICATORS.index("component")
            item = sum(1 for row in indicators if row[k] == kind.th and row[g] == component) + 1
            must = c == 1 and item == 1  # the first indicator of each type must reach 3
            indicators.append(
                [
                    2568,
                    kind.th,
                    component,
                    f"{LETTERS[kind]}{c}.{item}",
                    text,
                    1,
                    5,
                    1,
                    "ใช่" if must else None,
                    3 if must else None,
                ]
            )
    for name, *counts in SEED_ORDER:
        for kind, count in zip(KINDS, counts):
            for i in range(1, count + 1):
                cid = f"{code[name]}-{LETTERS[kind]}{i:02d}"
                candidates.append(
                    [
                        cid,
                        name,
                        kind.th,
                        f"{_NAMES[kind]} {i} อำเภอ{name}",
                        f"หมู่ที่ {i} ตำบลตัวอย่าง",
                        None,
                        "ข้อมูลตัวอย่าง",
                        *sample_register(kind, i),
                    ]
                )
                for ind in indicators:
                    if ind[1] == kind.th:
                        rng = random.Random(f"{cid}/{ind[3]}")
                        final = rng.choice((3, 4, 4, 5, 5))
                        scores.append([cid, ind[3], final, None])
                        if name == "แม่จัน":  # self-assessments of one district, to show progress
                            scores.append(
                                [
                                    cid,
                                    ind[3],
                                    max(1, final - rng.choice((1, 1, 2))),
                                    "ประเมินตนเองก่อนพัฒนา",
                                ]
                            )
                            scores.append([cid, ind[3], final, "ประเมินตนเองหลังพัฒนา"])
    return {
        "districts": [[d.code, d.name, d.order, None, None, None] for d in districts],
        "candidates": candidates,
        "indicators": indicators,
        "criteria": SAMPLE_CRITERIA,
        "scores": scores,
        "committee": SAMPLE_COMMITTEE,
    }


# The committee at the 2568 meeting: chaired by the letter's signatory, with the coordinator as
# assistant secretary; the other members' names are SAMPLES (the letter names no members).
SAMPLE_COMMITTEE = [
    [1, "นายประสงค์ หล้าอ่อน", "รองผู้ว่าราชการจังหวัดเชียงราย", "ประธานกรรมการ", "มา", None, None],
    [
        2,
        "นายธนพล ศรีตัวอย่าง",
        "ท้องถิ่นจังหวัดเชียงราย",
        "กรรมการ",
        "มอบผู้แทน",
        "นางสาวพิมพ์ชนก ใจตัวอย่าง",
        None,
    ],
    [3, "นางวิไลวรรณ คำตัวอย่าง", "เกษตรจังหวัดเชียงราย", "กรรมการ", "มา", None, None],
    [4, "นายสมศักดิ์ แก้วตัวอย่าง", "พาณิชย์จังหวัดเชียงราย", "กรรมการ", "ลา", None, "ติดราชการ"],
    [5, "นางสาวอรทัย บุญตัวอย่าง", "สหกรณ์จังหวัดเชียงราย", "กรรมการ", "มา", None, None],
    [
        6,
        "นายวีระพงษ์ ทองตัวอย่าง",
        "ผู้อำนวยการสำนักงานส่งเสริมการเรียนรู้ประจำจังหวัดเชียงราย",
        "กรรมการ",
        "มอบผู้แทน",
        "นายกิตติศักดิ์ มีตัวอย่าง",
        None,
    ],
    [7, "นางปราณี สุขตัวอย่าง", "วัฒนธรรมจังหวัดเชียงราย", "กรรมการ", "ลา", None, "ติดราชการ"],
    [8, "นายชัยวัฒน์ ดีตัวอย่าง", "พัฒนาการจังหวัดเชียงราย", "กรรมการและเลขานุการ", "มา", None, None],
    [
        9,
        "นางสาวรุ่งนภา ถาคำดีบ",
        "นักวิชาการพัฒนาชุมชนปฏิบัติการ",
        "ผู้ช่วยเลขานุการ",
        "มา",
        None,
        None,
    ],
]


# Sample cut-off tables: two types by weighted percentage, two by points (5 indicators of 1-5).
SAMPLE_CRITERIA = [
    *(
        [2568, k.th, "ร้อยละถ่วงน้ำหนัก", t, r, lv]
        for k in (Kind.LEADER, Kind.COMMUNITY)
        for t, r, lv in (
            (0, "ไม่ผ่าน", None),
            (60, "ผ่าน", "ดี"),
            (75, "ผ่าน", "ดีมาก"),
            (90, "ผ่าน", "ดีเด่น"),
        )
    ),
    *(
        [2568, k.th, "ผลรวมคะแนน", t, r, lv]
        for k in (Kind.GROUP, Kind.NETWORK)
        for t, r, lv in (
            (0, "ไม่ผ่าน", None),
            (15, "ผ่าน", "ดี"),
            (19, "ผ่าน", "ดีมาก"),
            (23, "ผ่าน", "ดีเด่น"),
        )
    ),
]


DEMO_NOTES = {
    "criteria": "เกณฑ์ตัวอย่าง ไม่ใช่เกณฑ์ทางการ: ให้แทนที่ด้วยเกณฑ์การตัดสินผลของปีนั้น",
    "candidates": SAMPLE_NOTE,
    "scores": "คะแนนตัวอย่าง (สมมติ) เพื่อสาธิตระบบ ไม่ใช่ผลการประเมินจริง",
    "indicators": SAMPLE_INDICATOR_NOTE,
    "committee": "รายชื่อกรรมการตัวอย่าง (สมมติ) ยกเว้นประธานและผู้ช่วยเลขานุการตามหนังสือจังหวัด: "
    "แทนที่ด้วยคำสั่งแต่งตั้งคณะกรรมการของจังหวัด",
}
