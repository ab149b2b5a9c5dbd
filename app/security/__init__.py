"""Roles and permissions as data, and the row rules that scope every read and write."""
