"""Community submissions: the public "Share a practice" form, its limits, and
the practice in review it creates for the curators."""
