"""Scoring and certification: hand-worked examples, properties, criteria as data, decisions."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mchch_xl.cli.commands import main
from mchch_xl.compute.scoring import certify, evaluate
from mchch_xl.domain import schema
from mchch_xl.domain.model import (
    Candidate,
    Criterion,
    Indicator,
    Kind,
    MasterData,
    Round,
    Score,
    Settings,
    TotalRule,
)
from mchch_xl.domain.thai import to_thai_digits
from mchch_xl.flows.pipeline import evaluate as evaluate_master
from mchch_xl.flows.pipeline import recalc
from tests.conftest import sheet_values

L = Kind.LEADER
CAND = Candidate(id="5707-L01", district="5707", kind=L, name="ทดสอบ")


def ind(code, lo=1, hi=5, w=1, must=False, pmin=None):
    return Indicator(
        year=2568,
        kind=L,
        code=code,
        text=code,
        min=lo,
        max=hi,
        weight=w,
        must_pass=must,
        pass_min=pmin,
    )


def bands(rule, *rows):
    return [
        Criterion(year=2568, kind=L, rule=rule, threshold=t, result=r, level=lv)
        for t, r, lv in rows
    ]


PERCENT = bands(
    TotalRule.WEIGHTED_PERCENT,
    (0, "ไม่ผ่าน", ""),
    (60, "ผ่าน", "ดี"),
    (75, "ผ่าน", "ดีมาก"),
    (90, "ผ่าน", "ดีเด่น"),
)
POINTS = bands(TotalRule.SUM, (0, "ไม่ผ่าน", ""), (15, "ผ่าน", "ดี"), (20, "ผ่าน", "ดีมาก"))


def test_sum_rule_by_hand():
    inds = [ind("A", w=2), ind("B"), ind("C")]  # max 2*5 + 5 + 5 = 20
    e = evaluate(CAND, inds, {Round.COMMITTEE: {"A": 4, "B": 3, "C": 5}}, POINTS)
    assert (e.total, e.max_total) == (16, 20)  # 4*2 + 3 + 5
    assert (e.result, e.level) == ("ผ่าน", "ดี")
    e = evaluate(CAND, inds, {Round.COMMITTEE: {"A": 5, "B": 5, "C": 5}}, POINTS)
    assert (e.total, e.result, e.level) == (
        20,
        "ผ่าน",
        "ดีมาก",
    )  # exactly on a threshold: the band above


def test_weighted_percent_rule_by_hand():
    inds = [ind("A", 1, 5, w=3), ind("B", 0, 10, w=1)]
    # A: 3*(4-1)/4 = 2.25 ; B: 1*(6-0)/10 = 0.6 ; (2.85 / 4) * 100 = 71.25
    e = evaluate(CAND, inds, {Round.COMMITTEE: {"A": 4, "B": 6}}, PERCENT)
    assert e.percent == pytest.approx(71.25) and (e.result, e.level) == ("ผ่าน", "ดี")
    # ties at the boundary: exactly 75 % is ดีมาก, 74.99 % is ดี
    e = evaluate(CAND, [ind("A", 0, 4)], {Round.COMMITTEE: {"A": 3}}, PERCENT)
    assert e.percent == 75 and e.level == "ดีมาก"
    e = evaluate(CAND, [ind("A", 0, 10000)], {Round.COMMITTEE: {"A": 7499}}, PERCENT)
    assert e.level == "ดี"


def test_must_pass_failure_overrides_a_high_total():
    inds = [ind("A", must=True, pmin=3), ind("B"), ind("C")]
    e = evaluate(CAND, inds, {Round.COMMITTEE: {"A": 2, "B": 5, "C": 5}}, PERCENT)
    # 75 % would be ดีมาก, but the must-pass indicator A is under its minimum
    assert e.percent == 75 and e.result == "ไม่ผ่าน" and e.level == "" and e.failed_must == ("A",)
    e = evaluate(CAND, inds, {Round.COMMITTEE: {"A": 3, "B": 5, "C": 5}}, PERCENT)
    assert e.result == "ผ่าน" and e.failed_must == ()


def test_a_missing_score_is_incomplete_not_zero():
    inds = [ind("A"), ind("B")]
    e = evaluate(CAND, inds, {Round.COMMITTEE: {"A": 5}}, PERCENT)
    assert e.result == "ไม่ครบ" and e.missing == ("B",) and e.total is None and e.percent is None


def test_improvement_and_deciding_round():
    inds = [ind("A", 0, 10)]
    rounds = {Round.BEFORE: {"A": 4}, Round.AFTER: {"A": 7}, Round.COMMITTEE: {"A": 6}}
    e = evaluate(CAND, inds, rounds, PERCENT)
    assert (e.before, e.after, e.improvement, e.percent) == (40, 70, 30, 60)
    e = evaluate(CAND, inds, rounds, PERCENT, deciding=Round.AFTER)
    assert e.percent == 70


scores_st = st.lists(st.integers(1, 5), min_size=4, max_size=4)


@given(scores_st, st.integers(0, 3), st.sampled_from([PERCENT, POINTS]))
def test_raising_a_score_never_lowers_the_result(values, which, table):
    inds = [ind("A", must=True, pmin=2), ind("B", w=2), ind("C"), ind("D")]
    base = dict(zip("ABCD", values))
    raised = dict(base)
    raised["ABCD"[which]] = min(5, raised["ABCD"[which]] + 1)
    a = evaluate(CAND, inds, {Round.COMMITTEE: base}, table)
    b = evaluate(CAND, inds, {Round.COMMITTEE: raised}, table)
    rank = lambda e: (e.result == "ผ่าน", e.band)  # noqa: E731
    assert rank(b) >= rank(a)


@given(
    st.lists(
        st.tuples(st.sampled_from(["5701", "5702"]), st.integers(1, 5), st.integers(1, 5)),
        max_size=20,
    ),
    st.randoms(),
)
def test_passed_never_exceeds_proposed_and_order_does_not_matter(rows, rnd):
    inds = [ind("A"), ind("B")]
    cands = [
        Candidate(id=f"c{i}", district=d, kind=L, name="x") for i, (d, _, _) in enumerate(rows)
    ]
    scores = [
        Score(candidate=f"c{i}", indicator=k, score=v)
        for i, (_, a, b) in enumerate(rows)
        for k, v in (("A", a), ("B", b))
    ]
    data = MasterData(Settings(), [], cands, inds, scores, PERCENT)
    cert = certify(data)
    shuffled = list(scores)
    rnd.shuffle(shuffled)
    again = certify(MasterData(Settings(), [], cands, inds, shuffled, PERCENT))
    assert [e.percent for e in cert.evaluations] == [e.percent for e in again.evaluations]
    for key, n in cert.proposed.items():
        assert cert.passed[key] <= n


def _criteria_row(path, kind_th, threshold):
    values = sheet_values(path, schema.CRITERIA.title)
    return next(i for i, r in enumerate(values, start=1) if r[1] == kind_th and r[3] == threshold)


def test_changing_the_criteria_changes_results_without_code(demo):
    before = evaluate_master(demo).results.certification
    wb = openpyxl.load_workbook(demo)
    ws = wb[schema.CRITERIA.title]
    row = _criteria_row(demo, "ผู้นำชุมชน", 60)
    ws.cell(row, 4).value = 85  # leaders now need 85 % to pass
    wb[schema.INDICATORS.title].append([2568, "ผู้นำชุมชน", "ใหม่", "L9.1", "ตัวชี้วัดใหม่", 0, 10, 2])
    wb.save(demo)
    recalc(demo)
    after = evaluate_master(demo).results.certification
    leaders = [k for k in before.passed if k[1] is Kind.LEADER]
    assert sum(after.passed[k] for k in leaders) < sum(before.passed[k] for k in leaders)
    # the new indicator has no scores yet: every leader is incomplete, and says so
    ev = [e for e in after.evaluations if e.candidate.kind is Kind.LEADER]
    assert {e.result for e in ev} == {"ไม่ครบ"} and all(e.missing == ("L9.1",) for e in ev)


def _results_rows(path):
    values = sheet_values(path, schema.RESULTS.title)
    return {r[3]: (i, r) for i, r in enumerate(values, start=1) if r[3] and i > 2}


def test_decisions_make_the_announcement(demo):
    rows = _results_rows(demo)
    wb = openpyxl.load_workbook(demo)
    ws = wb[schema.RESULTS.title]
    ws.cell(rows["5707-L01"][0], 12).value = "รับรอง"
    ws.cell(rows["5707-G01"][0], 12).value = "รับรอง"
    ws.cell(rows["5716-L01"][0], 12).value = "ไม่รับรอง"
    ws.cell(rows["5701-L01"][0], 12).value = "ผ่าน"  # not a decision
    wb.save(demo)
    run = recalc(demo)
    bad = [i for i in run.checked.report.issues if i.code == "CELL_008"]
    assert [(i.sheet, i.row, i.column, i.value) for i in bad] == [
        (schema.RESULTS.title, rows["5701-L01"][0], "L", "ผ่าน")
    ]
    kept = _results_rows(demo)
    assert kept["5707-L01"][1][11] == "รับรอง" and kept["5716-L01"][1][11] == "ไม่รับรอง"
    text = [r[0].strip() for r in sheet_values(demo, schema.ANNOUNCE.title) if r[0]]
    names = {c.id: to_thai_digits(c.name) for c in run.checked.data.candidates}  # printed form
    assert "อำเภอแม่จัน" in text and "อำเภอแม่ลาว" not in text
    assert f"๑. {names['5707-L01']} ระดับ{kept['5707-L01'][1][8]}" in text
    assert f"๑. {names['5707-G01']} ระดับ{kept['5707-G01'][1][8]}" in text
    assert "รวมผ่านการรับรองทั้งสิ้น ๒ หน่วยงาน" in text
    assert "รอพิจารณา (ยังไม่มีมติ) ๑๒๖ หน่วยงาน" in text  # 129 - 3 decided
    # the agenda is a paper for before the meeting: its resolutions stay dotted lines; the
    # minutes say what was decided, and what was not
    agenda = " ".join(r[0] for r in sheet_values(demo, schema.AGENDA.title) if r[0])
    assert "มติที่ประชุม รับรอง" not in agenda
    from mchch_xl.compute.fields import minutes

    item4 = minutes(run.checked.data, run.results)["items"][3]
    assert item4["resolution"] == "รับรองมาตรฐานการพัฒนาชุมชน จำนวน ๒ หน่วยงาน ประกอบด้วย"
    assert [c["label"] for c in item4["resolution_counts"]][4:] == ["มติไม่รับรอง", "ยังไม่มีมติ"]
    summary = sheet_values(demo, schema.SUMMARY.title)
    mae_chan = next(r for r in summary if r[0] == "5707")
    assert mae_chan[10] == 2


def test_summary_json_carries_results(demo_file):
    out = io.StringIO()
    assert main(["summary", str(demo_file), "--json"], out=out, err=io.StringIO()) == 0
    data = json.loads(out.getvalue())
    assert len(data["candidates"]) == 129
    first = data["candidates"][0]
    assert set(first) >= {
        "id",
        "total",
        "percent",
        "result",
        "level",
        "failed_must_pass",
        "improvement",
        "decision",
    }
    assert sum(data["passed"].values()) == sum(
        1 for c in data["candidates"] if c["result"] == "ผ่าน"
    )
    assert all(sum(d["passed"].values()) <= d["total"] for d in data["districts"])
    mae_chan = [c for c in data["candidates"] if c["district"] == "5707"]
    assert all(c["improvement"] is not None for c in mae_chan)
