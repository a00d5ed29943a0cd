"""E-mail: the outbox of failed sends (``outbox``), the announcement listener that mails appointment changes,
offers and account events (``listener``) and the reminder run (``reminders``). Internal: templates
(``_templates``) and composing and sending (``_messages``)."""
