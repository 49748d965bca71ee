"""Settings for building the archive locally (`make html`, `make serve`)."""

AUTHOR = "The coverage archive"
SITENAME = "One story, five outlets"
SITEURL = ""
# Relative links let the same output work from /, from a sub-path and from file://.
RELATIVE_URLS = True
# Feeds, the sitemap and JSON-LD need absolute URLs; locally they point at `make serve`.
# publishconf.py sets it from SITEURL.
FEED_DOMAIN = "http://127.0.0.1:8000"

PATH = "content"
THEME = "theme"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"

PLUGIN_PATHS = ["plugins"]
PLUGINS = ["coverage"]

# Raw articles are .txt captures; the coverage plugin reads them (through their
# Markdown posts). No other content format is read from content/.
READERS = {"html": None, "htm": None, "rst": None, "md": None}
STATIC_PATHS: list[str] = []

# Article text is data, never markup: templates escape everything they print.
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True}
# Only what archived articles need; the coverage plugin adds its own extension
# (raw HTML off, paragraph permalinks).
MARKDOWN = {"extensions": ["markdown.extensions.meta"], "output_format": "html"}

ARTICLE_URL = "articles/{slug}.html"
ARTICLE_SAVE_AS = "articles/{slug}.html"
# A translation sits beside its original (Pelican's default puts it at the site's root).
ARTICLE_LANG_URL = "articles/{slug}-{lang}.html"
ARTICLE_LANG_SAVE_AS = "articles/{slug}-{lang}.html"
DIRECT_TEMPLATES = ["index", "articles"]
ARTICLES_SAVE_AS = "articles.html"
INDEX_SAVE_AS = "index.html"
DEFAULT_PAGINATION = False
# The claim matrix (claims.html, claims-by-time.html) shows 50 claims a page: claims.html,
# claims2.html, … as Pelican names pages (PAGINATION_PATTERNS). Its other templates stay whole.
PAGINATED_TEMPLATES = {"index": None, "claims": 50}
SUMMARY_MAX_LENGTH = 40

# Outlets replace Pelican's categories, tags and authors.
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TAG_SAVE_AS = ""
TAGS_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
PAGE_PATHS: list[str] = []

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

CACHE_PATH = ".cache"
