"""Ratings and reviews of visits: a patient's one review of a COMPLETED visit (``writing``), the doctor's reply and
anyone's report (``writing``), the public listing and the admin's queues (``listing``), hiding and unhiding
(``moderation``), and the doctor's rating, a running sum and count on the doctor moved in the same transactions
(``rating``)."""

from chalicelib.services.reviews.rating import rating_of

__all__ = ["rating_of"]
