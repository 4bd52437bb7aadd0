/**
 * Intel SGX and TDX ECDSA quotes (v3, v4, v5; TD report 1.0 and 1.5) as immutable records:
 * {@link dev.verifiedproxy.quote.QuoteParser#parse(byte[])} turns bytes into a
 * {@link dev.verifiedproxy.quote.Quote} or a {@link dev.verifiedproxy.quote.QuoteFormatException} naming the
 * {@link dev.verifiedproxy.quote.QuoteFormatProblem}. No crypto, no I/O, nothing verified.
 */
package dev.verifiedproxy.quote;
