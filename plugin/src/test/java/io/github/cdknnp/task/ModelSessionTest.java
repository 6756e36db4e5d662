package io.github.cdknnp.task;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cdknnp.conformers.ConformerGenerator;
import io.github.cdknnp.ff.NnpForceField;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ModelSessionTest {
    private static final NnpForceField FF = NnpForceField.load("reference");

    @Test
    void aGeneratorIsMadeOncePerOwnerAndSharedUntilClose() {
        AtomicInteger made = new AtomicInteger();
        try (ModelSession session = new ModelSession(FF)) {
            ConformerGenerator a = session.generator("task A", () -> {
                made.incrementAndGet();
                return ConformerGenerator.builder().conformers(1).forceField(FF).build();
            });
            assertSame(a, session.generator("task A", () -> {
                throw new AssertionError("made twice");
            }));
            ConformerGenerator b = session.generator("task B", () -> {
                made.incrementAndGet();
                return ConformerGenerator.builder().conformers(2).forceField(FF).build();
            });
            assertNotSame(a, b);
            assertSame(session.embedder(), session.embedder());
            assertSame(FF, session.forceField());
        }
        assertTrue(made.get() == 2, "one generator per owner, got " + made.get());
    }

    @Test
    void aClosedSessionRefusesUseNamingItsForceField() {
        ModelSession session = new ModelSession(FF);
        session.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, session::embedder);
        assertTrue(e.getMessage().contains("closed") && e.getMessage().contains(FF.description()), e.getMessage());
        assertThrows(IllegalStateException.class, session::forceField);
        assertThrows(IllegalStateException.class, () -> session.generator("task", () -> null));
    }
}
