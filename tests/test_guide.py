"""The officer's guide (docs/คู่มือ.md) and the README: the guide's picture script runs on the
demo and every picture the guide shows exists; the README stays short and keeps its two
fresh-machine commands; the checks catalogue page lists every issue code."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from mchch_xl.domain.issues import CATALOGUE

from .conftest import soffice

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
GUIDE = DOCS / "คู่มือ.md"


def shown() -> list[str]:
    """The pictures the guide shows, as paths relative to docs/."""
    return re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", GUIDE.read_text("utf-8"))


def test_the_guide_shows_committed_pictures_for_every_step():
    pictures = shown()
    assert len(pictures) >= 13
    for picture in pictures:
        assert picture.startswith("pictures/") and picture.isascii(), picture
        assert (DOCS / picture).is_file(), picture
    steps = re.findall(r"^## .*\((.+)\)$", GUIDE.read_text("utf-8"), re.M)
    assert steps == [
        "new", "settings", "indicators", "forms", "import", "status", "draw", "packet",
        "the meeting", "decisions", "documents", "certificates", "next year",
    ]  # fmt: skip


@pytest.mark.libreoffice
@pytest.mark.slow
def test_the_picture_script_runs_on_the_demo_and_makes_every_picture(tmp_path):
    soffice()
    done = subprocess.run(
        [sys.executable, str(DOCS / "pictures.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=900,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for picture in shown():
        made = tmp_path / Path(picture).name
        assert made.is_file() and made.stat().st_size > 2000, picture
    made = sorted(p.name for p in tmp_path.glob("*.png"))
    assert made == sorted(p.name for p in (DOCS / "pictures").glob("*.png"))


def test_the_readme_is_short_and_keeps_the_two_commands():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert len(readme.splitlines()) <= 200
    assert "pip install . && mchch-xl demo" in readme
    assert 'pip install ".[test]" && pytest' in readme
    for link in re.findall(r"\]\((docs/[^)]+)\)", readme):
        assert (ROOT / link).is_file(), link


def test_the_checks_page_lists_every_issue_code():
    """docs/checks.md is made by ``python docs/checks.py``: run it after adding a code."""
    page = (DOCS / "checks.md").read_text("utf-8")
    missing = [code for code in CATALOGUE if f"`{code}`" not in page]
    assert not missing, f"run python docs/checks.py: {missing}"
