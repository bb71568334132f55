"""The emulation app's part of the REST API (assembled in sangtao/api/urls.py)."""

ROUTES = []
