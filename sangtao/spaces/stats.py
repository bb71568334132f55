"""Indicators that the spaces app computes (see sangtao/plans/indicators.py)."""

INDICATORS = []
