"""Indicators that the training app computes (see sangtao/plans/indicators.py)."""

INDICATORS = []
