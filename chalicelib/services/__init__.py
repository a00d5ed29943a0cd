"""The rules of DocSpot, one package per capability (docs/architecture.md, "Packages and their arrows").

``core`` is what every capability shares; the others are named after what they do. A capability calls another
only through its public modules (those without a leading underscore); the import contract in ``pyproject.toml``
keeps the arrows pointing down.
"""
