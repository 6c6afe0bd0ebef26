"""The "Locked accounts and IPs" page: every current lock (existing account or not), each with an unlock button."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from accounts import throttle
from web.errors import bad_request


def lockouts_view(modeladmin, request):
    if not modeladmin.has_unlock_user_permission(request):
        raise PermissionDenied
    if request.method == "POST":
        clear = {"account": throttle.clear_account_lock, "ip": throttle.clear_ip_lock}.get(request.POST.get("kind"))
        label = request.POST.get("label", "").strip()
        if clear is None or not label:
            return bad_request(request)
        clear(label, actor=request.user, request=request)
        modeladmin.message_user(request, f"Unlocked {label}.")
        return redirect("admin:accounts_lockouts")
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": "Locked accounts and IPs",
        "opts": modeladmin.model._meta,
        "locked_accounts": throttle.locked_accounts(),
        "locked_ips": throttle.locked_ips(),
    }
    return TemplateResponse(request, "admin/accounts/lockouts.html", context)
