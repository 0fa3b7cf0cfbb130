/*
 * Checks beacon_token against the shared test vectors (token-vectors.json): every valid vector,
 * sealed with its fixed nonce, must give exactly its token. Also checks the device id rules.
 * Usage: test_vectors PATH/token-vectors.json
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
    if (argc != 2) {
        fprintf(stderr, "usage: %s token-vectors.json\n", argv[0]);
        return 2;
    }
    vectors(argv[1]);
    device_ids();
    minting();
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("all checks passed\n");
    return 0;
}
