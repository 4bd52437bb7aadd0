package dev.verifiedproxy.collateral;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inputs the fuzz tests found to escape as other exceptions; each must be a format error. */
class CollateralParsingTest {

    @Test
    void beginAndEndLinesSharingDashesAreNotABlock() {
        CollateralFormatException e = assertThrows(CollateralFormatException.class,
                () -> Pem.certificates("-----BEGIN CERTIFICATE--------END CERTIFICATE-----\n"));
        assertEquals("PEM block without END line", e.getMessage());
    }

    @Test
    void numbersBeyondTheParsersRangeAreMalformedJson() {
        for (String json : new String[] {"{\"id\":\"TDX\",\"version\":1e99999999999}", "[-0.0e-99999999999]"}) {
            assertTrue(assertThrows(CollateralFormatException.class, () -> CollateralJson.tcbInfo(json))
                    .getMessage().startsWith("TCB info is not valid JSON"), json);
            assertThrows(CollateralFormatException.class, () -> CollateralJson.qeIdentity(json));
            assertThrows(CollateralFormatException.class, () -> CollateralJson.quoteCollateral(json));
        }
    }

    @Test
    void hugeButParseableExponentsAreNotIntegers() {
        // 1e999999999 parses; it must be refused as a non-integer, never expanded to a BigInteger.
        CollateralFormatException e = assertThrows(CollateralFormatException.class,
                () -> CollateralJson.qeIdentity("{\"id\":\"TD_QE\",\"version\":1e999999999}"));
        assertEquals("field 'version' must be an integer", e.getMessage());
    }
}
