/*
 * Checks beacon_token against the shared test vectors: every version 1 vector (token-vectors.json),
 * sealed with its fixed nonce, must give exactly its token; every version 2 vector
 * (token-v2-vectors.json, made by an independent Python implementation) its device key and token.
 * Also checks the device id rules.
 * Usage: test_vectors PATH/token-vectors.json PATH/token-v2-vectors.json
 */
#include "beacon_token.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

#define CHECK(cond, ...) do { if (!(cond)) { failures++; fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__); \
    fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } } while (0)

/* The string value of "key" after position at, copied into out; returns a pointer past it, or NULL. */
static const char *string_after(const char *at, const char *key, char *out, size_t out_len)
{
    char pattern[64];
    const char *p, *end;

    snprintf(pattern, sizeof pattern, "\"%s\"", key);
    p = strstr(at, pattern);
    if (!p)
        return NULL;
    p = strchr(p + strlen(pattern), '"');
    if (!p)
        return NULL;
    end = strchr(p + 1, '"');
    if (!end || (size_t)(end - p - 1) >= out_len)
        return NULL;
    memcpy(out, p + 1, (size_t)(end - p - 1));
    out[end - p - 1] = '\0';
    return end + 1;
}

static const char *number_after(const char *at, const char *key, unsigned long *out)
{
    char pattern[64];
    const char *p;

    snprintf(pattern, sizeof pattern, "\"%s\"", key);
    p = strstr(at, pattern);
    if (!p)
        return NULL;
    p = strchr(p, ':');
    if (!p)
        return NULL;
    *out = strtoul(p + 1, NULL, 10);
    return p + 1;
}

static int hex(const char *text, unsigned char *out, size_t n)
{
    size_t i;

    if (strlen(text) != 2 * n)
        return -1;
    for (i = 0; i < n; i++) {
        unsigned int b;
        if (sscanf(text + 2 * i, "%2x", &b) != 1)
            return -1;
        out[i] = (unsigned char)b;
    }
    return 0;
}

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;

    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return NULL;
    }
    buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = '\0';
    fclose(f);
    return buf;
}

static void vectors(const char *path)
{
    char *json = read_file(path);
    const char *at, *end;
    int count = 0;

    if (!json) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    at = strstr(json, "\"valid\"");
    end = strstr(json, "\"invalid\"");
    while (at && (at = strstr(at, "\"key_base64\"")) && (!end || at < end)) {
        char key_text[64], nonce_hex[32], device[80], expected[BEACON_TOKEN_MAX], token[BEACON_TOKEN_MAX];
        unsigned char key[BEACON_KEY_BYTES], nonce[BEACON_NONCE_BYTES];
        unsigned long kid = 0, issued = 0;

        if (!string_after(at, "key_base64", key_text, sizeof key_text) || !number_after(at, "key_id", &kid)
            || !string_after(at, "nonce_hex", nonce_hex, sizeof nonce_hex) || !number_after(at, "issued_at", &issued)
            || !string_after(at, "device_id", device, sizeof device)
            || !string_after(at, "token_base64url", expected, sizeof expected)) {
            CHECK(0, "vector %d is not readable", count);
            break;
        }
        CHECK(beacon_key_from_base64(key_text, key) == BEACON_OK, "key of vector %d", count);
        CHECK(hex(nonce_hex, nonce, sizeof nonce) == 0, "nonce of vector %d", count);
        CHECK(beacon_token_seal(key, (unsigned)kid, device, (uint32_t)issued, nonce, token, sizeof token) == BEACON_OK,
              "seal vector %d", count);
        CHECK(strcmp(token, expected) == 0, "vector %d (%s): got %s, want %s", count, device, token, expected);
        count++;
        at++;
    }
    CHECK(count >= 3, "only %d valid vectors found in %s", count, path);
    printf("vectors: %d checked\n", count);
    free(json);
}

/* The strings of the "params" array after at ([[name, value], ...]), up to max; returns how many. */
static size_t params_after(const char *at, char out[][80], size_t max)
{
    const char *p = strstr(at, "\"params\"");
    size_t n = 0;
    int depth = 0;

    if (!p || !(p = strchr(p, '[')))
        return 0;
    for (; *p; p++) {
        if (*p == '[') {
            depth++;
        } else if (*p == ']') {
            if (--depth == 0)
                break;
        } else if (*p == '"' && n < max) {
            const char *end = strchr(p + 1, '"');
            if (!end || (size_t)(end - p - 1) >= 80)
                return 0;
            memcpy(out[n], p + 1, (size_t)(end - p - 1));
            out[n][end - p - 1] = '\0';
            n++;
            p = end;
        }
    }
    return n;
}

