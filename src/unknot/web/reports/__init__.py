"""The person's data in the web app: the "Your data" page (report, exports, import,
deletion, remote-monitoring summary) and the notes the report carries."""
