from django.http import JsonResponse
from django.shortcuts import render

from web.decorators import public


@public
def home(request):
    return render(request, "home.html")


@public
def health(request):
    """For load balancers: the process is up (it does not touch Redis or the database)."""
    return JsonResponse({"status": "ok"})
