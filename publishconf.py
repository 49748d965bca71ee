"""Settings for publishing (`make publish`): the local settings, ready for any static host."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

# Links stay relative so the site works unchanged at /, under a sub-path and from disk.
RELATIVE_URLS = True
# Where the site will live, e.g. `make publish SITEURL=https://example.org/archive`: the
# absolute URLs of feeds, the sitemap and JSON-LD start with it. Pages keep relative links.
SITEURL = os.environ.get("SITEURL", "").rstrip("/")
FEED_DOMAIN = SITEURL or FEED_DOMAIN  # noqa: F405
COVERAGE_MINIFY = True
DELETE_OUTPUT_DIRECTORY = True
