"""Imports of the Commission's projects exports in the web UI: upload, preview and import,
both in the background."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from atelier.core.audit import log_action
from atelier.core.imports import progress_recorder

from .. import importer
from ..models import ImportRun


def preview_import(upload, *, actor):
    """Check and store the upload, and leave its preview (a dry run) to the task worker.

    The file is read here, without touching the database, so that an unreadable file, missing
    columns or too many rows are answered on the form at once. Raises ImportFileError.
    """
    from ..tasks import preview_import_run

    # read_table refuses a file past ATELIER_IMPORT_MAX_ROWS.
    rows = importer.count_rows(importer.read_table(upload, upload.name))
    upload.seek(0)
    run = ImportRun(
        original_name=upload.name[:255],
        created_by=actor,
        state=ImportRun.State.PREVIEWING,
        total_rows=rows,
    )
    run.file.save(upload.name, upload, save=False)  # before the transaction, not inside it
    with transaction.atomic():
        run.save()
        log_action("programmes.import.preview", actor=actor, target=run, file=run.original_name)
        transaction.on_commit(lambda: preview_import_run.enqueue(run.pk))
    return run


def _reason(error):
    """An unexpected error as a coordinator is told it: an unreadable file by its cause, not
    by its path on the server."""
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return str(error)


def _fail(run, message):
    ImportRun.objects.filter(pk=run.pk).update(
        state=ImportRun.State.FAILED, error=message, finished=timezone.now()
    )


def execute_preview(run_id):
    """The background task's work: dry-run the stored file and keep what it would change.

    The dry run only reads, so however long the file, nobody waits for it.
    """
    run = ImportRun.objects.get(pk=run_id)
    if run.state != ImportRun.State.PREVIEWING:
        return run
    try:
        with run.file.open("rb") as handle:
            table = importer.read_table(handle, run.original_name)
        summary = importer.Importer(
            actor=run.created_by,
            dry_run=True,
            progress=progress_recorder(ImportRun.objects.filter(pk=run.pk), every=100),
        ).run(table)
    except importer.ImportFileError as error:
        _fail(run, str(error))
    except Exception as error:
        _fail(run, _("The preview could not be made: %(error)s") % {"error": _reason(error)})
        raise
    else:
        ImportRun.objects.filter(pk=run.pk).update(
            state=ImportRun.State.PREVIEWED,
            preview=summary.as_dict(),
            done_rows=summary.rows,
            total_rows=summary.rows,
        )
    run.refresh_from_db()
    return run


def confirm_import(run, *, actor):
    from ..tasks import run_import

    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.state == ImportRun.State.PREVIEWING:
            raise ValidationError(
                _("The preview is not ready yet: confirm the import once you have seen it."),
                code="previewing",
            )
        if run.state != ImportRun.State.PREVIEWED:
            raise ValidationError(_("This import has already been started."), code="started")
        run.state = ImportRun.State.QUEUED
        run.save(update_fields=["state"])
        log_action("programmes.import.confirm", actor=actor, target=run)
    transaction.on_commit(lambda: run_import.enqueue(run.pk))
    return run


def execute_import(run_id):
    """The background task's work: import the stored file, recording progress as it goes.

    Every row is committed on its own: a run that stops half-way keeps the rows it did, and
    importing the same file again completes it without duplicating anything.
    """
    run = ImportRun.objects.get(pk=run_id)
    if run.state not in (ImportRun.State.QUEUED, ImportRun.State.RUNNING):
        return run
    ImportRun.objects.filter(pk=run.pk).update(state=ImportRun.State.RUNNING, done_rows=0)
    try:
        with run.file.open("rb") as handle:
            summary = importer.import_projects(
                handle,
                name=run.original_name,
                actor=run.created_by,
                progress=progress_recorder(ImportRun.objects.filter(pk=run.pk)),
            )
    except importer.ImportFileError as error:
        _fail(run, str(error))
    except Exception as error:
        run.refresh_from_db(fields=["done_rows", "total_rows"])
        _fail(
            run,
            _(
                "The import stopped after %(done)s of %(total)s rows (%(error)s). Those rows "
                "are saved; importing the same file again completes the import."
            )
            % {"done": run.done_rows, "total": run.total_rows, "error": _reason(error)},
        )
        raise
    else:
        ImportRun.objects.filter(pk=run.pk).update(
            state=ImportRun.State.DONE,
            summary=summary.as_dict(),
            done_rows=summary.rows,
            total_rows=summary.rows,
            finished=timezone.now(),
            **summary.outcomes.run_fields(),
        )
    run.refresh_from_db()
    return run
