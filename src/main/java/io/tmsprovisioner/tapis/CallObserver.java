package io.tmsprovisioner.tapis;

/** Told of every request {@link TapisClient} put on the wire, token requests and repeats included. */
@FunctionalInterface
public interface CallObserver {
    CallObserver NONE = (endpoint, status, nanos) -> { };

    /**
     * @param status the HTTP status of the answer, or 0 when none arrived
     * @param nanos  from sending to the answer's last byte or its loss
     */
    void answered(TapisEndpoint endpoint, int status, long nanos);
}
