"""Doctor-patient conversations: opening one (on a care relationship, services/records/care.py, or a claimed
urgent request), messages with client ids, read marks and unread counts, the live ``message`` push to the two
parties only, the 30-a-minute limit, and the unread-mail rule (``unread_mail``: one mail after 15 minutes unread,
at most one per conversation and party an hour, without the text). Storage: the ``conversations`` table."""
