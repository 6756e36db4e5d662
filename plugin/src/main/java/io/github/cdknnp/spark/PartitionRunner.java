package io.github.cdknnp.spark;

import io.github.cdknnp.task.ModelSession;
import io.github.cdknnp.io.MoleculeReader.RecordText;
import io.github.cdknnp.task.MoleculeTask;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.StreamSupport;
import org.apache.spark.api.java.function.FlatMapFunction;

/**
 * Runs a task over one partition of input records on an executor, record by record in input order, with the
 * executor's shared force field.
 */
final class PartitionRunner implements FlatMapFunction<Iterator<RecordText>, RecordOutcome> {
    private final MoleculeTask task;
    private final ForceFieldSource forceField;

    PartitionRunner(MoleculeTask task, ForceFieldSource forceField) {
        this.task = task;
        this.forceField = forceField;
    }

    @Override
    public Iterator<RecordOutcome> call(Iterator<RecordText> records) {
        ModelSession session = forceField.shared();
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(records, Spliterator.ORDERED), false)
                .map(r -> RecordOutcome.of(task, session, r))
                .iterator();
    }
}
