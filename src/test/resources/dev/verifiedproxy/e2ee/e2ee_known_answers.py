#!/usr/bin/env python3
"""Known-answer vectors for NEAR AI's three E2EE constructions (docs/protocol.md section 7), made
with an implementation that shares nothing with verified-proxy's Java code, for
E2eeKnownAnswerTest (dev.verifiedproxy.e2ee).

  * pyca/cryptography (tested with 48.0.0): X25519, ECDH on SECP256K1, HKDF-SHA256, AES-256-GCM,
    ChaCha20 (raw stream), ChaCha20-Poly1305 (IETF) and Poly1305.
  * written here from their specifications: HChaCha20 and XChaCha20-Poly1305
    (draft-irtf-cfrg-xchacha-03 sections 2.2 and 2.3), HSalsa20, Salsa20 and XSalsa20 (Bernstein,
    "Salsa20 specification" and "Extending the Salsa20 nonce"), the NaCl secretbox construction
    (first 32 keystream bytes = Poly1305 key, tag over the ciphertext, output tag || ct), and the
    Ed25519 -> X25519 conversions (RFC 7748 section 4.1 birational map; RFC 8032 section 5.1.5
    secret expansion with clamping).

Before generating, the hand-written parts are checked against published vectors (NaCl's box test
and "firstkey", libsodium's secretbox_xchacha20poly1305 vector, the xchacha draft's HChaCha20 and
AEAD vectors) and, when the samples folder is present, against inference-proxy's vector E.

Every key, ephemeral secret and nonce is SHA-256 of a fixed label, so the output never changes.
Run from the repository root and paste the printed Java lines into E2eeKnownAnswerTest:

    python3 src/test/resources/dev/verifiedproxy/e2ee/e2ee_known_answers.py
"""

import hashlib
import json
import os
import struct
import sys

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from cryptography.hazmat.primitives.ciphers.aead import AESGCM, ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.poly1305 import Poly1305
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

PLAINTEXT = ("E2EE known answer: Grüße, 世界 — the launch code is 0000; long enough to cross "
             "a 64-byte keystream block.").encode("utf-8")
SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
P25519 = 2 ** 255 - 19
MASK = 0xFFFFFFFF
SIGMA = b"expand 32-byte k"


def label(text, length=32):
    return hashlib.sha256(("verified-proxy e2ee known answer: " + text).encode("ascii")).digest()[:length]


