/**
 * The provisioning job: {@link io.tmsprovisioner.batch.ProvisioningJobConfiguration} wires one tasklet step and
 * {@link io.tmsprovisioner.batch.ProvisioningSettings} holds how it runs ({@code tms.*}). The rest lives in the
 * sub-packages and in {@code repository}, none of which uses this one:
 * <ul>
 *   <li>{@code batch.step}: how the step runs the rows (its protocol is written down there);</li>
 *   <li>{@code batch.launch}: starting a new job instance or resuming the latest, refusing a second run, and
 *       {@code stop}/{@code abandon} of an execution;</li>
 *   <li>{@code batch.owner}: which process owns a running execution: heartbeat lease, fencing of every send,
 *       proof that an owner died, and taking its execution over;</li>
 *   <li>{@code io.tmsprovisioner.repository}: the project's own tables beside Spring Batch's.</li>
 * </ul>
 */
package io.tmsprovisioner.batch;
