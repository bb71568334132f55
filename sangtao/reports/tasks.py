"""Background work of the reports app, run by the task worker (django-tasks-db's db_worker)."""

from django.tasks import task

from . import services


@task()
def generate_report(report_id: int) -> int | None:
    """Write the next version of a report (its .docx, .xlsx and PDF); returns the version's number."""
    version = services.report_build(report_id=report_id)
    return version.number if version is not None else None
