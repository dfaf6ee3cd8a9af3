"""The columns the search box searches: a case's number, cause, summary and conclusions
(core.search; the gram index of migration casegroups/0011_gram_search on PostgreSQL is built on
the same expression)."""

SEARCH_COLUMNS = (
    "case_number",
    "cause_of_action",
    "summary",
    "difficulty",
    "conclusion",
    "experience",
)
