package io.github.cdknnp.opt;

/**
 * The shared shape of the quasi-Newton optimizers: from the last accepted point, try the step along the
 * quasi-Newton direction H·f (capped at the maximum step); accept the trial when its energy rise is at
 * most {@code armijo · g·Δx + toleranceEv} (Nocedal &amp; Wright, Algorithm 3.1, with an optional tolerance);
 * otherwise retry at half the length, and after {@link #MAX_HALVINGS} halvings forget the curvature
 * information and start again from the accepted point. An accepted trial updates the curvature model
 * with the position change s and gradient change y.
 */
abstract class BacktrackingStepper implements Optimizer.Stepper {
    /** Halvings of one trial step before the curvature model is reset. */
    static final int MAX_HALVINGS = 10;

    private final double maxStep;
    private final double armijo;
    private final double toleranceEv;
    private final double[] direction;
    private double[] base;
    private double baseEnergy;
    private double[] baseForces;
    private double fraction;
    private int halvings;

    BacktrackingStepper(int length, double maxStepAngstrom, double armijo, double toleranceEv) {
        this.maxStep = maxStepAngstrom;
        this.armijo = armijo;
        this.toleranceEv = toleranceEv;
        this.direction = new double[length];
    }

    /** Writes the quasi-Newton direction H·f (downhill) for forces {@code f} at positions {@code x}. */
    abstract void direction(double[] x, double[] forces, double[] out);

    /** Learns from an accepted step: position change {@code s}, gradient change {@code y}. */
    abstract void update(double[] s, double[] y);

    /** Forgets all curvature information. */
    abstract void reset();

    @Override
    public final void step(double[] x, double energyEv, double[] f, double[] dx) {
        if (base == null || accepts(x, energyEv)) {
            accept(x, energyEv, f);
            newDirection();
        } else if (halvings < MAX_HALVINGS) {
            fraction /= 2;
            halvings++;
        } else {
            reset();
            newDirection();
        }
        for (int i = 0; i < dx.length; i++) {
            dx[i] = base[i] + fraction * direction[i] - x[i];
        }
    }

    /** E(x) − E(base) <= armijo · g(base)·(x − base) + tolerance, on the step actually taken. */
    private boolean accepts(double[] x, double energyEv) {
        double slope = 0;
        for (int i = 0; i < x.length; i++) {
            slope -= baseForces[i] * (x[i] - base[i]);
        }
        return energyEv - baseEnergy <= armijo * slope + toleranceEv;
    }

    private void accept(double[] x, double energyEv, double[] f) {
        if (base != null) {
            double[] s = new double[x.length];
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                s[i] = x[i] - base[i];
                y[i] = baseForces[i] - f[i];
            }
            update(s, y);
        }
        base = x.clone();
        baseEnergy = energyEv;
        baseForces = f.clone();
    }

    private void newDirection() {
        direction(base, baseForces, direction);
        Vectors.limitAtomStep(direction, maxStep);
        fraction = 1;
        halvings = 0;
    }
}
