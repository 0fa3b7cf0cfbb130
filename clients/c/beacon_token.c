/* beacon_token: see beacon_token.h. C99, OpenSSL EVP. */
#include "beacon_token.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#define VERSION_1 0x01
#define TAG_BYTES 16

static int hex_digit(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* True when s is 12 hex digits in groups of `group` separated by `sep` (0: no separator). */
static int is_mac(const char *s, size_t len, size_t group, char sep)
{
    size_t groups = 12 / group, want = sep ? 12 + groups - 1 : 12, i, g;

    if (len != want)
        return 0;
    for (g = 0, i = 0; g < groups; g++) {
        size_t k;
        for (k = 0; k < group; k++, i++)
            if (!hex_digit(s[i]))
                return 0;
        if (sep && g + 1 < groups && s[i++] != sep)
            return 0;
    }
    return 1;
}

/* Valid UTF-8 without control characters (C0, DEL, and C1 as U+0080..U+009F), as the server checks. */
static int clean_utf8(const unsigned char *s, size_t len)
{
    size_t i = 0;

    while (i < len) {
        unsigned char c = s[i];
        size_t n, k;
        unsigned long cp;

        if (c < 0x20 || c == 0x7F)
            return 0;
        if (c < 0x80) {
            i++;
            continue;
        }
        if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07; }
        else return 0;
        for (k = 1; k <= n; k++) {
            if (i + k >= len || (s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
            (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x80 && cp <= 0x9F))
            return 0;
        i += n + 1;
    }
    return 1;
}

int beacon_device_id(const char *raw, char *out, size_t out_len)
{
    size_t len, i, o;

    if (!raw || !out || out_len < BEACON_DEVICE_ID_MAX + 1)
        return BEACON_EINVAL;
    len = strlen(raw);
    if (is_mac(raw, len, 12, 0) || is_mac(raw, len, 2, ':') || is_mac(raw, len, 2, '-') || is_mac(raw, len, 4, '.')) {
        for (i = 0, o = 0; i < len; i++) {
            if (!hex_digit(raw[i]))
                continue;
            if (o > 0 && o % 3 == 2)
                out[o++] = ':';
            out[o++] = (char)toupper((unsigned char)raw[i]);
        }
        out[o] = '\0';
        return BEACON_OK;
    }
    if (len == 0 || len > BEACON_DEVICE_ID_MAX || !clean_utf8((const unsigned char *)raw, len))
        return BEACON_EINVAL;
    memcpy(out, raw, len + 1);
    return BEACON_OK;
}

int beacon_key_from_base64(const char *text, unsigned char key[BEACON_KEY_BYTES])
{
    unsigned char buf[48];
    char clean[64];
    size_t len = 0;
    int n;

    if (!text || !key)
        return BEACON_EINVAL;
    while (isspace((unsigned char)*text))
        text++;
    while (text[len] && !isspace((unsigned char)text[len]))
        len++;
    /* 32 bytes are 44 characters of standard base64, the last one '='. */
    if (len != 44 || text[43] != '=' || text[42] == '=')
        return BEACON_EINVAL;
    memcpy(clean, text, len);
    clean[len] = '\0';
    n = EVP_DecodeBlock(buf, (const unsigned char *)clean, (int)len);
    if (n != 33) /* EVP_DecodeBlock counts the padding as a byte */
        return BEACON_EINVAL;
    memcpy(key, buf, BEACON_KEY_BYTES);
    OPENSSL_cleanse(buf, sizeof buf);
    return BEACON_OK;
}

/* base64url without padding, from standard base64. */
static void base64url(const unsigned char *in, size_t len, char *out)
{
    size_t i, n = (size_t)EVP_EncodeBlock((unsigned char *)out, in, (int)len);

    while (n > 0 && out[n - 1] == '=')
        n--;
    out[n] = '\0';
    for (i = 0; i < n; i++) {
        if (out[i] == '+')
            out[i] = '-';
        else if (out[i] == '/')
            out[i] = '_';
    }
}

int beacon_token_seal(const unsigned char key[BEACON_KEY_BYTES], unsigned key_id, const char *device_id,
                      uint32_t issued_at, const unsigned char nonce[BEACON_NONCE_BYTES], char *out, size_t out_len)
{
    char id[BEACON_DEVICE_ID_MAX + 1];
    unsigned char token[2 + BEACON_NONCE_BYTES + 4 + BEACON_DEVICE_ID_MAX + TAG_BYTES];
    unsigned char plain[4 + BEACON_DEVICE_ID_MAX];
    /* EVP_EncodeBlock writes 4 * ceil(n / 3) + 1 bytes before we strip the padding. */
    char text[4 * ((sizeof token + 2) / 3) + 1];
    size_t id_len, plain_len, total;
    EVP_CIPHER_CTX *ctx;
    int len, ok;

    if (!key || !nonce || !out || key_id > 255 || beacon_device_id(device_id, id, sizeof id) != BEACON_OK)
        return BEACON_EINVAL;
    id_len = strlen(id);
    plain_len = 4 + id_len;
    plain[0] = (unsigned char)(issued_at >> 24);
    plain[1] = (unsigned char)(issued_at >> 16);
    plain[2] = (unsigned char)(issued_at >> 8);
    plain[3] = (unsigned char)issued_at;
    memcpy(plain + 4, id, id_len);

    token[0] = VERSION_1;
    token[1] = (unsigned char)key_id;
    memcpy(token + 2, nonce, BEACON_NONCE_BYTES);
    total = 2 + BEACON_NONCE_BYTES + plain_len + TAG_BYTES;

    ctx = EVP_CIPHER_CTX_new();
    if (!ctx)
        return BEACON_ECRYPTO;
    ok = EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) == 1
        && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, BEACON_NONCE_BYTES, NULL) == 1
        && EVP_EncryptInit_ex(ctx, NULL, NULL, key, nonce) == 1
        && EVP_EncryptUpdate(ctx, NULL, &len, token, 2) == 1                 /* aad: version, key id */
        && EVP_EncryptUpdate(ctx, token + 14, &len, plain, (int)plain_len) == 1
        && EVP_EncryptFinal_ex(ctx, token + 14 + len, &len) == 1
        && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, TAG_BYTES, token + 14 + plain_len) == 1;
    EVP_CIPHER_CTX_free(ctx);
    OPENSSL_cleanse(plain, sizeof plain);
    if (!ok)
        return BEACON_ECRYPTO;

    base64url(token, total, text);
    if (strlen(text) + 1 > out_len)
        return BEACON_EINVAL;
    memcpy(out, text, strlen(text) + 1);
    return BEACON_OK;
}

