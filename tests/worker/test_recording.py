"""RecordAhead: one "sent" record at a time in a thread, waited for before the next handover."""
from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest

from targetwatch.worker.mail.recording import RecordAhead

T0 = datetime(2026, 3, 5, 8, 0, tzinfo=UTC)


class GatedRecorder:
    """Records only when the test opens the gate; a negative id fails like a database that went away."""

    def __init__(self) -> None:
        self.gate = threading.Event()
        self.recorded: list[int] = []
        self.closed = False

    def record(self, delivery_id: int, *, message_id: str, now: datetime) -> bool:
        assert self.gate.wait(10)
        if delivery_id < 0:
            raise ConnectionError("the database went away")
        self.recorded.append(delivery_id)
        return True

    def close(self) -> None:
        self.closed = True


def test_settle_waits_for_the_record_and_a_second_handover_cannot_skip_it() -> None:
    recorder = GatedRecorder()
    ahead = RecordAhead(recorder)
    try:
        ahead.submit(1, "<m1@x>", T0)
        assert recorder.recorded == [], "written in the background"
        with pytest.raises(RuntimeError, match="not settled"):
            ahead.submit(2, "<m2@x>", T0)
        threading.Timer(0.2, recorder.gate.set).start()
        ahead.settle()
        assert recorder.recorded == [1]
    finally:
        recorder.gate.set()
        ahead.close()
    assert recorder.closed


def test_a_failed_record_is_raised_once_where_the_sender_waits() -> None:
    recorder = GatedRecorder()
    recorder.gate.set()
    ahead = RecordAhead(recorder)
    ahead.submit(-1, "<m1@x>", T0)
    with pytest.raises(ConnectionError):
        ahead.settle()
    ahead.settle()  # reported once; the run's clean-up does not trip over it again
    ahead.submit(3, "<m3@x>", T0)
    ahead.close()
    assert recorder.recorded == [3] and recorder.closed
