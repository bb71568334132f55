"""The embedded default: SQLite, debug on, demo data allowed."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SANGTAO_DEMO = env_bool("SANGTAO_DEMO", True)
