#!/usr/bin/python3
"""Make valid 18-digit IDs for tests: mkid.py REGION YYYYMMDD SEQ -> ID.
The check character follows GB 11643 / ISO 7064 MOD 11-2, written here
independently of dz's C implementation."""
import sys
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def make(region, birth, seq):
    d17 = "%06d%s%03d" % (int(region), birth, int(seq))
    s = sum(int(c) * w for c, w in zip(d17, W))
    return d17 + "10X98765432"[s % 11]
print(make(*sys.argv[1:4]))
