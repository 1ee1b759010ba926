#!/usr/bin/env python3
"""Rewrites the packs' `x.line` to `x.para` wherever a line is compared or subtracted, keeping
`x.line` where a message prints it (`{f.line}`, `{previous(…).line}`).

Checks link statements by their distance in logical lines (`para`: a paragraph that text
extraction wrapped counts as one line); `line` is for locations. Files that only order table rows
keep `line` (rows are never wrapped). `WrappedNarrativeTests.packsMeasureDistancesByPara` fails
when a pack compares `.line` again (a merge or a new check); run this to fix it:

    python3 Scripts/measure-distances-by-para.py Checks/*/*.tally
"""
import re
import sys

# Files whose `.line` orders table rows.
ROW_FILES = {'table-checks.tally', 'totals-01-checks.tally', 'totals-04-checks.tally',
             'grand-total-checks.tally', 'district-sides-checks.tally', 'city-sides-checks.tally'}

for path in sys.argv[1:]:
    if path.split('/')[-1] in ROW_FILES:
        continue
    with open(path, encoding='utf-8') as f:
        text = f.read()
    new = re.sub(r'\.line\b(?!\s*\})', '.para', text)
    if new != text:
        with open(path, 'w', encoding='utf-8') as f:
            f.write(new)
        print('rewrote', path)
