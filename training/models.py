"""Models of the training app arrive with its own issue."""
