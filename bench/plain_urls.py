from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import include, path


def hello(request):
    return HttpResponse("hello")


def account(request):
    if not request.user.is_authenticated:
        return HttpResponseRedirect("/login/")
    return render(request, "accounts/account.html")  # the very page authsite serves


# The accounts routes are included only so the shared page template can reverse its links.
urlpatterns = [path("bare/", hello), path("account/", account), path("", hello, name="home"),
               path("", include("accounts.urls"))]
