"""What the first screen says about cnsnet and its source, without loading the engine.

Read from the `[meta]` table of the outcome content with tomllib only, so the welcome screen
paints before pydantic and the rest of the data are loaded (they are validated right after).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from questions.load import raw_meta


@dataclass(frozen=True, slots=True)
class About:
    source_title: str
    source_updated: str
    source_file: str
    audience: str
    disclaimer: str
    provenance: str  # one plain sentence: what kind of document the source is (S:4)
    provenance_source: tuple[str, ...]


@cache
def about() -> About:
    m = raw_meta()
    updated = m.get("source_updated", "")
    disclaimer = m.get("disclaimer", {})
    prov = m.get("provenance", {})
    prov = prov if isinstance(prov, dict) else {}
    return About(
        source_title=str(m.get("source_title", "")),
        source_updated=updated.isoformat() if isinstance(updated, dt.date) else str(updated),
        source_file=str(m.get("source_file", "")),
        audience=str(m.get("audience", "")),
        disclaimer=str(disclaimer.get("text", "")) if isinstance(disclaimer, dict) else "",
        provenance=str(prov.get("text", "")),
        provenance_source=tuple(str(r) for r in prov.get("source", ())),
    )
