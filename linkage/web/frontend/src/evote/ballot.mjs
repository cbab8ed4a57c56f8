// Ballot encryption in the voter's browser (docs/protocol/evote.md): exponential ElGamal on
// ristretto255 with the range proofs, the ballot code and the audit document, byte for byte the
// documents linkage/evote/ballot.py makes and checks. The server never sees a plaintext choice.
import { ristretto255 } from "@noble/curves/ed25519";
import { sha512 } from "@noble/hashes/sha2";

const Point = ristretto255.Point;
export const ORDER = 2n ** 252n + 27742317777372353535851937790883648493n;
const PROTOCOL = "kazasu-evote/1";
const BALLOT_FORMAT = "kazasu-ballot/1";
const utf8 = new TextEncoder();

const mod = (x) => ((x % ORDER) + ORDER) % ORDER;

/** A scalar as 32 bytes little-endian. */
export function scalarBytes(x) {
  let v = mod(x);
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i += 1) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}

const toHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");

function littleEndian(bytes) {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i -= 1) v = (v << 8n) | BigInt(bytes[i]);
  return v;
}

/** A scalar as 64 lowercase hex characters. */
export const scalarHex = (x) => toHex(scalarBytes(x));

/** Parse a reduced scalar from its hex encoding. */
export function scalarFromHex(text) {
  if (typeof text !== "string" || !/^[0-9a-f]{64}$/.test(text)) throw new Error("bad scalar");
  const bytes = Uint8Array.from(text.match(/../g), (h) => parseInt(h, 16));
  const v = littleEndian(bytes);
  if (v >= ORDER) throw new Error("scalar not reduced");
  return v;
}

/** Parse a canonical element; the identity only where allowed. */
export function elementFromHex(text, allowIdentity = false) {
  if (typeof text !== "string" || !/^[0-9a-f]{64}$/.test(text)) throw new Error("bad element");
  const point = Point.fromHex(text);
  if (!allowIdentity && point.equals(Point.ZERO)) throw new Error("identity not allowed");
  return point;
}

export const elementHex = (point) => toHex(point.toBytes());

/** ``scalar·point``, the identity for a zero scalar (noble refuses zero). */
function mul(point, scalar) {
  const s = mod(scalar);
  return s === 0n || point.equals(Point.ZERO) ? Point.ZERO : point.multiply(s);
}

/** ``scalar·G``. */
export const baseMul = (scalar) => mul(Point.BASE, scalar);

function encodePart(part) {
  let raw;
  if (part instanceof Point) raw = part.toBytes();
  else if (typeof part === "bigint") raw = scalarBytes(part);
  else if (typeof part === "string") raw = utf8.encode(part);
  else if (part instanceof Uint8Array) raw = part;
  else throw new Error(`not a hash input: ${part}`);
  const out = new Uint8Array(4 + raw.length);
  new DataView(out.buffer).setUint32(0, raw.length);
  out.set(raw, 4);
  return out;
}

/** H(tag; parts…): SHA-512 over length-prefixed parts, reduced modulo ℓ. Integers are BigInt. */
export function hashToScalar(tag, ...parts) {
  const chunks = [PROTOCOL, tag, ...parts].map(encodePart);
  const data = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    data.set(chunk, at);
    at += chunk.length;
  }
  return mod(littleEndian(sha512(data)));
}

/** A uniformly random non-zero scalar from the browser's generator. */
export function randomScalar() {
  for (;;) {
    const v = mod(littleEndian(crypto.getRandomValues(new Uint8Array(64))));
    if (v !== 0n) return v;
  }
}

/** Exponential ElGamal: (r·G, m·G + r·K). */
export function encrypt(publicKey, value, nonce) {
  return { alpha: baseMul(nonce), beta: baseMul(BigInt(value)).add(mul(publicKey, nonce)) };
}

const addCt = (a, b) => ({ alpha: a.alpha.add(b.alpha), beta: a.beta.add(b.beta) });

function branchCommitments(publicKey, ct, j, c, v) {
  return [
    baseMul(v).add(mul(ct.alpha, c)),
    mul(publicKey, v).add(mul(ct.beta.subtract(baseMul(BigInt(j))), c)),
  ];
}

