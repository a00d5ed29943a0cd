"""E-mail: templates (``templates``), composing and sending (``messages``), the outbox of failed sends
(``outbox``), the announcement listener that mails appointment changes, offers and account events
(``listener``) and the reminder run (``reminders``)."""
