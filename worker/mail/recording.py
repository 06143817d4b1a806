"""A sending run's "sent" records, each written while the next message is on its way.

Recording an accepted message is one database write that must be durable before the next
message is handed over: that is what keeps the exactly-once window to one message (see
worker.mail.outbox). On PostgreSQL it is a WAL flush, a few milliseconds, as long as
composing and transmitting a whole digest. So the record of message k is written by a
thread of this run while message k+1 is composed and sent up to its final "."; the sender
waits for the record (`settle`) just before that "." (the transport's `before_handover`),
and before any other write of its own. At every instant, at most one handed-over message
is not yet recorded, as before; only the waiting overlaps.

If the record fails, `settle` raises its error where the sender waits: message k+1 is then
not handed over (the transport drops the connection without the ".") and stays `sending`
after row k, which the lease resolution reads as "k in flight, k+1 never started".
"""
from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from typing import Any


class RecordAhead:
    """One record at a time in a thread of its own; settle() waits for it and raises its error."""

    def __init__(self, recorder: Any) -> None:
        self._recorder = recorder
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tw-sent-record")
        self._pending: Future[bool] | None = None

    def submit(self, delivery_id: int, message_id: str, at: datetime) -> None:
        """Start recording this delivery as sent; the previous record must have been settled."""
        if self._pending is not None:
            raise RuntimeError("the previous record was not settled before the next message was handed over")
        self._pending = self._thread.submit(self._recorder.record, delivery_id, message_id=message_id, now=at)

    def settle(self) -> None:
        """Wait until the record under way (if any) is committed; raise what it raised.

        A wait cut short (a time limit, Ctrl-C) leaves the record pending, so the run's clean-up
        waits for it again before its own writes.
        """
        pending = self._pending
        if pending is None:
            return
        try:
            pending.result()
        finally:
            if pending.done():
                self._pending = None

    def close(self) -> None:
        """Settle, then stop the thread and give the recorder's connection back."""
        try:
            self.settle()
        finally:
            self._thread.shutdown(wait=True)
            self._recorder.close()