/** The disjunctive Chaum–Pedersen proof that ``ct`` encrypts ``value`` in 0..limit. */
export function proveRange(publicKey, ct, value, nonce, limit, context, nonces = randomScalar) {
  const challenges = new Array(limit + 1).fill(0n);
  const responses = new Array(limit + 1).fill(0n);
  const commitments = [];
  let u = 0n;
  for (let j = 0; j <= limit; j += 1) {
    if (j === value) {
      u = nonces();
      commitments.push(baseMul(u), mul(publicKey, u));
    } else {
      challenges[j] = nonces();
      responses[j] = nonces();
      commitments.push(...branchCommitments(publicKey, ct, j, challenges[j], responses[j]));
    }
  }
  const total = hashToScalar("range proof", ...context, publicKey, ct.alpha, ct.beta, ...commitments);
  challenges[value] = mod(total - challenges.reduce((a, b) => a + b, 0n));
  responses[value] = mod(u - challenges[value] * nonce);
  return { challenges: challenges.map(scalarHex), responses: responses.map(scalarHex) };
}

/** Check a range proof; true when it verifies. */
export function verifyRange(publicKey, ct, proof, limit, context) {
  if (proof.challenges.length !== limit + 1 || proof.responses.length !== limit + 1) return false;
  const cs = proof.challenges.map(scalarFromHex);
  const vs = proof.responses.map(scalarFromHex);
  const commitments = [];
  for (let j = 0; j <= limit; j += 1) commitments.push(...branchCommitments(publicKey, ct, j, cs[j], vs[j]));
  const total = hashToScalar("range proof", ...context, publicKey, ct.alpha, ct.beta, ...commitments);
  return mod(cs.reduce((a, b) => a + b, 0n)) === total;
}

function randomBallotId() {
  return toHex(crypto.getRandomValues(new Uint8Array(16)));
}

function ballotCode(extended, ballotId, manifest, ciphertexts) {
  const parts = [extended, ballotId];
  manifest.contests.forEach((contest, i) => {
    parts.push(contest.contest_id);
    contest.candidates.forEach((candidate, j) => {
      parts.push(candidate.candidate_id, ciphertexts[i][j].alpha, ciphertexts[i][j].beta);
    });
  });
  return scalarHex(hashToScalar("ballot code", ...parts));
}

function readContext(context) {
  return {
    extended: scalarFromHex(context.extended_base_hash),
    publicKey: elementFromHex(context.public_key),
    manifest: context.parameters.manifest,
  };
}

function checkChoices(manifest, choices) {
  for (const [contestId, chosen] of Object.entries(choices)) {
    const contest = manifest.contests.find((c) => c.contest_id === contestId);
    if (!contest) throw new Error(`choices.${contestId}: the election has no such contest`);
    const ids = contest.candidates.map((c) => c.candidate_id);
    if (!Array.isArray(chosen) || new Set(chosen).size !== chosen.length || chosen.some((c) => !ids.includes(c))) {
      throw new Error(`choices.${contestId}: must list distinct candidates of the contest`);
    }
    if (chosen.length > contest.limit) throw new Error(`choices.${contestId}: at most ${contest.limit} may be marked`);
  }
}

/**
 * Encrypt ``choices`` ({contest_id: [candidate_id, …]}) for the election ``context`` (the
 * kazasu-election-context/1 document). Returns {ballot, audit}: the ballot to cast, or the
 * audit document that opens it (then the ballot must never be cast). ``options.nonces`` and
 * ``options.ballotId`` fix the randomness for test vectors only.
 */
export function encryptBallot(context, choices, options = {}) {
  const nonces = options.nonces ?? randomScalar;
  const ballotId = options.ballotId ?? randomBallotId();
  const { extended, publicKey, manifest } = readContext(context);
  checkChoices(manifest, choices);
  const contests = [];
  const audits = [];
  const allCts = [];
  for (const contest of manifest.contests) {
    const chosen = new Set(choices[contest.contest_id] ?? []);
    const selections = [];
    const opened = [];
    const cts = [];
    let totalNonce = 0n;
    for (const { candidate_id: candidate } of contest.candidates) {
      const vote = chosen.has(candidate) ? 1 : 0;
      const nonce = nonces();
      const ct = encrypt(publicKey, vote, nonce);
      const proof = proveRange(publicKey, ct, vote, nonce, 1, [extended, ballotId, contest.contest_id, candidate], nonces);
      selections.push({ candidate_id: candidate, alpha: elementHex(ct.alpha), beta: elementHex(ct.beta), proof });
      opened.push({ candidate_id: candidate, vote, nonce: scalarHex(nonce) });
      cts.push(ct);
      totalNonce = mod(totalNonce + nonce);
    }
    const proof = proveRange(publicKey, cts.reduce(addCt), chosen.size, totalNonce, contest.limit, [extended, ballotId, contest.contest_id], nonces);
    contests.push({ contest_id: contest.contest_id, selections, proof });
    audits.push({ contest_id: contest.contest_id, selections: opened });
    allCts.push(cts);
  }
  const ballot = {
    format: BALLOT_FORMAT,
    election: scalarHex(extended),
    ballot_id: ballotId,
    contests,
    code: ballotCode(extended, ballotId, manifest, allCts),
  };
  return { ballot, audit: { ballot_id: ballotId, contests: audits } };
}

