package io.github.cdknnp.task;

import io.github.cdknnp.io.MoleculeRecord;
import java.io.Serializable;
import java.util.List;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * The work a batch run does on one input record: it maps the record's molecule to zero or more annotated output
 * molecules (one optimized geometry, N conformers, ...) or throws an exception whose message says why the record
 * failed. Tasks hold only their settings and are serializable, so that a distributed job ships them to its
 * executors; the force field and what is built on it come from the caller's {@link ModelSession} (one per run or
 * executor JVM). The tasks a generic batch
 * job offers are registered in {@link TaskOptions}.
 */
@FunctionalInterface
public interface MoleculeTask extends Serializable {
    /**
     * Processes one record that was read (its molecule is not null).
     *
     * @throws Exception when the record cannot be processed; the message is logged as the reason
     */
    List<IAtomContainer> apply(ModelSession session, MoleculeRecord record) throws Exception;

    /** The one-line reason a failure is reported with: the exception's message, or its type when it has none. */
    static String failureMessage(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            m = e.getClass().getSimpleName();
        }
        return m.replaceAll("\\s+", " ").strip();
    }
}
