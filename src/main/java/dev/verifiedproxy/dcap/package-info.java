/**
 * DCAP quote verification (dcap.md §4): {@link dev.verifiedproxy.dcap.DcapVerifier} checks a quote against
 * collateral at an explicit instant with an explicit trust anchor and returns facts
 * ({@link dev.verifiedproxy.dcap.DcapResult}: verified, or the {@link dev.verifiedproxy.dcap.DcapFailure}
 * with its detail; statuses, advisory IDs, PCK facts, report, collateral validity).
 * {@link dev.verifiedproxy.dcap.DcapService} adds collateral fetching. No policy, no clock, no hidden I/O.
 * {@code web/} holds the CDI producers.
 */
package dev.verifiedproxy.dcap;
