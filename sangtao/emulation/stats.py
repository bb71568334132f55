"""Indicators that the emulation app computes (see sangtao/plans/indicators.py)."""

INDICATORS = []
