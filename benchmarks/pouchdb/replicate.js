#!/usr/bin/env node
// PouchDB replication baseline for the `sync` benchmark.
//
// Times two one-shot replications against a running PouchDB Server:
//   push: a LevelDB client database holding PUSH_DOCS documents replicates to an empty
//         server database;
//   pull: a fresh LevelDB client database replicates PULL_DOCS documents from the server.
// Filling the databases before each replication is not timed. Prints one JSON object.
//
//   node replicate.js --server http://127.0.0.1:PORT --workdir DIR
//        [--push-docs N] [--pull-docs N] [--push-bytes N] [--pull-bytes N] [--batch-size N]
'use strict';

const path = require('path');
const PouchDB = require('pouchdb');

// Documents go to the server in chunks this big while filling it for the pull: one
// _bulk_docs request for 100,000 documents would hold them all in memory at once.
const FILL_CHUNK = 2000;

function parseArgs(argv) {
  const opts = {
    server: null,
    workdir: null,
    pushDocs: 10000,
    pullDocs: 100000,
    pushBytes: 300,
    pullBytes: 500,
    batchSize: 100,
  };
  const names = {
    '--server': 'server',
    '--workdir': 'workdir',
    '--push-docs': 'pushDocs',
    '--pull-docs': 'pullDocs',
    '--push-bytes': 'pushBytes',
    '--pull-bytes': 'pullBytes',
    '--batch-size': 'batchSize',
  };
  for (let i = 0; i < argv.length; i += 2) {
    const key = names[argv[i]];
    if (!key || i + 1 >= argv.length) {
      throw new Error(`unknown or incomplete argument: ${argv[i]}`);
    }
    opts[key] = typeof opts[key] === 'number' ? Number(argv[i + 1]) : argv[i + 1];
  }
  if (!opts.server || !opts.workdir) {
    throw new Error('--server and --workdir are required');
  }
  return opts;
}

// A document shaped like a kiosk event, padded so that its JSON is about `bytes` long.
function makeDoc(kind, i, bytes) {
  const doc = {
    _id: `${kind}-${String(i).padStart(9, '0')}`,
    type: kind === 'push' ? 'checked_in' : 'person',
    device_id: 'bench-device-0001',
    seq: i,
    at: new Date(1700000000000 + i * 1000).toISOString(),
    pad: '',
  };
  const missing = bytes - JSON.stringify(doc).length;
  doc.pad = 'x'.repeat(Math.max(0, missing));
  return doc;
}

async function fill(db, kind, count, bytes) {
  for (let start = 0; start < count; start += FILL_CHUNK) {
    const docs = [];
    for (let i = start; i < Math.min(count, start + FILL_CHUNK); i++) {
      docs.push(makeDoc(kind, i, bytes));
    }
    const results = await db.bulkDocs(docs);
    const failed = results.filter((r) => r.error);
    if (failed.length) {
      throw new Error(`filling ${kind}: ${failed.length} documents refused`);
    }
  }
}

async function timedReplication(source, target, expected, batchSize) {
  const start = process.hrtime.bigint();
  const result = await PouchDB.replicate(source, target, { batch_size: batchSize });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  // A replication that stopped early would make the baseline look fast: insist on all of it.
  if (!result.ok || result.docs_written !== expected) {
    throw new Error(`replication wrote ${result.docs_written} of ${expected} documents`);
  }
  return seconds;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const out = { batch_size: opts.batchSize };

  if (opts.pushDocs > 0) {
    const local = new PouchDB(path.join(opts.workdir, 'push-client'));
    const remote = new PouchDB(`${opts.server}/push`);
    await fill(local, 'push', opts.pushDocs, opts.pushBytes);
    out.push_docs = opts.pushDocs;
    out.push_s = await timedReplication(local, remote, opts.pushDocs, opts.batchSize);
    await local.close();
    await remote.close();
  }

  if (opts.pullDocs > 0) {
    const remote = new PouchDB(`${opts.server}/pull`);
    await fill(remote, 'pull', opts.pullDocs, opts.pullBytes);
    const local = new PouchDB(path.join(opts.workdir, 'pull-client'));
    out.pull_docs = opts.pullDocs;
    out.pull_s = await timedReplication(remote, local, opts.pullDocs, opts.batchSize);
    await local.close();
    await remote.close();
  }

  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((err) => {
  process.stderr.write(`${err.stack || err}\n`);
  process.exit(1);
});
