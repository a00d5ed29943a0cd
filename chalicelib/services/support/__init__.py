"""Support tickets: any signed-in user opens one, admins work the queue (``tickets``); who may change a ticket's
status to what, as pure rules (``_rules``). Replies are announced (``core.announce.SupportReplied``): mail and
realtime tell the other side. Admins' internal notes never leave the admins' answers."""
