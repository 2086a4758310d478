"""The import pages: upload a file, check its preview (and change the column mapping), import
it, follow its progress, and undo it; and the list pages' exports."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import add_validation_errors
from core.paging import page_of
from core.spreadsheets import FORMATS, spreadsheet_response
from exchange import services
from exchange.exports import TABLES, export_rows
from exchange.forms import ImportForm, MappingForm
from exchange.models import ImportBatch

IMPORTS_PAGE = 25


def _batch_or_404(request, pk) -> ImportBatch:
    return get_object_or_404(ImportBatch.objects.visible_to(request.user).defer("content"), pk=pk)


@require_GET
def import_list(request):
    batches = ImportBatch.objects.visible_to(request.user).defer("content", "preview", "errors")
    page = page_of(batches.select_related("created_by"), request, per_page=IMPORTS_PAGE)
    return render(request, "exchange/import_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
def import_new(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        try:
            batch = services.import_create(
                user=request.user, file_name=upload.name, content=upload.read(), **data
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return redirect(batch)
    return render(
        request, "exchange/import_new.html", {"form": form}, status=400 if form.is_bound else 200
    )


@require_GET
def import_detail(request, pk):
    batch = _batch_or_404(request, pk)
    if request.htmx and request.GET.get("progress"):
        response = render(request, "exchange/import_detail.html#progress", {"batch": batch})
        if batch.is_finished:
            response["HX-Refresh"] = "true"
        return response
    return _detail_page(request, batch)


def _detail_page(request, batch, mapping_form=None, status=200):
    pending = batch.dry_run and batch.is_finished and batch.status != ImportBatch.Status.FAILED
    if pending and mapping_form is None:
        mapping_form = MappingForm(batch=batch)
    importable = (
        pending
        and batch.status == ImportBatch.Status.DONE
        and ImportBatch.objects.filter(pk=batch.pk, content__isnull=False).exists()
    )
    return render(
        request,
        "exchange/import_detail.html",
        {
            "batch": batch,
            "mapping_form": mapping_form if batch.dry_run else None,
            "importable": importable,
        },
        status=status,
    )


@require_POST
def import_remap(request, pk):
    batch = _batch_or_404(request, pk)
    form = MappingForm(request.POST, batch=batch)
    if form.is_valid():
        try:
            services.import_remap(batch=_with_content(batch), mapping=form.mapping())
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Checked again with your column choices.")
            return redirect(batch)
    return _detail_page(request, batch, mapping_form=form, status=400)


@require_POST
def import_commit(request, pk):
    batch = _batch_or_404(request, pk)
    try:
        batch = services.import_commit(batch=_with_content(batch))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(batch)


@require_POST
def import_undo(request, pk):
    batch = _batch_or_404(request, pk)
    try:
        batch = services.import_undo(batch=batch, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        refused = len(batch.undo_refused)
        messages.success(
            request,
            "Import undone."
            + (f" {refused} rows changed since were left as they are." if refused else ""),
        )
    return redirect(batch)


def _with_content(batch: ImportBatch) -> ImportBatch:
    """The batch with its file, which the pages otherwise leave in the database."""
    return ImportBatch.objects.get(pk=batch.pk)


@require_GET
def export(request, kind, fmt):
    table = TABLES.get(kind)
    if table is None or fmt not in FORMATS:
        raise Http404("No such export.")
    header, rows = export_rows(table, request)
    return spreadsheet_response(fmt, kind, header, rows)
