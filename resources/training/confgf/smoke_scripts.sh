#!/bin/bash
# Smoke run of the conformer-reference and DFT-campaign recipe scripts on one small molecule with a few frames, so
# that a refactor cannot silently gut one: each must run to its end and write a non-empty result. Nothing committed
# is touched (inputs are copied to a temporary CONFGF_DATA directory, work goes to a temporary TMPDIR).
#   CDKNNP_JAR=plugin/target/cdk-nnp.jar resources/training/confgf/smoke_scripts.sh
# Needs xtb, /usr/bin/python3 with RDKit, numpy, h5py and torch (Debian: xtb python3-rdkit python3-h5py python3-torch)
# and the shaded jar; run by the integration test RecipeScriptsSmokeIT in `mvn -B verify`.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../../.." && pwd)
export CDKNNP_JAR=${CDKNNP_JAR:-$ROOT/plugin/target/cdk-nnp.jar}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cdknnp-smoke-scripts.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export TMPDIR=$WORK/tmp CONFGF_DATA=$WORK/data OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
mkdir -p "$TMPDIR" "$CONFGF_DATA"
PY=/usr/bin/python3
nonempty() { for f in "$@"; do [ -s "$f" ] || { echo "smoke_scripts.sh: $f missing or empty" >&2; exit 1; }; done; }

# the smallest test molecule of the committed references, and its ETKDG-start minima, as one-molecule inputs
$PY - "$HERE" "$CONFGF_DATA" <<'EOF'
import os, sys
here, out = sys.argv[1], sys.argv[2]
sys.path.insert(0, here)
from reference_subsets import by_molecule, records, write
full = by_molecule(records(os.path.join(here, "data", "ensembles-test-full.sdf.gz")))
mol_id = min(full, key=lambda k: len(full[k][0]))
write(os.path.join(out, "ensembles-test-full.sdf.gz"), full[mol_id][:2])
opt = by_molecule(records(os.path.join(here, "data", "opt-test.sdf.gz")))
write(os.path.join(out, "opt-test.sdf.gz"), opt[mol_id][:2])
starts = by_molecule(records(os.path.join(here, "data", "starts-test.sdf.gz")))
write(os.path.join(out, "starts-test.sdf.gz"), starts[mol_id][:1])
print("smoke molecule", mol_id)
EOF

echo "== xtb_reference.py"
$PY "$HERE/xtb_reference.py" "$CONFGF_DATA/starts-test.sdf.gz" "$CONFGF_DATA/ensembles-test-xtb.sdf.gz" --frames 3 --ps 1
nonempty "$CONFGF_DATA/ensembles-test-xtb.sdf.gz"
$PY - "$WORK/amine.sdf" <<'EOF'
import sys
from rdkit import Chem
m = Chem.MolFromSmiles("NCCc1ccc(O)cc1")
for key, value in (("MOL_ID", "SMOKE-2"), ("SMILES", "NCCc1ccc(O)cc1")):
    m.SetProp(key, value)
w = Chem.SDWriter(sys.argv[1]); w.write(m); w.close()
EOF
$PY "$HERE/xtb_reference.py" "$WORK/amine.sdf" "$WORK/amine-ph74.sdf.gz" --charged --frames 3 --ps 1
zcat "$WORK/amine-ph74.sdf.gz" | grep -q "SMOKE-2~ph74" && zcat "$WORK/amine-ph74.sdf.gz" | grep -q "NH3+" \
  || { echo "smoke_scripts.sh: no charged xTB reference for tyramine" >&2; exit 1; }

echo "== mtd_reference.sh"
MTD_PS=1.0 MTD_DUMP_FS=250.0 "$HERE/mtd_reference.sh" test
nonempty "$CONFGF_DATA"/ensembles-test-mtd{,-low,-sub}.sdf.gz

echo "== validation_reference.sh"
MD_STEPS=100 "$HERE/validation_reference.sh" test
nonempty "$CONFGF_DATA"/ensembles-test-full{,-low,-sub}.sdf.gz

