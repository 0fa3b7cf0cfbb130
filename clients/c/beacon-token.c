/*
 * beacon-token: prints a token minted with beacon_token (random nonce, current time), as the
 * firmware would mint it. Usage: beacon-token KEY_FILE KEY_ID DEVICE_ID [--static]
 */
#include "beacon_token.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
    unsigned char key[BEACON_KEY_BYTES];
    char text[128], token[BEACON_TOKEN_MAX];
    FILE *f;
    int rc;

    if (argc < 4 || argc > 5 || (argc == 5 && strcmp(argv[4], "--static") != 0)) {
        fprintf(stderr, "usage: %s KEY_FILE KEY_ID DEVICE_ID [--static]\n", argv[0]);
        return 2;
    }
    f = fopen(argv[1], "r");
    if (!f || !fgets(text, sizeof text, f)) {
        fprintf(stderr, "cannot read %s\n", argv[1]);
        if (f)
            fclose(f);
        return 2;
    }
    fclose(f);
    if (beacon_key_from_base64(text, key) != BEACON_OK) {
        fprintf(stderr, "%s is not a base64 key of 32 bytes\n", argv[1]);
        return 2;
    }
    rc = beacon_token_mint(key, (unsigned)strtoul(argv[2], NULL, 10), argv[3],
                           argc == 5 ? 0 : (uint32_t)time(NULL), token, sizeof token);
    if (rc != BEACON_OK) {
        fprintf(stderr, "cannot mint a token: %s\n", rc == BEACON_EINVAL ? "invalid device id or key id" : "crypto failure");
        return 1;
    }
    puts(token);
    return 0;
}
