"""Plausibility bounds of input values, shared by the YAML loader and the workbook import
(both validate through the same models): a value outside them is a typing mistake, not a
hospital's data, and is reported with its file, row and field.
"""

from __future__ import annotations

from datetime import date

#: No one born earlier is still at work in any contract this tool plans (aged 96 in 2026).
EARLIEST_BIRTH_DATE = date(1930, 1, 1)
#: 劳动法 Art. 15: no one under 16 may be employed.
MIN_WORKING_AGE = 16
#: Adult heights in centimetres (a value in metres or millimetres falls outside).
MIN_HEIGHT_CM, MAX_HEIGHT_CM = 120, 230
#: Any roster day, absence, request, pin, hire or certificate expiry.
EARLIEST_DAY, LATEST_DAY = date(2000, 1, 1), date(2099, 12, 31)
#: Pre-duty training (岗前培训): the seed attachments ask 1 week to 2 months; a year is the most
#: any line or person's own date can mean (more is a typing mistake).
MAX_TRAINING_DAYS = 366
#: A rule's weight per unit of breach, and a staff request's: a hundred times a gap's (the
#: heaviest default) leaves room to rank anything, while 10^12 would swamp the objective.
MAX_RULE_WEIGHT = MAX_REQUEST_WEIGHT = 10_000_000


def years_between(first: date, last: date) -> int:
    """Whole years from `first` to `last` (an age on a day)."""
    years = last.year - first.year
    return years - 1 if (last.month, last.day) < (first.month, first.day) else years
