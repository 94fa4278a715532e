"""argparse in Thai: usage, section titles, help and error messages.

argparse builds its English strings through ``gettext`` in its own module namespace; patching
that would change every parser in the process (pytest's too). Instead the parser and formatter
below override the few places those strings surface: the usage prefix, the two section titles,
the -h option, and ``error``, whose already-formatted English message is translated by pattern.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

USAGE_PREFIX = "วิธีใช้: "
POSITIONALS_TITLE = "ค่าที่ต้องระบุ"
OPTIONALS_TITLE = "ตัวเลือก"
HELP_TEXT = "แสดงวิธีใช้นี้แล้วจบ"
VERSION_TEXT = "แสดงรุ่นของโปรแกรมแล้วจบ"

# argparse's messages (Python 3.11–3.13) → Thai; {0}, {1} are the groups matched.
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.DOTALL), t)
    for p, t in (
        (r"the following arguments are required: (.*)", "ยังไม่ได้ระบุ: {0}"),
        (r"one of the arguments (.*) is required", "ต้องระบุอย่างใดอย่างหนึ่ง: {0}"),
        (
            r"invalid choice: '?(.*?)'? \(choose from (.*)\)",
            "ไม่มีตัวเลือก '{0}' (เลือกได้: {1})",
        ),
        (r"unrecognized arguments: (.*)", "ไม่รู้จัก: {0}"),
        (r"expected one argument", "ต้องตามด้วยค่าหนึ่งค่า"),
        (r"expected at least one argument", "ต้องตามด้วยค่าอย่างน้อยหนึ่งค่า"),
        (r"expected at most one argument", "ตามด้วยค่าได้ไม่เกินหนึ่งค่า"),
        (r"expected (\d+) arguments?", "ต้องตามด้วยค่า {0} ค่า"),
        (r"ambiguous option: (\S+) could match (.*)", "ตัวเลือก {0} กำกวม อาจหมายถึง {1}"),
        (r"not allowed with argument (.*)", "ใช้ร่วมกับ {0} ไม่ได้"),
        (r"ignored explicit argument (.*)", "ตัวเลือกนี้ไม่รับค่า {0}"),
        (r"invalid (\S+) value: (.*)", "ค่า {1} ไม่ถูกต้อง"),
    )
)
_ARGUMENT = re.compile(r"^argument (\S+?): (.*)$", re.DOTALL)


def translate(message: str) -> str:
    """One argparse error message in Thai (a message already in Thai is returned as is)."""
    where = ""
    if m := _ARGUMENT.match(message):
        name, message = m.groups()
        where = "คำสั่ง" if name in ("คำสั่ง", "command") else f"ตัวเลือก {name}"
    for pattern, thai in _MESSAGES:
        if m := pattern.fullmatch(message.strip()):
            message = thai.format(*m.groups())
            break
    message = message.replace("คำสั่ง, ", "").replace("'", "")
    return f"{where}: {message}" if where else message


class ThaiHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Thai usage prefix; descriptions and epilogs (examples, exit codes) keep their lines."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, USAGE_PREFIX if prefix is None else prefix)


class ThaiArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose every user-facing string is Thai."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", ThaiHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = POSITIONALS_TITLE
        self._optionals.title = OPTIONALS_TITLE
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP_TEXT
            )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: ผิดพลาด: {translate(message)}\nดูวิธีใช้: {self.prog} --help\n")


__all__ = ["ThaiArgumentParser", "ThaiHelpFormatter", "translate"]
