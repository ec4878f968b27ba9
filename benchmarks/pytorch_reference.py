"""PyTorch reference for BENCHMARKS.md: the same models, batch and optimiser as the Java benchmark, timed per
step on this machine with the thread count given. Architectures: the gated MLP VAE 784-300-300-40, the
two-layer HVAE and the ConvHVAE (gated convolutions, Exemplar VAE supplement L.1 c, as lib/.../model/Hvae.java);
priors: Gaussian, MoG(500), VampPrior(500), Exemplar (kNN k = 10 among M = N/2 of N = 50,000 exemplars,
Algorithm 1 of the Exemplar VAE supplement, as lib/.../prior/ExemplarPrior.java) and LARS (MLP[100-100],
S = 1024, T = 100, Algorithm 1 of Bauer & Mnih, as lib/.../prior/ResampledPrior.java). Batch 100,
gradient-normalised Adam.

    python benchmarks/pytorch_reference.py --threads 1 --steps 100                 # the table
    python benchmarks/pytorch_reference.py --rows VAE:gaussian,HVAE:vamp --steps 20  # ROW arch prior best median cpu union
Needs: torch (pip install torch). Data: the first 50,000 Fashion-MNIST training images, as the Java benchmark
takes them ($VAEPRIORS_DATA/fashion-mnist/train-images-idx3-ubyte.gz), dynamically binarised batch by batch,
and the Exemplar prior's exemplars; without that file, random images (the Exemplar row's work then differs
from ours: its cost follows the size of the retrieved union, which depends on the data).
"""
import argparse, gzip, math, os, struct, time
import torch
import torch.nn as nn
import torch.nn.functional as F

LOG2PI = math.log(2 * math.pi)
P, D, H, K = 784, 40, 300, 500


