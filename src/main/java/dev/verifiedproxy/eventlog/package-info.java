/**
 * dstack evidence inside a TDX CVM (measurements.md §1-2): the event log ({@link
 * dev.verifiedproxy.eventlog.EventLog}) and its replay into RTMR0-3 ({@link
 * dev.verifiedproxy.eventlog.RtmrReplay}), the RTMR3 runtime events ({@link
 * dev.verifiedproxy.eventlog.RuntimeEvents}), the compose binding ({@link
 * dev.verifiedproxy.eventlog.ComposeBinding}), the {@code info} equalities ({@link
 * dev.verifiedproxy.eventlog.InfoEqualities}) and compose-manager's attestation ({@link
 * dev.verifiedproxy.eventlog.ComposeManagerBinding}, {@link dev.verifiedproxy.eventlog.ComposeState}).
 *
 * <p>Every check takes explicit inputs (the parsed evidence and the quote's {@link
 * dev.verifiedproxy.eventlog.TdMeasurements}) and returns named {@link dev.verifiedproxy.verdict.Check}s
 * with the observed values; none reads a clock, a file or the network, and none decides policy.
 * Parsing is bounded and fails with a {@link dev.verifiedproxy.eventlog.MalformedEvidenceException}
 * naming a {@link dev.verifiedproxy.eventlog.FormatFailure} and the JSON path.
 */
package dev.verifiedproxy.eventlog;
