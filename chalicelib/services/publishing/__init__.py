"""The slot publication: every approved doctor's slots of the next weeks as SMART Scheduling Links (FHIR R4
``Location``, ``Schedule`` and ``Slot`` resources in NDJSON files, and the ``$bulk-publish`` manifest that lists
them). ``publication`` writes it (the schedule) and serves it (the API); internal: the FHIR shapes (``_fhir``).
Above the catalogue, whose directory names the doctors; nothing about patients is ever published."""
