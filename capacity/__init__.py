"""The service directory and the live capacity board. Imports only models."""
