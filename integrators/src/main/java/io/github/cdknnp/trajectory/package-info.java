/**
 * Trajectory output for MD and optimizers: a {@link io.github.cdknnp.trajectory.Frame} per snapshot and
 * {@link io.github.cdknnp.trajectory.TrajectoryWriter}s for XYZ, multi-record SDF, H5MD and a CSV thermo log,
 * chosen by extension in {@link io.github.cdknnp.trajectory.TrajectoryWriters}. Every writer fills a temporary
 * file next to its target and renames it into place on close.
 */
package io.github.cdknnp.trajectory;
