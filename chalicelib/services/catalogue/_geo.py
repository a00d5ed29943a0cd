"""Geohash cells and great-circle distances for the near search (no dependency: the arithmetic is short).

A geohash of precision p interleaves ceil(5p/2) bits of longitude with floor(5p/2) bits of latitude, so its cells
form a regular grid in degrees: precision 3 is 1.40625 x 1.40625 degrees (about 156 x 156 km at the equator),
precision 4 is 0.3515625 x 0.17578125 degrees (about 39 x 20 km). The cells covering a circle are those of the
grid meeting the circle's bounding box; the candidates they hold are then filtered by the exact distance.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz"
EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180
PRECISIONS = (4, 3)  # finest first
MAX_FINE_CELLS = 16  # a circle needing more precision-4 cells is searched with precision-3 ones


def encode(lat: float, lon: float, precision: int) -> str:
    """The geohash of a point (latitude, longitude in degrees)."""
    lat_range, lon_range = [-90.0, 90.0], [-180.0, 180.0]
    chars: list[str] = []
    bits, value, even = 0, 0, True
    while len(chars) < precision:
        window, coordinate = (lon_range, lon) if even else (lat_range, lat)
        middle = (window[0] + window[1]) / 2
        if coordinate >= middle:
            value = (value << 1) | 1
            window[0] = middle
        else:
            value <<= 1
            window[1] = middle
        even = not even
        bits += 1
        if bits == 5:
            chars.append(BASE32[value])
            bits, value = 0, 0
    return "".join(chars)


def cell_size(precision: int) -> tuple[float, float]:
    """(height, width) of a cell in degrees."""
    bits = 5 * precision
    return 180 / 2 ** (bits // 2), 360 / 2 ** ((bits + 1) // 2)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The haversine great-circle distance."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(frozen=True)
class Cover:
    precision: int
    cells: tuple[str, ...]


def _cells(lat: float, lon: float, radius_km: float, precision: int) -> list[str]:
    height, width = cell_size(precision)
    dlat = radius_km / KM_PER_DEGREE
    south, north = max(-90.0, lat - dlat), min(90.0, lat + dlat)
    widest = max(abs(south), abs(north))  # the bounding box is widest at the latitude nearest a pole
    if widest >= 89.9:
        west, east = -180.0, 180.0
    else:
        dlon = radius_km / (KM_PER_DEGREE * math.cos(math.radians(widest)))
        west, east = (-180.0, 180.0) if dlon >= 180 else (lon - dlon, lon + dlon)
    rows = range(math.floor((south + 90) / height), math.floor((min(north, 89.999999) + 90) / height) + 1)
    first, last = math.floor((west + 180) / width), math.floor((min(east, west + 359.999999) + 180) / width)
    columns = 360 / width
    found: dict[str, None] = {}
    for row in rows:
        centre_lat = -90 + (row + 0.5) * height
        for column in range(first, last + 1):
            centre_lon = -180 + ((column % columns) + 0.5) * width  # across the antimeridian, wrapped
            found[encode(centre_lat, centre_lon, precision)] = None
    return list(found)


def cover(lat: float, lon: float, radius_km: float) -> Cover:
    """The cells whose union holds every point within ``radius_km``: precision-4 cells when at most
    ``MAX_FINE_CELLS`` do, else precision-3 ones (at most 12 for 100 km up to 66 degrees of latitude)."""
    fine = _cells(lat, lon, radius_km, 4)
    if len(fine) <= MAX_FINE_CELLS:
        return Cover(4, tuple(fine))
    return Cover(3, tuple(_cells(lat, lon, radius_km, 3)))
