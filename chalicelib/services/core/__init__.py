"""What every capability shares: instants and spans (``times``), slot ids and the hold pointer (``slot_ids``),
transactions with named parts, conditions and page cursors (``dynamo``), who may do what (``authz``), what
happened and who listens (``announce``), the accounts concerned by a change (``people``) and links into the web
app (``links``). Nothing here imports another capability."""
