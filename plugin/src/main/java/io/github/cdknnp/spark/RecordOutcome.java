package io.github.cdknnp.spark;

import io.github.cdknnp.task.ModelSession;
import io.github.cdknnp.io.MoleculeReader;
import io.github.cdknnp.io.MoleculeRecord;
import io.github.cdknnp.io.MoleculeWriter;
import io.github.cdknnp.task.MoleculeTask;
import java.io.Serializable;
import org.openscience.cdk.interfaces.IAtomContainer;

/**
 * What an executor sends back for one input record: the task's output molecules as SD text, or why the record
 * failed (it could not be read, or the task threw).
 *
 * @param index     1-based position of the record across all inputs
 * @param source    the file it came from, with its record number there
 * @param title     the record's title
 * @param sdRecords the output molecules as consecutive SD records (empty when the task returned none), or null on failure
 * @param error     why the record failed, or null
 */
record RecordOutcome(long index, String source, String title, String sdRecords, String error) implements Serializable {
    /** Parses a record, runs the task on it and keeps its output as SD text; a bad record becomes a failure. */
    static RecordOutcome of(MoleculeTask task, ModelSession session, MoleculeReader.RecordText text) {
        MoleculeRecord record = MoleculeReader.parse(text);
        if (!record.ok()) {
            return failure(record, record.error());
        }
        try {
            StringBuilder sd = new StringBuilder();
            for (IAtomContainer molecule : task.apply(session, record)) {
                sd.append(MoleculeWriter.sdfText(molecule));
            }
            return new RecordOutcome(record.index(), record.source(), record.title(), sd.toString(), null);
        } catch (Exception | StackOverflowError e) {
            // as on the command line, a record that breaks CDK's recursion is a failed record, not a failed job
            return failure(record, MoleculeTask.failureMessage(e));
        }
    }

    private static RecordOutcome failure(MoleculeRecord record, String error) {
        return new RecordOutcome(record.index(), record.source(), record.title(), null, error);
    }

    /** Whether the record failed. */
    boolean failed() {
        return error != null;
    }
}
