"""Ranking services for a triaged patient, holding a slot and booking it once. Imports models, triage, capacity."""
