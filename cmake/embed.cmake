# Writes the file IN as a NUL-terminated C array SYMBOL (plus SYMBOL_len) into OUT.
file(READ ${IN} hex HEX)
string(LENGTH "${hex}" hexlen)
math(EXPR len "${hexlen} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n" body "${body}")
file(WRITE ${OUT} "/* Generated from ${IN}: do not edit. */\n#include <stddef.h>\nconst char ${SYMBOL}[] = {\n${body}0x00};\nconst size_t ${SYMBOL}_len = ${len};\n")
