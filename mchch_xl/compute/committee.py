"""Who came to the meeting: the committee sheet's attendance as the minutes list it.

Minutes (แบบที่ ๑๑ of the 2526 regulation) list ผู้มาประชุม, stand-ins noted, and ผู้ไม่มาประชุม
with the reason. Pure: members in, display-ready Thai fields out (digits as typed).
"""

from __future__ import annotations

from dataclasses import dataclass

from mchch_xl.domain.model import ABSENT, LEAVE, PRESENT, PROXY, CommitteeMember


@dataclass(frozen=True)
class Attendee:
    """One line of ผู้มาประชุม or ผู้ไม่มาประชุม."""

    name: str
    position: str = ""  # in their office
    role: str = ""  # in the committee
    proxy: str = ""  # who came in their place (มอบผู้แทน), else ""
    reason: str = ""  # why absent: หมายเหตุ, else "ลา" for ลา, else ""


def attendance(members: list[CommitteeMember]) -> tuple[list[Attendee], list[Attendee]]:
    """(present, absent), each in the members' order. Present: มา and มอบผู้แทน (the stand-in
    in ``proxy``); absent: ไม่มา and ลา, with the reason typed in หมายเหตุ, or "ลา" itself when
    none is typed. A member whose attendance is empty (the meeting has not been held, or the
    value was not one of the list) is in neither."""
    present: list[Attendee] = []
    absent: list[Attendee] = []
    for m in members:
        if m.attendance in (PRESENT, PROXY):
            proxy = m.proxy if m.attendance == PROXY else ""
            present.append(Attendee(m.name, m.position, m.role, proxy=proxy))
        elif m.attendance in (ABSENT, LEAVE):
            reason = m.note or (LEAVE if m.attendance == LEAVE else "")
            absent.append(Attendee(m.name, m.position, m.role, reason=reason))
    return present, absent


__all__ = ["Attendee", "attendance"]
