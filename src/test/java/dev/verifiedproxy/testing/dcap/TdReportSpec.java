package dev.verifiedproxy.testing.dcap;

import java.util.HexFormat;

/**
 * The TD report a forged TDX quote carries (TD report 1.0 fields, plus the two 1.5 fields used when the
 * quote is v5 with body type 3). Byte arrays are copied. Build with
 * {@code TdReportSpec.builder().mrTd(..).rtmr(3, ..).debug(true).build()}; {@link #defaults()} is a
 * production-like TD: SEPT_VE_DISABLE set, debug off, module TDX_01 (tee_tcb_svn 03 01 02 ..).
 */
public record TdReportSpec(byte[] teeTcbSvn, byte[] mrSeam, byte[] mrSignerSeam, byte[] seamAttributes,
                           byte[] tdAttributes, byte[] xfam, byte[] mrTd, byte[] mrConfigId, byte[] mrOwner,
                           byte[] mrOwnerConfig, byte[] rtmr0, byte[] rtmr1, byte[] rtmr2, byte[] rtmr3,
                           byte[] teeTcbSvn2, byte[] mrServiceTd) {

    /** td_attributes with only SEPT_VE_DISABLE (bit 28) set, as every production TD has. */
    public static final byte[] DEFAULT_TD_ATTRIBUTES = HexFormat.of().parseHex("0000001000000000");

    public static TdReportSpec defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.teeTcbSvn = teeTcbSvn;
        b.mrSeam = mrSeam;
        b.mrSignerSeam = mrSignerSeam;
        b.seamAttributes = seamAttributes;
        b.tdAttributes = tdAttributes;
        b.xfam = xfam;
        b.mrTd = mrTd;
        b.mrConfigId = mrConfigId;
        b.mrOwner = mrOwner;
        b.mrOwnerConfig = mrOwnerConfig;
        b.rtmr = new byte[][] {rtmr0, rtmr1, rtmr2, rtmr3};
        b.teeTcbSvn2 = teeTcbSvn2;
        b.mrServiceTd = mrServiceTd;
        return b;
    }

    /** Fluent builder; every setter checks the field length. */
    public static final class Builder {
        private byte[] teeTcbSvn = HexFormat.of().parseHex("03010200000000000000000000000000");
        private byte[] mrSeam = CollateralSpec.filled(48, 0x5E);
        private byte[] mrSignerSeam = new byte[48];
        private byte[] seamAttributes = new byte[8];
        private byte[] tdAttributes = DEFAULT_TD_ATTRIBUTES.clone();
        private byte[] xfam = HexFormat.of().parseHex("e71a060000000000");
        private byte[] mrTd = new byte[48];
        private byte[] mrConfigId = new byte[48];
        private byte[] mrOwner = new byte[48];
        private byte[] mrOwnerConfig = new byte[48];
        private byte[][] rtmr = {new byte[48], new byte[48], new byte[48], new byte[48]};
        private byte[] teeTcbSvn2 = HexFormat.of().parseHex("03010200000000000000000000000000");
        private byte[] mrServiceTd = new byte[48];

        private static byte[] len(byte[] value, int length, String name) {
            if (value.length != length) {
                throw new IllegalArgumentException(name + " must be " + length + " bytes");
            }
            return value.clone();
        }

        public Builder teeTcbSvn(byte[] v) {
            teeTcbSvn = len(v, 16, "teeTcbSvn");
            return this;
        }

        public Builder mrSeam(byte[] v) {
            mrSeam = len(v, 48, "mrSeam");
            return this;
        }

        public Builder mrSignerSeam(byte[] v) {
            mrSignerSeam = len(v, 48, "mrSignerSeam");
            return this;
        }

        public Builder seamAttributes(byte[] v) {
            seamAttributes = len(v, 8, "seamAttributes");
            return this;
        }

        public Builder tdAttributes(byte[] v) {
            tdAttributes = len(v, 8, "tdAttributes");
            return this;
        }

        /** Sets or clears the DEBUG bit (td_attributes bit 0). */
        public Builder debug(boolean debug) {
            tdAttributes = tdAttributes.clone();
            tdAttributes[0] = (byte) (debug ? tdAttributes[0] | 0x01 : tdAttributes[0] & ~0x01);
            return this;
        }

        public Builder xfam(byte[] v) {
            xfam = len(v, 8, "xfam");
            return this;
        }

        public Builder mrTd(byte[] v) {
            mrTd = len(v, 48, "mrTd");
            return this;
        }

        public Builder mrConfigId(byte[] v) {
            mrConfigId = len(v, 48, "mrConfigId");
            return this;
        }

        public Builder mrOwner(byte[] v) {
            mrOwner = len(v, 48, "mrOwner");
            return this;
        }

        public Builder mrOwnerConfig(byte[] v) {
            mrOwnerConfig = len(v, 48, "mrOwnerConfig");
            return this;
        }

        public Builder rtmr(int index, byte[] v) {
            rtmr = rtmr.clone();
            rtmr[index] = len(v, 48, "rtmr" + index);
            return this;
        }

        public Builder teeTcbSvn2(byte[] v) {
            teeTcbSvn2 = len(v, 16, "teeTcbSvn2");
            return this;
        }

        public Builder mrServiceTd(byte[] v) {
            mrServiceTd = len(v, 48, "mrServiceTd");
            return this;
        }

        public TdReportSpec build() {
            return new TdReportSpec(teeTcbSvn, mrSeam, mrSignerSeam, seamAttributes, tdAttributes, xfam, mrTd,
                    mrConfigId, mrOwner, mrOwnerConfig, rtmr[0], rtmr[1], rtmr[2], rtmr[3], teeTcbSvn2, mrServiceTd);
        }
    }
}
