"""Analytics: daily aggregates per doctor, specialty, clinic and the platform, maintained inside the transaction
of every change they count, read back with a bounded number of Queries, and exported as CSV.

The seam every status change goes through: ``aggregates.add_parts(tx, before, after)`` adds to an open
transaction the ADDs that move the counters from what ``before`` contributed to what ``after`` contributes
(``aggregates.visit(appointment, ...)`` builds either from an appointment; None for "did not exist"). Booking,
cancelling, moving and the status changes call it; a later change of a finished appointment's status (a
dispute's ``status_correction``) must call it too, in its own transaction, and the counters stay exact.
Publishing and removing slots call ``aggregates.add_published(tx, ...)``. Counting happens once because it is
part of the change's own transaction: the change and its counts commit together or not at all.

``report`` reads a range (one Query per scope shard) and groups it by day, week or month; ``exports`` writes the
CSV files (each export an audit entry); ``backfill`` rebuilds every counter from the appointments and slots
(``python -m tools.analytics_backfill``)."""
