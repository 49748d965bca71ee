"""Settings for publishing (`make publish`): the local settings, ready for any static host."""

import os
import sys

sys.path.append(os.curdir)
from pelicanconf import *  # noqa: F403

# Links stay relative so the site works unchanged at /, under a sub-path and from disk.
RELATIVE_URLS = True
SITEURL = os.environ.get("SITEURL", "")
DELETE_OUTPUT_DIRECTORY = True
