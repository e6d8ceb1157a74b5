package io.stacksdataverse.transform.stacking;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Catalogs #24–25 from the pools as of the cutoff, already ranked (locked µSTX descending, then
 * delegator ascending): the top 10 under their configured names, and how many pools there are.
 */
public final class PoolRanking {
    public static final int TOP = 10;

    /** One pool as ranked: its delegator principal and the µSTX its members have locked. */
    public record RankedPool(String delegator, BigInteger lockedUstx) {
    }

    private PoolRanking() {
    }

    /**
     * {@code {"<name>": {"value": r3(STX), "address": "<delegator>"}}} for the first 10 pools, the
     * name from {@code names} or else the delegator. A name already taken by a higher pool drops the
     * lower pool, and the next one moves up.
     */
    public static Map<String, Map<String, Object>> topPools(List<RankedPool> ranked, Map<String, String> names) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (RankedPool p : ranked) {
            if (out.size() == TOP) {
                break;
            }
            String name = names.getOrDefault(p.delegator(), p.delegator());
            if (!taken.add(name)) {
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("value", r3Stx(p.lockedUstx()));
            entry.put("address", p.delegator());
            out.put(name, entry);
        }
        return out;
    }

    /** {@code {"total_pools": n}}: every pool, not only the top 10. */
    public static Map<String, Object> poolCount(int pools) {
        return Map.of("total_pools", pools);
    }

    /** µSTX × 10⁻⁶ rounded to 3 decimals half-even on the exact value, without trailing zeros. */
    static BigDecimal r3Stx(BigInteger microStx) {
        BigDecimal r = new BigDecimal(microStx, 6).setScale(3, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return r.scale() < 0 ? r.setScale(0) : r;
    }
}
