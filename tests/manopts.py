#!/usr/bin/python3
"""List the options a usage text or a man page section names, one a line, sorted.

usage: manopts.py help COMMAND < TEXT  (the output of dz COMMAND --help)
       manopts.py man PAGE COMMAND     (the ".SS dz COMMAND" section of PAGE)
       manopts.py sections PAGE        (the COMMAND of every ".SS dz COMMAND")
An option is a word starting with - or -- and a letter that does not follow a
letter, digit, '-', '/' or '.' (so YYYY-MM-DD, UTF-8, dz-out are not options).
Example lines of a usage text that run another command ("  dz ingest --kind
...") name that command's options, not this one's: they are left out.
Used by tests/t640-man.sh to hold the --help texts and the man pages to the
same option lists without relying on dz's own code.  Exit 1: no such section."""
import re, sys

OPT = re.compile(r"(?<![\w\-/.])(--?[A-Za-z][A-Za-z0-9-]*)")


def man_text(line):
    """A roff source line as the words it shows: no macro name, no escapes."""
    if line.startswith(('.\\"', "'\\\"")):
        return ""
    if line.startswith("."):
        line = line.split(None, 1)[1] if " " in line else ""
    line = re.sub(r"\\f(\[[^]]*\]|\(..|.)", "", line)
    line = line.replace("\\-", "-").replace("\\e", "\\").replace("\\(en", "\u2013")
    return line.replace('"', " ")


def sections(lines):
    """{COMMAND: [lines]} for every .SS dz COMMAND, in order."""
    out, cur = {}, None
    for l in lines:
        if l.startswith((".SS", ".SH")):
            words = l[3:].replace('"', " ").split()
            cur = words[1] if l.startswith(".SS") and len(words) == 2 and words[0] == "dz" else None
            if cur is not None:
                out[cur] = []
        elif cur is not None:
            out[cur].append(l)
    return out


def opts(text):
    return sorted(set(OPT.findall(text)))


mode = sys.argv[1]
if mode == "help":
    other = re.compile(r"^\s*dz\s+(\S+)")
    keep = [l for l in sys.stdin.read().split("\n")
            if not (other.match(l) and other.match(l).group(1) != sys.argv[2])]
    o = opts("\n".join(keep))
    if o:
        print("\n".join(o))
else:
    with open(sys.argv[2], encoding="utf-8") as f:
        secs = sections(f.read().split("\n"))
    if mode == "sections":
        print("\n".join(secs))
    elif sys.argv[3] in secs:
        o = opts("\n".join(man_text(l) for l in secs[sys.argv[3]]))
        if o:
            print("\n".join(o))
    else:
        sys.exit(1)
