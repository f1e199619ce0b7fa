"""The web app and JSON API (FastAPI): `create_app(settings)`; served by `synoptic serve`."""

from synoptic.present.web.app import create_app

__all__ = ["create_app"]
