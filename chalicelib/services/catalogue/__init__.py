"""The catalogue: specialties (``specialties``), doctors and the onboarding queue (``doctors``), clinics and where
doctors work (``clinics``), and the search's filters and orders by city, distance, mode, language, rating and next
free time (``search``). Internal: the cached directory of approved doctors (``_directory``), its typo-tolerant
ranking (``_search_ranking``) and the geohash arithmetic of the near search (``_geo``)."""
