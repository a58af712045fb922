"""Shared vocabulary and the tables of record. Imports no other project package."""
