"""Triage: score a symptom report into a disposition, calibrated, explained and escalated by red-flag rules."""
