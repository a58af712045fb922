"""Tests of the triage.training package."""
