"""What unknot hands over: the report for a physical therapist (PDF), the FHIR R4 Bundle
and its import, the person's whole journal as versioned JSON (export, import, deletion),
and the remote-monitoring summary.

These read the web apps' models (they need Django configured), but no page or command
lives here: the web app (unknot.web.reports), the API and the CLI call into this package.
"""
