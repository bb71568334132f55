"""Demo records of the contests app, on top of the demo plan (called by sangtao/demo's load_demo)."""

import datetime


def load_contests_demo(*, story_day: datetime.date) -> list[str]:
    """Create the demo records as of `story_day`; return the summary lines to print."""
    return []
