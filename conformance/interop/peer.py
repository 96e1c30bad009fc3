"""Interop peer for the conformance tests of github.com/joseframework/jose:
the Python joserfc package.

Reads one JSON case per line on stdin and writes one JSON result per line on
stdout, in the same order; the protocol is the one of peer.mjs beside this
file. "unsupported" is set only when joserfc has no implementation of an
algorithm (it is not in its registry) or reports UnsupportedAlgorithmError.
"""

import base64
import json
import sys

from joserfc import errors, jwe, jwk, jws
from joserfc.jwe import FlattenedJSONEncryption, GeneralJSONEncryption


def b64e(b):
    return base64.urlsafe_b64encode(b).rstrip(b"=").decode("ascii")


def b64d(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


class Unsupported(Exception):
    pass


_keys = {}


def import_key(data):
    """Imports a JWK once per run: importing an RSA private key is slow."""
    ident = json.dumps(data, sort_keys=True)
    if ident not in _keys:
        _keys[ident] = jwk.import_key(data)
    return _keys[ident]


def need_jws(alg):
    if alg not in jws.JWSRegistry.algorithms:
        raise Unsupported(f"joserfc has no JWS algorithm {alg}")


def need_jwe(c):
    algs = jwe.JWERegistry.algorithms
    if c["alg"] not in algs["alg"]:
        raise Unsupported(f"joserfc has no JWE algorithm {c['alg']}")
    if c["enc"] not in algs["enc"]:
        raise Unsupported(f"joserfc has no JWE encryption {c['enc']}")
    if c.get("zip") and "DEF" not in algs["zip"]:
        raise Unsupported("joserfc has no DEF compression")


def allowed(c):
    out = [c["alg"], c["enc"]]
    if c.get("zip"):
        out.append("DEF")
    return out


def sign(ser, alg, key, payload, header=None):
    need_jws(alg)
    k = import_key(key)
    prot = {"alg": alg, **(header or {})}
    if ser == "compact":
        return jws.serialize_compact(prot, payload, k, algorithms=[alg])
    if ser == "flattened":
        return json.dumps(jws.serialize_json({"protected": prot}, payload, k, algorithms=[alg]))
    if ser == "general":
        return json.dumps(jws.serialize_json([{"protected": prot}], payload, k, algorithms=[alg]))
    raise ValueError(f"unknown serialization {ser}")


def verify(ser, alg, key, token):
    need_jws(alg)
    k = import_key(key)
    if ser == "compact":
        return jws.deserialize_compact(token, k, algorithms=[alg]).payload
    if ser in ("flattened", "general"):
        return jws.deserialize_json(json.loads(token), k, algorithms=[alg]).payload
    raise ValueError(f"unknown serialization {ser}")


def encrypt(c, plaintext, header=None):
    need_jwe(c)
    k = import_key(c["key"])
    prot = {"alg": c["alg"], "enc": c["enc"], **(header or {})}
    if c.get("zip"):
        prot["zip"] = "DEF"
    if c.get("p2c"):
        prot["p2c"] = c["p2c"]
    ser = c["serialization"]
    if ser == "compact":
        return jwe.encrypt_compact(prot, plaintext, k, algorithms=allowed(c))
    if ser in ("flattened", "general"):
        # "alg" (and "p2c") in the recipient's header, the rest protected:
        # joserfc cannot write a flattened JWE without a recipient header.
        rec = {"alg": prot.pop("alg")}
        if "p2c" in prot:
            rec["p2c"] = prot.pop("p2c")
        cls = FlattenedJSONEncryption if ser == "flattened" else GeneralJSONEncryption
        obj = cls(prot, plaintext)
        obj.add_recipient(rec, k)
        return json.dumps(jwe.encrypt_json(obj, None, algorithms=allowed(c)))
    raise ValueError(f"unknown serialization {ser}")


def decrypt(c, token):
    need_jwe(c)
    k = import_key(c["key"])
    ser = c["serialization"]
    if ser == "compact":
        obj = jwe.decrypt_compact(token, k, algorithms=allowed(c))
        return obj.plaintext, obj.protected
    if ser in ("flattened", "general"):
        obj = jwe.decrypt_json(json.loads(token), k, algorithms=allowed(c))
        return obj.plaintext, obj.protected
    raise ValueError(f"unknown serialization {ser}")


def run(c):
    op = c["op"]
    if op == "sign":
        return {"token": sign(c["serialization"], c["alg"], c["key"], b64d(c["payload"]))}
    if op == "verify":
        return {"payload": b64e(verify(c["serialization"], c["alg"], c["key"], c["token"]))}
    if op == "encrypt":
        return {"token": encrypt(c, b64d(c["payload"]))}
    if op == "decrypt":
        return {"payload": b64e(decrypt(c, c["token"])[0])}
    if op == "seal_nested":
        # A nested JWT (RFC 7519, Section 5.2): sign, then encrypt with "cty": "JWT".
        inner = sign("compact", c["inner_alg"], c["inner_key"], b64d(c["payload"]), {"typ": "JWT"})
        return {"token": encrypt(c, inner.encode("ascii"), {"cty": "JWT"})}
    if op == "open_nested":
        plaintext, protected = decrypt(c, c["token"])
        if protected.get("cty") != "JWT":
            raise ValueError(f"outer cty is {protected.get('cty')!r}, want JWT")
        return {"payload": b64e(verify("compact", c["inner_alg"], c["inner_key"], plaintext.decode("ascii")))}
    if op == "thumbprint":
        return {"thumbprint": import_key(c["key"]).thumbprint()}
    if op == "generate":
        if c["kty"] == "oct":
            key = jwk.generate_key("oct", 256)
            out = key.as_dict(private=True)
        else:
            size = 2048 if c["kty"] == "RSA" else c["crv"]
            key = jwk.generate_key(c["kty"], size)
            out = key.as_dict(private=False)
        return {"jwk": out, "thumbprint": key.thumbprint()}
    raise ValueError(f"unknown op {op}")


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        c = {}
        try:
            c = json.loads(line)
            out = {"id": c.get("id"), "ok": True, **run(c)}
        except Unsupported as e:
            out = {"id": c.get("id"), "ok": False, "unsupported": True, "error": str(e)}
        except errors.UnsupportedAlgorithmError as e:
            out = {"id": c.get("id"), "ok": False, "unsupported": True, "error": f"{type(e).__name__}: {e}"}
        except Exception as e:  # every other failure is a failed case
            out = {"id": c.get("id"), "ok": False, "unsupported": False, "error": f"{type(e).__name__}: {e}"}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
