"""The teacher of Accuracy II: all-MiniLM-L6-v2 fine-tuned end to end, every layer, on the
windows the student trains on.

The teacher only labels data, offline. On this machine's two cores a step of 32 windows takes
about 0.8 s (windows of about one length share a batch, :func:`batch_order`, and the matrix
products run in bfloat16), an epoch of the current windows a little over an hour. The build
(``--teacher-share``) runs what is left of it (:func:`complete`); it can also run in slices that
resume, e.g. in the background of other work::

    python -m edgeguard_models.teacher --minutes 45     # train, then resume where it stopped
    python -m edgeguard_models.teacher --evaluate       # validation ranking of the checkpoint
    python -m edgeguard_models.teacher --label          # soft labels of the training windows

A slice saves a checkpoint every few minutes and when its time is up (weights, optimizer,
schedule and the position in the sample's order, in ``.cache/work/teacher/``), and the next slice
resumes from it. The windows are those of :func:`build.training_windows`, cut once and kept in
``windows.npz`` beside the checkpoint (``--rebuild-windows`` cuts them again after the data
changed, and a checkpoint of other windows is not resumed). The easy majority is subsampled: every
window with a gold label, every benign window of weight above 1 (hard negatives, ordinary text)
and :data:`BENIGN_PER_UNSAFE` times as many other benign windows as there are unsafe ones, drawn
with the seed. Each window keeps its student weight (:func:`build.window_weights`).
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from torch import nn

from .fetch import DEFAULT_CACHE_DIR
from .minilm import MiniLM
from .nn import pos_weights, soft_bce
from .student import frame, text_precisions
from .units import spans

log = logging.getLogger(__name__)

BENIGN_PER_UNSAFE = 2.0
"""Plain benign windows drawn per unsafe window (the rest of the benign majority is left out)."""
LABELS = "labels.npz"
"""The teacher's soft labels of the training windows, beside its checkpoint."""
POOL_BATCHES = 64
"""Batches whose windows are sorted by length together (see :func:`batch_order`)."""
WARMUP_STEPS = 200
"""Steps of linear warm-up of the learning rate, which then decays linearly to zero."""


@dataclass(frozen=True)
class TeacherConfig:
    """Training settings of the teacher (all but ``seed`` and ``epochs`` may change between
    slices; those two fix the order a checkpoint resumes in)."""

    batch: int = 32
    lr: float = 3e-5
    head_lr: float = 1e-3
    epochs: int = 1
    seed: int = 1
    save_every_s: float = 600.0
    bf16: bool = True
    """Matrix products in bfloat16 (CPU autocast; weights, optimizer and loss stay float32)."""


@dataclass
class Windows:
    """Framed-to-be training windows in flat arrays (what ``windows.npz`` holds)."""

    ids: list[np.ndarray]
    response: np.ndarray
    y: np.ndarray
    weight: np.ndarray
    item: np.ndarray
    train_rows: np.ndarray
    val_rows: np.ndarray
    markers: tuple[int, int]

    def key(self) -> str:
        """A digest of the windows and their labels (a checkpoint resumes only on the same)."""
        return window_key(self.ids, self.y)

    def save(self, path: Path) -> None:
        """Writes the windows to ``path`` (``.npz``)."""
        lengths = np.array([len(x) for x in self.ids], dtype=np.int64)
        np.savez(path, flat=np.concatenate(self.ids).astype(np.int32), lengths=lengths,
                 response=self.response, y=self.y, weight=self.weight, item=self.item,
                 train_rows=self.train_rows, val_rows=self.val_rows, markers=np.array(self.markers))

    @classmethod
    def load(cls, path: Path) -> Windows:
        """Reads windows written by :meth:`save`."""
        z = np.load(path)
        ids = np.split(z["flat"], np.cumsum(z["lengths"])[:-1])
        markers = (int(z["markers"][0]), int(z["markers"][1]))
        return cls(ids=ids, response=z["response"], y=z["y"], weight=z["weight"], item=z["item"],
                   train_rows=z["train_rows"], val_rows=z["val_rows"], markers=markers)


def window_key(ids: list[np.ndarray], y: np.ndarray) -> str:
    """A digest of windows and their gold labels: the teacher's checkpoint and its soft labels
    belong to the windows of this key (the pipeline checks it before distilling)."""
    h = hashlib.sha256()
    for x in ids:
        h.update(np.asarray(x, dtype=np.int32).tobytes())
    h.update(y.tobytes())
    return h.hexdigest()[:16]


