"""The side effects of changes, read back from the DynamoDB streams of the tables that carry them.

A booking, a cancellation, a reschedule, a status move and an attendance confirmation write their change (and the
feed record, in the same transaction) and nothing else: the ``appointments`` and ``slots`` streams bring each
change here, ``changes`` turns a stream record back into the happenings the listeners already understand
(services/core/announce.py), and ``consumer`` runs each listener once per change, however often the stream
delivers it. The happenings a stream cannot carry (account mail, codes, support replies, holds, waitlist offers,
live messages) are still announced by their flows. See docs/architecture.md, "Side effects from the streams".
"""
