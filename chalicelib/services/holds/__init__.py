"""Holds: a patient's 5-minute claim on a slot (15 minutes for a waitlist offer), placed and released in one
transaction each (``store``). One hold per patient, never two holds on one slot."""