class Teacher(nn.Module):
    """The encoder, a masked mean over its last hidden states, and a linear head with one sigmoid
    output per target (``unsafe`` then every label)."""

    def __init__(self, encoder: MiniLM, outputs: int) -> None:
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(encoder.norm.normalized_shape[0], outputs)

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        """Logits ``[batch, outputs]`` of framed windows (zero-padded token ids)."""
        mask = (ids != 0).long()
        hidden = self.encoder(ids, mask)
        m = mask[..., None].to(hidden.dtype)
        pooled = (hidden * m).sum(1) / m.sum(1).clamp(min=1.0)
        return self.head(self.dropout(pooled))


def load_checkpoint(cache: Path) -> tuple[Teacher, int]:
    """The teacher of the checkpoint in ``cache`` (``work/teacher/checkpoint.pt``), in evaluation
    mode, and the number of steps it was trained.

    :raises FileNotFoundError: if no slice has been trained yet.
    """
    from .build import encoder_dir

    state = torch.load(cache / "work" / "teacher" / "checkpoint.pt", weights_only=False)
    model = Teacher(MiniLM.load(encoder_dir(cache)), state["model"]["head.weight"].shape[0])
    model.load_state_dict(state["model"])
    return model.eval(), int(state["step"])


def sample(w: Windows, seed: int) -> np.ndarray:
    """The training rows the teacher sees (see the module docs), in ascending order."""
    rows = w.train_rows
    unsafe = w.y[rows].max(1) > 0.5
    kept = unsafe | (w.weight[rows] > 1.0)
    plain = np.flatnonzero(~kept)
    rng = np.random.default_rng(seed)
    n = min(len(plain), int(BENIGN_PER_UNSAFE * unsafe.sum()))
    kept[rng.choice(plain, size=n, replace=False)] = True
    return rows[kept]


def batch_order(rows: np.ndarray, lengths: np.ndarray, batch: int, epochs: int, seed: int) -> list[np.ndarray]:
    """The training batches of ``epochs`` passes over ``rows``, in the order they are taken.

    Each pass shuffles the rows, sorts every pool of :data:`POOL_BATCHES` batches by window length
    and cuts it into batches, then shuffles the batches: a batch holds windows of about one length
    (little padding, so a step costs what its tokens cost) while the order stays random."""
    rng = np.random.default_rng(seed)
    out: list[np.ndarray] = []
    for _ in range(epochs):
        perm = rows[rng.permutation(len(rows))]
        cut: list[np.ndarray] = []
        for s in range(0, len(perm), POOL_BATCHES * batch):
            pool = perm[s : s + POOL_BATCHES * batch]
            pool = pool[np.argsort(lengths[pool], kind="stable")]
            cut.extend(pool[i : i + batch] for i in range(0, len(pool), batch))
        out.extend(cut[j] for j in rng.permutation(len(cut)))
    return out


def _schedule(total: int):
    def factor(step: int) -> float:
        return min(1.0, (step + 1) / WARMUP_STEPS) * max(0.0, 1.0 - step / max(total, 1))
    return factor


def train(model: Teacher, w: Windows, checkpoint: Path, config: TeacherConfig, seconds: float) -> int:
    """Trains ``model`` for about ``seconds``, resuming from ``checkpoint`` when it holds a run on
    the same windows and seed; saves it again every ``config.save_every_s`` and at the end.
    Returns the number of steps done in all (the run is complete at ``epochs`` passes)."""
    rows = sample(w, config.seed)
    lengths = np.array([len(x) for x in w.ids], dtype=np.int64)
    batches = batch_order(rows, lengths, config.batch, config.epochs, config.seed)
    total = len(batches)
    head = list(model.head.parameters())
    encoder = [p for n, p in model.named_parameters() if not n.startswith("head.")]
    opt = torch.optim.AdamW([{"params": encoder, "lr": config.lr, "weight_decay": 0.01},
                             {"params": head, "lr": config.head_lr, "weight_decay": 0.0}])
    sched = torch.optim.lr_scheduler.LambdaLR(opt, _schedule(total))
    key = f"{w.key()}_{config.seed}_{config.epochs}_{config.batch}_pooled{POOL_BATCHES}"
    step = 0
    if checkpoint.exists():
        state = torch.load(checkpoint, weights_only=False)
        if state["key"] == key:
            model.load_state_dict(state["model"])
            opt.load_state_dict(state["opt"])
            sched.load_state_dict(state["sched"])
            step = state["step"]
            log.info("teacher: resumed at step %d of %d", step, total)
        else:
            log.info("teacher: the checkpoint is of other windows or settings; starting over")

    def save() -> None:
        tmp = checkpoint.with_suffix(".tmp")
        torch.save({"key": key, "model": model.state_dict(), "opt": opt.state_dict(),
                    "sched": sched.state_dict(), "step": step}, tmp)
        tmp.replace(checkpoint)

    pw = pos_weights(w.y[rows])
    target = w.y.astype(np.float32)
    started = saved = time.time()
    resumed_at = step
    model.train()
    losses: list[float] = []
    while step < total and time.time() - started < seconds:
        b = batches[step]
        x = frame([w.ids[i] for i in b], w.response[b], w.markers)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=config.bf16):
            logits = model(x)
        loss = soft_bce(logits.float(), torch.from_numpy(target[b]), pw, torch.from_numpy(w.weight[b]))
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        step += 1
        losses.append(loss.item())
        if step % 50 == 0:
            log.info("teacher: step %d of %d, loss %.4f", step, total, np.mean(losses[-50:]))
        if time.time() - saved > config.save_every_s:
            save()
            saved = time.time()
    if step > resumed_at or not checkpoint.exists():
        save()
    model.eval()
    return step


