"""Long work done by the task queue (agenda notices to many, big PDFs), and the files kept
where every app server sees them (the database)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from events.extensions import Model
from events.models.base import (
    LabelledEnum,
    UTCDateTime,
    created_at_column,
    enum_type,
    updated_at_column,
)


class StoredFile(Model):
    """A file every app server must serve the same: uploaded agenda documents, PDFs made in
    the background, the PDF cache (`events.storage`)."""

    __tablename__ = "stored_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = created_at_column()


class JobStatus(LabelledEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class BackgroundJob(Model):
    """One piece of long work, written in the transaction that asks for it (so it is never
    lost) and run by the worker; its page shows the progress and, for a PDF, the file."""

    __tablename__ = "background_jobs"
    __table_args__ = (
        CheckConstraint("progress >= 0 AND progress <= 100", name="progress_is_a_percentage"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = updated_at_column()
    kind: Mapped[str] = mapped_column(String(40))  # "agenda_notice", "pdf"
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"),
                                          index=True)
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"))
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[JobStatus] = mapped_column(enum_type(JobStatus, "job_status"),
                                              default=JobStatus.QUEUED)
    progress: Mapped[int] = mapped_column(Integer, default=0)
    result_count: Mapped[int | None] = mapped_column(Integer)
    file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id",
                                                           ondelete="SET NULL"))
    error: Mapped[str | None] = mapped_column(Text)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    file: Mapped[StoredFile | None] = relationship()
