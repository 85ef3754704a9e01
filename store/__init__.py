"""The roster store: versions, their cells and data sets, absences and the audit trail.

SQLite by default (a file in the user's data directory), PostgreSQL by URL; `open_store(url)`
in `store.db` gives the store the functions of the other modules take. It stores and reads
back what it is given: the checks a change needs are made before (ui/roster_service.py).
"""
