"""one111's rows and values as FHIR R4 resources (fhir.resources R4B models, wire-compatible with R4 here)."""
