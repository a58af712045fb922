"""Closing the loop after a booking: tell the patient (a transactional outbox and its channels), move bookings a
failing service can no longer keep, hear the provider's side of each booking, and ask the patient how it went."""
