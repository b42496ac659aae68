"""What curators work with in the admin: edit conflicts, the history of every
record and its restoration, and bulk import and export."""
