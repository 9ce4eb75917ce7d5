package io.tmsprovisioner.batch.step;

import io.tmsprovisioner.provisioning.CredentialListing;

/**
 * How the context's latest run told which credentials exist, for the summary the command line prints: Tapis's
 * listing of each user's systems (a caller who may impersonate) or a check per pair.
 */
public class ExistenceFigures {
    private volatile CredentialListing latest;

    public void follow(CredentialListing listing) {
        latest = listing;
    }

    /** The summary's line; "SSH check per pair" before any run. */
    public String line() {
        CredentialListing listing = latest;
        return listing == null ? "SSH check per pair" : listing.summary();
    }
}
