"""Insight: the whole urgent-care system at a glance. Demand forecasts, the equity monitor, the anonymised export
and the operations summary. It reads the tables of record and never writes clinical data."""
