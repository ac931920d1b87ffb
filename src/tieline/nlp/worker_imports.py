"""What every worker process starts from, made once by the fork server that forks them.

``--workers`` processes are forked from a server process (multiprocessing's "forkserver": a
fresh process, no database threads) that imports this module: spaCy (without its command line),
Tieline's analyser and, when the pool names it in ``WORKER_MODEL``, the model itself.  Each
worker then starts with them in memory instead of importing and loading them again (0.9 CPU-s
of imports and 0.65 of loading per worker, measured).  A model that fails to load here is left
to the workers, which report why.
"""

from __future__ import annotations

import gc
import os

from .pipeline import NLP, WORKER_MODEL, import_spacy_without_its_cli

import_spacy_without_its_cli()

from .. import api  # noqa: E402,F401  # the analyser and what it imports
from .. import pipeline  # noqa: E402,F401  # the workers' entry points


def _load(model: str) -> NLP | None:
    try:
        return NLP(model, spacy_cli=False)
    except Exception:  # the server must start whatever happens; the workers say what failed
        return None


_MODEL = _load(os.environ[WORKER_MODEL]) if os.environ.get(WORKER_MODEL) else None
# everything made so far lives as long as the workers: out of the garbage collector's sight, the
# workers' collections never walk (nor copy, page by page) the modules and the model they share
# with this server (the use ``gc.freeze`` is documented for), and this server exits faster
gc.freeze()


def loaded_model(model: str) -> NLP | None:
    """The model the fork server loaded, if it is ``model`` (a worker's copy after the fork)."""
    return _MODEL if _MODEL is not None and _MODEL.model_name == model else None