/**
 * Open an audited ballot: every proof must verify, the code must match, and each ciphertext
 * must be exactly the encryption of the revealed vote with the revealed nonce. Returns the
 * choices it encrypts ({contest_id: [candidate_id, …]}); throws naming what does not match.
 */
export function verifyAudit(context, ballot, audit) {
  const { extended, publicKey, manifest } = readContext(context);
  if (ballot.format !== BALLOT_FORMAT || ballot.election !== scalarHex(extended)) throw new Error("ballot: not for this election");
  if (audit.ballot_id !== ballot.ballot_id) throw new Error("audit.ballot_id: does not match the ballot");
  const choices = {};
  const allCts = [];
  manifest.contests.forEach((contest, i) => {
    const raw = ballot.contests[i];
    const opened = audit.contests[i];
    if (!raw || raw.contest_id !== contest.contest_id || !opened || opened.contest_id !== contest.contest_id) {
      throw new Error(`contests[${i}]: must be ${contest.contest_id}`);
    }
    const cts = [];
    const chosen = [];
    contest.candidates.forEach(({ candidate_id: candidate }, j) => {
      const sel = raw.selections[j];
      const open = opened.selections[j];
      if (!sel || sel.candidate_id !== candidate || !open || open.candidate_id !== candidate) {
        throw new Error(`contests[${i}].selections[${j}]: must be ${candidate}`);
      }
      const ct = { alpha: elementFromHex(sel.alpha), beta: elementFromHex(sel.beta, true) };
      if (!verifyRange(publicKey, ct, sel.proof, 1, [extended, ballot.ballot_id, contest.contest_id, candidate])) {
        throw new Error(`contests[${i}].selections[${j}].proof: does not verify`);
      }
      if (open.vote !== 0 && open.vote !== 1) throw new Error(`contests[${i}].selections[${j}].vote: must be 0 or 1`);
      const again = encrypt(publicKey, open.vote, scalarFromHex(open.nonce));
      if (!again.alpha.equals(ct.alpha) || !again.beta.equals(ct.beta)) {
        throw new Error(`contests[${i}].selections[${j}]: the revealed vote and nonce do not make this ciphertext`);
      }
      if (open.vote === 1) chosen.push(candidate);
      cts.push(ct);
    });
    if (!verifyRange(publicKey, cts.reduce(addCt), raw.proof, contest.limit, [extended, ballot.ballot_id, contest.contest_id])) {
      throw new Error(`contests[${i}].proof: does not verify`);
    }
    choices[contest.contest_id] = chosen;
    allCts.push(cts);
  });
  if (ballot.code !== ballotCode(extended, ballot.ballot_id, manifest, allCts)) throw new Error("code: does not match the ciphertexts");
  return choices;
}

/**
 * The document a voter may save after auditing, for ``kazasu-verify`` to check on its own:
 * the context, the ballot, its audit and the choices the page showed.
 */
export function auditedDocument(context, ballot, audit, choices) {
  return { format: "kazasu-audited-ballot/1", context, ballot, audit, choices };
}

/**
 * The tracker of a ballot with ``code``: a hash of that ballot alone, so the page knows it
 * before casting and shows its own, not the box's word (docs/protocol/evote.md, "Tracker").
 */
export function trackerOf(context, code) {
  // A code is a scalar: its 32-byte encoding is the bytes the protocol hashes.
  const extended = scalarFromHex(context.extended_base_hash);
  return scalarHex(hashToScalar("tracker", extended, scalarFromHex(code)));
}
