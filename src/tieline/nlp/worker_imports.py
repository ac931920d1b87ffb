"""What every worker process imports, imported once by the fork server that starts them.

``--workers`` processes are forked from a server process (multiprocessing's "forkserver": a
fresh process, no database threads) that has imported spaCy (without its command line) and
Tieline's analyser; each worker then starts with them in memory instead of importing them again
(0.9 s of CPU each, measured).  Importing this module has that effect and no other.
"""

from __future__ import annotations

from .pipeline import import_spacy_without_its_cli

import_spacy_without_its_cli()

from .. import api  # noqa: E402,F401  # the analyser and what it imports
from .. import pipeline  # noqa: E402,F401  # the workers' entry points