class Gated(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.h, self.g = nn.Linear(i, o), nn.Linear(i, o)

    def forward(self, x):
        return self.h(x) * torch.sigmoid(self.g(x))


class GatedConv(nn.Module):
    def __init__(self, i, o, k, s=1, p=0):
        super().__init__()
        self.h, self.g = nn.Conv2d(i, o, k, s, p), nn.Conv2d(i, o, k, s, p)

    def forward(self, x):
        return self.h(x) * torch.sigmoid(self.g(x))


def conv_encoder(first=7, third=5):
    """Kernels first, 3, third, 3, 3 (7 and 5 in q(z2|x), 3x3 in q(z1|x, z2): supplement L.1 c and both authors'
    repositories); strides 1, 2, 1, 2, 1; 6 channels out: [B, 6 * 7 * 7]."""
    return nn.Sequential(GatedConv(1, 32, first, 1, first // 2), GatedConv(32, 32, 3, 2, 1),
                         GatedConv(32, 64, third, 1, third // 2), GatedConv(64, 64, 3, 2, 1), GatedConv(64, 6, 3, 1, 1),
                         nn.Flatten())


def log_normal(z, m, lv):
    return -0.5 * (LOG2PI + lv + (z - m) ** 2 / lv.exp()).sum(-1)


class Heads(nn.Module):
    def __init__(self, i, d):
        super().__init__()
        self.mu, self.lv = nn.Linear(i, d), nn.Linear(i, d)

    def forward(self, h):
        return self.mu(h), F.hardtanh(self.lv(h), -6, 2)


def mixture(z, m, lv, k):
    # the matmul form, as in the Java library
    iv = (-lv).exp()
    comp = -0.5 * ((z * z) @ iv.T - 2 * z @ (m * iv).T + (m * m * iv + lv).sum(1) + z.shape[1] * LOG2PI)
    return torch.logsumexp(comp, 1) - math.log(k)


class Prior(nn.Module):
    """log p(z) of the prior under study; `encode` is the model's encoder of the top latent."""

    def __init__(self, kind, encode, images):
        super().__init__()
        self.kind, self.encode = kind, [encode]  # a list: not a submodule (no double registration)
        self.union_rows, self.union_steps = 0, 0
        if kind == "mog":
            self.means = nn.Parameter(torch.randn(K, D))
            self.logvars = nn.Parameter(torch.zeros(K, D))
        if kind == "vamp":
            self.u = nn.Parameter(0.05 + 0.01 * torch.randn(K, P))
        if kind == "exemplar":
            self.log_var = nn.Parameter(torch.zeros(()))
            self.images = images  # grey exemplars; the cache is encoded by build(), after the initialisation
        if kind == "lars":
            self.a = nn.Sequential(nn.Linear(D, 100), nn.Tanh(), nn.Linear(100, 100), nn.Tanh(), nn.Linear(100, 1))
            self.moving_z, self.eps_z, self.T, self.S = 0.5, 0.01, 100, 1024

    def refresh(self):
        """The Exemplar prior's cache encoded anew by the current encoder (Algorithm 1, at each epoch start)."""
        if self.kind == "exemplar":
            with torch.no_grad():
                self.cache = torch.cat([self.encode[0](self.images[i:i + 1000])[0] for i in range(0, len(self.images), 1000)])
            self.cache_sq = (self.cache ** 2).sum(1)

    def log_prob_training(self, z, log_q, x, idx):
        if self.kind == "gaussian":
            return -0.5 * (z * z + LOG2PI).sum(1)
        if self.kind == "mog":
            return mixture(z, self.means, self.logvars, K)
        if self.kind == "vamp":
            m, lv = self.encode[0](F.hardtanh(self.u, 0, 1))
            return mixture(z, m, lv, K)
        if self.kind == "exemplar":
            return self.exemplar(z, x, idx)
        return self.lars(z, log_q)

    def exemplar(self, z, x, idx, k=10):
        n, m = self.images.shape[0], self.images.shape[0] // 2
        drawn = torch.randperm(n)[:m]
        with torch.no_grad():  # Algorithm 1: queries and the batch's own exemplars, written to the cache
            both = self.encode[0](torch.cat([x, self.images[idx]]))[0]
            q, own = both[:x.shape[0]], both[x.shape[0]:]
            self.cache[idx] = own
            self.cache_sq[idx] = (own ** 2).sum(1)
            scores = self.cache_sq[drawn] - 2 * q @ self.cache[drawn].T  # [B, M]
            nn_idx = drawn[scores.topk(k + 1, 1, largest=False).indices]  # nearest first
            keep = nn_idx != idx[:, None]
            keep &= keep.cumsum(1) <= k  # each example's k nearest other than itself
            union = torch.unique(nn_idx[keep])
            u = union.numel()
            self.union_rows, self.union_steps = self.union_rows + u, self.union_steps + 1
            # equal work with the Java benchmark (--exemplar-rows): padded with copies of the first component,
            # masked out below, as the Java library pads its union
            comps = torch.cat([union, union[:1].expand(max(0, EXEMPLAR_ROWS - u))])
        means = self.encode[0](self.images[comps])[0]  # with gradients
        self.cache[union] = means[:u].detach()
        prec = (-self.log_var).exp()
        comp = (z * prec) @ means.T - 0.5 * prec * ((z * z).sum(1, keepdim=True) + (means * means).sum(1)) \
            - 0.5 * D * (self.log_var + LOG2PI)
        excluded = (comps[None, :] == idx[:, None]) | (torch.arange(comps.numel()) >= u)[None, :]
        comp = comp.masked_fill(excluded, -1e9)  # leave-one-out, and the padding
        count = m - (drawn[None, :] == idx[:, None]).sum(1)
        return torch.logsumexp(comp, 1) - count.log()

    def lars(self, z, log_q):
        log_pi = -0.5 * (z * z + LOG2PI).sum(1)
        zs = torch.randn(self.S, D)
        a_s = torch.sigmoid(self.a(zs)).squeeze(1)
        logit = self.a(z).squeeze(1)
        log_a = F.logsigmoid(logit)
        weight = (log_pi - log_q).exp().detach()
        z_cur = (a_s.sum() + weight * log_a.exp()) / (self.S + 1)
        z_smooth = self.eps_z * z_cur + (1 - self.eps_z) * self.moving_z
        log_z = (z_cur + (z_smooth - z_cur).detach()).log()
        self.moving_z = z_smooth.mean().item()
        log_alpha = (self.T - 1) * torch.log1p(-log_z.exp())
        log_1m_alpha = torch.log(-torch.expm1(log_alpha))
        return log_pi + torch.logaddexp(log_a + log_1m_alpha - log_z, log_alpha)


class VAE(nn.Module):
    def __init__(self, prior):
        super().__init__()
        self.enc = nn.Sequential(Gated(P, H), Gated(H, H))
        self.q = Heads(H, D)
        self.dec = nn.Sequential(Gated(D, H), Gated(H, H), nn.Linear(H, P))
        self.prior = Prior(prior, self.encode, IMAGES)

    def encode(self, x):
        return self.q(self.enc(x))

    def loss(self, x, idx):
        mu, lv = self.encode(x)
        z = mu + (0.5 * lv).exp() * torch.randn_like(mu)
        logits = self.dec(z)
        logpx = -F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(1)
        log_q = log_normal(z, mu, lv)
        kl = log_q - self.prior.log_prob_training(z, log_q, x, idx)
        return (kl - logpx).mean()


class HVAE(nn.Module):
    """Two stochastic layers as MATH.md: q(z2|x), q(z1|x,z2), p(z1|z2), p(x|z1,z2); the prior is on z2."""

    def __init__(self, prior, conv=False):
        super().__init__()
        feat = 6 * 7 * 7 if conv else H
        self.enc = conv_encoder() if conv else nn.Sequential(Gated(P, H), Gated(H, H))
        self.q = Heads(feat, D)
        self.q1x = conv_encoder(3, 3) if conv else Gated(P, H)
        self.q1z2, self.q1j = Gated(D, feat), Gated(2 * feat, H)
        self.q1 = Heads(H, D)
        self.p1 = nn.Sequential(Gated(D, H), Gated(H, H))
        self.p1h = Heads(H, D)
        self.dz1, self.dz2 = Gated(D, H), Gated(D, H)
        self.conv = conv
        if conv:  # an MLP to P, then four gated 3x3 convolutions of 64 channels and a 1x1 convolution to logits
            self.dec = Gated(2 * H, P)
            self.dec_conv = nn.Sequential(GatedConv(1, 64, 3, 1, 1), *[GatedConv(64, 64, 3, 1, 1) for _ in range(3)],
                                          nn.Conv2d(64, 1, 1))
        else:
            self.dec = nn.Sequential(Gated(2 * H, H), nn.Linear(H, P))
        self.prior = Prior(prior, self.encode, IMAGES)

    def image(self, x):
        return x.view(-1, 1, 28, 28) if self.conv else x

    def encode(self, x):
        return self.q(self.enc(self.image(x)))

    def loss(self, x, idx):
        mu2, lv2 = self.encode(x)
        z2 = mu2 + (0.5 * lv2).exp() * torch.randn_like(mu2)
        mu1, lv1 = self.q1(self.q1j(torch.cat([self.q1z2(z2), self.q1x(self.image(x))], 1)))
        z1 = mu1 + (0.5 * lv1).exp() * torch.randn_like(mu1)
        pm, plv = self.p1h(self.p1(z2))
        logits = self.dec(torch.cat([self.dz1(z1), self.dz2(z2)], 1))
        if self.conv:
            logits = self.dec_conv(logits.view(-1, 1, 28, 28)).flatten(1)
        logpx = -F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(1)
        log_q2 = log_normal(z2, mu2, lv2)
        kl = (log_q2 + log_normal(z1, mu1, lv1) - self.prior.log_prob_training(z2, log_q2, x, idx)
              - log_normal(z1, pm, plv))
        return (kl - logpx).mean()


def load_images(n=50000):
    """The first n Fashion-MNIST training images in [0, 1] from $VAEPRIORS_DATA, or None when the file is not there."""
    path = os.path.join(os.environ.get("VAEPRIORS_DATA", "data"), "fashion-mnist", "train-images-idx3-ubyte.gz")
    if not os.path.isfile(path):
        return None
    with gzip.open(path, "rb") as f:
        magic, count, rows, cols = struct.unpack(">IIII", f.read(16))
        assert magic == 2051 and rows * cols == P, f"{path} is not an IDX file of 28 x 28 images"
        data = f.read(n * P)
    return torch.frombuffer(bytearray(data), dtype=torch.uint8).view(n, P).float() / 255


IMAGES = None  # set in main: the training images and exemplars
EXEMPLAR_ROWS = 0  # set in main: the Exemplar prior's union padded to at least this many components


def he_init(model):
    """He-normal weights and zero biases, as the Java library's layers and the authors' code (their he_init): the
    initialisation decides how spread out the first steps' embeddings are, hence the Exemplar prior's union."""
    for m in model.modules():
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            nn.init.normal_(m.weight, 0, math.sqrt(2 / (m.weight[0].numel())))
            nn.init.zeros_(m.bias)
    return model


def build(arch, prior):
    model = he_init(VAE(prior) if arch == "VAE" else HVAE(prior, conv=arch == "CONV_HVAE"))
    model.prior.refresh()  # the exemplar cache of the initialised encoder
    return model


def time_row(arch, prior, steps, warmup):
    torch.manual_seed(0)
    model = build(arch, prior)
    opt = torch.optim.Adam(model.parameters(), lr=5e-4)

    def step(s):
        idx = torch.arange(100) + (s * 100) % 49900
        x = torch.bernoulli(IMAGES[idx])  # dynamic binarisation, as the Java benchmark's batches
        opt.zero_grad()
        model.loss(x, idx).backward()
        for p in model.parameters():  # gradient normalisation (AdamNormGrad)
            if p.grad is not None:
                p.grad /= p.grad.norm() + 1e-7
        opt.step()

    for s in range(warmup):
        step(s)
    model.prior.union_rows, model.prior.union_steps = 0, 0
    windows = []
    cpu0 = time.thread_time()  # this thread's CPU time: one intra-op thread runs on the calling thread
    for _ in range(5):
        t0 = time.perf_counter()
        for s in range(steps):
            step(s)
        windows.append((time.perf_counter() - t0) * 1000 / steps)
    cpu = (time.thread_time() - cpu0) * 1000 / (5 * steps)
    union = model.prior.union_rows / max(1, model.prior.union_steps)  # the Exemplar prior's retrieved set, else 0
    return min(windows), sorted(windows)[2], cpu, union


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=100)
    ap.add_argument("--warmup", type=int, default=None, help="warm-up steps (default: twice --steps, at least 10)")
    ap.add_argument("--rows", default=None, help="ARCH:prior,... : print one 'ROW arch prior best median' line each")
    ap.add_argument("--exemplar-rows", type=int, default=0,
                    help="pad the Exemplar prior's retrieved union to at least this many components (masked out): the "
                         "Java benchmark passes its own mean union, so that both sides encode as many exemplars")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    # Timing only: subnormal floats (the Exemplar prior's far components in logsumexp) cost some CPUs 10-100x per
    # operation, and our engine avoids them by construction (SdMath.logSumExpOfFewTerms); flushed to zero here,
    # PyTorch is timed at its best (the VAE Exemplar row on an AMD EPYC: 125 ms with them, 31 ms without).
    torch.set_flush_denormal(True)
    global IMAGES, EXEMPLAR_ROWS
    EXEMPLAR_ROWS = args.exemplar_rows
    IMAGES = load_images()
    print("DATA " + ("fashion-mnist (first 50,000 training images)" if IMAGES is not None
                     else "random images (no $VAEPRIORS_DATA/fashion-mnist/train-images-idx3-ubyte.gz)"), flush=True)
    if IMAGES is None:
        IMAGES = torch.rand(50000, P)
    warmup = args.warmup if args.warmup is not None else max(10, 2 * args.steps)
    if args.rows:
        for row in args.rows.split(","):
            arch, prior = row.split(":")
            best, med, cpu, union = time_row(arch, prior, args.steps, warmup)
            print(f"ROW {arch} {prior} {best:.3f} {med:.3f} {cpu:.3f} {union:.1f}", flush=True)
        return
    print(f"torch {torch.__version__}, {args.threads} thread(s); best of 5 windows of {args.steps} steps "
          f"after {warmup} warm-up steps (median in brackets)")
    print("| architecture | prior | ms/step | s/epoch |")
    print("|---|---|---|---|")
    for arch in ("VAE", "HVAE"):
        for prior in ("gaussian", "mog", "vamp", "exemplar", "lars"):
            best, med, _, _ = time_row(arch, prior, args.steps, warmup)
            print(f"| {arch} | {prior} | {best:.1f} ({med:.1f}) | {best * 0.6:.1f} ({med * 0.6:.1f}) |", flush=True)


if __name__ == "__main__":
    main()