def words(data):
    return list(struct.unpack("<%dI" % (len(data) // 4), data))


def rotl(value, count):
    return ((value << count) & MASK) | (value >> (32 - count))


# ---------------------------------------------------------------- ChaCha family (draft-irtf-cfrg-xchacha-03)

def chacha_quarter(s, a, b, c, d):
    s[a] = (s[a] + s[b]) & MASK
    s[d] = rotl(s[d] ^ s[a], 16)
    s[c] = (s[c] + s[d]) & MASK
    s[b] = rotl(s[b] ^ s[c], 12)
    s[a] = (s[a] + s[b]) & MASK
    s[d] = rotl(s[d] ^ s[a], 8)
    s[c] = (s[c] + s[d]) & MASK
    s[b] = rotl(s[b] ^ s[c], 7)


def hchacha20(key, input16):
    """Section 2.2: 20 ChaCha rounds over constants || key || input, output words 0-3 and 12-15."""
    s = words(SIGMA) + words(key) + words(input16)
    for _ in range(10):
        chacha_quarter(s, 0, 4, 8, 12)
        chacha_quarter(s, 1, 5, 9, 13)
        chacha_quarter(s, 2, 6, 10, 14)
        chacha_quarter(s, 3, 7, 11, 15)
        chacha_quarter(s, 0, 5, 10, 15)
        chacha_quarter(s, 1, 6, 11, 12)
        chacha_quarter(s, 2, 7, 8, 13)
        chacha_quarter(s, 3, 4, 9, 14)
    return struct.pack("<8I", *(s[0:4] + s[12:16]))


def xchacha20poly1305_encrypt(key, nonce24, plaintext, aad=b""):
    """Section 2.3: subkey = HChaCha20(key, nonce[0:16]); IETF ChaCha20-Poly1305 with 0^4 || nonce[16:24]."""
    return ChaCha20Poly1305(hchacha20(key, nonce24[:16])).encrypt(b"\0" * 4 + nonce24[16:], plaintext, aad or None)


def xchacha20_stream(key, nonce24, length):
    """The DJB ChaCha20 stream (64-bit nonce, counter 0) under HChaCha20(key, nonce[0:16])."""
    # cryptography's ChaCha20 takes a 16-byte block counter || nonce: 64-bit counter 0, then nonce[16:24].
    cipher = Cipher(algorithms.ChaCha20(hchacha20(key, nonce24[:16]), b"\0" * 8 + nonce24[16:]), mode=None)
    return cipher.encryptor().update(b"\0" * length)


# ---------------------------------------------------------------- Salsa family (Bernstein)

def salsa_quarter(x, a, b, c, d):
    x[b] ^= rotl((x[a] + x[d]) & MASK, 7)
    x[c] ^= rotl((x[b] + x[a]) & MASK, 9)
    x[d] ^= rotl((x[c] + x[b]) & MASK, 13)
    x[a] ^= rotl((x[d] + x[c]) & MASK, 18)


def salsa_double_rounds(x):
    for _ in range(10):
        salsa_quarter(x, 0, 4, 8, 12)   # column round
        salsa_quarter(x, 5, 9, 13, 1)
        salsa_quarter(x, 10, 14, 2, 6)
        salsa_quarter(x, 15, 3, 7, 11)
        salsa_quarter(x, 0, 1, 2, 3)    # row round
        salsa_quarter(x, 5, 6, 7, 4)
        salsa_quarter(x, 10, 11, 8, 9)
        salsa_quarter(x, 15, 12, 13, 14)


def salsa_state(key, input16):
    c, k = words(SIGMA), words(key)
    return [c[0]] + k[0:4] + [c[1]] + words(input16) + [c[2]] + k[4:8] + [c[3]]


def hsalsa20(key, input16):
    x = salsa_state(key, input16)
    salsa_double_rounds(x)
    return struct.pack("<8I", *[x[i] for i in (0, 5, 10, 15, 6, 7, 8, 9)])


def xsalsa20_stream(key, nonce24, length):
    subkey = hsalsa20(key, nonce24[:16])
    out = b""
    counter = 0
    while len(out) < length:
        start = salsa_state(subkey, nonce24[16:] + struct.pack("<Q", counter))
        x = list(start)
        salsa_double_rounds(x)
        out += struct.pack("<16I", *[(a + b) & MASK for a, b in zip(x, start)])
        counter += 1
    return out[:length]


# ---------------------------------------------------------------- NaCl secretbox / box

def secretbox(stream, key, nonce24, message):
    keystream = stream(key, nonce24, 32 + len(message))
    ciphertext = bytes(m ^ k for m, k in zip(message, keystream[32:]))
    return Poly1305.generate_tag(keystream[:32], ciphertext) + ciphertext


BOXES = {
    # name: (box key from the X25519 shared secret, stream)
    "XSALSA20": (lambda shared: hsalsa20(shared, b"\0" * 16), xsalsa20_stream),
    "XCHACHA20": (lambda shared: hchacha20(shared, b"\0" * 16), xchacha20_stream),
}


# ---------------------------------------------------------------- keys

def ed25519_public(seed):
    return Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes_raw()


def x25519_secret_of_seed(seed):
    """RFC 8032 5.1.5: first half of SHA-512(seed), clamped (libsodium crypto_sign_ed25519_sk_to_curve25519)."""
    h = bytearray(hashlib.sha512(seed).digest()[:32])
    h[0] &= 248
    h[31] &= 127
    h[31] |= 64
    return bytes(h)


def x25519_public_of_ed25519(public):
    """RFC 7748 4.1: u = (1 + y) / (1 - y) mod p (libsodium crypto_sign_ed25519_pk_to_curve25519)."""
    y = int.from_bytes(public, "little") & ((1 << 255) - 1)
    u = (1 + y) * pow((1 - y) % P25519, P25519 - 2, P25519) % P25519
    return u.to_bytes(32, "little")


def x25519(secret, public):
    return X25519PrivateKey.from_private_bytes(secret).exchange(X25519PublicKey.from_public_bytes(public))


def x25519_public(secret):
    return X25519PrivateKey.from_private_bytes(secret).public_key().public_bytes_raw()


def secp256k1_key(scalar):
    d = int.from_bytes(scalar, "big")
    assert 0 < d < SECP256K1_N
    return ec.derive_private_key(d, ec.SECP256K1())


def uncompressed(private):
    return private.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)


def hkdf_sha256(shared, info):
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(shared)


# ---------------------------------------------------------------- the three constructions

def ecies(recipient_scalar, ephemeral_scalar, nonce):
    """Section 7.2: ECDH x-coordinate -> HKDF "ecdsa_encryption" -> AES-256-GCM; 04||X||Y || nonce12 || ct || tag."""
    ephemeral = secp256k1_key(ephemeral_scalar)
    recipient_public = secp256k1_key(recipient_scalar).public_key()
    shared = ephemeral.exchange(ec.ECDH(), recipient_public)
    key = hkdf_sha256(shared, b"ecdsa_encryption")
    wire = uncompressed(ephemeral) + nonce + AESGCM(key).encrypt(nonce, PLAINTEXT, None)
    # The recipient's side: the same shared secret from its key and the ephemeral public key.
    assert secp256k1_key(recipient_scalar).exchange(ec.ECDH(), ephemeral.public_key()) == shared
    assert AESGCM(key).decrypt(wire[65:77], wire[77:], None) == PLAINTEXT
    return uncompressed(secp256k1_key(recipient_scalar))[1:], shared, key, wire


def x25519_agreement(recipient_seed, ephemeral_secret):
    recipient_public = ed25519_public(recipient_seed)
    shared = x25519(ephemeral_secret, x25519_public_of_ed25519(recipient_public))
    # Section 7.3 both ways: the recipient's converted secret gives the same shared secret.
    assert x25519(x25519_secret_of_seed(recipient_seed), x25519_public(ephemeral_secret)) == shared
    return recipient_public, shared


def v2(recipient_seed, ephemeral_secret, nonce):
    """Section 7.5: X25519 -> HKDF "ed25519_encryption" -> XChaCha20-Poly1305 (IETF); eph32 || nonce24 || ct || tag."""
    recipient_public, shared = x25519_agreement(recipient_seed, ephemeral_secret)
    key = hkdf_sha256(shared, b"ed25519_encryption")
    return recipient_public, shared, key, x25519_public(ephemeral_secret) + nonce + xchacha20poly1305_encrypt(
        key, nonce, PLAINTEXT)


def v1_box(box, recipient_seed, ephemeral_secret, nonce):
    """Section 7.4: NaCl box, key = HSalsa20/HChaCha20(shared, 0^16); eph32 || nonce24 || tag16 || ct."""
    recipient_public, shared = x25519_agreement(recipient_seed, ephemeral_secret)
    derive, stream = BOXES[box]
    key = derive(shared)
    return recipient_public, shared, key, x25519_public(ephemeral_secret) + nonce + secretbox(stream, key, nonce,
                                                                                               PLAINTEXT)


# ---------------------------------------------------------------- self-checks against published vectors

def self_check():
    h = bytes.fromhex
    alice_sk = h("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a")
    bob_pk = h("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
    shared = x25519(alice_sk, bob_pk)
    firstkey = hsalsa20(shared, b"\0" * 16)
    assert firstkey.hex() == "1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389"
    nonce = h("69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37")
    message = h("be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffc"
                "e5ecbaaf33bd751a1ac728d45e6c61296cdc3c01233561f41db66cce314adb31"
                "0e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde"
                "048977eb48f59ffd4924ca1c60902e52f0a089bc76897040e082f937763848645e0705")
    assert secretbox(xsalsa20_stream, firstkey, nonce, message).hex() == (
        "f3ffc7703f9400e52a7dfb4b3d3305d98e993b9f48681273c29650ba32fc76ce"
        "48332ea7164d96a4476fb8c531a1186ac0dfc17c98dce87b4da7f011ec48c972"
        "71d2c20f9b928fe2270d6fb863d51738b48eeee314a7cc8ab932164548e526ae"
        "90224368517acfeabd6bb3732bc0e9da99832b61ca01b6de56244a9e88d5f9b3"
        "7973f622a43d14a6599b1f654cb45a74e355a5")
    assert hchacha20(bytes(range(32)), h("000000090000004a0000000031415927")).hex() == (
        "82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc")
    assert secretbox(xchacha20_stream, h("d3c71d54e6b13506e07aa2e7b412a17a7a1f34df3d3148cd3f45b91ccaa5f4d9"),
                     h("943b454a853aa514c63cf99b1e197bbb99da24b2e2d93e47"),
                     h("76bd706e07741e713d90efdb34ad202067263f984942aae8bda159f30dfccc72200f8093520b85c5ad124ff7c8b2d920"
                       "946e5cfff4b819abf84c7b35a6205ca72c9f8747c3044dd73fb4bebda1b476")).hex() == (
        "0384276f1cfa5c82c3e58f0f2acc1f821c6f526d2c19557cf8bd270fcde43fba1d88890663f7b2f5c6b1d7deccf5c91b"
        "4df5865dc55cc7e04d6793fc2db8f9e3b418f95cb796d67a7f3f7e097150cb607c435dacf82eac3d669866e5092ace")
    sunscreen = (b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future,"
                 b" sunscreen would be it.")
    assert xchacha20poly1305_encrypt(bytes(range(0x80, 0xa0)), bytes(range(0x40, 0x58)), sunscreen,
                                     h("50515253c0c1c2c3c4c5c6c7")).hex() == (
        "bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb"
        "731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452"
        "2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9"
        "21f9664c97637da9768812f615c68b13b52ec0875924c1c7987947deafd8780acf49")
    vector_e = os.path.join("..", "shared", "samples", "nearai", "inference-proxy_e2ee_v1_pynacl_vector_E",
                            "vector.json")
    if os.path.exists(vector_e):
        with open(vector_e, encoding="utf-8") as f:
            v = json.load(f)
        seed = h(v["server_ed25519_seed_hex"])
        assert ed25519_public(seed).hex() == v["server_ed25519_public_hex"]
        assert x25519_secret_of_seed(seed).hex() == v["server_x25519_secret_hex"]
        assert x25519_public_of_ed25519(ed25519_public(seed)).hex() == v["server_x25519_public_hex"]
        wire = h(v["wire_hex"])
        key = hsalsa20(x25519(x25519_secret_of_seed(seed), wire[:32]), b"\0" * 16)
        keystream = xsalsa20_stream(key, wire[32:56], 32 + len(wire) - 72)
        assert Poly1305.generate_tag(keystream[:32], wire[72:]) == wire[56:72]
        assert bytes(c ^ k for c, k in zip(wire[72:], keystream[32:])).decode("utf-8") == v["plaintext_utf8"]
        print("// self-check: vector E opened", file=sys.stderr)


# ---------------------------------------------------------------- output

def java_hex(data, indent):
    """A Java string literal, split into concatenated pieces of 96 hex digits."""
    text = data.hex()
    pieces = [text[i:i + 96] for i in range(0, len(text), 96)] or [""]
    return ("\n" + " " * indent + "+ ").join('"%s"' % piece for piece in pieces)


def main():
    self_check()
    keys = {
        "MODEL": (label("model secp256k1 scalar"), label("model ed25519 seed")),
        "CLIENT": (label("client secp256k1 scalar"), label("client ed25519 seed")),
    }
    vectors = []
    for to, (k1, ed) in keys.items():
        for scheme, box in (("ECIES_SECP256K1_AES_GCM", ""), ("X25519_XCHACHA20_V2", ""),
                            ("NACL_BOX_V1", "XSALSA20"), ("NACL_BOX_V1", "XCHACHA20")):
            short = {"ECIES_SECP256K1_AES_GCM": "ECIES", "X25519_XCHACHA20_V2": "V2"}.get(scheme, "V1_" + box)
            name = short + "_TO_" + to
            ephemeral = label(name + " ephemeral")
            nonce = label(name + " nonce", 12 if scheme.startswith("ECIES") else 24)
            if scheme.startswith("ECIES"):
                secret, made = k1, ecies(k1, ephemeral, nonce)
            elif scheme.startswith("X25519"):
                secret, made = ed, v2(ed, ephemeral, nonce)
            else:
                secret, made = ed, v1_box(box, ed, ephemeral, nonce)
            vectors.append((name, scheme, box, to, secret, ephemeral, nonce) + made)

    print("    // Generated by e2ee_known_answers.py (src/test/resources/dev/verifiedproxy/e2ee); do not edit.")
    print("    // Kat(name, scheme, box, recipient, recipient secret, recipient public key, ephemeral secret,")
    print("    //     nonce, shared secret, key, wire)")
    for name, scheme, box, to, secret, ephemeral, nonce, public, shared, key, wire in vectors:
        print('    static final Kat %s = new Kat("%s", E2eeScheme.%s, "%s", Recipient.%s,'
              % (name, name, scheme, box, to))
        for value in (secret, public, ephemeral, nonce, shared, key):
            print("            %s," % java_hex(value, 12))
        print("            %s);" % java_hex(wire, 12))


if __name__ == "__main__":
    main()
