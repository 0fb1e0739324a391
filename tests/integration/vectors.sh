#!/usr/bin/env bash
# `npcsearch learn --vectors` end to end with a stand-in for fasttext (fake_fasttext.sh, fixed
# vectors): the corpus it is given (the analyzer's words of the documents), the neighbours it
# keeps (cosine >= 0.6, words of the dictionary, not the word itself), the model stored in the
# index, and a question whose rare word (失明, in no document) finds the article holding its
# neighbour (视力) only once the vectors are stored, and still after a full rebuild.
# usage: vectors.sh NPCSEARCH SOURCE_DIR
NPCSEARCH=$1
SRC=$2
. "$(dirname "$0")/lib.sh"
FAKE="$(cd "$(dirname "$0")" && pwd)/fake_fasttext.sh"

db=$TMP/db
"$NPCSEARCH" index --db "$db" "$SRC/corpus" >/dev/null
question="失明牵的狗进商场怎么办"
top() { "$NPCSEARCH" query --db "$db" --json --limit 3 "$question" | jq -r '[.hits[].id] | join(" ")'; }
before=$(top)
case " $before " in
*"#33 "*) not_ok "without vectors the question already finds article 33 ($before)" ;;
*) ok "without vectors the question does not find the article on 导盲犬" ;;
esac

export FAKE_FASTTEXT_CORPUS=$TMP/corpus.txt
out=$("$NPCSEARCH" learn --db "$db" --vectors --fasttext "$FAKE" --out "$TMP/vectors.txt")
check_match "learn --vectors --out says what it trained" \
    '^trained word vectors on [0-9]+ documents: 2 words with neighbours, stored in ' "$out"
check "the corpus is one line a document, whole laws left out" \
    "$("$NPCSEARCH" stats --db "$db" --json | jq "[.by_type | to_entries[] | select(.key != \"law\") | .value] | add")" \
    "$(wc -l <"$TMP/corpus.txt")"
check "the corpus is the analyzer's words (no punctuation, no lone character)" "" \
    "$(grep -o '[，。、；：]' "$TMP/corpus.txt" | head -n 1)"
check "the neighbours: cosine >= 0.6, words of the dictionary, not the word itself" \
    "$(printf '失明\t视力\t0.91\n小狗\t犬只\t0.8\t视力\t0.7')" "$(tail -n +2 "$TMP/vectors.txt" | LC_ALL=C sort)"

out=$("$NPCSEARCH" learn --db "$db" --vectors --fasttext "$FAKE")
check_match "learn --vectors stores them in the index" "stored in $db" "$out"
after=$(top)
check_match "with them the question finds the article on 视力残疾人 and 导盲犬 (its 33rd)" "\.md#33( |\$)" "$after"
"$NPCSEARCH" index --db "$db" --full --quiet "$SRC/corpus" >/dev/null
check_match "a full rebuild keeps them: the question still finds its 33rd" "\.md#33( |\$)" "$(top)"

"$NPCSEARCH" learn --db "$db" --vectors --fasttext "$TMP/no-such-fasttext" >/dev/null 2>"$TMP/err" && rc=0 || rc=$?
check "a missing fasttext fails" 1 "$rc"
check_match "and says to install it" 'apt-get install fasttext' "$(cat "$TMP/err")"
"$NPCSEARCH" learn --db "$db" --vectors "$SRC/tests/data/eval-sample.jsonl" >/dev/null 2>&1 && rc=0 || rc=$?
check "learn --vectors with a FILE is a usage error" 2 "$rc"
finish
