"""Availability: a doctor's slots, runs and weekly rules (``slots``). Internal: the guarded writes that keep slots
from overlapping (``_writer``) and the pure arithmetic of runs across time zones (``_arithmetic``)."""
