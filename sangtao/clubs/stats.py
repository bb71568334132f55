"""Indicators that the clubs app computes (see sangtao/plans/indicators.py)."""

INDICATORS = []
