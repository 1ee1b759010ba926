#!/usr/bin/env python3
"""Keep the 元 templates of a pack's facts the same shape as their 万元 templates.

A narrative in 元 (common in county reports) says the same things as one in 万元; its fact
templates are the 万元 ones with 万元 written 元. Each pack's facts.tally names the fact kinds
whose templates go in pairs, in one comment line:

    # 元 twins: 增长, 下降, 三公分项金额 > 三公分项金额元, …

`A` alone means the twins live in kind A itself; `A > B` that the 元 twin of each template of A
lives in kind B. For every template of A that writes 万元 (and is not already unit-generic, i.e.
has no `{…:万元|元}` / `[万元|元]` choice), the same template with every 万元 written 元 must be
a template of the twin kind.

    Scripts/unit-twins.py [--write] [PACK_FACTS.tally ...]

Without --write it lists the missing twins and exits 1 when there are any; with --write it
appends them to their kind's declaration (one string per line). UnitTwinTests checks the same.
By default it runs on Checks/*/facts.tally.
"""
import argparse
import glob
import os
import re
import sys

MARK = "# 元 twins:"


def declarations(lines):
    """(name, first line index, last line index, templates) of every fact declaration."""
    out = []
    i = 0
    while i < len(lines):
        m = re.match(r"fact (\S+) ", lines[i])
        if not m:
            i += 1
            continue
        start = i
        text = lines[i]
        while text.rstrip().endswith(",") and i + 1 < len(lines):
            i += 1
            if not lines[i].lstrip().startswith("#"):   # a comment between templates
                text += lines[i]
        out.append((m.group(1), start, i, re.findall(r'"((?:[^"\\]|\\.)*)"', text[len(m.group(0)):])))
        i += 1
    return out


def pairs(lines):
    """The (kind, twin kind) pairs the pack's twin comment names (it may run over several lines)."""
    for i, line in enumerate(lines):
        if line.startswith(MARK):
            spec = line[len(MARK):]
            j = i + 1
            while spec.rstrip().endswith(",") and j < len(lines) and lines[j].startswith("#"):
                spec += lines[j][1:]
                j += 1
            out = []
            for item in spec.split(","):
                item = item.strip()
                if not item:
                    continue
                a, _, b = item.partition(">")
                out.append((a.strip(), (b or a).strip()))
            return out
    return []


def generic(template):
    return re.search(r"万元\|元|元\|万元", template) is not None


def missing(lines):
    decls = {name: (s, e, ts) for name, s, e, ts in declarations(lines)}
    want = {}
    for a, b in pairs(lines):
        if a not in decls or b not in decls:
            raise SystemExit(f"twin comment names an unknown fact kind: {a} > {b}")
        have = set(decls[b][2])
        for t in decls[a][2]:
            if "万元" in t and not generic(t):
                twin = t.replace("万元", "元")
                if twin not in have and twin not in want.setdefault(b, []):
                    want[b].append(twin)
    return {k: v for k, v in want.items() if v}, decls


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--write", action="store_true")
    ap.add_argument("files", nargs="*")
    args = ap.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    files = args.files or sorted(glob.glob(os.path.join(root, "Checks", "*", "facts.tally")))
    status = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        want, decls = missing(lines)
        if not want:
            continue
        if not args.write:
            status = 1
            for kind, ts in want.items():
                for t in ts:
                    print(f"{path}: fact {kind} lacks \"{t}\"")
            continue
        # Append from the bottom up so that earlier line numbers stay valid.
        for kind in sorted(want, key=lambda k: decls[k][1], reverse=True):
            _, end, _ = decls[kind]
            indent = " " * (len("fact ") + len(kind) + 1)
            lines[end] = lines[end].rstrip() + ","
            new = [f'{indent}"{t}",' for t in want[kind]]
            new[-1] = new[-1][:-1]
            lines[end + 1:end + 1] = new
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))
        print(f"{path}: wrote {sum(len(v) for v in want.values())} templates")
    return status


if __name__ == "__main__":
    sys.exit(main())
