#!/usr/bin/env python3
"""Checks for the held-out question set.

1. Splits each regulation text into articles by its 第X条 headings (Chinese numerals),
   after repairing the extraction artefacts listed in /work/shared/regulations/README.md
   (plus the `[bookmark: _GoBack]` marker in 003):
     - 001 `第十八  条项目建设单位`  -> `第十八条  项目建设单位`
     - 002 `第一条#`                -> `第一条 `
     - 002/004 stray English words  (`国家 and 省、市`, `管理和 service 职能`)
     - line breaks in the middle of a sentence (002: every line break; other texts:
       a break not preceded by 。：；:; is joined)
     - chapter headings (第X章 …) and trailing attachments / signatures cut off articles
   The split is sequential: heading N+1 is only accepted after heading N, so numbering
   must come out 1..N without gaps.
2. Checks every question in questions.json: fields, pack, ids unique, article numbers
   exist, and each `…`-separated fragment of `why` occurs verbatim in the FIRST listed
   article (repaired text).

Usage: python3 check.py [--dump PACK]   (--dump prints the repaired articles of a pack)
"""
import json
import re
import sys
from pathlib import Path

REG = Path("/work/shared/regulations")
HERE = Path(__file__).resolve().parent
FILES = {
    "jinzhai": "001_cb58c96e80a8fb8e.txt",
    "mudan": "002_dfbde70c4e74c482.txt",
    "huaian": "003_0b8ba89a5ab516c9.txt",
    "gaoping": "004_847bbe862d28c314.txt",
}
EXPECTED_N = {"jinzhai": 24, "mudan": 43, "huaian": 41, "gaoping": 35}
DIG = {c: i for i, c in enumerate("零一二三四五六七八九")}


def cn2int(s):
    if s == "十":
        return 10
    if "十" in s:
        a, b = s.split("十")
        return (DIG[a] if a else 1) * 10 + (DIG[b] if b else 0)
    return DIG[s]


def int2cn(n):
    d = "零一二三四五六七八九"
    if n < 10:
        return d[n]
    t, u = divmod(n, 10)
    return ("" if t == 1 else d[t]) + "十" + ("" if u == 0 else d[u])


def repair(pack, text):
    text = text.replace("\r\n", "\n")
    text = text.replace("国家 and 省", "国家和省").replace("管理和 service 职能", "管理和服务职能")
    text = text.replace("[bookmark: _GoBack]", "")
    text = re.sub(r"第十八\s+条", "第十八条  ", text)
    text = re.sub(r"(第[一二三四五六七八九十]+条)#", r"\1 ", text)
    if pack == "mudan":
        text = re.sub(r"\s*\n\s*", "", text)  # every line break in 002 is an artefact
    else:
        # join a line break that is not preceded by sentence-ending punctuation
        text = re.sub(r"[ \t]*\n\s*", lambda m: m.group(0), text)
        out = []
        parts = re.split(r"([ \t]*\n\s*)", text)
        for i, p in enumerate(parts):
            if i % 2 == 1:
                prev = parts[i - 1].rstrip()
                if prev and prev[-1] not in "。：；:;":
                    out.append("")
                    continue
                out.append("\n")
            else:
                out.append(p)
        text = "".join(out)
    return text


def split_articles(pack):
    text = repair(pack, (REG / FILES[pack]).read_text(encoding="utf-8"))
    arts = {}
    pos = 0
    n = 1
    starts = []
    while True:
        m = re.compile("第" + int2cn(n) + r"条").search(text, pos)
        if not m:
            break
        starts.append((n, m.start(), m.end()))
        pos = m.end()
        n += 1
    for i, (num, s, e) in enumerate(starts):
        end = starts[i + 1][1] if i + 1 < len(starts) else len(text)
        body = text[e:end]
        body = re.split(r"第[一二三四五六七八九十]+章", body)[0]
        for tail in ("附件：", "牡丹区人民政府办公室", "抄送"):
            if num == len(starts) and tail in body:
                body = body.split(tail)[0]
        arts[num] = body.strip(" \t\n　#")
    return arts


def main():
    errors = []
    articles = {p: split_articles(p) for p in FILES}
    for p, arts in articles.items():
        nums = sorted(arts)
        if nums != list(range(1, len(nums) + 1)):
            errors.append(f"{p}: article numbers not 1..N: {nums}")
        if len(nums) != EXPECTED_N[p]:
            errors.append(f"{p}: {len(nums)} articles, expected {EXPECTED_N[p]}")
        for k, v in arts.items():
            if not v:
                errors.append(f"{p}: article {k} empty")
    if "--dump" in sys.argv:
        p = sys.argv[sys.argv.index("--dump") + 1]
        for k, v in articles[p].items():
            print(f"[{k}] {v}\n")
        return 0
    qs = json.loads((HERE / "questions.json").read_text(encoding="utf-8"))
    ids = set()
    counts = {p: 0 for p in FILES}
    named = 0
    used = {p: set() for p in FILES}
    for q in qs:
        qid = q.get("id")
        for f in ("id", "q", "pack", "regionNamedInQuestion", "articles", "why"):
            if f not in q:
                errors.append(f"{qid}: missing field {f}")
        if qid in ids:
            errors.append(f"{qid}: duplicate id")
        ids.add(qid)
        p = q.get("pack")
        if p not in FILES:
            errors.append(f"{qid}: bad pack {p}")
            continue
        counts[p] += 1
        named += bool(q["regionNamedInQuestion"])
        arts = q["articles"]
        if not arts or not all(isinstance(a, int) for a in arts) or len(set(arts)) != len(arts):
            errors.append(f"{qid}: bad articles {arts}")
            continue
        for a in arts:
            if a not in articles[p]:
                errors.append(f"{qid}: article {a} not in {p}")
        used[p].update(arts)
        first = articles[p].get(arts[0], "")
        frags = [f.strip() for f in q["why"].split("…")]
        frags = [f for f in frags if f]
        if not frags:
            errors.append(f"{qid}: empty why")
        for f in frags:
            if f not in first:
                errors.append(f"{qid}: fragment not in {p} art {arts[0]}: {f!r}")
        if not q["q"].strip():
            errors.append(f"{qid}: empty question")
    print("questions:", len(qs), counts, "region named:", named)
    for p in FILES:
        missing = sorted(set(articles[p]) - used[p])
        print(f"{p}: {len(articles[p])} articles; not cited by any question: {missing}")
    if errors:
        print("\nERRORS:")
        for e in errors:
            print(" ", e)
        return 1
    print("OK: all checks pass")
    return 0


if __name__ == "__main__":
    sys.exit(main())
