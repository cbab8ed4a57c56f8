// The browser's ballot module against docs/protocol/evote-vectors.json (run by
// test_browser_vectors.py with node): every hash, multiplication, encryption and ballot must come
// out byte for byte; then a ballot made with real randomness is printed for Python to verify.
import { readFileSync } from "node:fs";
import {
  auditedDocument,
  baseMul,
  elementHex,
  encrypt,
  encryptBallot,
  elementFromHex,
  hashToScalar,
  scalarFromHex,
  scalarHex,
  trackerOf,
  verifyAudit,
} from "../../../linkage/web/frontend/src/evote/ballot.mjs";

const vectors = JSON.parse(readFileSync(process.argv[2], "utf8"));
const hexBytes = (h) => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16));
let checked = 0;

function expectEqual(what, got, want) {
  const a = JSON.stringify(sorted(got));
  const b = JSON.stringify(sorted(want));
  if (a !== b) throw new Error(`${what}: got ${a.slice(0, 300)} want ${b.slice(0, 300)}`);
  checked += 1;
}

function sorted(value) {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sorted(value[k])]));
  }
  return value;
}

const part = (p) => {
  const [kind, value] = Object.entries(p)[0];
  if (kind === "element") return elementFromHex(value, true);
  if (kind === "scalar") return scalarFromHex(value);
  return kind === "text" ? value : hexBytes(value);
};

for (const [i, v] of vectors.hashes.entries()) {
  expectEqual(`hashes[${i}]`, scalarHex(hashToScalar(v.tag, ...v.parts.map(part))), v.scalar);
}
for (const [i, v] of vectors.base_mul.entries()) {
  expectEqual(`base_mul[${i}]`, elementHex(baseMul(scalarFromHex(v.scalar))), v.element);
}
for (const [i, v] of vectors.encryptions.entries()) {
  const ct = encrypt(elementFromHex(v.public_key), v.vote, scalarFromHex(v.nonce));
  expectEqual(`encryptions[${i}]`, { alpha: elementHex(ct.alpha), beta: elementHex(ct.beta) }, { alpha: v.alpha, beta: v.beta });
}
const seeded = (seed) => {
  let i = 0n;
  return () => {
    const n = hashToScalar("test nonce", seed, i);
    i += 1n;
    return n;
  };
};
for (const [i, v] of vectors.ballots.entries()) {
  const { ballot, audit } = encryptBallot(v.context, v.choices, { nonces: seeded(v.seed), ballotId: v.ballot_id });
  expectEqual(`ballots[${i}].ballot`, ballot, v.ballot);
  expectEqual(`ballots[${i}].audit`, audit, v.audit);
  expectEqual(`ballots[${i}].tracker`, trackerOf(v.context, ballot.code), v.tracker);
  const opened = verifyAudit(v.context, v.ballot, v.audit);
  const want = Object.fromEntries(v.context.parameters.manifest.contests.map((c) => [c.contest_id, v.choices[c.contest_id] ?? []]));
  expectEqual(`ballots[${i}] opened`, opened, want);
}

const context = vectors.ballots[1].context;
const choices = { "contest-1": ["c1-3"], "contest-2": ["c2-2", "c2-4"] };
const fresh = encryptBallot(context, choices);
const tampered = structuredClone(fresh.audit);
tampered.contests[0].selections[2].vote = 0;
let refused = false;
try {
  verifyAudit(context, fresh.ballot, tampered);
} catch {
  refused = true;
}
if (!refused) throw new Error("a tampered audit was accepted");
const opened = verifyAudit(context, fresh.ballot, fresh.audit);
const audited = auditedDocument(context, fresh.ballot, fresh.audit, opened);
process.stdout.write(JSON.stringify({ checked, context, choices, ...fresh, audited }));
