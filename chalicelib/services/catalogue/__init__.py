"""The catalogue: specialties (``specialties``), doctors and the onboarding queue (``doctors``), the cached
directory of approved doctors (``directory``) and its typo-tolerant ranking (``search_ranking``)."""
