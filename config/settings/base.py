"""Settings shared by every environment. Values that differ per machine come from the environment."""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [v.strip() for v in os.environ.get(name, default).split(",") if v.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "dev-insecure-key-change-me-in-production-0123456789abcdef")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Demo mode creates the demo accounts and data. The production settings force it off.
SANGTAO_DEMO = env_bool("SANGTAO_DEMO", False)
# The date the app reasons with; empty means today. Only the demo sets it (see sangtao/core/clock.py).
SANGTAO_TODAY = (
    datetime.date.fromisoformat(os.environ["SANGTAO_TODAY"]) if os.environ.get("SANGTAO_TODAY") else None
)
SANGTAO_DEMO_PASSWORD = os.environ.get("SANGTAO_DEMO_PASSWORD", "SangTao@2024-demo")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "auditlog",
    "django_tasks_db",
    "sangtao.core",
    "sangtao.orgs",
    "sangtao.accounts",
    "sangtao.plans",
    "sangtao.clubs",
    "sangtao.training",
    "sangtao.initiatives",
    "sangtao.contests",
    "sangtao.communication",
    "sangtao.outreach",
    "sangtao.programmes",
    "sangtao.spaces",
    "sangtao.emulation",
    "sangtao.honours",
    "sangtao.dashboards",
    "sangtao.reports",
    "sangtao.api",
    "sangtao.demo",
    "sangtao.scale",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "sangtao.accounts.middleware.AdminSecondFactorMiddleware",
    "sangtao.core.middleware.ApplicationErrorMiddleware",
    "sangtao.core.memo.MemoMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sangtao.core.context_processors.sangtao",
                "sangtao.accounts.context_processors.user_context",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'sangtao.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "sangtao.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Idle timeout: the session lives 30 minutes past the last request.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_SECONDS", 30 * 60))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Lock-out after repeated failures (django-axes): 5 failures lock the account for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
# Schools sit behind one shared NAT address: locking by IP would lock out a whole school, so lock-out
# is per user name only.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files live outside the static tree and are served only through permission-checked views.
# Several app servers share them: MEDIA_ROOT on a folder every server mounts (the default), or
# S3-compatible object storage with SANGTAO_STORAGE=s3. The code reads and writes files only through the
# storage API (never a path under MEDIA_ROOT), so both work alike.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))


def default_storage_from_env(environ=os.environ) -> dict:
    """STORAGES["default"]: the file system under MEDIA_ROOT, or S3 through django-storages."""
    if environ.get("SANGTAO_STORAGE", "filesystem").strip().lower() != "s3":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if not environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("SANGTAO_STORAGE=s3 cần AWS_STORAGE_BUCKET_NAME (tên bucket lưu tệp).")
    options = {
        "bucket_name": environ["AWS_STORAGE_BUCKET_NAME"],
        "access_key": environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": environ.get("AWS_SECRET_ACCESS_KEY") or None,
        "endpoint_url": environ.get("AWS_S3_ENDPOINT_URL") or None,  # MinIO, Ceph, a provider's S3 API
        "region_name": environ.get("AWS_S3_REGION_NAME") or None,
        "location": environ.get("AWS_LOCATION", ""),  # a prefix inside the bucket
        # Files are private: served only through the permission-checked views, never by public URL.
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def caches_from_env(environ=os.environ) -> dict:
    """Redis shared by every app server when REDIS_URL is set; otherwise each process's own memory."""
    if environ.get("REDIS_URL"):
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": environ["REDIS_URL"],
                "KEY_PREFIX": environ.get("CACHE_KEY_PREFIX", "sangtao"),
                "TIMEOUT": 300,
            }
        }
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def session_engine_from_env(environ=os.environ) -> str:
    """Sessions live in the database, so any server reads them; with a shared Redis, read through it.

    Never cached_db over a per-process cache: a session ended on one server would stay cached on another.
    """
    if environ.get("REDIS_URL"):
        return "django.contrib.sessions.backends.cached_db"
    return "django.contrib.sessions.backends.db"


