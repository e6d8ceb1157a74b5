package io.stacksdataverse.runners.stacking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stacksdataverse.spi.LayeredConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolNamesTest {
    @Test
    void defaultsAreTheCatalogsFiveNamesOf2021() {
        Map<String, String> names = PoolNames.read(LayeredConfig.ofMap(Map.of()));
        assertThat(names).hasSize(5).containsEntry("SP269PKK91NTCGH93RPKTT8AZ6V6ZKH7A4Q7N5F7B", "Friedger Stacker")
                .containsEntry("SP3HXJJMJQ06GNAZ8XWDN1QM48JEDC6PP6W3YZPZJ", "OKCoin")
                .containsEntry("SP1GB55RVXR2RK3HP8GTSFAMT3RTYXQ15AGS8YB3T", "Stacks Korea Community Pool")
                .containsEntry("SP700C57YJFD5RGHK0GN46478WBAM2KG3A4MN2QJ", "Friedger Pool")
                .containsEntry("SP6K6QNYFYF57K814W4SHNGG23XNYYE1B8NV0G1Y", "Friedger Pool 2");
        assertThat(PoolNames.read(LayeredConfig.of(Map.of(), Map.of(), List.of(PoolNames.DECLARED)))).isEqualTo(names);
    }

    @Test
    void explicitPairsAnEmptyValueAndMistakes() {
        assertThat(PoolNames.read(LayeredConfig.ofMap(Map.of(PoolNames.SETTING, " SP1 = One ; SP2.pool=Two Words;"))))
                .isEqualTo(Map.of("SP1", "One", "SP2.pool", "Two Words"));
        assertThat(PoolNames.read(LayeredConfig.ofMap(Map.of(PoolNames.SETTING, ";")))).isEmpty();
        assertThatThrownBy(() -> PoolNames.read(LayeredConfig.ofMap(Map.of(PoolNames.SETTING, "SP1"))))
                .hasMessageContaining(PoolNames.SETTING).hasMessageContaining("'SP1'");
        assertThatThrownBy(() -> PoolNames.read(LayeredConfig.ofMap(Map.of(PoolNames.SETTING, "SP1=A;SP1=B"))))
                .hasMessageContaining("SP1 is named twice");
    }
}
