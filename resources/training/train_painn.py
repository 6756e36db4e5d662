#!/usr/bin/python3
"""Train the cdk-nnp default PaiNN potential on the GFN2-xTB shards in data/.

* per-element reference energies (atomref) fitted by linear least squares on the training energies once per
  model (kept on reloads and warm restarts);
  the network learns the residual (E = Σ atomref + shift + scale·out, MODEL_FORMAT.md)
* loss = w_e · mean((ΔE/N)²) + w_f · mean(ΔF²)   (eV/atom, eV/Å; forces by autograd, create_graph=True)
* AdamW, linear warm-up then cosine decay over the wall-clock budget (until --end-utc), EMA of weights
* new shards are picked up every --reload-minutes (training can start while make_data.py still runs)
* checkpoints/latest.pt every --ckpt-minutes and on SIGTERM/SIGINT; a restart resumes from it
* checkpoints/best.pt = EMA weights with the best validation score so far; exported periodically to the
  model file with export_model.py (so a usable model exists early)

Usage:  nice -n 10 /usr/bin/python3 train_painn.py --end-utc 2026-11-22T02:50 [--threads 1]
"""
import argparse
import copy
import datetime
import json
import math
import os
import signal
import sys
import time

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402
import painn  # noqa: E402

STOP = False


def _on_signal(signum, frame):
    global STOP
    STOP = True


def utcnow():
    return datetime.datetime.now(datetime.timezone.utc)


def log(msg, fh=None):
    line = "%s %s" % (utcnow().strftime("%H:%M:%S"), msg)
    print(line, flush=True)


def composition_matrix(structs, elements):
    zi = {z: k for k, z in enumerate(elements)}
    A = np.zeros((len(structs), len(elements)))
    for r, s in enumerate(structs):
        for z, c in zip(*np.unique(s["numbers"], return_counts=True)):
            A[r, zi[int(z)]] = c
    return A


def fit_atomref(structs, elements, ridge=1e-6, fixed=None):
    """Per-element reference energies by least squares, or the given fixed ones; returns (ref, residual, A)."""
    A = composition_matrix(structs, elements)
    y = np.array([s["energy"] for s in structs])
    if fixed is None:
        # ridge-regularised normal equations (elements absent from the data get ~0 / least norm)
        M = A.T @ A + ridge * np.eye(A.shape[1])
        fixed = np.linalg.solve(M, A.T @ y)
    return fixed, y - A @ fixed, A


