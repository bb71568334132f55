"""Indicators that the honours app computes (see sangtao/plans/indicators.py)."""

INDICATORS = []
