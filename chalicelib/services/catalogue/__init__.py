"""The catalogue: specialties (``specialties``), doctors and the onboarding queue (``doctors``). Internal: the
cached directory of approved doctors (``_directory``) and its typo-tolerant ranking (``_search_ranking``)."""
