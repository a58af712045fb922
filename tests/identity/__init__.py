"""Tests of the identity package."""
