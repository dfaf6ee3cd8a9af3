"""Views of the activities app, one module per part of the app."""
