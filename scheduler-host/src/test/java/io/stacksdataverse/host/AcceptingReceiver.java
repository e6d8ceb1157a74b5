package io.stacksdataverse.host;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

/** A webhook stand-in that accepts every request at once (HTTP 200), so alerts never wait. */
final class AcceptingReceiver extends Dispatcher {
    @Override
    public MockResponse dispatch(RecordedRequest request) {
        return new MockResponse.Builder().code(200).build();
    }
}
