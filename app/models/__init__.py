"""SQLAlchemy models, one file per domain."""
