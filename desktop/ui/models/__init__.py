"""Qt item models over plain core records, kept apart from the views that show them."""
