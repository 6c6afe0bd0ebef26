from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static

from web.decorators import public


@public
def home(request):
    return render(request, "home.html")


@public
def favicon(request):
    """Clients that ask for /favicon.ico without reading the page's icon link get the icon, not a 404."""
    return redirect(static("favicon.svg"), permanent=True)


@public
def health(request):
    """For load balancers: the process is up (it does not touch Redis or the database)."""
    return JsonResponse({"status": "ok"})
