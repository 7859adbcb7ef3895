#!/bin/sh
# Fills fuzz/corpus/ with starting inputs from the repository's own files:
# the group files and fixtures for the loader and the editor (the editor's
# inputs start with five bytes that choose the edit), the notice for the
# importer. Run from the repository root or from fuzz/.
set -eu
cd "$(dirname "$0")/.."
mkdir -p fuzz/corpus/loader fuzz/corpus/editor fuzz/corpus/importer
n=0
for file in tasks/*.yaml $(find tests/fixtures -name '*.yaml' | sort); do
    n=$((n + 1))
    cp "$file" "fuzz/corpus/loader/seed-$n"
    for choice in '\000\000\000\000\000' '\001\001\001\001\001' '\002\003\002\002\007'; do
        { printf "$choice"; cat "$file"; } > "fuzz/corpus/editor/seed-$n-$(printf "$choice" | od -An -tu1 | tr -d ' \n')"
    done
done
cp examples/yichang-sfj-2020-5.txt fuzz/corpus/importer/seed-notice
echo "seeded $n group files and the notice"
