package io.tmsprovisioner.batch.step;

import io.tmsprovisioner.pacing.HostFigures;
import io.tmsprovisioner.provisioning.calls.PacedCalls;

import java.util.List;

/** What the pacing of the context's latest run came to, host by host, for the summary the command line prints. */
public class PacingFigures {
    private volatile PacedCalls latest;

    public void follow(PacedCalls paced) {
        latest = paced;
    }

    /** Each host's connects in the latest run, by host name; empty before any. */
    public List<HostFigures> hosts() {
        PacedCalls paced = latest;
        return paced == null ? List.of() : paced.hostFigures();
    }
}
