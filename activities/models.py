"""Models of the activities app arrive with its own issue."""
