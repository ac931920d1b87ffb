"""Export stored events to other tools: parquet, csv, jsonl, PLOVER/POLECAT JSON, GDELT 2.0 TSV.

from tieline.export import export
export(store, "parquet", "events.parquet", EventFilter(actor=["IRN"]))
"""

from .core import FLAT_COLUMNS, FORMATS, SUFFIX, export, flat_row, iter_batches

__all__ = [
    "export",
    "FORMATS",
    "SUFFIX",
    "FLAT_COLUMNS",
    "flat_row",
    "iter_batches",
    "polecat_record",
    "polecat_schema",
    "gdelt_row",
    "GDELT_COLUMNS",
]


def __getattr__(name: str):
    if name in ("polecat_record", "polecat_schema"):
        from . import polecat

        return getattr(polecat, name)
    if name in ("gdelt_row", "GDELT_COLUMNS"):
        from . import gdelt

        return getattr(gdelt, name)
    raise AttributeError(name)
