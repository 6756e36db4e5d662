"""Frames of xTB metadynamics as SDF records, for mtd_reference.sh.

  xyz IN.sdf DIR         each record (one per molecule, MOL_ID) as DIR/<MOL_ID>/start.xyz
  frames IN.sdf DIR OUT  each molecule's record with the coordinates of every frame of DIR/<MOL_ID>/xtb.trj
                         (an XYZ trajectory, atoms in the record's order), SD property MTD_FRAME = frame index;
                         the record's NNP_* and MD_* properties (of its own making) are left out
Plain text on V2000 molfiles: bonds, charges and SD properties are the record's own.
"""
import gzip
import os
import sys

from reference_subsets import prop, records


def mol_id(record):
    return prop(record, "MOL_ID").strip()


def molecules(path):
    """The records of an SDF (its file checked by reference_subsets.records), without their $$$$ lines."""
    return [r[:-len("$$$$\n")] for r in records(path)]


def atoms(record):
    lines = record.split("\n")
    if "V2000" not in lines[3]:
        sys.exit("mtd_frames.py: %s is not a V2000 molfile" % mol_id(record))
    return lines, int(lines[3][:3])


def xyz(sdf, out):
    for r in molecules(sdf):
        lines, n = atoms(r)
        d = os.path.join(out, mol_id(r))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "start.xyz"), "w") as f:
            f.write("%d\n%s\n" % (n, mol_id(r)))
            for line in lines[4:4 + n]:
                f.write("%s %s %s %s\n" % (line[31:34].strip(), line[0:10], line[10:20], line[20:30]))


def frames(sdf, trajectories, out):
    count = 0
    opener = gzip.open if out.endswith(".gz") else open
    with opener(out + ".part", "wt") as f:
        for r in molecules(sdf):
            lines, n = atoms(r)
            path = os.path.join(trajectories, mol_id(r), "xtb.trj")
            if not os.path.isfile(path):
                print("mtd_frames.py: %s has no trajectory, skipped" % mol_id(r), file=sys.stderr)
                continue
            head, props = r.split("M  END\n", 1)
            kept = [b for b in props.split("\n\n") if b.strip() and not b.startswith(("> <NNP_", "> <MD_"))]
            lines = (head + "M  END\n" + "".join(b.strip("\n") + "\n\n" for b in kept)).split("\n")
            traj = open(path).read().split("\n")
            for k in range(0, len(traj), n + 2):
                if not traj[k].strip():
                    break
                block = list(lines)
                try:
                    if int(traj[k].split()[0]) != n:
                        raise ValueError("%s atoms, the record has %d" % (traj[k].split()[0], n))
                    for i in range(n):
                        x, y, z = (float(v) for v in traj[k + 2 + i].split()[1:4])
                        block[4 + i] = "%10.4f%10.4f%10.4f%s" % (x, y, z, lines[4 + i][30:])
                except (ValueError, IndexError) as e:
                    print("mtd_frames.py: %s frame %d of %s unreadable (%s); its later frames skipped"
                          % (mol_id(r), k // (n + 2), path, e), file=sys.stderr)
                    break
                text = "\n".join(block).rstrip("\n") + "\n\n"
                f.write(text + "> <MTD_FRAME>\n%d\n\n$$$$\n" % (k // (n + 2)))
                count += 1
    os.replace(out + ".part", out)
    print("%s: %d frames" % (out, count))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "xyz":
        xyz(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == "frames":
        frames(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
