/**
 * Molecular dynamics on any {@link io.github.cdknnp.ff.Potential} or {@link io.github.cdknnp.ff.ForceField}.
 * Units: Å, fs, amu, eV, K; velocities in Å/fs.
 *
 * <p>{@link io.github.cdknnp.md.Integrator} owns the loop, observers and blow-up checks;
 * {@link io.github.cdknnp.md.VelocityVerlet} (NVE), {@link io.github.cdknnp.md.LangevinBaoab} (NVT, Langevin)
 * and {@link io.github.cdknnp.md.Bussi} (NVT, stochastic velocity rescaling) write only their step.
 *
 * <pre>{@code
 * try (TrajectoryWriter out = TrajectoryWriters.open(Path.of("md.xyz"), molecule)) {
 *     MdResult r = LangevinBaoab.on(forceField).temperatureK(300).timestepFs(2).frictionPerPs(1).seed(42)
 *             .hydrogenMassAmu(HydrogenMassRepartitioning.DEFAULT_HYDROGEN_MASS_AMU)
 *             .run(molecule, 50_000, MdObserver.writingTo(out).every(500));
 * }
 * }</pre>
 */
package io.github.cdknnp.md;
