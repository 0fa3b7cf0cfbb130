/*
 * beacon_token: Beacon device tokens (docs/PROTOCOL.md, versions 1 and 2) for firmware.
 *
 * A token proves which device is calling: the device id (a MAC address or a serial number),
 * sealed with the zone's 256-bit key using AES-256-GCM. Layout, then base64url without padding:
 *
 *   offset  size  field
 *   0       1     version = 0x01
 *   1       1     key id (0..255): selects the key, and so the zone
 *   2       12    nonce, random per token
 *   14      n+20  AES-256-GCM(key, nonce, issued_at(u32 BE) || device id, aad = bytes 0..1), tag last
 *
 * Mint a fresh token for every request: the server accepts each token once, and only within
 * 10 minutes of its issued_at. Thread-safe: no global state (OpenSSL 1.1+ needs no init).
 */
#ifndef BEACON_TOKEN_H
#define BEACON_TOKEN_H

#include <stddef.h>
#include <stdint.h>

#define BEACON_KEY_BYTES 32
#define BEACON_NONCE_BYTES 12
#define BEACON_DEVICE_ID_MAX 64
/* The longest token text, with its terminating NUL: base64url of 2 + 12 + 4 + 64 + 16 bytes. */
#define BEACON_TOKEN_MAX 132

#define BEACON_OK 0
#define BEACON_EINVAL (-1)   /* an argument is not acceptable (device id, key text, buffer) */
#define BEACON_ECRYPTO (-2)  /* OpenSSL failed (no random bytes, no AES-GCM) */

/*
 * Normalises a device id as the server does: a MAC in any common spelling (e0469ab81bfc,
 * E0-46-9A-B8-1B-FC, e0:46:9a:b8:1b:fc, e046.9ab8.1bfc) becomes E0:46:9A:B8:1B:FC; anything else
 * is copied as it is. The id must be 1-64 bytes of UTF-8 without control characters.
 * out must hold at least BEACON_DEVICE_ID_MAX + 1 bytes.
 */
int beacon_device_id(const char *raw, char *out, size_t out_len);

/* Reads a zone key from its base64 text, as `beacon keygen` prints it (surrounding space ignored). */
int beacon_key_from_base64(const char *text, unsigned char key[BEACON_KEY_BYTES]);

/*
 * Mints a token with a random nonce. issued_at is the current unix time (0 makes a static token,
 * accepted only where the zone allows them). out must hold BEACON_TOKEN_MAX bytes.
 */
int beacon_token_mint(const unsigned char key[BEACON_KEY_BYTES], unsigned key_id, const char *device_id,
                      uint32_t issued_at, char *out, size_t out_len);

/* As beacon_token_mint with a given nonce: for test vectors only. Never reuse a nonce. */
int beacon_token_seal(const unsigned char key[BEACON_KEY_BYTES], unsigned key_id, const char *device_id,
                      uint32_t issued_at, const unsigned char nonce[BEACON_NONCE_BYTES], char *out, size_t out_len);

/*
 * Version 2 (docs/PROTOCOL.md): the device holds only its own key, and each token signs one
 * request. Layout: version 0x02, master id, generation (u32 BE), counter (u64 BE), id length,
 * device id, then the first 16 bytes of HMAC-SHA256(device key, "beacon token v2" 0x00 ||
 * everything before || canonical request). The longest text, with its NUL: base64url of 95 bytes.
 */
#define BEACON_V2_TOKEN_MAX 128

/*
 * Derives a device's key from its zone's master key, as `beacon provision` does (HKDF-SHA256).
 * Factories run this; firmware is given the result and never the master.
 */
int beacon_v2_device_key(const unsigned char master[BEACON_KEY_BYTES], const char *device_id, uint32_t generation,
                         unsigned char device_key[BEACON_KEY_BYTES]);

/*
 * Mints a version 2 token for one request: `endpoint` is add, update, remove or ipcheck, and
 * `params` holds `count` name/value pairs (name, value, name, value...), every parameter the
 * request will carry except mac, as the server will decode them. counter must be above every
 * counter this device used before (1..2^63-1). out must hold BEACON_V2_TOKEN_MAX bytes.
 */
int beacon_v2_token(const unsigned char device_key[BEACON_KEY_BYTES], unsigned master_id, uint32_t generation,
                    uint64_t counter, const char *device_id, const char *endpoint, const char *const *params,
                    size_t count, char *out, size_t out_len);

#endif
