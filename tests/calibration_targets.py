"""A target the calibration and ensemble tests share: netto participation 2016 (CBS), as a targets file holds it."""

from __future__ import annotations

TARGET_NETTO = """
[[target]]
name = "netto_participation_2016"
value = 60.9
unit = "percent"
year = 2016
kind = "rate"
definition = "employed / population 15-75"
geography = "Oost-Groningen"
source = "CBS 83524NED"
uncertainty = { absolute = 0.5 }
"""
