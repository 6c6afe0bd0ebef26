from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import include, path


def hello(request):
    return HttpResponse("hello")


def home(request):
    if not request.user.is_authenticated:
        return HttpResponseRedirect("/login/")
    return render(request, "home.html")  # the very page authsite serves a signed-in user at /


# The accounts routes are included only so the shared page template can reverse its links.
urlpatterns = [path("bare/", hello), path("", home, name="home"),
               path("", include("accounts.urls"))]
