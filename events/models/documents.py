"""Committee documents ("ISO/CASCO N 1234"), linked from agenda items."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from events.extensions import Model
from events.models.organisations import Committee


class Document(Model):
    """A committee document, e.g. "CASCO N 1234", linked from agenda items: a link to where it
    is kept, or a file uploaded here."""

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("committee_id", "reference"),
        CheckConstraint("url IS NULL OR stored_as IS NULL", name="link_or_file"),
        CheckConstraint("(stored_as IS NULL) = (file_name IS NULL)", name="file_has_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    committee_id: Mapped[int | None] = mapped_column(ForeignKey("committees.id"), index=True)
    reference: Mapped[str] = mapped_column(String(80))
    title: Mapped[str] = mapped_column(String(500))
    url: Mapped[str | None] = mapped_column(String(500))
    # An uploaded file: its name in the upload folder, and the name it was uploaded with.
    stored_as: Mapped[str | None] = mapped_column(String(80), unique=True)
    file_name: Mapped[str | None] = mapped_column(String(255))

    committee: Mapped[Committee | None] = relationship()
