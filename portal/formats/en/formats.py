# One date format in English across pages, inbox, e-mail and exports: 26 Nov 2026 14:00
# (Django's own English has "Nov. 26, 2026, 2 p.m." on pages and "11/26/2026 2 p.m." in lists).
DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday, as the courts' calendars
