"""What the activity search box looks in (core.search): the index of migration 0012 is built
over exactly these columns."""

SEARCH_COLUMNS = ("title", "place", "agenda")
