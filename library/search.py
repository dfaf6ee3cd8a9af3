"""The columns the library's search reads: the title, the description and the latest file's
text (core.search; the gram index of migration library/0002_gram_search on PostgreSQL is built
on the same expression)."""

SEARCH_COLUMNS = ("title", "description", "file_text")
