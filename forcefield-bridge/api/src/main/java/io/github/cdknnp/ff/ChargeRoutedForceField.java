package io.github.cdknnp.ff;

import java.util.List;
import java.util.function.Supplier;

/**
 * Gives each molecule a model that takes its total charge: the primary model where it can, otherwise a model
 * trained on charged molecules, loaded on first need. What {@code cdk-nnp} and {@code CdkNnp} use when no model is
 * named: the default model for neutral molecules, {@value NnpForceField#CHARGED_MODEL_NAME} for ions. Thread-safe.
 */
public final class ChargeRoutedForceField implements ForceField {
    private final NnpForceField primary;
    private final String chargedName;
    private final Supplier<NnpForceField> chargedLoader;
    private volatile NnpForceField charged;

    /**
     * @param primary       the model for every charge it takes
     * @param chargedName   the name of the other model, for descriptions
     * @param chargedLoader loads the other model, at most once, when a molecule first needs it
     */
    public ChargeRoutedForceField(NnpForceField primary, String chargedName, Supplier<NnpForceField> chargedLoader) {
        this.primary = primary;
        this.chargedName = chargedName;
        this.chargedLoader = chargedLoader;
    }

    /** The embedded default model, with the embedded model for charged molecules behind it, on one backend. */
    public static ChargeRoutedForceField embedded(String backendSelector) {
        return new ChargeRoutedForceField(NnpForceField.load(backendSelector), NnpForceField.CHARGED_MODEL_NAME,
                () -> NnpForceField.loadEmbedded(NnpForceField.CHARGED_MODEL_NAME, backendSelector));
    }

    /** The model for molecules whose charge it takes. */
    public NnpForceField primary() {
        return primary;
    }

    /** The model a molecule of this total charge gets (the charged model is loaded here on first need). */
    public NnpForceField modelFor(int totalCharge) {
        if (primary.parameters().charge().supports(totalCharge)) {
            return primary;
        }
        NnpForceField model = charged;
        if (model == null) {
            synchronized (this) {
                if (charged == null) {
                    charged = chargedLoader.get();
                }
                model = charged;
            }
        }
        return model;
    }

    @Override
    public String description() {
        return primary.description() + "; charges it does not take: " + chargedName;
    }

    @Override
    public Potential bind(AtomicSystem system) {
        return modelFor(system.totalCharge()).bind(system);
    }

    @Override
    public void check(AtomicSystem system) {
        modelFor(system.totalCharge()).check(system);
    }

    @Override
    public BatchPotential bindBatch(List<AtomicSystem> systems) {
        if (systems.isEmpty()) {
            return primary.bindBatch(systems);
        }
        NnpForceField model = modelFor(systems.get(0).totalCharge());
        for (AtomicSystem s : systems) {
            if (modelFor(s.totalCharge()) != model) {
                return ForceField.super.bindBatch(systems);
            }
        }
        return model.bindBatch(systems);
    }
}
