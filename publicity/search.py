"""The columns the search box searches: the items' title, summary and body (core.search; the gram
index of migration publicity/0005_gram_search on PostgreSQL is built on the same expression)."""

SEARCH_COLUMNS = ("title", "summary", "body")
