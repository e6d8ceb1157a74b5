package io.stacksdataverse.runners.stacking;

import io.stacksdataverse.spi.Config;
import io.stacksdataverse.spi.Setting;
import java.util.LinkedHashMap;
import java.util.Map;

/** The names {@code top_pools} shows for known delegators (catalog #24): configuration, the catalog's 2021 names by default. */
public final class PoolNames {
    public static final String SETTING = "STACKING_POOL_NAMES";
    static final String DEFAULT = "SP269PKK91NTCGH93RPKTT8AZ6V6ZKH7A4Q7N5F7B=Friedger Stacker;"
            + "SP3HXJJMJQ06GNAZ8XWDN1QM48JEDC6PP6W3YZPZJ=OKCoin;"
            + "SP1GB55RVXR2RK3HP8GTSFAMT3RTYXQ15AGS8YB3T=Stacks Korea Community Pool;"
            + "SP700C57YJFD5RGHK0GN46478WBAM2KG3A4MN2QJ=Friedger Pool;"
            + "SP6K6QNYFYF57K814W4SHNGG23XNYYE1B8NV0G1Y=Friedger Pool 2";
    public static final Setting DECLARED = Setting.of(SETTING, DEFAULT,
            "`top_pools`' names of delegators: `address=name` pairs separated by `;` (`;` alone: addresses only)");

    private PoolNames() {
    }

    /** Delegator principal → name. */
    public static Map<String, String> read(Config config) {
        return parse(config.get(SETTING, DEFAULT));
    }

    static Map<String, String> parse(String text) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String pair : text.split(";")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String address = eq < 0 ? "" : pair.substring(0, eq).trim();
            String name = eq < 0 ? "" : pair.substring(eq + 1).trim();
            if (address.isEmpty() || name.isEmpty()) {
                throw new IllegalStateException(SETTING + ": '" + pair.trim() + "' is not an address=name pair");
            }
            if (names.put(address, name) != null) {
                throw new IllegalStateException(SETTING + ": " + address + " is named twice");
            }
        }
        return Map.copyOf(names);
    }
}
