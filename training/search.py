"""The columns the search box searches: a session's title, topic, trainer and venue (core.search;
the gram index of migration training/0004_gram_search on PostgreSQL is built on the same
expression)."""

SEARCH_COLUMNS = ("title", "topic", "trainer", "trainer_organisation", "venue")
