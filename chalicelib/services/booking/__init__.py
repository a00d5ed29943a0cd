"""Booking: a patient's hold and release of a slot (``holds``), booking, cancelling and rescheduling
(``appointments``), the status machine (``lifecycle`` over the pure, internal ``_policy``), who sees which appointment
(``views``), attendance confirmation (``attendance``) and iCalendar events (``calendar``). Booking announces what
happened; it never imports mail or realtime."""
