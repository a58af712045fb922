"""The record that follows the patient: identity, matching, the shared summary, encounters and who may look.

Everything identifying is sealed at rest with `models.crypto` (each function that writes or reads takes the
keyring); lookups go through keyed digests. Interfaces for the layers above:

- `patients.summary.summary_for(session, keyring, patient_id)`: the current summary (allergies, medicines,
  conditions, special notes, consent) as plain values, for the clinician callback queue and handovers.
- `patients.records.contact_for(session, keyring, patient_id)`: the phone and email to reach the patient, for notify.
- `patients.records.registered_practice(session, patient_id)`: the registered GP practice's ODS code, for routing.
"""
