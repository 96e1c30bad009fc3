// Interop peer for the conformance tests of github.com/joseframework/jose:
// the npm "jose" package (version pinned in package.json).
//
// Reads one JSON case per line on stdin and writes one JSON result per line
// on stdout, in the same order. A case is
//   {"id", "op", "alg", "enc", "zip", "serialization", "key", "payload",
//    "token", "p2c", "inner_alg", "inner_key", "kty", "crv"}
// with op one of sign, verify, encrypt, decrypt, seal_nested, open_nested,
// thumbprint, generate. Keys are JWKs, payloads base64url, tokens strings
// (the JSON text for JSON serializations). A result is
//   {"id", "ok": true, "token" | "payload" | "thumbprint" | "jwk"} or
//   {"id", "ok": false, "unsupported": bool, "error"}.
// "unsupported" is set only for errors that the library itself reports as
// an unsupported feature (JOSENotSupported) and for features the library
// has no API for.
import * as jose from 'jose';
import { createInterface } from 'node:readline';

const b64 = jose.base64url;
const text = new TextEncoder();

// Keys are imported once per (JWK, algorithm): importing an RSA private
// key is slow.
const keys = new Map();
async function key(jwk, alg) {
  const id = JSON.stringify([jwk, alg]);
  if (!keys.has(id)) {
    keys.set(id, await jose.importJWK(jwk, alg));
  }
  return keys.get(id);
}

function serialization(c) {
  if (!['compact', 'flattened', 'general'].includes(c.serialization)) {
    throw new Error(`unknown serialization ${c.serialization}`);
  }
  return c.serialization;
}

async function sign(c, alg, jwk, payload, header = {}) {
  const k = await key(jwk, alg);
  switch (serialization(c)) {
    case 'compact':
      return new jose.CompactSign(payload).setProtectedHeader({ alg, ...header }).sign(k);
    case 'flattened':
      return JSON.stringify(await new jose.FlattenedSign(payload).setProtectedHeader({ alg, ...header }).sign(k));
    case 'general':
      return JSON.stringify(await new jose.GeneralSign(payload).addSignature(k).setProtectedHeader({ alg, ...header }).sign());
  }
}

async function verify(c, alg, jwk, token) {
  const k = await key(jwk, alg);
  const opts = { algorithms: [alg] };
  switch (serialization(c)) {
    case 'compact':
      return (await jose.compactVerify(token, k, opts)).payload;
    case 'flattened':
      return (await jose.flattenedVerify(JSON.parse(token), k, opts)).payload;
    case 'general':
      return (await jose.generalVerify(JSON.parse(token), k, opts)).payload;
  }
}

async function encrypt(c, plaintext, header = {}) {
  const k = await key(c.key, c.alg);
  const prot = { alg: c.alg, enc: c.enc, ...header };
  if (c.zip) {
    prot.zip = 'DEF';
  }
  const kmp = c.p2c ? { p2c: c.p2c } : undefined;
  switch (serialization(c)) {
    case 'compact': {
      const e = new jose.CompactEncrypt(plaintext).setProtectedHeader(prot);
      if (kmp) e.setKeyManagementParameters(kmp);
      return e.encrypt(k);
    }
    case 'flattened': {
      const e = new jose.FlattenedEncrypt(plaintext).setProtectedHeader(prot);
      if (kmp) e.setKeyManagementParameters(kmp);
      return JSON.stringify(await e.encrypt(k));
    }
    case 'general': {
      // "alg" in the recipient's header, "enc" (and "zip") protected.
      const { alg, ...shared } = prot;
      const e = new jose.GeneralEncrypt(plaintext).setProtectedHeader(shared);
      const r = e.addRecipient(k).setUnprotectedHeader({ alg });
      if (kmp) r.setKeyManagementParameters(kmp);
      return JSON.stringify(await e.encrypt());
    }
  }
}

async function decrypt(c, token) {
  const k = await key(c.key, c.alg);
  const opts = { keyManagementAlgorithms: [c.alg], contentEncryptionAlgorithms: [c.enc] };
  switch (serialization(c)) {
    case 'compact':
      return jose.compactDecrypt(token, k, opts);
    case 'flattened':
      return jose.flattenedDecrypt(JSON.parse(token), k, opts);
    case 'general':
      return jose.generalDecrypt(JSON.parse(token), k, opts);
  }
}

async function run(c) {
  switch (c.op) {
    case 'sign':
      return { token: await sign(c, c.alg, c.key, b64.decode(c.payload)) };
    case 'verify':
      return { payload: b64.encode(await verify(c, c.alg, c.key, c.token)) };
    case 'encrypt':
      return { token: await encrypt(c, b64.decode(c.payload)) };
    case 'decrypt': {
      const r = await decrypt(c, c.token);
      return { payload: b64.encode(r.plaintext) };
    }
    case 'seal_nested': {
      // A nested JWT (RFC 7519, Section 5.2): sign, then encrypt with "cty": "JWT".
      const inner = await sign({ serialization: 'compact' }, c.inner_alg, c.inner_key, b64.decode(c.payload), { typ: 'JWT' });
      return { token: await encrypt(c, text.encode(inner), { cty: 'JWT' }) };
    }
    case 'open_nested': {
      const r = await decrypt(c, c.token);
      if (r.protectedHeader.cty !== 'JWT') {
        throw new Error(`outer "cty" is ${r.protectedHeader.cty}, want JWT`);
      }
      const inner = new TextDecoder().decode(r.plaintext);
      return { payload: b64.encode(await verify({ serialization: 'compact' }, c.inner_alg, c.inner_key, inner)) };
    }
    case 'thumbprint':
      return { thumbprint: await jose.calculateJwkThumbprint(c.key, 'sha256') };
    case 'generate': {
      let jwk;
      if (c.kty === 'oct') {
        jwk = { kty: 'oct', k: b64.encode(crypto.getRandomValues(new Uint8Array(32))) };
      } else {
        const algFor = { RSA: 'RS256', 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512', Ed25519: 'Ed25519', X25519: 'ECDH-ES' };
        const alg = algFor[c.kty === 'RSA' ? 'RSA' : c.crv];
        if (!alg) {
          throw new Error(`cannot generate ${c.kty} ${c.crv}`);
        }
        const { publicKey } = await jose.generateKeyPair(alg, { extractable: true, crv: c.crv });
        jwk = await jose.exportJWK(publicKey);
      }
      return { jwk, thumbprint: await jose.calculateJwkThumbprint(jwk, 'sha256') };
    }
    default:
      throw new Error(`unknown op ${c.op}`);
  }
}

function unsupported(err) {
  return err instanceof jose.errors.JOSENotSupported || err?.code === 'ERR_JOSE_NOT_SUPPORTED';
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (line.trim() === '') continue;
  let c;
  let out;
  try {
    c = JSON.parse(line);
    out = { id: c.id, ok: true, ...(await run(c)) };
  } catch (err) {
    out = { id: c?.id, ok: false, unsupported: unsupported(err), error: String(err?.message ?? err) };
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}