class Trainer:
    def __init__(self, args):
        self.args = args
        self.loaded_shards = []
        self.train, self.val = [], []
        self.step = 0
        self.epoch = 0
        self.history = []
        self.best = float("inf")
        self.train_seconds = 0.0
        self.rng = np.random.default_rng(args.seed)
        torch.manual_seed(args.seed)
        self.model = painn.PaiNN(args.features, args.interactions, args.rbf, args.cutoff)
        self.ema = copy.deepcopy(self.model)
        for p in self.ema.parameters():
            p.requires_grad_(False)
        self.opt = torch.optim.AdamW(self.model.parameters(), lr=args.lr, weight_decay=args.weight_decay,
                                     amsgrad=True)
        self.start_utc = None
        self.restart_step = 0
        self.atomref_fitted = False

    # ------------------------------------------------------------------------------------ data
    def keep(self, s):
        fmax = np.abs(s["forces"]).max()
        return fmax <= self.args.max_force

    def reload(self):
        paths = [p for p in common.shard_paths() if p not in self.loaded_shards]
        if not paths:
            return False
        new = common.load_structures(paths)
        n0 = len(new)
        new = [s for s in new if self.keep(s)]
        self.loaded_shards.extend(paths)
        self.train.extend(s for s in new if s["split"] == "train")
        self.val.extend(s for s in new if s["split"] == "val")
        log("loaded %d shards: +%d structures (%d dropped with |F|>%.0f); train %d, val %d"
            % (len(paths), len(new), n0 - len(new), self.args.max_force, len(self.train), len(self.val)))
        self.refit_atomref()
        return True

    def refit_atomref(self):
        # fitted once per model: the network learned its residual against these values, so data loaded later
        # (a reload, a warm restart) is measured against them instead of moving them under the network
        fixed = self.model.atomref.numpy().copy() if self.atomref_fitted else None
        ref, resid, A = fit_atomref(self.train, self.model.elements, fixed=fixed)
        nat = A.sum(1)
        # drop gross outliers of the residual per atom from training (broken geometries)
        per_atom = resid / nat
        med = np.median(per_atom)
        mad = np.median(np.abs(per_atom - med)) * 1.4826 + 1e-9
        bad = np.abs(per_atom - med) > self.args.outlier_sigma * mad
        if bad.any():
            self.train = [s for s, b in zip(self.train, bad) if not b]
            log("dropped %d outlier structures (|resid/atom - median| > %g MAD)" % (bad.sum(), self.args.outlier_sigma))
            ref, resid, A = fit_atomref(self.train, self.model.elements, fixed=fixed)
            nat = A.sum(1)
        self.model.atomref.copy_(torch.from_numpy(ref))
        self.ema.atomref.copy_(torch.from_numpy(ref))
        if not self.atomref_fitted:
            std_pa = float(np.std(resid / nat))
            frms = float(np.sqrt(np.mean(np.concatenate([s["forces"].ravel() for s in self.train]) ** 2)))
            scale = std_pa if self.args.scale_mode == "energy_std" else frms
            shift = float(np.mean(resid / nat)) if self.args.shift_mode == "mean" else 0.0
            for m in (self.model, self.ema):
                m.energy_scale.fill_(scale)
                m.energy_shift.fill_(shift)
            self.atomref_fitted = True
            log("energy_scale %.5f eV (mode %s; residual std/atom %.5f eV, force rms %.4f eV/Å), shift %.5f"
                % (scale, self.args.scale_mode, std_pa, frms, shift))
        log("atomref (eV): " + ", ".join("%d:%.4f" % (z, r) for z, r in zip(self.model.elements, ref))
            + "; residual MAE/atom %.4f eV" % float(np.mean(np.abs(resid / nat))))

    # ------------------------------------------------------------------------------ model eval
    def evaluate(self, model, structs, bs=32):
        ea, eapa, fa, fsq, esq, nf = 0.0, 0.0, 0.0, 0.0, 0.0, 0
        for k in range(0, len(structs), bs):
            chunk = structs[k:k + bs]
            b = painn.collate(chunk, model.cutoff)
            tE = painn.residual_targets(model, chunk)
            E, Fp = painn.residual_energy_forces(model, b, create_graph=False)
            dE = (E.detach() - tE).double()
            ea += dE.abs().sum().item()
            eapa += (dE.abs() / b["n_atoms"].double()).sum().item()
            esq += ((dE / b["n_atoms"].double()) ** 2).sum().item()
            dF = (Fp.detach() - b["forces"]).double()
            fa += dF.abs().sum().item()
            fsq += (dF ** 2).sum().item()
            nf += dF.numel()
        n = max(1, len(structs))
        return {"energy_mae_eV": ea / n, "energy_mae_eV_per_atom": eapa / n,
                "energy_rmse_eV_per_atom": math.sqrt(esq / n),
                "force_mae_eV_per_A": fa / max(1, nf), "force_rmse_eV_per_A": math.sqrt(fsq / max(1, nf)),
                "n_structures": len(structs)}

    def score(self, m):
        return self.args.w_energy * m["energy_rmse_eV_per_atom"] ** 2 + self.args.w_force * m["force_rmse_eV_per_A"] ** 2

    # ------------------------------------------------------------------------------ schedule
    def lr_at(self):
        a = self.args
        since = self.step - self.restart_step
        if since < a.warmup:
            return a.lr * (since + 1) / a.warmup
        total = (self.end_utc - self.start_utc).total_seconds()
        frac = min(1.0, max(0.0, (utcnow() - self.start_utc).total_seconds() / max(1.0, total)))
        return a.lr_min + 0.5 * (a.lr - a.lr_min) * (1 + math.cos(math.pi * frac))

    # ------------------------------------------------------------------------------ checkpoint
    def state(self):
        return {"model": self.model.state_dict(), "ema": self.ema.state_dict(), "opt": self.opt.state_dict(),
                "step": self.step, "epoch": self.epoch, "history": self.history, "best": self.best,
                "config": self.model.config(), "args": vars(self.args), "train_seconds": self.train_seconds,
                "start_utc": self.start_utc.isoformat(), "restart_step": self.restart_step,
                "atomref_fitted": self.atomref_fitted,
                "energy_scale": float(self.model.energy_scale), "energy_shift": float(self.model.energy_shift),
                "torch_rng": torch.get_rng_state(), "np_rng": self.rng.bit_generator.state}

    def save(self, name="latest.pt"):
        os.makedirs(common.CKPT_DIR, exist_ok=True)
        path = os.path.join(common.CKPT_DIR, name)
        torch.save(self.state(), path + ".tmp")
        os.replace(path + ".tmp", path)

    def load(self, path):
        st = torch.load(path, map_location="cpu")
        self.model.load_state_dict(st["model"])
        self.ema.load_state_dict(st["ema"])
        self.opt.load_state_dict(st["opt"])
        self.step, self.epoch = st["step"], st["epoch"]
        self.history, self.best = st["history"], st["best"]
        self.train_seconds = st["train_seconds"]
        self.start_utc = datetime.datetime.fromisoformat(st["start_utc"])
        self.restart_step = st.get("restart_step", 0)
        self.atomref_fitted = st["atomref_fitted"]
        torch.set_rng_state(st["torch_rng"])
        self.rng.bit_generator.state = st["np_rng"]
        for m in (self.model, self.ema):
            m.energy_scale.fill_(st["energy_scale"])
            m.energy_shift.fill_(st["energy_shift"])
        log("resumed from %s at step %d epoch %d (best val score %.5g)" % (path, self.step, self.epoch, self.best))

    # ------------------------------------------------------------------------------ main loop
    def run(self):
        a = self.args
        self.end_utc = datetime.datetime.fromisoformat(a.end_utc).replace(tzinfo=datetime.timezone.utc)
        latest = os.path.join(common.CKPT_DIR, "latest.pt")
        if os.path.exists(latest) and not a.fresh:
            self.load(latest)
            if a.warm_restart:
                self.start_utc, self.restart_step = None, self.step
                log("warm restart: new warm-up and cosine schedule from lr %g until %s" % (a.lr, a.end_utc))
        while True:
            self.reload()
            if len(self.train) >= a.min_structures:
                break
            log("waiting for data: %d training structures < %d" % (len(self.train), a.min_structures))
            time.sleep(60)
            if STOP:
                return
        if self.start_utc is None:
            self.start_utc = utcnow()
        val_sub_idx = np.random.default_rng(123).permutation(len(self.val))[:a.val_subset]
        val_sub = [self.val[i] for i in val_sub_idx]
        self.best = float("inf")  # the validation subset may differ from the one before a restart
        t_ckpt = t_eval = t_reload = time.time()
        t_export = time.time()
        order, pos_in_epoch = self.rng.permutation(len(self.train)), 0
        run_loss, run_n, run_e, run_f = 0.0, 0, 0.0, 0.0
        t_last = time.time()
        while not STOP:
            if utcnow() >= self.end_utc:
                log("end time reached")
                break
            if self.args.threads_auto:
                self.adjust_threads()
            if pos_in_epoch >= len(order):
                self.epoch += 1
                log("epoch %d finished (step %d)" % (self.epoch, self.step))
                order, pos_in_epoch = self.rng.permutation(len(self.train)), 0
            idx = order[pos_in_epoch:pos_in_epoch + a.batch]
            pos_in_epoch += a.batch
            chunk = [self.train[i] for i in idx]
            b = painn.collate(chunk, a.cutoff)
            tE = painn.residual_targets(self.model, chunk)
            lr = self.lr_at()
            for g in self.opt.param_groups:
                g["lr"] = lr
            E, Fp = painn.residual_energy_forces(self.model, b, create_graph=True)
            le, lf = painn.energy_force_losses(E, tE, Fp, b)
            loss = a.w_energy * le + a.w_force * lf
            self.opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), a.clip)
            self.opt.step()
            self.step += 1
            painn.ema_update(self.ema, self.model, self.step, a.ema)
            now = time.time()
            self.train_seconds += now - t_last
            t_last = now
            run_loss += loss.item()
            run_e += le.item()
            run_f += lf.item()
            run_n += 1
            if self.step % a.log_every == 0:
                log("step %d ep %d lr %.2e loss %.4g  E_rmse/atom %.4f eV  F_rmse %.4f eV/Å  (%.3f s/step, threads %d)"
                    % (self.step, self.epoch, lr, run_loss / run_n, math.sqrt(run_e / run_n), math.sqrt(run_f / run_n),
                       (now - getattr(self, "_t_prev_log", now)) / a.log_every,
                       torch.get_num_threads()))
                self._t_prev_log = now
                run_loss, run_n, run_e, run_f = 0.0, 0, 0.0, 0.0
            if now - t_eval > a.eval_minutes * 60:
                self.do_eval(val_sub)
                t_eval = time.time()
            if now - t_ckpt > a.ckpt_minutes * 60:
                self.save()
                t_ckpt = time.time()
            if now - t_export > a.export_minutes * 60:
                self.export()
                t_export = time.time()
            if now - t_reload > a.reload_minutes * 60:
                t_reload = time.time()
                nv = len(self.val)
                if self.reload():
                    order = np.concatenate([order[pos_in_epoch:],
                                            self.rng.permutation(np.arange(len(order), len(self.train)))]) \
                        if len(self.train) >= len(order) else self.rng.permutation(len(self.train))
                    pos_in_epoch = 0
                    if len(self.val) != nv:
                        val_sub_idx = np.random.default_rng(123).permutation(len(self.val))[:a.val_subset]
                        val_sub = [self.val[i] for i in val_sub_idx]
                        self.best = float("inf")  # val set changed: scores not comparable
        if STOP:  # signal: checkpoint quickly and leave (restart resumes)
            log("signal: saving latest.pt at step %d and exiting" % self.step)
            self.save()
            return
        log("stopping at step %d; final evaluation and checkpoint" % self.step)
        self.do_eval(val_sub)
        self.save()
        self.export()

    def do_eval(self, val_sub):
        t = time.time()
        m = self.evaluate(self.ema, val_sub)
        sc = self.score(m)
        entry = {"utc": utcnow().strftime("%H:%M:%S"), "step": self.step, "epoch": self.epoch,
                 "n_train": len(self.train), "val_score": sc, **m}
        self.history.append(entry)
        tag = ""
        if sc < self.best:
            self.best = sc
            self.save("best.pt")
            tag = " (best, saved best.pt)"
        log("VAL(EMA, %d structs) step %d: E MAE %.4f eV/atom  %.4f eV/struct; F MAE %.4f eV/Å  RMSE %.4f%s [%.0fs]"
            % (m["n_structures"], self.step, m["energy_mae_eV_per_atom"], m["energy_mae_eV"],
               m["force_mae_eV_per_A"], m["force_rmse_eV_per_A"], tag, time.time() - t))
        with open(os.path.join(common.CKPT_DIR, "history.json"), "w") as fh:
            json.dump(self.history, fh, indent=1)

    def export(self):
        best = os.path.join(common.CKPT_DIR, "best.pt")
        if not os.path.exists(best) or self.args.no_export:
            return
        try:
            import export_model
            out = export_model.export(best)
            log("exported snapshot %s" % out)
        except Exception as e:  # noqa: BLE001 - export problems must not kill training
            log("export failed: %r" % e)

    def adjust_threads(self):
        if self.step % 200 != 0:
            return
        n = 1
        pidf = "/tmp/make_data.pid"
        alive = False
        if os.path.exists(pidf):
            try:
                os.kill(int(open(pidf).read().strip()), 0)
                alive = True
            except (OSError, ValueError):
                alive = False
        if not alive:
            n = self.args.threads_max
        if torch.get_num_threads() != n:
            torch.set_num_threads(n)
            log("torch threads -> %d" % n)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--features", type=int, default=64)
    ap.add_argument("--interactions", type=int, default=3)
    ap.add_argument("--rbf", type=int, default=20)
    ap.add_argument("--cutoff", type=float, default=5.0)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--lr-min", type=float, default=2e-5)
    ap.add_argument("--warmup", type=int, default=300)
    ap.add_argument("--weight-decay", type=float, default=0.0)
    ap.add_argument("--clip", type=float, default=10.0)
    ap.add_argument("--ema", type=float, default=0.998)
    ap.add_argument("--w-energy", type=float, default=100.0)
    ap.add_argument("--w-force", type=float, default=1.0)
    ap.add_argument("--scale-mode", choices=["energy_std", "force_rms"], default="force_rms")
    ap.add_argument("--shift-mode", choices=["zero", "mean"], default="zero")
    ap.add_argument("--max-force", type=float, default=30.0, help="drop structures with a |F| component above (eV/Å)")
    ap.add_argument("--outlier-sigma", type=float, default=12.0)
    ap.add_argument("--end-utc", required=True, help="wall-clock end of the cosine schedule, e.g. 2026-11-22T02:50")
    ap.add_argument("--min-structures", type=int, default=2000)
    ap.add_argument("--val-subset", type=int, default=600)
    ap.add_argument("--eval-minutes", type=float, default=6)
    ap.add_argument("--ckpt-minutes", type=float, default=4)
    ap.add_argument("--export-minutes", type=float, default=20)
    ap.add_argument("--reload-minutes", type=float, default=6)
    ap.add_argument("--log-every", type=int, default=50)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--threads-max", type=int, default=2)
    ap.add_argument("--threads-auto", action="store_true", help="use --threads-max once make_data.py has exited")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--fresh", action="store_true", help="ignore an existing latest.pt")
    ap.add_argument("--warm-restart", action="store_true",
                    help="continue from latest.pt with a new warm-up and cosine schedule (fine-tuning on new data); "
                         "use it for the first start of a stage only, not to resume that stage")
    ap.add_argument("--no-export", action="store_true")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.set_flush_denormal(True)
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    os.makedirs(common.CKPT_DIR, exist_ok=True)
    log("train_painn %s" % json.dumps(vars(args)))
    Trainer(args).run()


if __name__ == "__main__":
    main()
