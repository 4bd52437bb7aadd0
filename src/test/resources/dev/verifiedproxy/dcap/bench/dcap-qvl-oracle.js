'use strict';
// The JavaScript side of DcapOracleBench: runs Phala's @phala/dcap-qvl (pure JS) on exactly the
// quote bytes, collateral and instants the Java side verified, and times it the same way (median
// of many in-process calls after a warm-up). Input: one JSON file named on the command line,
// written by DcapOracleBench. Output: one JSON document on stdout. Not part of mvn verify.
const fs = require('fs');
const { verify, Quote } = require('@phala/dcap-qvl');

const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

function outcome(quote, collateral, now) {
    try {
        const r = verify(quote, collateral, now);
        return { ok: true, status: r.status, advisoryIds: r.advisory_ids };
    } catch (e) {
        let message = String(e && e.message ? e.message : e);
        for (let cause = e && e.cause; cause; cause = cause.cause) {
            message += ' | caused by: ' + cause.message;
        }
        return { ok: false, error: message };
    }
}

// Median in microseconds of `calls` timed calls of fn, after `warmup` untimed ones.
function medianMicros(fn, warmup, calls) {
    for (let i = 0; i < warmup; i++) {
        fn();
    }
    const samples = new Array(calls);
    for (let i = 0; i < calls; i++) {
        const start = process.hrtime.bigint();
        fn();
        samples[i] = Number(process.hrtime.bigint() - start) / 1e3;
    }
    samples.sort((a, b) => a - b);
    return samples[calls >> 1];
}

const results = input.vectors.map((v) => {
    const quote = Buffer.from(v.quoteHex, 'hex');
    const collateral = JSON.parse(fs.readFileSync(v.collateralFile, 'utf8'));
    const result = { id: v.id, ...outcome(quote, collateral, v.now) };
    if (v.bench) {
        // A failing verify still costs its work; swallow so both sides time the same call.
        result.verifyMedianMicros = medianMicros(() => {
            try { verify(quote, collateral, v.now); } catch (_) { /* timed all the same */ }
        }, input.warmup, input.calls);
        result.parseMedianMicros = medianMicros(() => Quote.parse(quote), input.warmup, input.calls);
    }
    return result;
});

process.stdout.write(JSON.stringify({
    node: process.version,
    oracle: require('@phala/dcap-qvl/package.json').version,
    results,
}) + '\n');
