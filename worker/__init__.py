"""The service side of targetwatch: the CLI, the Celery app, schedules, tasks and delivery."""
