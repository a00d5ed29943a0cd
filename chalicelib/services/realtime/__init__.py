"""Live push over WebSocket: topics (``topics``), the announcement listener that posts messages (``fanout``) and
the socket's own session (``session``). Internal: connections and their limits (``_connections``) and the
messages a change makes (``_events``)."""
