"""The embedded default: SQLite, debug on, demo data allowed."""

import datetime
import os

from .base import *  # noqa: F403
from .base import SANGTAO_TODAY, env_bool

DEBUG = env_bool("DEBUG", True)
SANGTAO_DEMO = env_bool("SANGTAO_DEMO", True)

if SANGTAO_DEMO and SANGTAO_TODAY is None and "SANGTAO_TODAY" not in os.environ:
    # The demo tells the 2024 seed plan as of mid-March 2024: half-way through its school year.
    SANGTAO_TODAY = datetime.date(2024, 3, 15)
