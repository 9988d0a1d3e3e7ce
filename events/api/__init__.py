"""The versioned JSON API (`/api/v1/`), its OpenAPI document and browsable page, and webhooks.

flask-smorest builds the OpenAPI document from the same marshmallow schemas that validate the
requests and shape the responses, so the document cannot drift from the code; it also brings
pagination and ETags, and works on a plain Flask app and blueprints (APIFlask would replace the
app class; flask-openapi3 ties the app to pydantic models we do not otherwise have).
"""

from __future__ import annotations

from flask import Flask
from flask_smorest import Api

API_PREFIX = "/api/v1"


class PlenariaApi(Api):
    """flask-smorest answers every HTTP error of the whole app in JSON; here only the API's own
    blueprint does (events.api.views), so the HTML pages keep their error pages."""

    def _register_error_handlers(self) -> None:
        return None


api = PlenariaApi()


def init_api(app: Flask) -> None:
    app.config.setdefault("API_TITLE", "Plenaria")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", API_PREFIX)
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("OPENAPI_SWAGGER_UI_PATH", "docs")
    # Vendored (static/vendor/swagger-ui): nothing is fetched from a CDN.
    app.config.setdefault("OPENAPI_SWAGGER_UI_URL", "/static/vendor/swagger-ui/")
    api.init_app(app, spec_kwargs={
        "info": {"description": (
            "Meetings, agendas, the directory, registrations and attendance of Plenaria. "
            "Public data needs no token; everything else takes a personal token from the "
            "account page (`Authorization: Bearer plen_…`), which carries its owner's rights.")},
    })
    api.spec.components.security_scheme(
        "token", {"type": "http", "scheme": "bearer", "description": "A personal API token"})

    from events.api import webhook_views  # noqa: F401 - its routes join the blueprint
    from events.api.views import blp
    from events.extensions import csrf

    csrf.exempt(blp)  # tokens in a header, never cookies: no cross-site request can use one
    api.register_blueprint(blp)
