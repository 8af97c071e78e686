#!/usr/bin/env python3
"""Checks that a PDF is tagged for assistive technology. Usage: check_pdf_a11y.py FILE.pdf [--ua1]

Prints one summary line and a histogram of structure tags (role-mapped to standard ones), then
one PROBLEM line per failure; exits 1 if there is any. Checked: a structure tree, /MarkInfo
/Marked, a document language, a title, at least one heading, every Table with TH cells, every
Figure with alternative text; with --ua1 also DisplayDocTitle and the PDF/UA identifier."""
import sys
from collections import Counter

import pikepdf


def standard_role(tag, rolemap):
    seen = set()
    while tag in rolemap and tag not in seen:
        seen.add(tag)
        tag = rolemap[tag]
    return tag


def visit(node, rolemap, tags, problems, depth=0):
    if depth > 300:
        return
    if isinstance(node, pikepdf.Array):
        for kid in node:
            visit(kid, rolemap, tags, problems, depth + 1)
        return
    if not isinstance(node, pikepdf.Dictionary):
        return
    kind = node.get("/S")
    if kind is not None:
        tag = standard_role(str(kind)[1:], rolemap)
        tags[tag] += 1
        if tag == "Table":
            inner = Counter()
            visit(node.get("/K"), rolemap, inner, [], depth + 1)
            if inner["TH"] == 0:
                problems.append("a Table has no TH header cells")
        if tag == "Figure" and "/Alt" not in node and "/ActualText" not in node:
            problems.append("a Figure has no alternative text (/Alt)")
    kids = node.get("/K")
    if kids is not None:
        visit(kids, rolemap, tags, problems, depth + 1)


def main():
    path = sys.argv[1]
    ua1 = "--ua1" in sys.argv[2:]
    pdf = pikepdf.open(path)
    root = pdf.Root
    problems = []
    mark = root.get("/MarkInfo")
    marked = bool(mark is not None and mark.get("/Marked", False))
    lang = str(root.get("/Lang", ""))
    title = str(pdf.docinfo.get("/Title", "")) if pdf.docinfo is not None else ""
    with pdf.open_metadata() as xmp:
        xmp_title = xmp.get("dc:title") or ""
        ua_part = xmp.get("pdfuaid:part")
    prefs = root.get("/ViewerPreferences")
    shows_title = bool(prefs is not None and prefs.get("/DisplayDocTitle", False))
    tags = Counter()
    if "/StructTreeRoot" in root:
        tree = root.StructTreeRoot
        rolemap = {}
        if "/RoleMap" in tree:
            rolemap = {str(k)[1:]: str(v)[1:] for k, v in tree.RoleMap.items()}
        visit(tree.get("/K"), rolemap, tags, problems)
    else:
        problems.append("no /StructTreeRoot: the PDF is not tagged")
    if not marked:
        problems.append("/MarkInfo /Marked is not true")
    if not lang:
        problems.append("no document language (/Lang)")
    if not (title or xmp_title):
        problems.append("no document title")
    if not any(t == "H" or (t.startswith("H") and t[1:].isdigit()) for t in tags):
        problems.append("no heading tags")
    if ua1:
        if not shows_title:
            problems.append("/ViewerPreferences /DisplayDocTitle is not true")
        if str(ua_part) != "1":
            problems.append("XMP pdfuaid:part is not 1")
    print(f"{path}: pages={len(pdf.pages)} lang={lang!r} title={(title or xmp_title)!r} "
          f"DisplayDocTitle={shows_title} pdfuaid:part={ua_part}")
    print("tags: " + " ".join(f"{k}={v}" for k, v in sorted(tags.items())))
    for p in sorted(set(problems)):
        print("PROBLEM: " + p)
    sys.exit(1 if problems else 0)


main()
