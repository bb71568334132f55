"""Indicators that the initiatives app computes (see sangtao/plans/indicators.py)."""

INDICATORS = []