int beacon_token_mint(const unsigned char key[BEACON_KEY_BYTES], unsigned key_id, const char *device_id,
                      uint32_t issued_at, char *out, size_t out_len)
{
    unsigned char nonce[BEACON_NONCE_BYTES];

    if (RAND_bytes(nonce, sizeof nonce) != 1)
        return BEACON_ECRYPTO;
    return beacon_token_seal(key, key_id, device_id, issued_at, nonce, out, out_len);
}

/* HMAC-SHA256 of the concatenation of up to three pieces. */
static int hmac3(const unsigned char *key, size_t key_len, const unsigned char *a, size_t a_len,
                 const unsigned char *b, size_t b_len, const unsigned char *c, size_t c_len, unsigned char out[32])
{
    unsigned char *msg;
    unsigned int len = 0;
    size_t n = a_len + b_len + c_len;
    int ok;

    msg = malloc(n ? n : 1);
    if (!msg)
        return BEACON_ECRYPTO;
    if (a_len)
        memcpy(msg, a, a_len);
    if (b_len)
        memcpy(msg + a_len, b, b_len);
    if (c_len)
        memcpy(msg + a_len + b_len, c, c_len);
    ok = HMAC(EVP_sha256(), key, (int)key_len, msg, n, out, &len) != NULL && len == 32;
    OPENSSL_cleanse(msg, n ? n : 1);
    free(msg);
    return ok ? BEACON_OK : BEACON_ECRYPTO;
}

