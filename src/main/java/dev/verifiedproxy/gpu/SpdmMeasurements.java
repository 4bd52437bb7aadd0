package dev.verifiedproxy.gpu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One GPU's evidence: an SPDM 1.1 {@code GET_MEASUREMENTS} request (37 bytes) followed by the
 * signed {@code MEASUREMENTS} response (gpu.md §3.1; nvtrust {@code spdm_msrt_req_msg.py},
 * {@code spdm_msrt_resp_msg.py}). Lengths are little-endian. Parsing only: nothing is verified here.
 *
 * @param requesterNonce the 32-byte nonce of the request: the caller's nonce if the evidence is fresh
 * @param slotId         the request's certificate slot
 * @param blocks         the measurement blocks of the response
 * @param responderNonce the GPU's own 32-byte nonce
 * @param opaque         the signed opaque data (driver and VBIOS versions, FWID, ...)
 * @param signature      the raw r‖s ECDSA P-384 signature (96 bytes)
 * @param signedData     request ‖ response without the signature: the bytes the signature covers
 */
public record SpdmMeasurements(byte[] requesterNonce, int slotId, List<MeasurementBlock> blocks,
                               byte[] responderNonce, OpaqueData opaque, byte[] signature, byte[] signedData) {

    public static final int REQUEST_LENGTH = 37;
    public static final int SIGNATURE_LENGTH = 96;
    static final int SPDM_VERSION_1_1 = 0x11;
    static final int GET_MEASUREMENTS = 0xE0;
    static final int MEASUREMENTS = 0x60;
    /** Hopper and Blackwell evidence is about 4 KiB; anything far larger is not GPU evidence. */
    static final int MAX_EVIDENCE_BYTES = 64 * 1024;

    /**
     * One measurement block in DMTF format.
     *
     * @param index     block index (1-based)
     * @param valueType DMTF measurement value type
     * @param value     the measurement (a 48-byte SHA-384 digest on NVIDIA GPUs)
     */
    public record MeasurementBlock(int index, int valueType, byte[] value) {
        public MeasurementBlock {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }
    }

    public SpdmMeasurements {
        requesterNonce = requesterNonce.clone();
        blocks = List.copyOf(blocks);
        responderNonce = responderNonce.clone();
        signature = signature.clone();
        signedData = signedData.clone();
    }

    public static SpdmMeasurements parse(byte[] evidence) throws GpuFormatException {
        if (evidence.length > MAX_EVIDENCE_BYTES) {
            throw new GpuFormatException(GpuFailure.EVIDENCE_MALFORMED, "evidence of " + evidence.length
                    + " bytes exceeds " + MAX_EVIDENCE_BYTES);
        }
        ByteReader in = new ByteReader(evidence, "SPDM evidence");
        expect(in.u8(), SPDM_VERSION_1_1, "request SPDM version");
        expect(in.u8(), GET_MEASUREMENTS, "request code (GET_MEASUREMENTS)");
        int requestAttributes = in.u8();
        if ((requestAttributes & 0x01) == 0) {
            throw new GpuFormatException(GpuFailure.EVIDENCE_MALFORMED, "the request did not ask for a signature");
        }
        in.u8(); // measurement operation: 0xFF = all blocks
        byte[] requesterNonce = in.bytes(32);
        int slotId = in.u8();

        expect(in.u8(), SPDM_VERSION_1_1, "response SPDM version");
        expect(in.u8(), MEASUREMENTS, "response code (MEASUREMENTS)");
        in.u8();
        in.u8();
        int blockCount = in.u8();
        int recordLength = in.u24();
        byte[] record = in.bytes(recordLength);
        List<MeasurementBlock> blocks = parseBlocks(record, blockCount);
        byte[] responderNonce = in.bytes(32);
        int opaqueLength = in.u16();
        OpaqueData opaque = OpaqueData.parse(in.bytes(opaqueLength));
        int signedLength = in.position();
        byte[] signature = in.bytes(SIGNATURE_LENGTH);
        if (in.remaining() != 0) {
            throw new GpuFormatException(GpuFailure.EVIDENCE_MALFORMED, in.remaining()
                    + " bytes follow the 96-byte signature");
        }
        return new SpdmMeasurements(requesterNonce, slotId, blocks, responderNonce, opaque, signature,
                Arrays.copyOf(evidence, signedLength));
    }

    private static List<MeasurementBlock> parseBlocks(byte[] record, int blockCount) throws GpuFormatException {
        ByteReader in = new ByteReader(record, "measurement record");
        List<MeasurementBlock> blocks = new ArrayList<>();
        for (int i = 0; i < blockCount; i++) {
            int index = in.u8();
            expect(in.u8(), 0x01, "measurement specification of block " + index + " (DMTF)");
            int size = in.u16();
            ByteReader block = new ByteReader(in.bytes(size), "measurement block " + index);
            int valueType = block.u8();
            int valueSize = block.u16();
            blocks.add(new MeasurementBlock(index, valueType, block.bytes(valueSize)));
            if (block.remaining() != 0) {
                throw new GpuFormatException(GpuFailure.EVIDENCE_MALFORMED, "measurement block " + index
                        + " is longer than its value");
            }
        }
        if (in.remaining() != 0) {
            throw new GpuFormatException(GpuFailure.EVIDENCE_MALFORMED, "the measurement record holds more than "
                    + blockCount + " blocks");
        }
        return blocks;
    }

    private static void expect(int actual, int expected, String what) throws GpuFormatException {
        if (actual != expected) {
            throw new GpuFormatException(GpuFailure.EVIDENCE_MALFORMED,
                    String.format("%s is 0x%02X, expected 0x%02X", what, actual, expected));
        }
    }

    @Override
    public byte[] requesterNonce() {
        return requesterNonce.clone();
    }

    @Override
    public byte[] responderNonce() {
        return responderNonce.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public byte[] signedData() {
        return signedData.clone();
    }
}
