"""The ConfGF distance-score network of cdk-nnp (PyTorch), layout shared with the Java kernels.

Written for this project after Shi et al., "Learning Gradient Fields for Molecular Conformation Generation"
(ICML 2021): atom and edge-type embeddings, a distance embedding gating the edge features, GIN message
passing over the order-3 extended graph, and an MLP head giving one score per edge, divided by sigma.
Coordinates scores follow from the chain rule  s_i = sum_j s_ij (r_i - r_j) / d_ij.

Graph featurization is not here: it is the Java class io.github.cdknnp.conformers.DistanceGraph, exported to
HDF5 by `cdk-nnp confgf-data` (see README.md in this directory).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

EDGE_TYPES = 6


def sigma_ladder(sigma_max, sigma_min, n):
    """Geometric noise levels, largest first."""
    return torch.exp(torch.linspace(math.log(sigma_max), math.log(sigma_min), n, dtype=torch.float64))


class ScoreNet(nn.Module):
    def __init__(self, n_elements, hidden=128, layers=4, sigma_max=10.0, sigma_min=0.01, n_sigmas=50):
        super().__init__()
        self.hidden, self.n_layers = hidden, layers
        self.sigma_max, self.sigma_min, self.n_sigmas = sigma_max, sigma_min, n_sigmas
        self.atom_embedding = nn.Embedding(n_elements, hidden)
        self.edge_embedding = nn.Embedding(EDGE_TYPES, hidden)
        self.dist1 = nn.Linear(2, hidden)
        self.dist2 = nn.Linear(hidden, hidden)
        self.gin1 = nn.ModuleList(nn.Linear(hidden, hidden) for _ in range(layers))
        self.gin2 = nn.ModuleList(nn.Linear(hidden, hidden) for _ in range(layers))
        self.out1 = nn.Linear(2 * hidden, hidden)
        self.out2 = nn.Linear(hidden, hidden // 2)
        self.out3 = nn.Linear(hidden // 2, 1)

    def forward(self, atom_type, ei, ej, etype, d, sigma):
        """Edge scores d log p / d d_ij (1/Å) for edge lengths d (Å) at noise sigma (one value per edge)."""
        h = self.atom_embedding(atom_type)
        x = torch.stack([d, torch.log(sigma)], dim=1)
        e = self.edge_embedding(etype) * self.dist2(F.silu(self.dist1(x)))
        for l1, l2 in zip(self.gin1, self.gin2):
            m = torch.zeros_like(h)
            m = m.index_add(0, ei, F.silu(h[ej] + e))
            m = m.index_add(0, ej, F.silu(h[ei] + e))
            h = h + l2(F.silu(l1(h + m)))
        f = torch.cat([h[ei] * h[ej], e], dim=1)
        s = self.out3(F.silu(self.out2(F.silu(self.out1(f)))))[:, 0]
        return s / sigma


def coordinate_scores(edge_scores, pos, ei, ej, n_atoms):
    """Chain rule from edge-length scores to atomic coordinate scores."""
    diff = pos[ei] - pos[ej]
    d = diff.norm(dim=1, keepdim=True)
    g = edge_scores[:, None] * diff / d
    out = torch.zeros(n_atoms, 3, dtype=pos.dtype)
    out = out.index_add(0, ei, g)
    return out.index_add(0, ej, -g)
