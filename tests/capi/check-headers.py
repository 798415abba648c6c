#!/usr/bin/env python3
# check-headers.py: every LUA_API / LUALIB_API / LUAMOD_API function of the
# reference's lua.h, lauxlib.h and lualib.h ($ELARA_LUA_SRC) must be
# declared in capi/ with the same signature (whitespace, parameter layout
# and the parentheses around names normalised).  Exit 77 (skip) without
# ELARA_LUA_SRC.
import os
import re
import sys

HEADERS = ["lua.h", "lauxlib.h", "lualib.h"]
API_RE = re.compile(r"^\s*(LUA_API|LUALIB_API|LUAMOD_API)\b(.*?);",
                    re.S | re.M)


def strip_comments(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"\\\n", " ", text)


def normalise(decl):
    decl = re.sub(r"\s+", " ", decl).strip()
    decl = re.sub(r"\(\s*(lua[L]?_\w+|luaopen_\w+)\s*\)", r"\1", decl)
    decl = re.sub(r"\s*([(),*])\s*", r"\1", decl)
    return decl


def name_of(decl):
    m = re.search(r"\b(lua[L]?_\w+|luaopen_\w+)\s*\(", decl)
    return m.group(1) if m else None


def declarations(folder):
    out = {}
    for h in HEADERS:
        with open(os.path.join(folder, h), encoding="latin-1") as f:
            text = strip_comments(f.read())
        for m in API_RE.finditer(text):
            decl = normalise(m.group(2))
            name = name_of(decl)
            if name:
                out[name] = decl
    return out


def main():
    ref = os.environ.get("ELARA_LUA_SRC")
    if not ref or not os.path.exists(os.path.join(ref, "lua.h")):
        print("SKIP: set ELARA_LUA_SRC to the reference Lua 5.5 sources")
        return 77
    mine_dir = sys.argv[1]
    ref_decls = declarations(ref)
    mine = declarations(mine_dir)
    bad = 0
    for name, decl in sorted(ref_decls.items()):
        if name not in mine:
            print("missing: %s" % decl)
            bad += 1
        elif mine[name] != decl:
            print("differs: %s\n   ours: %s" % (decl, mine[name]))
            bad += 1
    extra = sorted(set(mine) - set(ref_decls))
    print("%d reference functions, %d checked, %d problems; extra in capi: %s"
          % (len(ref_decls), len(ref_decls) - bad, bad, ", ".join(extra) or "none"))
    return 1 if bad else 0


sys.exit(main())
