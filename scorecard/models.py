"""Measures, observations and alerts: how well we manage relationships."""
