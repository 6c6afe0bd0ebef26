"""Reading a JSON request body against its schema in api.schema: the same rules the OpenAPI document publishes.

Only the small subset of JSON Schema our request bodies use is understood (an object of string and boolean
properties with required names, lengths and a pattern, no other properties). Anything else is a BadRequest naming
the field, which the view answers with 400 {"error": "bad_request", "field": ..., "detail": ...}.
"""

import json
import re

from django.http import JsonResponse

JSON_TYPES = {"string": str, "boolean": bool}


class BadRequest(Exception):
    def __init__(self, field, detail):
        super().__init__(detail)
        self.field = field
        self.detail = detail

    def response(self):
        body = {"error": "bad_request", "field": self.field, "detail": self.detail}
        response = JsonResponse(body, status=400)
        response["Cache-Control"] = "no-store"
        return response


def is_json(request):
    return (request.content_type or "").lower() == "application/json"


def parse(request, schema):
    """The request's JSON object, checked against `schema`; an empty body counts as {}. Raises BadRequest."""
    if request.body and not is_json(request):
        raise BadRequest("body", "Send a JSON object with Content-Type: application/json.")
    try:
        data = json.loads(request.body.decode("utf-8")) if request.body else {}
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise BadRequest("body", "The body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise BadRequest("body", "The body must be a JSON object.")
    return validate(data, schema)


def validate(data, schema):
    properties = schema["properties"]
    for name in data:
        if name not in properties:
            raise BadRequest(name, f"Unknown field {name!r}.")
    for name in schema.get("required", ()):
        if name not in data:
            raise BadRequest(name, f"{name} is required.")
    for name, value in data.items():
        _check(name, value, properties[name])
    return data


def _check(name, value, rules):
    expected = JSON_TYPES[rules["type"]]
    if type(value) is not expected:
        raise BadRequest(name, f"{name} must be a {rules['type']}.")
    if expected is not str:
        return
    if len(value) < rules.get("minLength", 0):
        raise BadRequest(name, f"{name} must not be empty.")
    if len(value) > rules.get("maxLength", len(value)):
        raise BadRequest(name, f"{name} must be at most {rules['maxLength']} characters.")
    if "pattern" in rules and not re.search(rules["pattern"], value):
        raise BadRequest(name, f"{name} contains characters that are not allowed.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a \ud800 escape: no database or hash can take it
        raise BadRequest(name, f"{name} is not valid text.") from None