echo "== md_reference.sh, reminimize.sh"
cp "$CONFGF_DATA/ensembles-test-full.sdf.gz" "$CONFGF_DATA/ensembles-test.sdf.gz"
MD_STEPS=100 "$HERE/md_reference.sh" test
nonempty "$CONFGF_DATA/ensembles-test-md.sdf.gz"
"$HERE/reminimize.sh" "$CONFGF_DATA/ensembles-test-md.sdf.gz" "$CONFGF_DATA/reminimized.sdf.gz"
nonempty "$CONFGF_DATA/reminimized.sdf.gz"

echo "== evaluate.sh, evaluate_seeds.sh (on the xTB reference)"
REFERENCE=$CONFGF_DATA/ensembles-test-xtb.sdf.gz "$HERE/evaluate.sh" | tee "$WORK/evaluate.md"
grep -q "rdkit-etkdg+mmff" "$WORK/evaluate.md"
"$HERE/evaluate_seeds.sh" "$CONFGF_DATA/ensembles-test-xtb.sdf.gz" 5 | tee "$WORK/seeds.md"
grep -q "rdkit-etkdg+mmff, mean of 1" "$WORK/seeds.md"

echo "== select_dft_queue.py + dft_labels.py --queue --list"
M=$ROOT/resources/src/main/resources/io/github/cdknnp/models
(cd "$ROOT/resources/training" && $PY select_dft_queue.py --limit 300 --minima 2 --out "$WORK/queue.csv" \
    --model "$M/painn-dft-v1.h5" --model "$M/painn-xtb-v4.h5" \
  && $PY dft_labels.py --splits train --queue "$WORK/queue.csv" --out "$WORK/labels.h5" --list | tee "$WORK/list.txt")
[ "$(grep -c '^train D' "$WORK/list.txt")" -gt 0 ] || { echo "smoke_scripts.sh: empty DFT queue" >&2; exit 1; }
echo "== label_curve.py (N = 0 and 5 campaign labels, 4 fine-tuning steps)"
(cd "$ROOT/resources/training" && $PY label_curve.py --sizes 0,5 --seeds 1 --steps 4 \
    --finetune-args "--eval-every 2 --warmup 1" --json "$WORK/label_curve.json" | tee "$WORK/label_curve.md")
grep -q "change per 100 labels" "$WORK/label_curve.md"
echo "== conformer_energies.py"
(cd "$ROOT/resources/training" && $PY conformer_energies.py data/dft_drugs.h5 --model "$M/painn-dft-v1.h5" \
    --json "$WORK/conformer_energies.json")
nonempty "$WORK/conformer_energies.json"
echo "== test_dispersion.py, test_convert_schnetpack.py, test_nabladft_db.py (the recipe's self-tests)"
(cd "$ROOT/resources/training" && $PY test_dispersion.py && $PY test_convert_schnetpack.py && $PY test_nabladft_db.py)

echo "== test_charges.py, make_data.py --charged (two molecules of a private list)"
(cd "$ROOT/resources/training" && $PY test_charges.py)
mkdir -p "$WORK/molecules" "$WORK/charged"
printf 'id,smiles\nD9001,NCCc1ccc(O)cc1\n' > "$WORK/molecules/drugs.csv"
printf 'id,smiles\nQ9001,CCC(=O)O\n' > "$WORK/molecules/qm9.csv"
printf 'id,smiles\n' > "$WORK/molecules/freesolv.csv"
(cd "$ROOT/resources/training" && CDKNNP_MOLECULES=$WORK/molecules CDKNNP_DATA_DIR=$WORK/charged \
    $PY make_data.py --charged --workers 1 --n-conf 1 --n-disp 1 --opt-frames 1)
$PY - "$ROOT/resources/training" "$WORK/charged" <<'EOF'
import sys
sys.path.insert(0, sys.argv[1])
import common
s = common.load_structures(common.shard_paths(sys.argv[2]))
charges = {x["mol_id"]: x["charge"] for x in s}
assert charges == {"D9001~ph74": 1, "D9001~anion": -1, "Q9001~ph74": -1}, charges
print("charged labels:", charges)
EOF
echo "== dft_labels.py on a charged structure (propanoate, ~10 s)"
(cd "$ROOT/resources/training" && CDKNNP_DATA_DIR=$WORK/charged PYTHONPATH=/usr/lib/x86_64-linux-gnu \
    $PY dft_labels.py --splits train --max-atoms 10 --limit 1 --out "$WORK/charged/dft.h5")
