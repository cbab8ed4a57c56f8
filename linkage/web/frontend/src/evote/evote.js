// The ballot encryption as a page script: static/dist/evote.js sets window.kazasuEvote, for
// the ballot page (and the benchmark that times it in headless Chromium).
import { auditedDocument, encryptBallot, trackerOf, verifyAudit } from "./ballot.mjs";

window.kazasuEvote = { auditedDocument, encryptBallot, trackerOf, verifyAudit };