int beacon_v2_device_key(const unsigned char master[BEACON_KEY_BYTES], const char *device_id, uint32_t generation,
                         unsigned char device_key[BEACON_KEY_BYTES])
{
    static const unsigned char salt[] = "beacon device key v2";
    char id[BEACON_DEVICE_ID_MAX + 1];
    unsigned char prk[32], info[4 + BEACON_DEVICE_ID_MAX + 1];
    size_t id_len;
    int rc;

    if (!master || !device_key || beacon_device_id(device_id, id, sizeof id) != BEACON_OK)
        return BEACON_EINVAL;
    id_len = strlen(id);
    rc = hmac3(salt, sizeof salt - 1, master, BEACON_KEY_BYTES, NULL, 0, NULL, 0, prk);
    if (rc != BEACON_OK)
        return rc;
    info[0] = (unsigned char)(generation >> 24);
    info[1] = (unsigned char)(generation >> 16);
    info[2] = (unsigned char)(generation >> 8);
    info[3] = (unsigned char)generation;
    memcpy(info + 4, id, id_len);
    info[4 + id_len] = 0x01;
    rc = hmac3(prk, sizeof prk, info, 4 + id_len + 1, NULL, 0, NULL, 0, device_key);
    OPENSSL_cleanse(prk, sizeof prk);
    return rc;
}

/* Orders name/value pairs by name, then value, byte by byte (strcmp compares unsigned chars). */
static int pair_order(const void *x, const void *y)
{
    const char *const *a = x, *const *b = y;
    int by_name = strcmp(a[0], b[0]);

    return by_name ? by_name : strcmp(a[1], b[1]);
}

int beacon_v2_token(const unsigned char device_key[BEACON_KEY_BYTES], unsigned master_id, uint32_t generation,
                    uint64_t counter, const char *device_id, const char *endpoint, const char *const *params,
                    size_t count, char *out, size_t out_len)
{
    static const unsigned char label[] = "beacon token v2";
    char id[BEACON_DEVICE_ID_MAX + 1];
    unsigned char token[15 + BEACON_DEVICE_ID_MAX + 16], mac[32];
    char text[4 * ((sizeof token + 2) / 3) + 1];
    const char **pairs = NULL;
    unsigned char *canonical = NULL;
    size_t id_len, i, n = 0, at;
    int rc, shift;

    if (!device_key || !endpoint || !out || master_id > 255 || counter == 0 || counter > INT64_MAX
        || (count && !params) || beacon_device_id(device_id, id, sizeof id) != BEACON_OK)
        return BEACON_EINVAL;
    id_len = strlen(id);
    token[0] = 0x02;
    token[1] = (unsigned char)master_id;
    for (shift = 24, i = 2; shift >= 0; shift -= 8)
        token[i++] = (unsigned char)(generation >> shift);
    for (shift = 56; shift >= 0; shift -= 8)
        token[i++] = (unsigned char)(counter >> shift);
    token[14] = (unsigned char)id_len;
    memcpy(token + 15, id, id_len);

    /* The canonical request: endpoint LF, then each name=value LF in order, mac left out. */
    n = strlen(endpoint) + 1;
    if (count) {
        pairs = malloc(2 * count * sizeof *pairs);
        if (!pairs)
            return BEACON_ECRYPTO;
    }
    for (i = 0; i < count; i++) {
        if (!params[2 * i] || !params[2 * i + 1]) {
            free(pairs);
            return BEACON_EINVAL;
        }
        pairs[2 * i] = params[2 * i];
        pairs[2 * i + 1] = params[2 * i + 1];
        if (strcmp(params[2 * i], "mac") != 0)
            n += strlen(params[2 * i]) + 1 + strlen(params[2 * i + 1]) + 1;
    }
    if (count)
        qsort(pairs, count, 2 * sizeof *pairs, pair_order);
    canonical = malloc(n);
    if (!canonical) {
        free(pairs);
        return BEACON_ECRYPTO;
    }
    at = strlen(endpoint);
    memcpy(canonical, endpoint, at);
    canonical[at++] = '\n';
    for (i = 0; i < count; i++) {
        size_t k, v;
        if (strcmp(pairs[2 * i], "mac") == 0)
            continue;
        k = strlen(pairs[2 * i]);
        v = strlen(pairs[2 * i + 1]);
        memcpy(canonical + at, pairs[2 * i], k);
        at += k;
        canonical[at++] = '=';
        memcpy(canonical + at, pairs[2 * i + 1], v);
        at += v;
        canonical[at++] = '\n';
    }
    free(pairs);
    rc = hmac3(device_key, BEACON_KEY_BYTES, label, sizeof label, token, 15 + id_len, canonical, at, mac);
    free(canonical);
    if (rc != BEACON_OK)
        return rc;
    memcpy(token + 15 + id_len, mac, 16);
    base64url(token, 15 + id_len + 16, text);
    if (strlen(text) + 1 > out_len)
        return BEACON_EINVAL;
    memcpy(out, text, strlen(text) + 1);
    return BEACON_OK;
}
