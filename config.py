"""Every JanSeva setting, read from the environment (docs/CONTRACT.md), with its default and why."""

import logging
import os
from datetime import timedelta

BASE_DIR = os.path.abspath(os.path.dirname(__file__))
log = logging.getLogger(__name__)


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or default


# --- deployment -------------------------------------------------------------------------------
JANSEVA_ENV = _env("JANSEVA_ENV", "development")  # "production" makes SECRET_KEY mandatory
PRODUCTION = JANSEVA_ENV == "production"

SECRET_KEY = _env("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise RuntimeError("SECRET_KEY must be set when JANSEVA_ENV=production")
    SECRET_KEY = "janseva-development-key-not-for-production"  # noqa: S105 - warned at start

# SQLite under instance/ is the embedded default; PostgreSQL in production and CI.
SQLALCHEMY_DATABASE_URI = _env(
    "DATABASE_URL", "sqlite:///" + os.path.join(BASE_DIR, "instance", "janseva.db")
)
if SQLALCHEMY_DATABASE_URI.startswith("postgres://"):  # Heroku-style URLs
    SQLALCHEMY_DATABASE_URI = "postgresql://" + SQLALCHEMY_DATABASE_URI[len("postgres://") :]
if SQLALCHEMY_DATABASE_URI.startswith("postgresql://"):
    SQLALCHEMY_DATABASE_URI = "postgresql+psycopg://" + SQLALCHEMY_DATABASE_URI[13:]
SQLALCHEMY_TRACK_MODIFICATIONS = False
SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

# Unset: background jobs run in-process (no Redis needed for a demo).
REDIS_URL = _env("REDIS_URL")
DEMO_PASSWORD = _env("DEMO_PASSWORD", "janseva-demo")
PORT = _env("PORT", "8080")  # where `make run` serves
if not PORT.isdigit() or not 0 < int(PORT) < 65536:
    raise RuntimeError(f"PORT must be a port number (1-65535), not {PORT!r}")
PORT = int(PORT)
# Unset: links in messages point at `make run` on this machine, whatever PORT it serves on.
PUBLIC_BASE_URL = _env("PUBLIC_BASE_URL", f"http://127.0.0.1:{PORT}")
TRACKING_PREFIX = _env("TRACKING_PREFIX", "JS")
POSTAL_COUNTRY = _env("POSTAL_COUNTRY", "IN")  # ISO 3166-1 code ending UPU S10 numbers
UPI_VPA = _env("UPI_VPA", "janseva.demo@upi")  # payee of every UPI QR code
UPI_PAYEE_NAME = _env("UPI_PAYEE_NAME", "JanSeva")
UPI_MCC = _env("UPI_MCC", "9399")  # merchant category: government services
UPI_WEBHOOK_SECRET = _env("UPI_WEBHOOK_SECRET")  # HMAC key of the provider's callback
# Default region for phone numbers written without a country code.
PHONE_DEFAULT_REGION = _env("PHONE_DEFAULT_REGION", "IN")
# Apprise URL per channel; "{to}" becomes the recipient (E.164 phone, address, chat id).
# Unset: messages stay in the outbox as "undeliverable: channel not configured".
NOTIFY_SMS_URL = _env("NOTIFY_SMS_URL")
NOTIFY_EMAIL_URL = _env("NOTIFY_EMAIL_URL")
NOTIFY_TELEGRAM_URL = _env("NOTIFY_TELEGRAM_URL")
# WhatsApp Cloud API: replies go out through the business number; the App Secret checks the
# X-Hub-Signature-256 of every webhook and the verify token answers Meta's handshake.
WHATSAPP_API_BASE = _env("WHATSAPP_API_BASE", "https://graph.facebook.com/v21.0")
WHATSAPP_PHONE_NUMBER_ID = _env("WHATSAPP_PHONE_NUMBER_ID")
WHATSAPP_TOKEN = _env("WHATSAPP_TOKEN")
WHATSAPP_APP_SECRET = _env("WHATSAPP_APP_SECRET")  # unset: the webhook refuses every call
WHATSAPP_VERIFY_TOKEN = _env("WHATSAPP_VERIFY_TOKEN")
# Outside 24 hours of the citizen's last message WhatsApp takes only an approved template; this
# one (UTILITY, one body parameter: the update's text) carries every late update.
WHATSAPP_UPDATE_TEMPLATE = _env("WHATSAPP_UPDATE_TEMPLATE", "janseva_update")
# Telegram Bot API: replies with sendMessage; setWebhook's secret_token checks every update.
TELEGRAM_API_BASE = _env("TELEGRAM_API_BASE", "https://api.telegram.org")
TELEGRAM_BOT_TOKEN = _env("TELEGRAM_BOT_TOKEN")  # unset: Telegram goes through NOTIFY_TELEGRAM_URL
TELEGRAM_SECRET_TOKEN = _env("TELEGRAM_SECRET_TOKEN")  # unset: the webhook refuses every call
# Facebook Messenger: the page's Send API; signature and handshake as WhatsApp's.
MESSENGER_API_BASE = _env("MESSENGER_API_BASE", "https://graph.facebook.com/v21.0")
MESSENGER_PAGE_TOKEN = _env("MESSENGER_PAGE_TOKEN")
MESSENGER_APP_SECRET = _env("MESSENGER_APP_SECRET")  # unset: the webhook refuses every call
MESSENGER_VERIFY_TOKEN = _env("MESSENGER_VERIFY_TOKEN")
# The message tag of updates sent more than 24 hours after the citizen's last message.
MESSENGER_UPDATE_TAG = _env("MESSENGER_UPDATE_TAG", "ACCOUNT_UPDATE")
# Inbound SMS through Twilio: its Auth Token checks X-Twilio-Signature (unset: refused).
# The webhook must be configured at Twilio as PUBLIC_BASE_URL + /webhooks/sms/twilio.
TWILIO_AUTH_TOKEN = _env("TWILIO_AUTH_TOKEN")
# The most SMS parts one message may cost (153 GSM / 67 UCS-2 characters each); longer
# texts are cut at a word.
SMS_MAX_SEGMENTS = int(_env("SMS_MAX_SEGMENTS", "4"))
# Chat webhooks (WhatsApp, Telegram, Messenger, SMS) answer each new message in their own
# request and transaction, a job only taking over what cannot be answered at once (a photo to
# fetch, a conversation busy with another message, an error); 0: every message goes to a job.
INBOUND_INLINE = _env("INBOUND_INLINE", "1") == "1"
# E-mail intake: an IMAP mailbox polled every minute (imaps://user:password@host/INBOX), and
# the HMAC-SHA256 key (X-Signature) of providers that post raw mail to /webhooks/email.
IMAP_URL = _env("IMAP_URL")
EMAIL_WEBHOOK_SECRET = _env("EMAIL_WEBHOOK_SECRET")
# X (Twitter): mentions polled with since_id; replies carry only the tracking number. The
# token must be an OAuth 2.0 user-context token of the desk's account (read and post).
X_API_BASE = _env("X_API_BASE", "https://api.x.com/2")
X_BEARER_TOKEN = _env("X_BEARER_TOKEN")
# How many days the appellate office has to decide an appeal (services.grievance.appeals),
# counted round the clock from the day the citizen appeals.
APPEAL_RESOLUTION_DAYS = int(_env("APPEAL_RESOLUTION_DAYS", "30"))
# Where a complaint by e-mail or X lands when its words name no category.
INTAKE_CATEGORY = _env("INTAKE_CATEGORY", "OTHER")
# The public portal's abuse controls: reports per address and per mobile number, verification
# codes per number (limits in the "N per hour|day" form), and whether a report needs the
# mobile number proved by a code sent to it first.
PORTAL_REPORT_LIMIT_ADDRESS = _env("PORTAL_REPORT_LIMIT_ADDRESS", "20 per hour")
PORTAL_REPORT_LIMIT_PHONE = _env("PORTAL_REPORT_LIMIT_PHONE", "5 per day")
PORTAL_CODE_LIMIT = _env("PORTAL_CODE_LIMIT", "3 per hour")
PORTAL_VERIFY_PHONE = _env("PORTAL_VERIFY_PHONE", "0") == "1"
# Which capabilities this deployment runs, comma-separated; empty runs every module, those
# installed from outside the tree too (docs/MODULES.md). A police control room needs no
# postal counter.
ENABLED_MODULES = [m.strip() for m in (_env("ENABLED_MODULES") or "").split(",") if m.strip()]

# --- Flask-AppBuilder --------------------------------------------------------------------------
APP_NAME = "JanSeva"
APP_ICON = ""
FAB_INDEX_VIEW = "app.views.base.home.HomeView"
FAB_SECURITY_MANAGER_CLASS = "app.views.base.security.JanSevaSecurityManager"
FAB_BASE_TEMPLATE = "appbuilder/baselayout.html"
AUTH_TYPE = 1  # AUTH_DB: users and hashed passwords in our database
AUTH_ROLE_ADMIN = "Admin"
AUTH_ROLE_PUBLIC = "Public"
# Tables come from Alembic migrations, never from create_all at start-up.
FAB_CREATE_DB = False
FAB_UPDATE_PERMS = False
FAB_ADD_SECURITY_VIEWS = True
FAB_API_SWAGGER_UI = True
FAB_API_MAX_PAGE_SIZE = 100
FAB_PASSWORD_COMPLEXITY_ENABLED = True
# FAB_PASSWORD_COMPLEXITY_VALIDATOR: app/security/passwords.py, set by the app factory

# --- languages ---------------------------------------------------------------------------------
BABEL_DEFAULT_LOCALE = "en"
BABEL_DEFAULT_TIMEZONE = _env("TIMEZONE", "Asia/Kolkata")
BABEL_TRANSLATION_DIRECTORIES = os.path.join(BASE_DIR, "translations")
LANGUAGES = {
    "en": {"flag": "gb", "name": "English"},
    "hi": {"flag": "in", "name": "हिन्दी"},
    "bn": {"flag": "bd", "name": "বাংলা"},
    "fa": {"flag": "ir", "name": "فارسی"},
}
RTL_LANGUAGES = {"fa"}

# --- security ----------------------------------------------------------------------------------
WTF_CSRF_ENABLED = True
WTF_CSRF_TIME_LIMIT = None  # a clerk's form left open over lunch still submits
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION  # HTTPS in production; plain HTTP for `make run`
REMEMBER_COOKIE_HTTPONLY = True
REMEMBER_COOKIE_SECURE = PRODUCTION
PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
AUTH_RATE_LIMITED = True
RATELIMIT_ENABLED = _env("RATELIMIT_ENABLED", "1") == "1"
# Failed logins, web and API together (app/security/login_limits.py): per address and account,
# and per address across accounts (password spraying; an office's NAT shares it).
AUTH_RATE_LIMIT = _env("AUTH_RATE_LIMIT", "10 per 5 minutes")
AUTH_RATE_LIMIT_ADDRESS = _env("AUTH_RATE_LIMIT_ADDRESS", "30 per 5 minutes")
# Shared counters when several processes serve; memory is enough for one process.
RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
# Redis unreachable: a limit counts in memory (app/security/rate_limits.py), after at most this.
RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1} if REDIS_URL else {}
MAX_CONTENT_LENGTH = 16 * 1024 * 1024  # photos from phones
