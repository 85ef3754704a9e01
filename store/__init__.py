"""The roster store: published versions, their data sets, absences and the audit trail.

SQLite by default (a file in the user's data directory), PostgreSQL by URL. Import the
functions from `store.repository`; `open_store(url)` gives the store to pass them.
"""
