"""Atelier's one settings module: every choice is read from the environment."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def envbool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


def envlist(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)
VAR_DIR = Path(env("ATELIER_VAR_DIR", PROJECT_DIR / "var"))

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG and envbool("ATELIER_REQUIRE_SECRET_KEY", False):
        raise ImproperlyConfigured("SECRET_KEY must be set")
    # The embedded demo keeps a generated key beside its database.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        from django.core.management.utils import get_random_secret_key

        key_file.write_text(get_random_secret_key())
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "atelier.core",
    "atelier.accounts",
    "atelier.network",
    "atelier.programmes",
    "atelier.notifications",
    "atelier.library",
    "atelier.events",
    "atelier.experts",
    "atelier.calls",
    "atelier.plans",
    "atelier.labs",
    "atelier.search",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules.apps.AutodiscoverRulesConfig",
    "template_partials",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "ninja",
]

MIDDLEWARE = [
    "atelier.core.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "atelier.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An ETag (and the page cache's Last-Modified): a repeat visit is answered 304.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "atelier.core.middleware.LocaleMiddleware",
    # Below the visitor's language, above what a cached anonymous page can skip.
    "atelier.core.pagecache.PageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "atelier.accounts.mfa.SecondFactorRequiredMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, so its answer has every header the others add.
    "atelier.core.middleware.RefuseNulMiddleware",
]

ROOT_URLCONF = "atelier.urls"
WSGI_APPLICATION = "atelier.wsgi.application"
ASGI_APPLICATION = "atelier.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "atelier.core.context_processors.site",
            ],
        },
    }
]
# Every form is drawn by core.forms, which escapes help texts (Django prints them unescaped).
FORM_RENDERER = "atelier.core.forms.FormRenderer"

# Database: SQLite (WAL) by default, anything dj-database-url reads otherwise.
DATABASE_URL = env("DATABASE_URL", "")
if DATABASE_URL:
    # No persistent connections: under ASGI every request runs in a thread of its own, and a
    # connection kept per thread would pile up until the database refuses more clients.
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # The search's nearest neighbours (pgvector's HNSW graph): candidates kept per search
        # (more finds more of the true nearest, slower), and with filters the scan goes on
        # until the limit is met.
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            f"-c hnsw.ef_search={envint('ATELIER_HNSW_EF_SEARCH', 100)} "
            "-c hnsw.iterative_scan=relaxed_order"
        )
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "atelier.sqlite3",
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                # A writer takes the lock when its transaction begins, not at its first
                # write, and waits up to the timeout (seconds) for another writer to finish,
                # instead of failing at once with "database is locked"; readers never wait (WAL).
                "transaction_mode": "IMMEDIATE",
                "timeout": envint("ATELIER_SQLITE_TIMEOUT", 20),
            },
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The same integer bounds as PostgreSQL (see atelier/core/sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "atelier.core.sqlite"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            # Room for the page cache's pages besides everything else.
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }

# Channels: in-process layer by default (one server process); Redis when REDIS_URL is set.
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

TASKS = {
    "default": {
        "BACKEND": env("ATELIER_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:me"
LOGOUT_REDIRECT_URL = "core:home"

# django-allauth: e-mail is the login, and it must be verified.
SITE_ID = 1
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Atelier] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if SITE_URL.startswith("https") else "http"
ACCOUNT_ADAPTER = "atelier.accounts.adapter.AccountAdapter"
# A second factor (an authenticator app or a security key, with recovery codes) for anyone who
# wants one; required of the platform roles named here ("admin" for platform admins, or
# coordinator, moderator, facilitator, reviewer, expert held platform-wide).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = env("ATELIER_MFA_ISSUER", "Atelier")
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = envbool(
    "ATELIER_WEBAUTHN_ALLOW_INSECURE_ORIGIN", not SITE_URL.startswith("https")
)
ATELIER_MFA_REQUIRED_ROLES = envlist("ATELIER_MFA_REQUIRED_ROLES", [])
ACCOUNT_RATE_LIMITS = {
    "login_failed": env("ATELIER_LOGIN_RATE_LIMIT", "10/m/ip,5/5m/key"),
    "signup": "20/m/ip",
}

# Languages: English is the source; the seed languages are complete.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("bg", _("Bulgarian")),
    ("pl", _("Polish")),
    ("ro", _("Romanian")),
    ("sl", _("Slovenian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = env("TIME_ZONE", "UTC")
# Off: a number printed in a template is plain digits (ids, page numbers, years, values in
# attributes and URLs). Numbers meant for people (counts, money, figures) are grouped where they
# are shown, with the ``grouped`` filter (core/templatetags/atelier.py) or ``intcomma``.
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["atelier.core.formats"]
LANGUAGE_COOKIE_NAME = "atelier_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", VAR_DIR / "media"))
# Files served only through views that check permissions (the library's files); never public.
ATELIER_PRIVATE_ROOT = Path(env("ATELIER_PRIVATE_ROOT", VAR_DIR / "private"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_STORAGE",
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = envbool("WHITENOISE_USE_FINDERS", True)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", 26_214_400)
ATELIER_AVATAR_MAX_BYTES = envint("ATELIER_AVATAR_MAX_BYTES", 5 * 1024 * 1024)
# Largest projects export the web import takes; previews and imports run in the task worker.
ATELIER_IMPORT_MAX_ROWS = envint("ATELIER_IMPORT_MAX_ROWS", 20_000)
ATELIER_SERVE_MEDIA = envbool("ATELIER_SERVE_MEDIA", True)
# The library: the largest file a member may upload, and how much text is kept per file.
ATELIER_LIBRARY_MAX_UPLOAD_BYTES = envint("ATELIER_LIBRARY_MAX_UPLOAD_BYTES", 200 * 1024 * 1024)
ATELIER_LIBRARY_MAX_TEXT_CHARS = envint("ATELIER_LIBRARY_MAX_TEXT_CHARS", 2_000_000)
# Untrusted files (PDF pages, pictures, documents) are rendered and read in a child process
# held to this much address space, CPU time and wall-clock time (core.sandbox).
ATELIER_SANDBOX_MEMORY_MB = envint("ATELIER_SANDBOX_MEMORY_MB", 256)
ATELIER_SANDBOX_CPU_SECONDS = envint("ATELIER_SANDBOX_CPU_SECONDS", 30)
ATELIER_SANDBOX_TIMEOUT_SECONDS = envint("ATELIER_SANDBOX_TIMEOUT_SECONDS", 60)
# Pictures are refused above this many pixels before any of them is decoded; avatars lower.
ATELIER_IMAGE_MAX_PIXELS = envint("ATELIER_IMAGE_MAX_PIXELS", 40_000_000)
ATELIER_AVATAR_MAX_PIXELS = envint("ATELIER_AVATAR_MAX_PIXELS", 16_000_000)
# Search by meaning (multilingual-e5-small): vectors made by the task worker, queries embedded
# in process. Off, the search of everything and the library's search go by words alone.
ATELIER_SEARCH_SEMANTIC = envbool("ATELIER_SEARCH_SEMANTIC", True)
# OAI-PMH: the repository's name, records per response, and the address harvesters write to
# (DEFAULT_FROM_EMAIL's when empty).
ATELIER_OAI_REPOSITORY_NAME = env("ATELIER_OAI_REPOSITORY_NAME", "Atelier library")
ATELIER_OAI_PAGE_SIZE = envint("ATELIER_OAI_PAGE_SIZE", 100)
ATELIER_OAI_ADMIN_EMAIL = env("ATELIER_OAI_ADMIN_EMAIL", "")

# E-mail leaves through a background task; the task hands it to ATELIER_EMAIL_DELIVERY.
EMAIL_BACKEND = "atelier.core.mail.TaskEmailBackend"
ATELIER_EMAIL_DELIVERY = env(
    "EMAIL_DELIVERY_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if env("EMAIL_HOST")
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = Path(env("EMAIL_FILE_PATH", VAR_DIR / "mail"))
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = envbool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Atelier <noreply@atelier.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: strict by default, relaxed only for plain-HTTP local runs.
SECURE_COOKIES = envbool("SECURE_COOKIES", not DEBUG and SITE_URL.startswith("https"))
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_TLS_PROXY", False) else None
)
# A site served over https tells browsers to keep to https for a year, unless told otherwise.
SECURE_HSTS_SECONDS = envint(
    "SECURE_HSTS_SECONDS", 31536000 if SITE_URL.startswith("https") and not DEBUG else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Powerful browser features the pages never use are switched off for them and for anything
# embedded; security keys (WebAuthn) and full-screen video stay available to our own pages.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), "
    "serial=(), bluetooth=(), screen-wake-lock=(), xr-spatial-tracking=(), "
    "fullscreen=(self), publickey-credentials-get=(self), publickey-credentials-create=(self)"
)

# The organisation map: tile server (a URL template) and its origins, allowed in img-src.
ATELIER_MAP_TILE_URL = env("ATELIER_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
ATELIER_MAP_ATTRIBUTION = env(
    "ATELIER_MAP_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)
ATELIER_MAP_TILE_ORIGINS = envlist("ATELIER_MAP_TILE_ORIGINS", ["https://tile.openstreetmap.org"])
# Messages a member may send through the people directory: "count/seconds".
ATELIER_CONTACT_RATE_LIMIT = env("ATELIER_CONTACT_RATE_LIMIT", "5/3600")
# A Server-Timing header on every response (the server's time and query count).
ATELIER_SERVER_TIMING = envbool("ATELIER_SERVER_TIMING", False)
# Anonymous pages answered from the cache until the site changes (atelier/core/pagecache.py),
# kept at most this many seconds, for what changes with time alone (upcoming, open calls).
# With several processes, set REDIS_URL: a local-memory cache is one process's.
ATELIER_PAGE_CACHE = envbool("ATELIER_PAGE_CACHE", True)
ATELIER_PAGE_CACHE_SECONDS = envint("ATELIER_PAGE_CACHE_SECONDS", 60)

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *envlist("ATELIER_CSP_IMG_SRC", [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] += ATELIER_MAP_TILE_ORIGINS

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

NINJA_PAGINATION_PER_PAGE = 20
