"""Analyses over many runs: sensitivity (SALib) and, later, calibration against targets."""
