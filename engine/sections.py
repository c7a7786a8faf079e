"""The sections of a result, in the order the result screen and the full note show them.

One home for their titles: the screen and the note both read them from here.
"""

from __future__ import annotations

OPTIONS = "Options to consider (from the source; not orders)"
NOT_SUPPORTED = "Named by the source for this case, not supported here"
WHAT_IF = "If SSTR imaging comes back"
FLAGS = "Flags"
WORKUP = "Outstanding work-up"
BASIS = "Basis"
CAVEATS = "CNS caveats"
MONITORING = "Monitoring"
WHY = "Why this pathway"
LIMITS = "Evidence limits"
SOURCE = "The source"
DISCLAIMER = "Disclaimer"
CLINICIAN = "Clinician note"

# (cnsnet) marks a sentence in cnsnet's own words; everything in quotation marks is the
# source's, with its line and the reference that line rests on.
PROGRAM_MARK = "(cnsnet)"
LEGEND = (
    'Text in "quotation marks" is quoted from the source at the line given, with the '
    "reference that line rests on; (cnsnet) marks cnsnet's own words."
)
