"""Patient documents on appointments: presigned uploads, completion, downloads (``uploads``). Internal: the pure
rules of names, types and sizes (``_rules``)."""
