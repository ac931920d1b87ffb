"""How much one event counts in a relation score.

weight = modality weight x (confidence, when ``use_confidence``)

Events whose coder confidence is below ``count_threshold`` (default 0.4: roughly, an event found
only through the CAMEO-dictionary fallback or with an actor inferred from context and one side
uncoded) are not counted at all: ties, partner lists, the network and the dashboard show only
events above it.  Lower it (``tieline ties --min-confidence 0``) to see everything.

An event's modality is a list ("alleged", "intended"); the *smallest* weight among its modalities
applies (the most doubtful reading wins), so an alleged plan counts 0.6 and a negated report 0.
Modalities not in the table do not lower the weight.  Events of weight 0 are left out of scores
and counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_MODALITY_WEIGHTS: dict[str, float] = {
    "asserted": 1.0,
    "reported": 0.8,
    "alleged": 0.6,
    "intended": 0.6,
    "negated": 0.0,
    "hypothetical": 0.0,
}


@dataclass
class Weights:
    modality: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_MODALITY_WEIGHTS))
    use_confidence: bool = True
    min_confidence: float = 0.05  # floor so a low-confidence event still counts a little
    default_confidence: float = 0.5  # when the store has none
    count_threshold: float = 0.4  # events below this confidence are not counted (see the module doc)

    @classmethod
    def of(cls, w: "Weights | dict[str, Any] | None") -> "Weights":
        if w is None:
            return cls()
        if isinstance(w, Weights):
            return w
        w = dict(w)
        mod = dict(DEFAULT_MODALITY_WEIGHTS)
        mod.update(w.pop("modality", None) or {})
        kw = {k: w.pop(k) for k in list(w) if k in cls.__dataclass_fields__}
        mod.update({k: float(v) for k, v in w.items()})  # a flat {"alleged": 0.5} mapping
        return cls(modality=mod, **kw)

    def to_dict(self) -> dict[str, Any]:
        return {"modality": dict(self.modality), "use_confidence": self.use_confidence, "count_threshold": self.count_threshold}

    def python_weight(self, modality: list[str] | None, confidence: float | None) -> float:
        """The same rule as :meth:`sql`, for one event record."""
        ws = [self.modality[m] for m in (modality or []) if m in self.modality]
        w = min(ws) if ws else 1.0
        c0 = self.default_confidence if confidence is None else float(confidence)
        if c0 < self.count_threshold:
            return 0.0
        if self.use_confidence:
            c = self.default_confidence if confidence is None else confidence
            w *= max(float(c), self.min_confidence)
        return w

    def sql(self, alias: str = "e") -> tuple[str, list[Any]]:
        """A portable SQL expression of the weight of an event row (modality stored as a JSON list)."""
        p = f"{alias}." if alias else ""
        parts: list[str] = []
        params: list[Any] = []
        for m, w in sorted(self.modality.items(), key=lambda kv: kv[1]):
            if w >= 1.0:
                continue
            parts.append(f"WHEN {p}modality LIKE ? THEN {float(w)!r}")
            params.append(f'%"{m}"%')
        mod = ("CASE " + " ".join(parts) + " ELSE 1.0 END") if parts else "1.0"
        if self.count_threshold > 0:
            mod = f"CASE WHEN COALESCE({p}confidence, {float(self.default_confidence)!r}) < ? THEN 0.0 ELSE {mod} END"
            params = [float(self.count_threshold)] + params
        if self.use_confidence:
            conf = f"GREATEST(COALESCE({p}confidence, {float(self.default_confidence)!r}), {float(self.min_confidence)!r})"
            return f"(({mod}) * {conf})", params
        return f"({mod})", params
