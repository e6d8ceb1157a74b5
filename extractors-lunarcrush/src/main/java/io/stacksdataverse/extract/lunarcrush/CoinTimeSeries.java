package io.stacksdataverse.extract.lunarcrush;

import io.stacksdataverse.extract.http.HttpResult;
import io.stacksdataverse.extract.http.SourceException;
import java.util.List;

/**
 * A parsed answer of LunarCrush {@code /coins/{coin}/time-series/v2}: the points of {@code data}
 * in the source's order (times unique), and the response they came from, so that a problem found
 * later still names the source and the request.
 */
public record CoinTimeSeries(List<CoinTimePoint> points, HttpResult http) {
    public CoinTimeSeries {
        points = List.copyOf(points);
    }

    /** The request as {@code GET url}, secrets removed. */
    public String request() {
        return http.request();
    }

    /** A problem with this answer's content, naming the source and the request. */
    public SourceException malformed(String problem) {
        return http.malformed(problem);
    }
}
