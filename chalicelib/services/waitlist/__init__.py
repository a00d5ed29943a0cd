"""The waitlist: patients waiting for a doctor, and the exclusive offer of a freed slot to the first in line
(``queue``)."""
