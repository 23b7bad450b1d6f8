"""What the PyTorch peer scripts share: MNIST's IDX files as tensors and the MLP both sides train."""
import math
import numpy as np
import torch
import torch.nn as nn


def mnist(folder, images, labels, scale):
    """The images of one IDX pair as float32 rows divided by scale, and their labels as int64."""
    def read(name, offset):
        with open(f"{folder}/{name}", "rb") as f:
            return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)

    x = torch.from_numpy(read(images, 16).reshape(-1, 784).astype(np.float32) / np.float32(scale))
    y = torch.from_numpy(read(labels, 8).astype(np.int64))
    return x, y


def mlp(sizes, dropout=0.0):
    """nn.Linear layers with ReLU (and dropout, if any) between them; weights and biases uniform in +-1/sqrt(fan_in)."""
    layers = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        linear = nn.Linear(fan_in, fan_out)
        bound = 1.0 / math.sqrt(fan_in)
        nn.init.uniform_(linear.weight, -bound, bound)
        nn.init.uniform_(linear.bias, -bound, bound)
        layers.append(linear)
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
            if dropout > 0:
                layers.append(nn.Dropout(dropout))
    return nn.Sequential(*layers)
