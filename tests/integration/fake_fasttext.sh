#!/usr/bin/env bash
# A stand-in for Debian's fasttext, for tests/integration/vectors.sh: the three commands
# `npcsearch learn --vectors` runs, answering with fixed vectors.
#   skipgram -input CORPUS -output MODEL …   writes MODEL.bin (the corpus's line count) and
#                                            copies the corpus to MODEL.corpus for the test
#   dump MODEL.bin dict                      a dictionary, most frequent first
#   nn MODEL.bin K                           for each word on stdin: "Query word? " and K
#                                            neighbours with their cosine
set -euo pipefail
case "$1" in
skipgram)
    shift
    while [ $# -gt 0 ]; do
        case "$1" in
        -input) input=$2; shift 2 ;;
        -output) output=$2; shift 2 ;;
        *) shift ;;
        esac
    done
    wc -l <"$input" >"$output.bin"
    cp "$input" "${FAKE_FASTTEXT_CORPUS:-/dev/null}"
    ;;
dump)
    printf '5\n</s> 900 word\n失明 300 word\n视力 120 word\n小狗 80 word\n犬只 60 word\n'
    ;;
nn)
    while read -r w; do
        printf 'Query word? '
        case "$w" in
        失明) printf '视力 0.91\n失明 0.9\n视障者 0.88\n犬只 0.55\n' ;;
        小狗) printf '犬只 0.8\n视力 0.7\n失明 0.2\n' ;;
        *) printf '小狗 0.3\n' ;;
        esac
    done
    ;;
*) exit 64 ;;
esac
