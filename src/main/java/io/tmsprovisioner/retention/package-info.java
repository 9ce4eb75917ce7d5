/**
 * What {@code prune} removes from the job repository, and in which order: the project's rows of old job
 * instances first, then the instances through Spring Batch's own {@code JobRepository.deleteJobInstance}. Uses
 * only {@code repository}.
 */
package io.tmsprovisioner.retention;