@torch.no_grad()
def predict(model: Teacher, w: Windows, rows: np.ndarray, batch: int = 64, bf16: bool = True) -> np.ndarray:
    """Sigmoid scores ``[len(rows), outputs]`` of the windows ``rows`` (batched by length, so
    that short windows are not padded to long ones; matrix products in bfloat16 unless ``bf16``
    is false)."""
    model.eval()
    order = np.argsort([len(w.ids[i]) for i in rows], kind="stable")
    out = np.zeros((len(rows), w.y.shape[1]), dtype=np.float32)
    for s in range(0, len(order), batch):
        at = order[s : s + batch]
        b = rows[at]
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=bf16):
            logits = model(frame([w.ids[i] for i in b], w.response[b], w.markers))
        out[at] = torch.sigmoid(logits.float()).numpy()
    return out


def score_texts(model: Teacher, ids: list[np.ndarray], response: np.ndarray, markers: tuple[int, int],
                content: int, stride: int) -> np.ndarray:
    """Scores ``[len(ids), outputs]`` of whole texts (their content token ids; ``response`` marks
    responses): the maximum over the windows the engine cuts (:func:`units.spans`)."""
    cut, owner = [], []
    for text, tokens in enumerate(ids):
        for start, end in spans(len(tokens), content, stride):
            cut.append(tokens[start:end])
            owner.append(text)
    outputs = model.head.out_features
    owners = np.asarray(owner, dtype=np.int64)
    w = Windows(ids=cut, response=response[owners], y=np.zeros((len(cut), outputs), np.float32),
                weight=np.ones(len(cut), np.float32), item=owners, train_rows=np.arange(len(cut)),
                val_rows=np.zeros(0, np.int64), markers=markers)
    best = np.zeros((len(ids), outputs), dtype=np.float32)
    np.maximum.at(best, owners, predict(model, w, np.arange(len(cut))))
    return best


def label(model: Teacher, w: Windows, path: Path, step: int, seconds: float,
          save_every_s: float = 600.0, chunk: int = 2048) -> int:
    """Soft labels of the teacher (trained ``step`` steps) for every training window, written to
    ``path`` (``.npz``: windows key, step, scores, which rows are done) for about ``seconds``,
    resuming a file of the same windows and step. Returns the rows labeled so far."""
    rows = w.train_rows[np.argsort([len(w.ids[i]) for i in w.train_rows], kind="stable")]
    key = w.key()
    scores = np.zeros(w.y.shape, dtype=np.float32)
    done = np.zeros(len(w.y), dtype=bool)
    if path.exists():
        z = np.load(path)
        if str(z["key"]) == key and int(z["step"]) == step:
            scores, done = z["scores"], z["done"]

    def save() -> None:
        tmp = path.with_name(path.name + ".tmp.npz")
        np.savez(tmp, key=key, step=step, scores=scores, done=done)
        tmp.replace(path)

    todo = rows[~done[rows]]
    if len(todo) == 0 and path.exists():
        log.info("teacher: every training window already labeled (step %d)", step)
        return int(done[w.train_rows].sum())
    started = saved = time.time()
    for s in range(0, len(todo), chunk):
        if time.time() - started >= seconds:
            break
        b = todo[s : s + chunk]
        scores[b] = predict(model, w, b)
        done[b] = True
        if time.time() - saved > save_every_s:
            save()
            saved = time.time()
    save()
    labeled = int(done[w.train_rows].sum())
    log.info("teacher: %d of %d training windows labeled (step %d)", labeled, len(w.train_rows), step)
    return labeled


def complete(cache: Path, w: Windows, config: TeacherConfig | None = None) -> Path:
    """Trains the teacher of ``w`` to the end of its epochs and labels every training window,
    resuming what earlier slices did (nothing is left to do when both are complete). Returns the
    labels' file, for :func:`soft_labels`."""
    from .build import encoder_dir

    config = config or TeacherConfig()
    work = cache / "work" / "teacher"
    work.mkdir(parents=True, exist_ok=True)
    torch.manual_seed(config.seed)
    model = Teacher(MiniLM.load(encoder_dir(cache)), w.y.shape[1])
    step = train(model, w, work / "checkpoint.pt", config, float("inf"))
    label(model, w, work / LABELS, step, float("inf"))
    return work / LABELS


