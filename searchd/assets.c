/*
 * assets.c — the table of embedded page files (see assets.h).
 */
#include "assets.h"

#include <string.h>

extern const char npc_asset_index_html[], npc_asset_app_js[], npc_asset_style_css[],
    npc_asset_opensearch_xml[];
extern const size_t npc_asset_index_html_len, npc_asset_app_js_len, npc_asset_style_css_len,
    npc_asset_opensearch_xml_len;

const npc_asset *npc_asset_find(const char *path)
{
    static npc_asset table[4];
    static const char *const paths[] = {"/index.html", "/app.js", "/style.css", "/opensearch.xml"};
    static const char *const types[] = {"text/html; charset=utf-8",
                                        "text/javascript; charset=utf-8", "text/css; charset=utf-8",
                                        "application/opensearchdescription+xml; charset=utf-8"};
    const char *data[] = {npc_asset_index_html, npc_asset_app_js, npc_asset_style_css,
                          npc_asset_opensearch_xml};
    const size_t lens[] = {npc_asset_index_html_len, npc_asset_app_js_len, npc_asset_style_css_len,
                           npc_asset_opensearch_xml_len};
    for (size_t i = 0; i < 4; i++) {
        if (strcmp(path, paths[i]) == 0) {
            table[i] = (npc_asset){paths[i], types[i], data[i], lens[i]};
            return &table[i];
        }
    }
    return NULL;
}
