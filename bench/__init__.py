"""Benchmarks: each *_bench.py module has a main() that writes bench/results/<name>.json."""
