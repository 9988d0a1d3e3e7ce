"""Long work run by the task queue: asked for in a transaction (`request_job`), run by the
worker (`run`), its progress and result shown on the job's page (`views`)."""