def soft_labels(path: Path, key: str, rows: np.ndarray) -> tuple[np.ndarray, str]:
    """The teacher's scores of every window from a file of :func:`label`, and a digest of them
    (for the student's cache key).

    :param key: the :func:`window_key` of the windows to distil into.
    :param rows: the windows that need a score (the student's training rows).
    :raises ValueError: if the file labels other windows or has not labeled all of ``rows``.
    """
    z = np.load(path)
    if str(z["key"]) != key:
        raise ValueError(f"{path} labels other windows (key {z['key']}, these are {key}): "
                         "train and label the teacher on the current data")
    scores, done = z["scores"], z["done"]
    missing = int((~done[rows]).sum())
    if missing:
        raise ValueError(f"{path}: {missing} of {len(rows)} training windows not labeled yet "
                         "(python -m edgeguard_models.teacher --label resumes)")
    return scores, f"{int(z['step'])}_{hashlib.sha256(scores.tobytes()).hexdigest()[:8]}"


def validation_ranking(model: Teacher, w: Windows, texts: int, seed: int = 0) -> dict[str, float]:
    """Mean average precision on up to ``texts`` validation texts, each scored by the maximum over
    its windows (as the student is chosen), and the average precision of ``unsafe`` (the sample
    must hold unsafe texts)."""
    owners = np.unique(w.item[w.val_rows])
    picked = np.random.default_rng(seed).choice(owners, size=min(texts, len(owners)), replace=False)
    rows = w.val_rows[np.isin(w.item[w.val_rows], picked)]
    aps = text_precisions(predict(model, w, rows), rows, w.item, w.y)
    return {"texts": float(len(picked)), "mean_ap": float(np.mean(aps)), "unsafe_ap": aps[0]}


def windows(cache: Path, work: Path, rebuild: bool) -> Windows:
    """The training windows, cut by :func:`build.training_windows` or read from ``work``."""
    path = work / "windows.npz"
    if path.exists() and not rebuild:
        return Windows.load(path)
    from . import build  # the pipeline's data stages; imported here, they are slow to load

    items = build.assemble(cache)
    tokenizer = build.encoder_tokenizer(build.encoder_dir(cache))
    picked, u, train_rows, val_rows = build.training_windows(items, tokenizer)
    markers = (build.token_id(tokenizer, "[unused0]"), build.token_id(tokenizer, "[unused1]"))
    w = Windows(ids=u.ids, response=u.response, y=u.y, item=u.item, train_rows=train_rows,
                val_rows=val_rows, weight=build.window_weights(picked, u, train_rows),
                markers=markers)
    w.save(path)
    return w


def main(argv: list[str] | None = None) -> None:
    """Train a slice, or evaluate the checkpoint (see the module docs)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", type=Path, default=DEFAULT_CACHE_DIR)
    ap.add_argument("--minutes", type=float, default=45.0, help="training time of this slice")
    ap.add_argument("--evaluate", action="store_true", help="only report the validation ranking")
    ap.add_argument("--label", action="store_true",
                    help="score every training window with the checkpoint, for --minutes, resuming "
                         f"({LABELS}; the pipeline distils them with --teacher-share)")
    ap.add_argument("--eval-texts", type=int, default=1500, help="validation texts to rank")
    ap.add_argument("--rebuild-windows", action="store_true")
    ap.add_argument("--batch", type=int, default=TeacherConfig.batch)
    ap.add_argument("--epochs", type=int, default=TeacherConfig.epochs)
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    from .build import encoder_dir

    work = args.cache / "work" / "teacher"
    work.mkdir(parents=True, exist_ok=True)
    w = windows(args.cache, work, args.rebuild_windows)
    config = TeacherConfig(batch=args.batch, epochs=args.epochs)
    log.info("teacher: %d training windows sampled of %d", len(sample(w, config.seed)), len(w.train_rows))
    if args.evaluate or args.label:
        trained, step = load_checkpoint(args.cache)
        if args.label:
            label(trained, w, work / LABELS, step, args.minutes * 60)
        else:
            log.info("teacher at step %d: %s", step, validation_ranking(trained, w, args.eval_texts))
        return
    torch.manual_seed(config.seed)
    model = Teacher(MiniLM.load(encoder_dir(args.cache)), w.y.shape[1])
    checkpoint = work / "checkpoint.pt"
    step = train(model, w, checkpoint, config, args.minutes * 60)
    log.info("teacher: %d steps done; checkpoint %s", step, checkpoint)


if __name__ == "__main__":
    main()
