"""What /practices/ means: the filters, their counts, search, pages and
practice cards, with all of the listing's hand-written SQL."""
