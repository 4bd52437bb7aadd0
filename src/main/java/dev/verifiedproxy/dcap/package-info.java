/**
 * DCAP quote verification (dcap.md §4): {@link dev.verifiedproxy.dcap.DcapVerifier} checks a quote against
 * collateral at an explicit instant with an explicit trust anchor and returns facts
 * ({@link dev.verifiedproxy.dcap.DcapResult}: verified, or the {@link dev.verifiedproxy.dcap.DcapFailure}
 * with its detail; statuses, advisory IDs, PCK facts, report, collateral validity).
 * {@link dev.verifiedproxy.dcap.DcapService} adds collateral fetching. No policy, no clock, no hidden I/O.
 * {@code web/} holds the CDI producers.
 *
 * <h2>Where dcap-qvl and Intel's QVL differ, and what we do</h2>
 * The verifier follows dcap-qvl (commit 9bffe30b) step by step. Where it and Intel's QVL disagree, it takes
 * the stricter or the more informative side, never the more permissive one; each choice is made, and
 * explained in more detail, in the type named.
 * <ul>
 *   <li><b>v5 body descriptor</b> ({@code quote.QuoteParser}): the body type must fit the TEE type (Intel)
 *       and the body size the body type; dcap-qvl ignores both and fails late or not at all.</li>
 *   <li><b>Outer certification data type</b> (quote parser): must be 6; dcap-qvl does not look. Bytes after
 *       the signature data are ignored by both, and by us (real quotes are zero-padded).</li>
 *   <li><b>SGX quotes are version 3 only</b> ({@link dev.verifiedproxy.dcap.DcapVerifier}): dcap-qvl's rule;
 *       Intel also takes v4/v5. No SGX v4/v5 vector exists to check those layouts against, and NEAR runs
 *       TDX.</li>
 *   <li><b>QE authentication data is 32 bytes</b> (verifier): dcap-qvl's rule; Intel allows any length.
 *       Every genuine QE uses 32.</li>
 *   <li><b>The root copy in a chain must be the pinned root, byte for byte, and no certificate may be off the
 *       path</b> ({@link dev.verifiedproxy.dcap.ChainCheck}): Intel and go-tdx-guest; dcap-qvl (webpki)
 *       ignores the copy, so a tampered one passes there.</li>
 *   <li><b>Only whitespace and NUL around PEM blocks</b> ({@code collateral.Pem}): go-tdx-guest; dcap-qvl
 *       skips any text. Bytes nobody reads are a place to hide things.</li>
 *   <li><b>CPUSVN and the 16 component SVNs of the PCK certificate must agree</b>
 *       ({@link dev.verifiedproxy.dcap.PckExtensions}): dcap-qvl matches on the former, Intel on the latter;
 *       they agree on genuine certificates, and one on which they differ is not one we could judge.</li>
 *   <li><b>PCE-ID of the PCK certificate = the TCB info's</b> ({@link dev.verifiedproxy.dcap.PlatformTcb}):
 *       Intel checks it, dcap-qvl does not.</li>
 *   <li><b>TDX components compared from index 2 when the module version is non-zero</b> (PlatformTcb): Intel
 *       and the PCS specification, since components 0 and 1 are the module's and are judged by its identity;
 *       dcap-qvl compares all 16 and can miss a level or match a lower one.</li>
 *   <li><b>A versioned TDX module needs its {@code TDX_%02X} identity</b>
 *       ({@link dev.verifiedproxy.dcap.TdxModuleCheck}): Intel (TDX_MODULE_MISMATCH); dcap-qvl falls back to
 *       {@code tdxModule}, which would leave the module's ISVSVN unchecked given the rule above. SEAM
 *       attributes are compared as dcap-qvl does (under the mask, nothing outside it).</li>
 *   <li><b>OutOfDate with ConfigurationNeeded gives OutOfDateConfigurationNeeded</b>
 *       ({@link dev.verifiedproxy.dcap.TcbResult#merge}): Intel; dcap-qvl 9bffe30b returns OutOfDate and loses
 *       the configuration fact. Everywhere else the merge is dcap-qvl's (the more severe; advisories platform,
 *       module, QE, without duplicates).</li>
 *   <li><b>PERFMON</b> ({@link dev.verifiedproxy.dcap.ReportAttributes}): TD attribute bit 63 is allowed and bits
 *       32-62 are reserved, the rule dcap-qvl intends and its JS port implements; dcap-qvl HEAD masks the wrong
 *       byte, refusing PERFMON and letting bit 39 through. PERFMON is a policy question, not one of
 *       genuineness; the raw attributes are reported for the policy. Bit 29 (MIGRATABLE) is refused as in
 *       dcap-qvl.</li>
 *   <li><b>TD report 1.5</b>: {@code tee_tcb_svn} decides, as in dcap-qvl; Intel's TD-relaunch statuses (from
 *       {@code tee_tcb_svn2}) are not produced.</li>
 *   <li><b>Expired collateral fails</b>, as in dcap-qvl (Intel evaluates and reports an expiration status);
 *       every result says until when its collateral is valid ({@code collateralValidUntil}), computed from
 *       what was checked only: {@code pck_crl_issuer_chain}, which neither dcap-qvl nor we use, plays no
 *       part.</li>
 *   <li><b>Order</b>: the quote is decoded before the collateral is looked at (dcap-qvl checks the root CA CRL
 *       first); it only shows when both are broken. Time has whole-second precision, like dcap-qvl.</li>
 * </ul>
 *
 * <h2>Memory</h2>
 * Collateral arrives from callers ({@code POST /verify/quote}, evidence bundles) as well as from the proxy's
 * own cache. The verifier memoizes prepared collateral in two memos bounded by entries and by weight: one
 * for the very instances the proxy's collateral cache holds, which callers cannot reach or evict, and a small
 * one for everything else ({@link dev.verifiedproxy.dcap.DcapVerifier}).
 */
package dev.verifiedproxy.dcap;
