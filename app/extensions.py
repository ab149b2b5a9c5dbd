"""The shared extension objects; the factory binds them to an app."""

from flask_appbuilder import Model
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

# One metadata for Flask-AppBuilder's tables and ours, so Alembic sees everything.
db = SQLAlchemy(model_class=Model)
migrate = Migrate()
csrf = CSRFProtect()
