"""Row rules (Odoo's record rules): which rows of a model each role sees and may change.

Each module's RULES maps a model class name to {role: rule}; a rule is ALL or a function of
the user returning a SQLAlchemy criterion. A role without a rule for a model sees no rows;
Admin sees every row.
"""

ALL = "all"
