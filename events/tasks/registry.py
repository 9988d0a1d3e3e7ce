"""Every module that declares tasks, imported once so that web processes and workers know
the same task names."""

import events.jobs.tasks
import events.outbox.schedule
import events.outbox.tasks  # noqa: F401
