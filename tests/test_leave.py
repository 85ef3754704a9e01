"""Leave statuses: the stored status, the former `approved` flag, and how each looks."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from model.events import Absence, AbsenceKind, LeaveStatus
from model.leave import leave_look

DAY = date(2026, 12, 1)


def absence(**fields: object) -> Absence:
    return Absence.model_validate({"staff_id": "W1", "kind": "病假", "start": DAY, "end": DAY,
                                   **fields})


def test_status_is_stored_and_approved_is_derived():
    assert absence().status is LeaveStatus.APPROVED and absence().approved
    requested = absence(status="待批准")
    assert (requested.approved, requested.requested, requested.refused) == (False, True, False)
    refused = absence(status="已驳回")
    assert (refused.approved, refused.requested, refused.refused) == (False, False, True)
    assert "approved" not in absence().model_dump() and absence().model_dump()["status"] == "已批准"


def test_former_approved_flag_still_reads():
    assert absence(approved=True).status is LeaveStatus.APPROVED
    assert absence(approved=False).status is LeaveStatus.REQUESTED  # 否 meant 申请中
    assert absence(approved="no").status is LeaveStatus.REQUESTED
    # an explicit status wins over the former flag
    assert absence(approved=False, status="已驳回").status is LeaveStatus.REFUSED


def test_status_words_and_a_wrong_status():
    assert absence(status="未批准").status is LeaveStatus.REFUSED
    assert absence(status="申请中").status is LeaveStatus.REQUESTED
    with pytest.raises(ValidationError):
        absence(status="待定")


def test_each_status_looks_different():
    looks = [leave_look(s, AbsenceKind.SICK) for s in LeaveStatus]
    assert [look.label for look in looks] == ["已批准", "待批准", "已驳回"]
    assert len({(look.mark, look.colour, look.hatched) for look in looks}) == 3
    approved, requested, refused = looks
    assert approved.mark == "病" and approved.colour and not approved.hatched
    assert requested.mark == "病?" and requested.hatched
    assert refused.colour == "" and refused.mark == "驳"
    assert leave_look(LeaveStatus.APPROVED, AbsenceKind.TRAINING).mark == "培"


def test_app_absence_table_round_trips_the_status():
    from model.loaders import load_dataset
    from ui.tables import LEAVE_STATUSES, absences_frame, absences_from_frame

    data = load_dataset()
    frame = absences_frame(data)
    assert "状态" in frame.columns and "已批准" not in frame.columns
    assert set(frame["状态"]) == set(LEAVE_STATUSES)  # the embedded data has all three
    back, problems = absences_from_frame(frame)
    assert problems == [] and tuple(back) == data.absences
    frame.loc[0, "状态"] = "待定"
    assert absences_from_frame(frame)[1]  # a wrong status is reported
    frame.loc[0, "状态"] = None
    assert absences_from_frame(frame)[0][0].status is LeaveStatus.APPROVED  # blank: approved