static void vectors_v2(const char *path)
{
    char *json = read_file(path);
    const char *at, *end;
    char master_text[64];
    unsigned char master[BEACON_KEY_BYTES];
    int count = 0;

    if (!json) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    CHECK(string_after(json, "master_b64", master_text, sizeof master_text) != NULL
          && beacon_key_from_base64(master_text, master) == BEACON_OK, "master of %s", path);
    at = strstr(json, "\"valid\"");
    end = strstr(json, "\"invalid\"");
    while (at && (at = strstr(at, "\"master_id\"")) && (!end || at < end)) {
        char device[80], key_hex[80], endpoint[16], expected[BEACON_V2_TOKEN_MAX], token[BEACON_V2_TOKEN_MAX];
        char strings[16][80];
        const char *params[16];
        unsigned char want_key[BEACON_KEY_BYTES], key[BEACON_KEY_BYTES];
        unsigned long mid = 0, generation = 0;
        unsigned long long counter;
        const char *c;
        size_t n, i;

        c = strstr(at, "\"counter\"");
        if (!number_after(at, "master_id", &mid) || !number_after(at, "generation", &generation) || !c
            || !string_after(at, "device_id", device, sizeof device)
            || !string_after(at, "device_key_hex", key_hex, sizeof key_hex)
            || !string_after(at, "endpoint", endpoint, sizeof endpoint)
            || !string_after(at, "token", expected, sizeof expected)) {
            CHECK(0, "v2 vector %d is not readable", count);
            break;
        }
        counter = strtoull(strchr(c, ':') + 1, NULL, 10);
        n = params_after(at, strings, 16);
        for (i = 0; i < n; i++)
            params[i] = strings[i];
        CHECK(hex(key_hex, want_key, sizeof want_key) == 0, "key of v2 vector %d", count);
        CHECK(beacon_v2_device_key(master, device, (uint32_t)generation, key) == BEACON_OK
              && memcmp(key, want_key, sizeof key) == 0, "v2 vector %d (%s): device key differs", count, device);
        CHECK(beacon_v2_token(key, (unsigned)mid, (uint32_t)generation, (uint64_t)counter, device, endpoint, params, n / 2,
                              token, sizeof token) == BEACON_OK, "mint v2 vector %d", count);
        CHECK(strcmp(token, expected) == 0, "v2 vector %d (%s): got %s, want %s", count, device, token, expected);
        count++;
        at++;
    }
    CHECK(count >= 5, "only %d valid v2 vectors found in %s", count, path);
    printf("v2 vectors: %d checked\n", count);
    free(json);
}

static void v2_arguments(void)
{
    unsigned char key[BEACON_KEY_BYTES] = {0};
    const char *params[] = {"myip", "198.51.100.7"};
    char out[BEACON_V2_TOKEN_MAX], small[20];

    CHECK(beacon_v2_token(key, 1, 0, 0, "SN-1", "update", params, 1, out, sizeof out) == BEACON_EINVAL, "counter 0");
    CHECK(beacon_v2_token(key, 256, 0, 1, "SN-1", "update", params, 1, out, sizeof out) == BEACON_EINVAL, "master 256");
    CHECK(beacon_v2_token(key, 1, 0, 1, "cam\n1", "update", params, 1, out, sizeof out) == BEACON_EINVAL, "bad id");
    CHECK(beacon_v2_token(key, 1, 0, 1, "SN-1", "update", params, 1, small, sizeof small) == BEACON_EINVAL, "small buffer");
    CHECK(beacon_v2_token(key, 1, 0, 1, "SN-1", "ipcheck", NULL, 0, out, sizeof out) == BEACON_OK, "no parameters");
}

static void device_ids(void)
{
    const char *macs[] = {"e0469ab81bfc", "E0-46-9A-B8-1B-FC", "e0:46:9a:b8:1b:fc", "e046.9ab8.1bfc", "E0:46:9A:B8:1B:FC"};
    const char *kept[] = {"SN-00012345", "e0:46:9a:b8:1b", "E0-46:9A-B8:1B-FC", "caf\xc3\xa9"};
    const char *refused[] = {"", "cam\n1", "a\x7f", "\xc2\x85", "\xff\xfe", "\xed\xa0\x80",
                             "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"};
    char out[BEACON_DEVICE_ID_MAX + 1];
    size_t i;

    for (i = 0; i < sizeof macs / sizeof *macs; i++) {
        CHECK(beacon_device_id(macs[i], out, sizeof out) == BEACON_OK, "%s", macs[i]);
        CHECK(strcmp(out, "E0:46:9A:B8:1B:FC") == 0, "%s normalised to %s", macs[i], out);
    }
    for (i = 0; i < sizeof kept / sizeof *kept; i++) {
        CHECK(beacon_device_id(kept[i], out, sizeof out) == BEACON_OK && strcmp(out, kept[i]) == 0, "%s kept", kept[i]);
    }
    for (i = 0; i < sizeof refused / sizeof *refused; i++)
        CHECK(beacon_device_id(refused[i], out, sizeof out) == BEACON_EINVAL, "refused #%zu", i);
    CHECK(beacon_device_id("x", out, 10) == BEACON_EINVAL, "short output buffer");
}

static void minting(void)
{
    unsigned char key[BEACON_KEY_BYTES] = {0};
    char a[BEACON_TOKEN_MAX], b[BEACON_TOKEN_MAX], small[20];

    CHECK(beacon_token_mint(key, 1, "SN-1", 1700000000u, a, sizeof a) == BEACON_OK, "mint");
    CHECK(beacon_token_mint(key, 1, "SN-1", 1700000000u, b, sizeof b) == BEACON_OK, "mint again");
    CHECK(strcmp(a, b) != 0, "two tokens share a nonce");
    CHECK(beacon_token_mint(key, 256, "SN-1", 1, a, sizeof a) == BEACON_EINVAL, "key id 256");
    CHECK(beacon_token_mint(key, 1, "SN-1", 1, small, sizeof small) == BEACON_EINVAL, "small buffer");
    CHECK(beacon_key_from_base64("not base64", key) == BEACON_EINVAL, "bad key text");
    CHECK(beacon_key_from_base64(" AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n", key) == BEACON_OK && key[31] == 31,
          "key with surrounding space");
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s token-vectors.json token-v2-vectors.json\n", argv[0]);
        return 2;
    }
    vectors(argv[1]);
    vectors_v2(argv[2]);
    v2_arguments();
    device_ids();
    minting();
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("all checks passed\n");
    return 0;
}
