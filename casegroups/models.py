"""Models of the casegroups app arrive with its own issue."""
