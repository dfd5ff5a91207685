#!/usr/bin/env python3
"""The peer of longshort's benchmark: the same PTB recipe written plainly in PyTorch (eager).

Same model (embedding V x E, dropout, L stacked LSTM layers of H units with dropout between them
and on the output, softmax H x V with bias), same initialisation (every weight uniform in
[-init, init], then +forget_bias on the forget quarter of the input-to-hidden bias, as
longshort's LstmLanguageModelBlock does), same cost (cross-entropy summed over the T steps and
averaged over the batch), same global-norm clipping, plain SGD, the final state carried to the
next window detached, and the same batch-major windows of the same ids (synthetic ids from the
same formula as the Java side, or the real PTB files tokenised and numbered the same way).

One task per process; prints one JSON object on its last line:
  train   training words/s (after warm-up), evaluation words/s, RSS after steps, peak RSS
  latency next-word latency of an incremental session (batch 1), per word in ms
  matmul  float32 matrix-multiply rate in GFLOP/s
"""
import argparse
import json
import os
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

PRESETS = {
    # vocab, embedding, hidden, layers, steps, batch, drop rate, init, clip, lr
    "small": dict(E=200, H=200, L=2, T=20, B=20, drop=0.0, init=0.1, clip=5.0, lr=1.0),
    "medium": dict(E=650, H=650, L=2, T=35, B=20, drop=0.5, init=0.05, clip=5.0, lr=1.0),
    "tiny": dict(E=16, H=16, L=2, T=5, B=4, drop=0.0, init=0.1, clip=5.0, lr=1.0),
}


def rss_kib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return -1


def synthetic_ids(n, vocab):
    """The formula of io.longshort.bench.Synthetic: ((i * i) % 10007 + 31 * i) % vocab."""
    i = torch.arange(n, dtype=torch.int64)
    return ((i * i) % 10007 + 31 * i) % vocab


def ptb_words(path):
    words = []
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    for k, line in enumerate(lines):
        words.extend(line.split())
        if k < len(lines) - 1:
            words.append("<eos>")
    return words


def ptb_ids(folder):
    """Trains on ptb.valid.txt and evaluates on ptb.test.txt, as longshort's benchmark does."""
    train = ptb_words(os.path.join(folder, "ptb.valid.txt"))
    counts = {}
    for w in train:
        counts[w] = counts.get(w, 0) + 1
    vocab = sorted(counts, key=lambda w: (-counts[w], w))
    index = {w: i for i, w in enumerate(vocab)}
    test = [index[w] for w in ptb_words(os.path.join(folder, "ptb.test.txt")) if w in index]
    return (torch.tensor([index[w] for w in train], dtype=torch.int64),
            torch.tensor(test, dtype=torch.int64), len(vocab))


def batchify(ids, batch):
    n = ids.numel() // batch
    return ids[: n * batch].view(batch, n)


def window(data, i, steps):
    x = data[:, i * steps:(i + 1) * steps]
    y = data[:, i * steps + 1:(i + 1) * steps + 1]
    return x, y


class Model(nn.Module):
    def __init__(self, V, E, H, L, drop, init, forget_bias=1.0):
        super().__init__()
        self.embedding = nn.Embedding(V, E)
        self.drop = nn.Dropout(drop)
        self.lstm = nn.LSTM(E, H, L, dropout=drop if L > 1 else 0.0, batch_first=True)
        self.softmax = nn.Linear(H, V)
        for p in self.parameters():
            nn.init.uniform_(p, -init, init)
        with torch.no_grad():
            for l in range(L):
                getattr(self.lstm, "bias_ih_l%d" % l)[H:2 * H] += forget_bias

    def forward(self, x, state):
        out, state = self.lstm(self.drop(self.embedding(x)), state)
        return self.softmax(self.drop(out)), state


def zero_state(p, batch):
    return (torch.zeros(p["L"], batch, p["H"]), torch.zeros(p["L"], batch, p["H"]))