$PY - "$ROOT/resources/training" "$WORK/charged/dft.h5" <<'EOF'
import sys
sys.path.insert(0, sys.argv[1])
import dft_labels
r, _ = dft_labels.read_labels(sys.argv[2])
assert len(r) == 1 and r[0]["charge"] == -1 and abs(r[0]["forces"] - r[0]["xtb_forces"]).mean() < 0.5, r
EOF
echo "== dft_labels.py --sdf on a charged record (methylammonium under a test drug's id: its parent's split, charge +1)"
$PY - "$WORK/ion.sdf" <<'EOF'
import sys
from rdkit import Chem
from rdkit.Chem import AllChem
m = Chem.AddHs(Chem.MolFromSmiles("C[NH3+]"))
AllChem.EmbedMolecule(m, randomSeed=1)
m.SetProp("MOL_ID", "D0080~smoke")
w = Chem.SDWriter(sys.argv[1]); w.write(m); w.close()
EOF
(cd "$ROOT/resources/training" && PYTHONPATH=/usr/lib/x86_64-linux-gnu $PY dft_labels.py --sdf "$WORK/ion.sdf" \
    --energy-only --splits test --out "$WORK/ion.h5")
$PY - "$ROOT/resources/training" "$WORK/ion.h5" <<'EOF'
import sys
sys.path.insert(0, sys.argv[1])
import dft_labels
r, _ = dft_labels.read_labels(sys.argv[2])
assert len(r) == 1 and r[0]["charge"] == 1 and r[0]["split"] == "test", r
EOF
echo "== dft_oracle.py prepare, dft_labels.py --sdf --energy-only, dft_oracle.py report (methyl formate, ~20 s)"
$PY - "$WORK/oracle-ref.sdf" <<'EOF'
import sys
from rdkit import Chem
from rdkit.Chem import AllChem
m = Chem.AddHs(Chem.MolFromSmiles("COC=O"))
AllChem.EmbedMolecule(m, randomSeed=1)
for key, value in (("MOL_ID", "SMOKE-1"), ("SMILES", "COC=O"), ("SPLIT", "test")):
    m.SetProp(key, value)
w = Chem.SDWriter(sys.argv[1]); w.write(m); w.close()
EOF
(cd "$ROOT/resources/training" && $PY dft_oracle.py prepare --reference "$WORK/oracle-ref.sdf" --n 1 \
    --out "$WORK/oracle/geometries.sdf" \
  && PYTHONPATH=/usr/lib/x86_64-linux-gnu $PY dft_labels.py --sdf "$WORK/oracle/geometries.sdf" --energy-only \
    --splits test --out "$WORK/oracle/dft.h5" \
  && $PY dft_oracle.py report --geometries "$WORK/oracle/geometries.sdf" --labels "$WORK/oracle/dft.h5") \
  | tee "$WORK/oracle.md"
grep -q "^| SMOKE-1 | 8 | " "$WORK/oracle.md" && grep -q "with all four" "$WORK/oracle.md"
echo "== finetune_dft.py --charges (xTB stage of a charged model, 4 steps) + export_model.py"
mkdir -p "$WORK/neutral" && cp "$ROOT/resources/training/data/xtb_00000.h5" "$WORK/neutral/"
(cd "$ROOT/resources/training" && $PY finetune_dft.py --base checkpoints/latest.pt --train-labels "" \
    --train-shards "$WORK/charged,$WORK/neutral" --val-shards "$WORK/neutral" --val-max 20 --charges=-1,1 \
    --charged-share 0.5 --steps 4 --eval-every 2 --warmup 1 --out "$WORK/charged.pt" \
  && $PY export_model.py --ckpt "$WORK/charged.pt" --out "$WORK/charged.h5" --name painn-smoke-charged)
$PY -c "import h5py, sys; assert list(h5py.File(sys.argv[1])['charges'][()]) == [-1, 0, 1]" "$WORK/charged.h5"

echo "== committee.py"
(cd "$ROOT/resources/training" && $PY committee.py painn-dft-v1 painn-dft-v1-c2 painn-dft-v1-c3 --n 30 \
    --out "$WORK/committee.properties")
grep -q "^force_spread_warning_ev_per_a=" "$WORK/committee.properties"
echo "smoke_scripts.sh: all scripts ran"
