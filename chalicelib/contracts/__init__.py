"""API shapes: validated inputs (``*Request``) and outputs (``*Out``), kept apart from the table models."""
