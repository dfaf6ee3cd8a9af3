"""The columns the search box searches: a paper's title and abstract (core.search; the gram index
of migration symposia/0003_gram_search on PostgreSQL is built on the same expression)."""

SEARCH_COLUMNS = ("title", "abstract")
