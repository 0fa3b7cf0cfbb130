#!/usr/bin/env python3
"""Writes token-v2-vectors.json: version 2 token vectors made by this independent implementation
(Python's hmac and hashlib only), which the Java and C implementations must reproduce.

    python3 clients/spec/token-v2-vectors.py > clients/spec/token-v2-vectors.json
"""
import base64, hashlib, hmac, json, struct

def hkdf_device_key(master, generation, device_id):
    prk = hmac.new(b"beacon device key v2", master, hashlib.sha256).digest()
    info = struct.pack(">I", generation) + device_id.encode()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()

def canonical(endpoint, params):
    pairs = sorted((k.encode(), v.encode()) for k, v in params if k != "mac")
    return endpoint.encode() + b"\n" + b"".join(k + b"=" + v + b"\n" for k, v in pairs)

def token(master_id, generation, counter, device_id, device_key, endpoint, params):
    idb = device_id.encode()
    signed = bytes([2, master_id]) + struct.pack(">IQ", generation, counter) + bytes([len(idb)]) + idb
    tag = hmac.new(device_key, b"beacon token v2\x00" + signed + canonical(endpoint, params), hashlib.sha256).digest()[:16]
    return base64.urlsafe_b64encode(signed + tag).rstrip(b"=").decode()

master = bytes(range(32))
master_b64 = base64.b64encode(master).decode()
cases = [
    ("a camera's update", 1, 0, 1, "E0:46:9A:B8:1B:FC", "update", [("myip", "198.51.100.7")]),
    ("an add with a name and custom fields, sent in another order", 7, 3, 1764547200123, "E0:46:9A:B8:1B:FC", "add",
     [("port", "8080"), ("dm", "cam1"), ("fw", "1.0.3"), ("myip", "198.51.100.7")]),
    ("a serial number, no parameters", 1, 0, 42, "SN-00012345", "ipcheck", []),
    ("a remove", 1, 1, 2, "SN-00012345", "remove", []),
    ("an empty value and a UTF-8 value", 200, 4294967295, 9223372036854775807, "Gerät-7", "update",
     [("myip", ""), ("fw", "é1"), ("fw2", "")]),
]
valid = []
for name, mid, gen, ctr, dev, ep, params in cases:
    key = hkdf_device_key(master, gen, dev)
    valid.append({"name": name, "master_id": mid, "generation": gen, "counter": ctr, "device_id": dev,
                  "device_key_hex": key.hex(), "endpoint": ep, "params": [[k, v] for k, v in params],
                  "canonical_hex": canonical(ep, params).hex(),
                  "token": token(mid, gen, ctr, dev, key, ep, params)})

def raw(tok):
    return bytearray(base64.urlsafe_b64decode(tok + "=" * (-len(tok) % 4)))

def text(b):
    return base64.urlsafe_b64encode(bytes(b)).rstrip(b"=").decode()

v0 = valid[0]
k0 = bytes.fromhex(v0["device_key_hex"])
flipped = raw(v0["token"]); flipped[-1] ^= 1
other_id = token(1, 0, 1, "E0:46:9A:B8:1B:FD", k0, "update", [("myip", "198.51.100.7")])
lower = token(1, 0, 1, "e0:46:9a:b8:1b:fc", hkdf_device_key(master, 0, "e0:46:9a:b8:1b:fc"), "update",
              [("myip", "198.51.100.7")])
zero = raw(token(1, 0, 0, "E0:46:9A:B8:1B:FC", k0, "update", [("myip", "198.51.100.7")]))
cut = raw(v0["token"])[:-1]
invalid = [
    {"name": "the tag's last bit flipped", "token": text(flipped), "endpoint": "update",
     "params": [["myip", "198.51.100.7"]]},
    {"name": "the same token for another address (the request it signs differs)", "token": v0["token"],
     "endpoint": "update", "params": [["myip", "203.0.113.66"]]},
    {"name": "the same token on another endpoint", "token": v0["token"], "endpoint": "add",
     "params": [["myip", "198.51.100.7"]]},
    {"name": "the same token with a parameter added", "token": v0["token"], "endpoint": "update",
     "params": [["myip", "198.51.100.7"], ["dm", "evilname"]]},
    {"name": "another device's id tagged with this device's key", "token": other_id, "endpoint": "update",
     "params": [["myip", "198.51.100.7"]]},
    {"name": "a device id not in its normal form", "token": lower, "endpoint": "update",
     "params": [["myip", "198.51.100.7"]]},
    {"name": "counter 0", "token": text(zero), "endpoint": "update", "params": [["myip", "198.51.100.7"]]},
    {"name": "one byte short", "token": text(cut), "endpoint": "update", "params": [["myip", "198.51.100.7"]]},
]
print(json.dumps({"master_b64": master_b64, "note": "made by token-v2-vectors.py (Python hmac/hashlib)",
                  "valid": valid, "invalid": invalid}, indent=2, ensure_ascii=False))
