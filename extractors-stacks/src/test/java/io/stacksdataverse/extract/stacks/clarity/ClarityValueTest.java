package io.stacksdataverse.extract.stacks.clarity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The node's consensus serialisation of the values our read-only calls send and receive. */
class ClarityValueTest {
    private static final String ZEROS = "00000000000000000000000000000000";

    @Test
    void readsUintsFromZeroToTheLargest() {
        assertThat(ClarityValue.fromHex("0x01" + ZEROS)).isEqualTo(ClarityValue.UInt.of(0));
        // 3,750,255,000 STX in µSTX: next_cycle.stacked_ustx of the regtest /v2/pox fixture.
        assertThat(ClarityValue.fromHex("0x010000000000000000000d52d649179600"))
                .isEqualTo(new ClarityValue.UInt(new BigInteger("3750255000000000")));
        assertThat(ClarityValue.fromHex("0x01ffffffffffffffffffffffffffffffff"))
                .isEqualTo(new ClarityValue.UInt(ClarityValue.MAX_UINT));
        assertThat(ClarityValue.UInt.of(12).toHex()).isEqualTo("0x01" + ZEROS.substring(2) + "0c");
        assertThat(new ClarityValue.UInt(ClarityValue.MAX_UINT).toHex()).isEqualTo("0x01ffffffffffffffffffffffffffffffff");
    }

    @Test
    void readsResponsesAndOptionals() {
        ClarityValue ok = ClarityValue.fromHex("0x07010000000000000000000000000000002a");
        assertThat(ok).isEqualTo(new ClarityValue.Response(true, ClarityValue.UInt.of(42)));
        assertThat(ok.describe()).isEqualTo("(ok u42)");
        ClarityValue err = ClarityValue.fromHex("0x080100000000000000000000000000000003");
        assertThat(err).isEqualTo(new ClarityValue.Response(false, ClarityValue.UInt.of(3)));
        assertThat(err.describe()).isEqualTo("(err u3)");
        assertThat(ClarityValue.fromHex("0x09")).isEqualTo(new ClarityValue.Optional(null));
        assertThat(ClarityValue.fromHex("0x09").describe()).isEqualTo("none");
        ClarityValue some = ClarityValue.fromHex("0x0a0100000000000000000000000000000005");
        assertThat(some).isEqualTo(new ClarityValue.Optional(ClarityValue.UInt.of(5)));
        assertThat(some.describe()).isEqualTo("(some u5)");
        assertThat(ClarityValue.fromHex("0x03")).isEqualTo(new ClarityValue.Bool(true));
        assertThat(ClarityValue.fromHex("0x00ffffffffffffffffffffffffffffffff")).isEqualTo(new ClarityValue.Int(BigInteger.ONE.negate()));
        assertThat(ok.toHex()).isEqualTo("0x07010000000000000000000000000000002a");
    }

    @Test
    void aMalformedValueIsAClearError() {
        assertThatThrownBy(() -> ClarityValue.fromHex("0x0100000000000000000000000000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("uint needs 16 bytes");
        assertThatThrownBy(() -> ClarityValue.fromHex("0x07"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cut short");
        assertThatThrownBy(() -> ClarityValue.fromHex("0x0c0000"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type 0x0c");
        assertThatThrownBy(() -> ClarityValue.fromHex("0x0300"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 more bytes");
        assertThatThrownBy(() -> ClarityValue.fromHex("0xzz"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a hex-serialised");
        assertThatThrownBy(() -> ClarityValue.fromHex(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cut short");
    }
}
