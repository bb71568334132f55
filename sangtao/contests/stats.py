"""Indicators that the contests app computes (see sangtao/plans/indicators.py)."""

INDICATORS = []
