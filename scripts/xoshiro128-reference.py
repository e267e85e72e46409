#!/usr/bin/env python3
"""First outputs of xoshiro128** 1.0 from state (1, 2, 3, 4), transcribed from the reference C code
(prng.di.unimi.it/xoshiro128starstar.c); hard-coded in backend/src/segmentation/kmeans/prng.spec.ts."""
M = 0xFFFFFFFF


def rotl(x, k):
    return ((x << k) | (x >> (32 - k))) & M


s = [1, 2, 3, 4]
out = []
for _ in range(6):
    result = (rotl((s[1] * 5) & M, 7) * 9) & M
    t = (s[1] << 9) & M
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = rotl(s[3], 11)
    out.append(result)
print(out)
