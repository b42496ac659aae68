# Dates as the site has always written them in English: 29 November 2026.
DATE_FORMAT = "j F Y"
