/*
 * schema.c — the small computations the index contract needs (see schema.h).
 */
#include "schema.h"

#include <string.h>

static const char PRC[] = "中华人民共和国";

size_t npc_law_key(const char *title, size_t len, char *buf, size_t cap)
{
    size_t o = 0;
    size_t i = 0;
    /* skip leading spaces, then the country name */
    while (i < len && title[i] == ' ') {
        i++;
    }
    if (len - i > sizeof PRC - 1 && memcmp(title + i, PRC, sizeof PRC - 1) == 0) {
        i += sizeof PRC - 1;
    }
    while (i < len && o < NPC_LAW_KEY_MAX && o + 4 < cap) {
        unsigned char c = (unsigned char)title[i];
        size_t k = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
        if (i + k > len) {
            break;
        }
        int space = (c == ' ' || c == '\t') ||
                    (k == 3 && memcmp(title + i, "\xE3\x80\x80", 3) == 0); /* U+3000 */
        if (!space) {
            if (o + k > NPC_LAW_KEY_MAX) {
                break;
            }
            memcpy(buf + o, title + i, k);
            o += k;
        }
        i += k;
    }
    buf[o] = '\0';
    return o;
}
