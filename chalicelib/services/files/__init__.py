"""Patient documents on appointments: presigned uploads, completion, downloads (``uploads``) and the pure rules
of names, types and sizes (``rules``)."""
