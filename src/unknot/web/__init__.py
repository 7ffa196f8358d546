"""The web app and JSON API (Django): a shell around unknot.core."""
