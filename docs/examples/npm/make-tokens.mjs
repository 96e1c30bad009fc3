// make-tokens.mjs writes keys and tokens made by the npm "jose" package, so
// that docs/examples/README.md can show the Go jose command reading them.
//
// Run it from this directory after installing the pinned version:
//
//	npm ci && node make-tokens.mjs
//
// Signatures (ES256, EdDSA) and encryptions are randomized, so every run
// writes different keys and tokens; the committed outputs are one run.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as jose from 'jose';

const version = createRequire(import.meta.url)('jose/package.json').version;
const enc = new TextEncoder();

function save(name, text) {
  writeFileSync(name, text.endsWith('\n') ? text : text + '\n');
}

async function keyPair(alg, kid, options = {}) {
  const { publicKey, privateKey } = await jose.generateKeyPair(alg, { extractable: true, ...options });
  const pub = { ...(await jose.exportJWK(publicKey)), kid, alg };
  const priv = { ...(await jose.exportJWK(privateKey)), kid, alg };
  return { publicKey, privateKey, pub, priv };
}

// ES256: a compact JWS.
const es = await keyPair('ES256', 'npm-es256');
save('es256.jwk', JSON.stringify(es.priv));
save('es256.pub.jwk', JSON.stringify(es.pub));
save('es256.jws', await new jose.CompactSign(enc.encode(`Hello from the npm jose package ${version}\n`))
  .setProtectedHeader({ alg: 'ES256', kid: 'npm-es256', typ: 'text/plain' })
  .sign(es.privateKey));

// EdDSA (Ed25519): a JWT, valid until 2100.
const ed = await keyPair('EdDSA', 'npm-ed25519', { crv: 'Ed25519' });
save('ed25519.jwk', JSON.stringify(ed.priv));
save('ed25519.pub.jwk', JSON.stringify(ed.pub));
save('eddsa.jwt', await new jose.SignJWT({ scope: 'read write' })
  .setProtectedHeader({ alg: 'EdDSA', kid: 'npm-ed25519', typ: 'JWT' })
  .setIssuer('https://npm.example')
  .setSubject('alice')
  .setAudience('jose-cli')
  .setIssuedAt(1767225600) // 2026-01-01T00:00:00Z
  .setExpirationTime(4102444800) // 2100-01-01T00:00:00Z
  .sign(ed.privateKey));

// RSA-OAEP-256 with A256GCM: a compact JWE.
const rsa = await keyPair('RSA-OAEP-256', 'npm-rsa', { modulusLength: 2048 });
save('rsa.jwk', JSON.stringify(rsa.priv));
save('rsa.pub.jwk', JSON.stringify(rsa.pub));
save('rsa-oaep-256.jwe', await new jose.CompactEncrypt(enc.encode('A secret from the npm jose package\n'))
  .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', kid: 'npm-rsa' })
  .encrypt(rsa.publicKey));

// ECDH-ES+A128KW on P-256 with A128CBC-HS256: a flattened JSON JWE.
const ecdh = await keyPair('ECDH-ES+A128KW', 'npm-ecdh', { crv: 'P-256' });
save('ecdh.jwk', JSON.stringify(ecdh.priv));
save('ecdh-es-a128kw.jwe.json', JSON.stringify(await new jose.FlattenedEncrypt(enc.encode('{"msg":"flattened JSON from npm jose"}'))
  .setProtectedHeader({ alg: 'ECDH-ES+A128KW', enc: 'A128CBC-HS256', kid: 'npm-ecdh', cty: 'application/json' })
  .encrypt(ecdh.publicKey)));

// HS256: a general JSON JWS with a 256-bit secret.
const secret = crypto.getRandomValues(new Uint8Array(32));
save('hs256.jwk', JSON.stringify({ kty: 'oct', k: jose.base64url.encode(secret), kid: 'npm-hs256', alg: 'HS256' }));
save('hs256.jws.json', JSON.stringify(await new jose.GeneralSign(enc.encode('general JSON from npm jose'))
  .addSignature(secret)
  .setProtectedHeader({ alg: 'HS256', kid: 'npm-hs256' })
  .sign()));

save('VERSION', `jose ${version} (npm), Node.js ${process.version}`);
