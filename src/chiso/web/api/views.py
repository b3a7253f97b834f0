"""The account page "Mã truy cập API": make a token (shown once), list one's tokens, revoke one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from chiso.web.people.access import profile_of

from . import tokens
from .models import Token


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Tên gợi nhớ"),
        max_length=100,
        help_text=gettext_lazy("Ví dụ: Hệ thống báo cáo của tỉnh"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def token_page(request: HttpRequest) -> HttpResponse:
    profile_of(request.user)  # 403 for a user without a role
    form = TokenForm()
    secret = None
    status = 200
    if request.method == "POST":
        if request.POST.get("revoke"):
            token = Token.objects.filter(user=request.user, id=_int(request.POST["revoke"])).first()
            if token is None:
                messages.error(request, _("Không có mã truy cập này."))
            elif tokens.revoke(token, by=request.user):
                messages.success(request, _("Đã thu hồi mã “%(n)s”: từ nay mã này bị từ chối.") % {"n": token.name})
            return redirect(reverse("api:tokens"))
        form = TokenForm(request.POST)
        if form.is_valid():
            _token, secret = tokens.create(request.user, form.cleaned_data["name"], by=request.user)
            form = TokenForm()
        else:
            status = 400
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "secret": secret,
            "tokens": Token.objects.filter(user=request.user),
            "docs_url": reverse("api:openapi-view"),
        },
        status=status,
    )


def _int(text: str) -> int:
    return int(text) if text.isdigit() and len(text) < 18 else 0
