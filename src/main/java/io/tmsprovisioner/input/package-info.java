/**
 * The input file, read as the job reads it: strict UTF-8 and RFC 4180 ({@link io.tmsprovisioner.input.CsvRecords}),
 * the header's columns ({@link io.tmsprovisioner.input.HeaderMapping}), every row judged VALID, REJECTED or
 * DUPLICATE ({@link io.tmsprovisioner.input.CsvInput}, {@link io.tmsprovisioner.input.InputRow}), and the content's
 * SHA-256, the job instance's identity, checked again block by block while the run reads
 * ({@link io.tmsprovisioner.input.OpenedContent}, {@link io.tmsprovisioner.input.CheckedBlocks}). Also the
 * users × systems expansion of {@code --systems} ({@link io.tmsprovisioner.input.UsersBySystems}).
 *
 * <p>Plain Java and opencsv; uses no other package of the project (checked by {@code ArchitectureTest}).
 */
package io.tmsprovisioner.input;