def train(args):
    p = PRESETS[args.preset]
    torch.manual_seed(args.seed)
    if args.data == "ptb":
        train_ids, eval_ids, V = ptb_ids(args.ptb_dir)
    else:
        V = args.vocab
        n = p["B"] * ((args.warmup + args.steps + 1) * p["T"] + 1)
        train_ids = synthetic_ids(n, V)
        eval_ids = synthetic_ids(p["B"] * (args.eval_windows * p["T"] + 1), V)
    model = Model(V, p["E"], p["H"], p["L"], p["drop"], p["init"])
    optimizer = torch.optim.SGD(model.parameters(), lr=p["lr"])
    data = batchify(train_ids, p["B"])
    windows = (data.shape[1] - 1) // p["T"]
    total = args.warmup + args.steps
    marks = {int(s): None for s in args.rss_at.split(",") if s}
    model.train()
    state = zero_state(p, p["B"])
    t_start = None
    costs = []
    for step in range(total):
        if step == args.warmup:
            t_start = time.perf_counter()
        x, y = window(data, step % windows, p["T"])
        state = tuple(s.detach() for s in state)
        logits, state = model(x, state)
        cost = F.cross_entropy(logits.reshape(-1, V), y.reshape(-1), reduction="sum") / p["B"]
        optimizer.zero_grad(set_to_none=True)
        cost.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), p["clip"])
        optimizer.step()
        costs.append(cost.item())
        if step + 1 in marks:
            marks[step + 1] = rss_kib("VmRSS")
    elapsed = time.perf_counter() - t_start
    train_wps = args.steps * p["B"] * p["T"] / elapsed
    # evaluation: batch and steps of training, no dropout, no gradient
    model.eval()
    edata = batchify(eval_ids, p["B"])
    ewindows = min((edata.shape[1] - 1) // p["T"], args.eval_windows)
    state = zero_state(p, p["B"])
    total_cost = 0.0
    with torch.no_grad():
        t0 = time.perf_counter()
        for i in range(ewindows):
            x, y = window(edata, i, p["T"])
            logits, state = model(x, state)
            total_cost += (F.cross_entropy(logits.reshape(-1, V), y.reshape(-1), reduction="sum")
                           / p["B"]).item()
        eval_seconds = time.perf_counter() - t0
    return dict(train_words_per_second=train_wps,
                eval_words_per_second=ewindows * p["B"] * p["T"] / eval_seconds,
                first_cost=costs[0], last_cost=costs[-1],
                rss_kib_at={str(k): v for k, v in marks.items()}, vocab=V)


def latency(args):
    p = PRESETS[args.preset]
    torch.manual_seed(args.seed)
    V = args.vocab
    model = Model(V, p["E"], p["H"], p["L"], p["drop"], p["init"])
    model.eval()
    ids = synthetic_ids(args.words + args.warmup + 1, V).tolist()
    times = []
    with torch.no_grad():
        state = zero_state(p, 1)
        for k in range(args.words + args.warmup):
            t0 = time.perf_counter()
            x = torch.tensor([[ids[k]]])
            logits, state = model(x, state)
            logp = torch.log_softmax(logits[0, 0], -1)[ids[k + 1]].item()
            dt = time.perf_counter() - t0
            if k >= args.warmup:
                times.append(dt * 1000)
    return dict(latency_ms=statistics.median(times), latency_ms_mean=statistics.fmean(times),
                last_logp=logp)


def matmul(args):
    n = args.size
    a = torch.rand(n, n)
    b = torch.rand(n, n)
    torch.mm(a, b)
    rates = []
    for _ in range(args.reps):
        t0 = time.perf_counter()
        torch.mm(a, b)
        rates.append(2.0 * n ** 3 / (time.perf_counter() - t0) / 1e9)
    return dict(gflops=max(rates), gflops_median=statistics.median(rates), size=n)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("task", choices=["train", "latency", "matmul"])
    ap.add_argument("--preset", default="small", choices=sorted(PRESETS))
    ap.add_argument("--data", default="synthetic", choices=["synthetic", "ptb"])
    ap.add_argument("--ptb-dir", default="../shared/data/ptb")
    ap.add_argument("--vocab", type=int, default=10000)
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--eval-windows", type=int, default=20)
    ap.add_argument("--words", type=int, default=300)
    ap.add_argument("--rss-at", default="")
    ap.add_argument("--size", type=int, default=1024)
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--threads", type=int, default=1,
                    help="torch intra-op threads (Debian's build is fastest at 1: its OpenBLAS"
                         " already uses every core)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    result = dict(train=train, latency=latency, matmul=matmul)[args.task](args)
    result.update(task=args.task, engine="python-pytorch", threads=args.threads,
                  torch=torch.__version__, peak_rss_kib=rss_kib("VmHWM"),
                  rss_kib=rss_kib("VmRSS"))
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
