"""PyTorch reference for BENCHMARKS.md: the same models, batch and optimiser as the Java benchmark
(gated MLP VAE 784-300-300-40 and the two-layer HVAE, Gaussian / MoG(500) / VampPrior(500) prior, batch 100,
gradient-normalised Adam), timed per step on this machine with the thread count given.

    python benchmarks/pytorch_reference.py --threads 1 --steps 200
Needs: torch (pip install torch). Synthetic binary data: the timing does not depend on the pixels.
"""
import argparse, math, time
import torch
import torch.nn as nn

LOG2PI = math.log(2 * math.pi)


class Gated(nn.Module):
    def __init__(self, i, o):
        super().__init__()
        self.h, self.g = nn.Linear(i, o), nn.Linear(i, o)

    def forward(self, x):
        return self.h(x) * torch.sigmoid(self.g(x))


def log_normal(z, m, lv):
    return -0.5 * (LOG2PI + lv + (z - m) ** 2 / lv.exp()).sum(-1)


class Heads(nn.Module):
    def __init__(self, i, d):
        super().__init__()
        self.mu, self.lv = nn.Linear(i, d), nn.Linear(i, d)

    def forward(self, h):
        return self.mu(h), nn.functional.hardtanh(self.lv(h), -6, 2)


class VAE(nn.Module):
    def __init__(self, prior, K=500, d=40, h=300, P=784):
        super().__init__()
        self.enc = nn.Sequential(Gated(P, h), Gated(h, h))
        self.q = Heads(h, d)
        self.dec = nn.Sequential(Gated(d, h), Gated(h, h), nn.Linear(h, P))
        self.prior, self.K, self.d = prior, K, d
        if prior == "mog":
            self.means = nn.Parameter(torch.randn(K, d))
            self.logvars = nn.Parameter(torch.zeros(K, d))
        if prior == "vamp":
            self.u = nn.Parameter(0.05 + 0.01 * torch.randn(K, P))

    def encode(self, x):
        return self.q(self.enc(x))

    def mixture(self, z, m, lv):
        # the matmul form, as in the Java library
        iv = (-lv).exp()
        comp = -0.5 * ((z * z) @ iv.T - 2 * z @ (m * iv).T + (m * m * iv + lv).sum(1) + self.d * LOG2PI)
        return torch.logsumexp(comp, 1) - math.log(self.K)

    def log_prior(self, z):
        if self.prior == "gaussian":
            return -0.5 * (z * z + LOG2PI).sum(1)
        if self.prior == "mog":
            return self.mixture(z, self.means, self.logvars)
        m, lv = self.encode(nn.functional.hardtanh(self.u, 0, 1))
        return self.mixture(z, m, lv)

    def loss(self, x):
        mu, lv = self.encode(x)
        z = mu + (0.5 * lv).exp() * torch.randn_like(mu)
        logits = self.dec(z)
        logpx = -nn.functional.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(1)
        kl = log_normal(z, mu, lv) - self.log_prior(z)
        return (kl - logpx).mean()


class HVAE(VAE):
    """Two stochastic layers as MATH.md: q(z2|x), q(z1|x,z2), p(z1|z2), p(x|z1,z2); the prior is on z2."""

    def __init__(self, prior, K=500, d=40, h=300, P=784):
        super().__init__(prior, K, d, h, P)
        self.q1x, self.q1z2, self.q1j = Gated(P, h), Gated(d, h), Gated(2 * h, h)
        self.q1 = Heads(h, d)
        self.p1 = nn.Sequential(Gated(d, h), Gated(h, h))
        self.p1h = Heads(h, d)
        self.dz1, self.dz2 = Gated(d, h), Gated(d, h)
        self.dec = nn.Sequential(Gated(2 * h, h), nn.Linear(h, P))

    def loss(self, x):
        mu2, lv2 = self.encode(x)
        z2 = mu2 + (0.5 * lv2).exp() * torch.randn_like(mu2)
        mu1, lv1 = self.q1(self.q1j(torch.cat([self.q1z2(z2), self.q1x(x)], 1)))
        z1 = mu1 + (0.5 * lv1).exp() * torch.randn_like(mu1)
        pm, plv = self.p1h(self.p1(z2))
        logits = self.dec(torch.cat([self.dz1(z1), self.dz2(z2)], 1))
        logpx = -nn.functional.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(1)
        kl = (log_normal(z2, mu2, lv2) + log_normal(z1, mu1, lv1) - self.log_prior(z2) - log_normal(z1, pm, plv))
        return (kl - logpx).mean()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--steps", type=int, default=100)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    x = torch.bernoulli(torch.full((100, 784), 0.3))
    print(f"torch {torch.__version__}, {args.threads} thread(s); best of 5 windows of {args.steps} steps "
          "after 100 warm-up steps (median in brackets)")
    print("| architecture | prior | ms/step | s/epoch |")
    print("|---|---|---|---|")
    for arch, prior in [(a, p) for a in (VAE, HVAE) for p in ("gaussian", "mog", "vamp")]:
        model = arch(prior)
        opt = torch.optim.Adam(model.parameters(), lr=5e-4)

        def step():
            opt.zero_grad()
            model.loss(x).backward()
            for p in model.parameters():  # gradient normalisation (AdamNormGrad)
                p.grad /= p.grad.norm() + 1e-7
            opt.step()

        for _ in range(100):
            step()
        windows = []
        for _ in range(5):
            t0 = time.perf_counter()
            for _ in range(args.steps):
                step()
            windows.append((time.perf_counter() - t0) * 1000 / args.steps)
        best, med = min(windows), sorted(windows)[2]
        print(f"| {arch.__name__} | {prior} | {best:.1f} ({med:.1f}) | {best * 0.6:.1f} ({med * 0.6:.1f}) |")


if __name__ == "__main__":
    main()
