"""Personal data: the Thai national ID (เลขประจำตัวประชาชน) and phone numbers, with masking.

The national ID has 13 digits d1…d13; d13 is the check digit
(11 − (Σ_{i=1..12} d_i × (14 − i)) mod 11) mod 10, and d1 is 1–8 (0 and 9 are not issued to
persons). This is the rule python-stdnum's ``stdnum.th.pin`` implements; it is matched here
(a dozen lines) rather than adding a dependency, and the tests check the same examples.

Under the PDPA (พ.ร.บ.คุ้มครองข้อมูลส่วนบุคคล พ.ศ. ๒๕๖๒) the master keeps the full ID, collected
on the office's public task (s.24(4)); every printed or shared output shows at most its last
digits, as ``x-xxxx-xxxxx-12-3``, and personal phone numbers keep only their last 4 digits.
"""

from __future__ import annotations

import re

from mchch_xl.domain.thai import to_arabic_digits, whole

_SEPARATORS = re.compile(r"[\s\-–.\u00a0\u200b]+")
# 13 digits in a text, Arabic or Thai, written together or grouped 1-4-5-2-1 by spaces or dashes
# (as on the card); other runs of digits, e.g. a table's counts "1 2 1 4 …", are not IDs.
_D = "[0-9๐-๙]"
_ID_IN_TEXT = re.compile(
    rf"(?<!{_D})(?:{_D}{{13}}|{_D}[ \-–]{_D}{{4}}[ \-–]{_D}{{5}}[ \-–]{_D}{{2}}"
    rf"[ \-–]{_D})(?!{_D})"
)
MASKED_ID = re.compile(r"^[xX×*]-?[xX×*]{4}-?[xX×*]{5}-?\d{2}-?\d$")


def normalise_id(text: object) -> str:
    """The digits of an ID as typed: Thai digits to Arabic, spaces and dashes removed."""
    text = whole(text)
    return _SEPARATORS.sub("", to_arabic_digits(str(text)))


def check_digit(first12: str) -> int:
    return (11 - sum(int(d) * (13 - i) for i, d in enumerate(first12)) % 11) % 10


def id_problem(digits: str) -> tuple[str, str] | None:
    """Why ``digits`` (normalised) is not a valid national ID, in (Thai, English); None if valid."""
    if not digits.isdigit():
        return "มีอักขระที่ไม่ใช่ตัวเลข", "contains characters other than digits"
    if len(digits) != 13:
        return f"มี {len(digits)} หลัก ต้องมี 13 หลัก", f"has {len(digits)} digits, needs 13"
    if digits[0] in "09":
        return f"หลักแรกเป็น {digits[0]} ซึ่งไม่ใช้กับบุคคล", f"first digit {digits[0]} is not used"
    if check_digit(digits[:12]) != int(digits[12]):
        return "เลขตรวจสอบ (หลักที่ 13) ไม่ถูกต้อง", "check digit (13th) is wrong"
    return None


def is_valid_id(text: object) -> bool:
    return id_problem(normalise_id(text)) is None


def mask_id(text: object) -> str:
    """``x-xxxx-xxxxx-12-3``: only the last three digits of a 13-digit ID stay (at most 4)."""
    digits = normalise_id(text)
    if len(digits) == 13 and digits.isdigit():
        return f"x-xxxx-xxxxx-{digits[10:12]}-{digits[12]}"
    if MASKED_ID.match(str(text)):
        return str(text)
    return "x" * max(len(digits) - 3, 0) + digits[-3:] if len(digits) > 3 else "xxx"


def redact(value: object) -> object:
    """``value`` with every valid national ID inside it masked (other values unchanged)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 10**12 <= value < 10**13 and float(value).is_integer() and is_valid_id(value):
            return mask_id(value)
        return value
    if not isinstance(value, str) or len(value) < 13:
        return value
    return _ID_IN_TEXT.sub(
        lambda m: mask_id(m.group()) if is_valid_id(m.group()) else m.group(), value
    )


def redact_tree(value: object) -> object:
    """``redact`` through dicts and lists (the summary JSON)."""
    if isinstance(value, dict):
        return {k: redact_tree(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_tree(v) for v in value]
    return redact(value)


def mask_phone(text: object) -> str:
    """A personal phone number for print: only its last 4 digits (``xxx-xxx-5678``)."""
    digits = re.sub(r"\D", "", to_arabic_digits(str(text or "")))
    if len(digits) <= 4:
        return "x" * len(digits)
    return (
        re.sub(r"\d", "x", "0" * (len(digits) - 4)) + digits[-4:]
        if len(digits) < 9
        else f"xxx-xxx-{digits[-4:]}"
    )


def full_ids_in(text: str) -> list[str]:
    """The valid national IDs written in full in ``text`` (normalised), for leak tests."""
    return [normalise_id(m.group()) for m in _ID_IN_TEXT.finditer(text) if is_valid_id(m.group())]


__all__ = [
    "MASKED_ID",
    "check_digit",
    "full_ids_in",
    "id_problem",
    "is_valid_id",
    "mask_id",
    "mask_phone",
    "normalise_id",
    "redact",
    "redact_tree",
]
