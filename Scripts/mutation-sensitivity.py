#!/usr/bin/env python3
"""Mutation sensitivity of the shipped packs on annotated reports.

For every relation of an expected file that holds (``rounding_holds: true``) and compares numbers,
this changes one of its figures in the report text (the units digit of an amount or percent,
as written) and asks ``tally check`` whether anything new fails. A relation whose figures can be
changed without any new finding is one the packs do not check: a gap in their generality, which
reports nobody has annotated will have too.

    Scripts/mutation-sensitivity.py [--tally PATH] [--shared DIR] [--keep DIR] [--show N] [--each]

It prints, per report and per kind, how many mutated relations were caught, and lists the missed
ones (id, kind, where, the figure changed and its line). With --each, every figure of a relation
that can be located is changed in a copy of its own (a relation is caught when every copy is),
so a figure that no check reads is found even when the other side of the relation is read. Needs ../shared (reports and expected
files) beside the repository, or --shared.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def literal_pattern(lit):
    """A regex for an amount as written: optional thousands separators between integer digits."""
    pct = lit.endswith('%')
    body = lit.rstrip('%')
    if '.' in body:
        ip, fp = body.split('.', 1)
    else:
        ip, fp = body, None
    parts = []
    for k, d in enumerate(ip):
        if k > 0:
            parts.append('[,，]?')
        parts.append(re.escape(d))
    pat = ''.join(parts)
    if fp is not None:
        pat += r'\.' + re.escape(fp)
    pat = r'(?<![\d.,])' + pat + r'(?![\d])' + (r'\s*[%％]' if pct else r'(?!\.\d)')
    return re.compile(pat)


def squeeze(text):
    """The text without whitespace, and for each kept character its offset in the text."""
    out, where = [], []
    for i, c in enumerate(text):
        if not c.isspace():
            out.append(c)
            where.append(i)
    return ''.join(out), where


def locate(report, squeezed, where, quote, lit):
    """The span of `lit` in the report, in the quote segment that holds it (or its only occurrence)."""
    pat = literal_pattern(lit)
    for seg in quote.split('…'):
        seg_s, _ = squeeze(seg)
        if not seg_s or not pat.search(seg):
            continue
        k = squeezed.find(seg_s)
        if k < 0:
            continue
        a, b = where[k], where[k + len(seg_s) - 1] + 1
        m = pat.search(report, a, b + 1)
        if m:
            return m.start(), m.end()
    hits = list(pat.finditer(report))
    if len(hits) == 1:
        return hits[0].start(), hits[0].end()
    return None


def mutate(report, span):
    """The report with the units digit of the number at `span` changed (9 → 8, else +1)."""
    a, b = span
    text = report[a:b]
    # The units digit: the last digit before the decimal point (or the last digit at all).
    dot = text.find('.')
    end = dot if dot >= 0 else len(text)
    k = max(i for i in range(end) if text[i].isdigit())
    d = text[k]
    nd = '8' if d == '9' else str(int(d) + 1)
    return report[:a + k] + nd + report[a + k + 1:]


def literals(expr):
    return [m.group(0) for m in re.finditer(r'\d[\d.]*%?!?', expr or '')]


def findings(out):
    """Failing results and load diagnostics, keyed per report file."""
    per = {}
    for r in out.get('reports', []):
        keys = set()
        for d in r.get('diagnostics', r.get('loadDiagnostics', [])) or []:
            keys.add(('diag', d.get('id'), d.get('line')))
        for res in r.get('results', []):
            if res.get('status') in ('fail', 'error'):
                loc = res.get('location') or {}
                keys.add((res.get('check'), loc.get('line'), res.get('lhs'), res.get('rhs')))
        per[os.path.basename(r.get('path', ''))] = keys
    return per


def run_tally(tally, path):
    p = subprocess.run([tally, 'check', '--format', 'json', path], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit(f'tally check failed ({p.returncode}): {p.stderr[:500]}')
    return json.loads(p.stdout)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--tally', default=os.path.join(ROOT, '.build', 'release', 'tally'))
    ap.add_argument('--shared', default=os.path.join(ROOT, '..', 'shared'))
    ap.add_argument('--keep', help='write the mutated reports here and keep them')
    ap.add_argument('--show', type=int, default=1000, help='list at most this many misses')
    ap.add_argument('--each', action='store_true', help='change every figure of a relation, one copy each')
    args = ap.parse_args()
    reports_dir = os.path.join(args.shared, 'reports')
    expected_dir = os.path.join(args.shared, 'expected')
    if not os.path.isdir(expected_dir):
        sys.exit(f'no expected relations at {expected_dir} (pass --shared)')
    work = args.keep or tempfile.mkdtemp(prefix='tally-mutants-')
    os.makedirs(work, exist_ok=True)
    total = collections.Counter()
    caught = collections.Counter()
    misses = []
    skipped = 0
    for name in sorted(os.listdir(expected_dir)):
        if not name.endswith('.jsonl'):
            continue
        seed = name[:-len('.jsonl')] + '.txt'
        report_path = os.path.join(reports_dir, seed)
        if not os.path.exists(report_path):
            continue
        report = open(report_path, encoding='utf-8').read()
        squeezed, where = squeeze(report)
        base = findings(run_tally(args.tally, report_path)).get(seed, set())
        folder = os.path.join(work, seed[:3])
        os.makedirs(folder, exist_ok=True)
        mutants = {}
        for line in open(os.path.join(expected_dir, name), encoding='utf-8'):
            rel = json.loads(line)
            if rel.get('rounding_holds') is not True or rel.get('lhs') is None:
                continue
            lits = [l for l in literals(rel['lhs']) + literals(rel['rhs']) if not l.endswith('!')]
            spans = []
            for lit in lits:
                span = locate(report, squeezed, where, rel.get('quote', ''), lit)
                if span and span not in spans:
                    spans.append(span)
                    if not args.each:
                        break
            if not spans:
                skipped += 1
                continue
            for k, span in enumerate(spans):
                file = os.path.join(folder, f"{rel['id']}~{k}.txt")
                with open(file, 'w', encoding='utf-8') as f:
                    f.write(mutate(report, span))
                line_no = report.count('\n', 0, span[0]) + 1
                mutants[os.path.basename(file)] = (rel, report[span[0]:span[1]], line_no)
        got = findings(run_tally(args.tally, folder))
        # A relation is caught when every copy of it made something new fail.
        verdicts = {}
        for file, (rel, lit, line_no) in sorted(mutants.items()):
            ok = bool(got.get(file, set()) - base)
            v = verdicts.setdefault(rel['id'], [rel, True, []])
            if not ok:
                v[1] = False
                v[2].append((lit, line_no))
        for rid, (rel, ok, missed) in sorted(verdicts.items()):
            key = (seed[:3], rel['kind'])
            total[key] += 1
            if ok:
                caught[key] += 1
            else:
                changed = ', '.join(f'{lit!r} on line {n}' for lit, n in missed)
                misses.append((rid, rel['kind'], rel.get('where', ''), changed))
    print(f'mutated relations caught (figure changed by one unit; {skipped} relations could not be located):')
    for rep in sorted({k[0] for k in total}):
        t = sum(v for k, v in total.items() if k[0] == rep)
        c = sum(v for k, v in caught.items() if k[0] == rep)
        kinds = ', '.join(f'{k[1]} {caught[k]}/{total[k]}' for k in sorted(total) if k[0] == rep)
        print(f'  {rep}: {c}/{t}  ({kinds})')
    print(f'missed ({len(misses)}):')
    for m in misses[:args.show]:
        print(f'  {m[0]} [{m[1]}] {m[2]} — changed {m[3]}')
    if not args.keep:
        subprocess.run(['rm', '-rf', work])


if __name__ == '__main__':
    main()
