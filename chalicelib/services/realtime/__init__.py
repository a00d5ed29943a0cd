"""Live push over WebSocket: connections and their limits (``connections``), topics (``topics``), the messages a
change makes (``events``), the announcement listener that posts them (``fanout``) and the socket's own session
(``session``)."""
