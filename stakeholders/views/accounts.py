"""An organisation's account: its levels, manager, team, picket fence and strategy."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from core.forms import add_validation_errors
from stakeholders import access, services
from stakeholders.forms import AccountForm
from stakeholders.models import Account, Level
from stakeholders.views.common import crumbs_of, form_page, organisation_or_404, refuse


@require_http_methods(["GET", "POST"])
def account_edit(request, pk):
    """The account of top-level organisation `pk`, created on first save."""
    organisation = organisation_or_404(request, pk)
    if organisation.parent_id is not None:
        return redirect("account_edit", pk=organisation.root_id)
    if not access.can_write_at(request.user, organisation):
        return refuse(request, organisation)
    account = Account.objects.filter(organisation=organisation).first()
    # Who holds the fence is for administrators and the account's manager; a new account's
    # fence, for whoever creates it as its manager.
    may_guard = access.is_admin(request.user) or (
        account.manager_id == request.user.pk if account else True
    )
    if account is not None:
        initial = {
            "current_level": account.current_level,
            "target_level": account.target_level,
            "manager": account.manager,
            "team": list(account.team.all()),
            "is_fenced": account.is_fenced,
            "strategy": account.strategy,
        }
    else:
        initial = {
            "current_level": Level.TRANSACTIONAL,
            "target_level": Level.PARTNER,
            "manager": request.user,
        }
    form = AccountForm(request.POST or None, initial=initial, may_guard=may_guard)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if k in form.changed_data}
        if account is None:
            changes = dict(form.cleaned_data)
        refused = access.account_guarded_changes(request.user, account, changes)
        if refused:
            form.add_error(
                None,
                "Only administrators and the account's manager may change "
                + ", ".join(refused)
                + ".",
            )
        else:
            try:
                services.account_upsert(organisation=organisation, **changes)
            except ValidationError as error:
                add_validation_errors(form, error)
            else:
                messages.success(request, f"Saved the account of {organisation.name}.")
                return redirect(organisation)
    return form_page(
        request,
        form,
        title=f"Account of {organisation.name}",
        submit="Save account",
        cancel=organisation.get_absolute_url(),
        crumbs=crumbs_of(organisation),
        intro=None
        if may_guard
        else "Only administrators and the account's manager change its manager, team and fence.",
    )
