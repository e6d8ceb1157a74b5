package io.stacksdataverse.extract.stacks.clarity;

import java.math.BigInteger;
import java.util.HexFormat;

/**
 * The few Clarity values the read-only calls we make take and return, in the node's consensus
 * serialisation ({@code 0x}-prefixed hex, as {@code /v2/contracts/call-read} sends and answers):
 * a type byte, then the value (integers as 16 bytes big-endian, two's complement for {@code int}).
 */
public sealed interface ClarityValue {
    int INT = 0x00;
    int UINT = 0x01;
    int TRUE = 0x03;
    int FALSE = 0x04;
    int OK = 0x07;
    int ERR = 0x08;
    int NONE = 0x09;
    int SOME = 0x0a;
    BigInteger MAX_UINT = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);

    record UInt(BigInteger value) implements ClarityValue {
        public UInt {
            if (value.signum() < 0 || value.compareTo(MAX_UINT) > 0) {
                throw new IllegalArgumentException("a Clarity uint is 0…2^128−1, not " + value);
            }
        }

        public static UInt of(long value) {
            return new UInt(BigInteger.valueOf(value));
        }
    }

    record Int(BigInteger value) implements ClarityValue {
    }

    record Bool(boolean value) implements ClarityValue {
    }

    /** {@code (ok v)} or {@code (err v)}. */
    record Response(boolean ok, ClarityValue value) implements ClarityValue {
    }

    /** {@code none} (value null) or {@code (some v)}. */
    record Optional(ClarityValue value) implements ClarityValue {
    }

    /** The serialised form, {@code 0x…}. */
    default String toHex() {
        StringBuilder out = new StringBuilder("0x");
        write(this, out);
        return out.toString();
    }

    /** The value as Clarity prints it, e.g. {@code (ok u12)}, for error messages. */
    default String describe() {
        if (this instanceof UInt u) {
            return "u" + u.value();
        } else if (this instanceof Int i) {
            return i.value().toString();
        } else if (this instanceof Bool b) {
            return Boolean.toString(b.value());
        } else if (this instanceof Response r) {
            return "(" + (r.ok() ? "ok " : "err ") + r.value().describe() + ")";
        }
        Optional o = (Optional) this;
        return o.value() == null ? "none" : "(some " + o.value().describe() + ")";
    }

    private static void write(ClarityValue v, StringBuilder out) {
        HexFormat hex = HexFormat.of();
        if (v instanceof UInt u) {
            out.append(hex.toHexDigits((byte) UINT)).append(sixteenBytes(u.value()));
        } else if (v instanceof Int i) {
            out.append(hex.toHexDigits((byte) INT)).append(sixteenBytes(i.value()));
        } else if (v instanceof Bool b) {
            out.append(hex.toHexDigits((byte) (b.value() ? TRUE : FALSE)));
        } else if (v instanceof Response r) {
            out.append(hex.toHexDigits((byte) (r.ok() ? OK : ERR)));
            write(r.value(), out);
        } else if (((Optional) v).value() == null) {
            out.append(hex.toHexDigits((byte) NONE));
        } else {
            out.append(hex.toHexDigits((byte) SOME));
            write(((Optional) v).value(), out);
        }
    }

    private static String sixteenBytes(BigInteger v) {
        byte[] b = new byte[16];
        byte[] raw = v.toByteArray(); // big-endian two's complement, maybe with a sign byte
        byte fill = (byte) (v.signum() < 0 ? 0xff : 0);
        java.util.Arrays.fill(b, fill);
        int n = Math.min(raw.length, 16);
        System.arraycopy(raw, raw.length - n, b, 16 - n, n);
        return HexFormat.of().formatHex(b);
    }

    /**
     * Reads a serialised value. @throws IllegalArgumentException naming what is wrong: not hex, cut
     * short, bytes left over, or a type this reader does not know
     */
    static ClarityValue fromHex(String text) {
        String h = text.startsWith("0x") ? text.substring(2) : text;
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(h);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a hex-serialised Clarity value: '" + shorten(text) + "'");
        }
        int[] at = {0};
        ClarityValue v = read(bytes, at, 0);
        if (at[0] != bytes.length) {
            throw new IllegalArgumentException("a Clarity value followed by " + (bytes.length - at[0]) + " more bytes: '"
                    + shorten(text) + "'");
        }
        return v;
    }

    private static ClarityValue read(byte[] b, int[] at, int depth) {
        if (at[0] >= b.length) {
            throw new IllegalArgumentException("a Clarity value cut short at byte " + at[0]);
        }
        if (depth > 16) {
            throw new IllegalArgumentException("a Clarity value nested deeper than 16");
        }
        int type = b[at[0]++] & 0xff;
        return switch (type) {
            case INT, UINT -> {
                if (at[0] + 16 > b.length) {
                    throw new IllegalArgumentException("a Clarity " + (type == INT ? "int" : "uint") + " needs 16 bytes, "
                            + (b.length - at[0]) + " left");
                }
                byte[] n = java.util.Arrays.copyOfRange(b, at[0], at[0] + 16);
                at[0] += 16;
                yield type == INT ? new Int(new BigInteger(n)) : new UInt(new BigInteger(1, n));
            }
            case TRUE -> new Bool(true);
            case FALSE -> new Bool(false);
            case OK, ERR -> new Response(type == OK, read(b, at, depth + 1));
            case NONE -> new Optional(null);
            case SOME -> new Optional(read(b, at, depth + 1));
            default -> throw new IllegalArgumentException("Clarity type 0x" + HexFormat.of().toHexDigits((byte) type)
                    + " is not one this reader knows (int, uint, bool, response, optional)");
        };
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
