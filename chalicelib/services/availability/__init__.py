"""Availability: a doctor's slots, runs and weekly rules (``slots``) and the appointment types they are published
for (``appointment_types``: a type decides its slots' length). Internal: the guarded writes that keep slots from
overlapping (``_writer``) and the pure arithmetic of runs across time zones (``_arithmetic``)."""