STORAGES = {
    "default": default_storage_from_env(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = caches_from_env()
SESSION_ENGINE = session_engine_from_env()
SANGTAO_MAX_UPLOAD_BYTES = int(os.environ.get("SANGTAO_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# E-mail: the console by default; SMTP when EMAIL_HOST is set (Django 6.1's MAILERS setting).
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT", 587)),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 20,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Sáng Tạo <no-reply@sangtao.local>")
# At city scale the office's dashboard reads the running month's figures from the indicator snapshot (and the
# schools' latest activity from its summary) that a frequent job refreshes every few minutes, instead of
# computing them on every view; the page says how old they are (issue 8, DHIS2's analytics tables).
SANGTAO_FIGURES_FROM_SNAPSHOT = env_bool("SANGTAO_FIGURES_FROM_SNAPSHOT", False)
SANGTAO_FIGURES_REFRESH_MINUTES = int(os.environ.get("SANGTAO_FIGURES_REFRESH_MINUTES", 5))
SANGTAO_SITE_URL = os.environ.get("SANGTAO_SITE_URL", "http://127.0.0.1:8000")

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

REST_FRAMEWORK = {
    # Token first: an anonymous API call then gets 401 with "WWW-Authenticate: Token", not a bare 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "sangtao.api.schema.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "sangtao.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "EXCEPTION_HANDLER": "sangtao.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Sáng Tạo API",
    "DESCRIPTION": "API của Sáng Tạo: đơn vị, kế hoạch, nhiệm vụ, chỉ tiêu, phân công.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation documents the error answers it can give ({"detail": …}), see sangtao/api/schema.py.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "sangtao.api.schema.add_error_responses",
    ],
    # Swagger UI and Redoc are served from our own static files, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that several serializers share a field name for ("status", "kind"): one named enum each.
    "ENUM_NAME_OVERRIDES": {
        "UnitKindEnum": "sangtao.orgs.models.UnitKind",
        "SchoolLevelEnum": "sangtao.orgs.models.SchoolLevel",
        "PlanStatusEnum": "sangtao.plans.models.PlanStatus",
        "AssignmentStatusEnum": "sangtao.plans.models.AssignmentStatus",
        "TaskKindEnum": "sangtao.plans.models.TaskKind",
        "EvidenceKindEnum": "sangtao.plans.models.EvidenceKind",
        "PeriodKindEnum": "sangtao.plans.models.PeriodKind",
        "PlanImportStatusEnum": "sangtao.plans.models.PlanImportStatus",
        "CampaignStatusEnum": "sangtao.initiatives.models.CampaignStatus",
        "InitiativeStatusEnum": "sangtao.initiatives.models.InitiativeStatus",
        "InitiativeFieldEnum": "sangtao.initiatives.models.InitiativeField",
        "CouncilLevelEnum": "sangtao.initiatives.models.CouncilLevel",
        "ReviewStatusEnum": "sangtao.initiatives.models.ReviewStatus",
        "CourseStatusEnum": "sangtao.training.models.CourseStatus",
        "CourseKindEnum": "sangtao.training.models.CourseKind",
        "CourseModeEnum": "sangtao.training.models.CourseMode",
        "NominationStatusEnum": "sangtao.training.models.NominationStatus",
        "TrainingTopicEnum": "sangtao.training.models.Topic",
        "TargetGroupEnum": "sangtao.training.models.TargetGroup",
        "ClubStatusEnum": "sangtao.clubs.models.ClubStatus",
        "ClubActivityKindEnum": "sangtao.clubs.models.ActivityKind",
        "ContestStatusEnum": "sangtao.contests.models.ContestStatus",
        "ContestRoundStatusEnum": "sangtao.contests.models.RoundStatus",
        "ContestRoundLevelEnum": "sangtao.contests.models.RoundLevel",
        "ContestEntryStatusEnum": "sangtao.contests.models.EntryStatus",
        "ContestAggregationEnum": "sangtao.contests.models.Aggregation",
        "ContestAwardEnum": "sangtao.contests.models.AwardKind",
        "HonourRecipientKindEnum": "sangtao.honours.models.RecipientKind",
        "HonourTitleEnum": "sangtao.honours.models.HonourTitle",
        "HonourLevelEnum": "sangtao.honours.models.HonourLevel",
        "CommendationStatusEnum": "sangtao.honours.models.CommendationStatus",
        "HonourProposalStatusEnum": "sangtao.honours.models.ProposalStatus",
        "HonourItemOutcomeEnum": "sangtao.honours.models.ItemOutcome",
        "CreativeSpaceKindEnum": "sangtao.spaces.models.SpaceKind",
        "SpaceReviewStatusEnum": "sangtao.spaces.models.ReviewStatus",
        "TechModelAreaEnum": "sangtao.spaces.models.ModelArea",
        "TechModelFrequencyEnum": "sangtao.spaces.models.Frequency",
        "ReportStatusEnum": "sangtao.reports.models.ReportStatus",
        "ReportKindEnum": "sangtao.reports.models.ReportKind",
        "ProgrammeKindEnum": "sangtao.programmes.models.ProgrammeKind",
        "ProgrammeStatusEnum": "sangtao.programmes.models.ProgrammeStatus",
        "EnrolmentStatusEnum": "sangtao.programmes.models.EnrolmentStatus",
        "AssessmentStatusEnum": "sangtao.programmes.models.AssessmentStatus",
        "ReadingSourceEnum": "sangtao.programmes.models.ReadingSource",
        "EmulationSchemeStatusEnum": "sangtao.emulation.models.SchemeStatus",
        "EmulationCriterionKindEnum": "sangtao.emulation.models.CriterionKind",
        "EmulationRuleEnum": "sangtao.emulation.models.RuleKind",
        "EmulationItemStateEnum": "sangtao.emulation.models.ItemState",
        "DocumentStatusEnum": "sangtao.outreach.models.DocumentStatus",
        "OutreachEventStatusEnum": "sangtao.outreach.models.EventStatus",
        "BannerStatusEnum": "sangtao.outreach.models.BannerStatus",
        "DocumentKindEnum": "sangtao.outreach.models.DocumentKind",
        "OutreachEventKindEnum": "sangtao.outreach.models.EventKind",
    },
}

AUDITLOG_INCLUDE_ALL_MODELS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Django's own logger would also print through its default handler and then through the root's.
    "loggers": {"axes": {"level": "WARNING"}, "django": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
OTP_TOTP_ISSUER = "Sáng Tạo"
