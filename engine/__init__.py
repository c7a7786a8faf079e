"""The cnsnet engine: which question comes next, what the pathway decides, the session summary.

Pure Python and pydantic; it never imports textual.
"""

from engine.version import __version__

__all__ = ["__version__"]
