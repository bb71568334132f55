"""Indicators that the programmes app computes (see sangtao/plans/indicators.py)."""

INDICATORS = []
