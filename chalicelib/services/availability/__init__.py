"""Availability: a doctor's slots, runs and weekly rules (``slots``), the guarded writes that keep slots from
overlapping (``writer``) and the pure arithmetic of runs across time zones (``arithmetic``)."""
