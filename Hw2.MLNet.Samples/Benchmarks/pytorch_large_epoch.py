"""One timed minibatch epoch of PyTorch beside Hw2.MLNet's (bench --large): the same network, data and update.

[784, H..., 10] with ReLU and dropout after each hidden ReLU, weights and biases uniform in +-1/sqrt(fan_in), Adam at
1e-3, shuffled minibatches of 128 over the 60000 MNIST training images scaled to [0, 1], softmax cross-entropy.
Usage: pytorch_large_epoch.py MNIST_FOLDER HIDDEN(comma-separated) DROPOUT THREADS
Prints one line: EPOCH_SECONDS <seconds of the epoch, data already in memory>.
"""
import math, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

folder, hidden, dropout, threads = sys.argv[1], [int(h) for h in sys.argv[2].split(",")], float(sys.argv[3]), int(sys.argv[4])
torch.set_num_threads(threads)
torch.manual_seed(1)


def idx(name, offset):
    with open(f"{folder}/{name}", "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


x = torch.from_numpy(idx("train-images-idx3-ubyte", 16).reshape(-1, 784).astype(np.float32) / np.float32(255))
y = torch.from_numpy(idx("train-labels-idx1-ubyte", 8).astype(np.int64))
sizes = [784] + hidden + [10]
layers = []
for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
    linear = nn.Linear(fan_in, fan_out)
    bound = 1.0 / math.sqrt(fan_in)
    nn.init.uniform_(linear.weight, -bound, bound)
    nn.init.uniform_(linear.bias, -bound, bound)
    layers.append(linear)
    if i < len(sizes) - 2:
        layers += [nn.ReLU(), nn.Dropout(dropout)]
model = nn.Sequential(*layers)
optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
model.train()
start = time.perf_counter()
order = torch.randperm(x.shape[0])
for s in range(0, x.shape[0], 128):
    batch = order[s:s + 128]
    loss = F.cross_entropy(model(x[batch]), y[batch])
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
print(f"EPOCH_SECONDS {time.perf_counter() - start:.4f}")
