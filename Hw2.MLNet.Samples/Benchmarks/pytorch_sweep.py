"""The homework's learning-curve sweep in PyTorch beside Hw2.MLNet's (bench --sweep-peer), doing the same epochs.

For each size n given, a fresh [784, ..., 10] network (ReLU, weights and biases uniform in +-1/sqrt(fan_in)) is trained
on the first n MNIST training images, raw pixels 0..255, with full-batch gradient descent at 1e-4 (torch.optim.SGD on
the mean softmax cross-entropy) for exactly the epochs Hw2.MLNet's early stopping took at that size, then its accuracy
is computed on those n images and on the 10000 test images, as the sweep does.
Usage: pytorch_sweep.py MNIST_FOLDER deep|shallow THREADS SIZE:EPOCHS[,SIZE:EPOCHS...]
Prints: SWEEP_SECONDS <training and evaluation, data already in memory> and TRAINING_SECONDS <the epochs alone>.
"""
import math, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

folder, arch, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
plan = [tuple(int(v) for v in item.split(":")) for item in sys.argv[4].split(",")]
torch.set_num_threads(threads)
torch.manual_seed(1)


def idx(name, offset):
    with open(f"{folder}/{name}", "rb") as f:
        return np.frombuffer(f.read(), dtype=np.uint8, offset=offset)


x_train = torch.from_numpy(idx("train-images-idx3-ubyte", 16).reshape(-1, 784).astype(np.float32))
y_train = torch.from_numpy(idx("train-labels-idx1-ubyte", 8).astype(np.int64))
x_test = torch.from_numpy(idx("t10k-images-idx3-ubyte", 16).reshape(-1, 784).astype(np.float32))
y_test = torch.from_numpy(idx("t10k-labels-idx1-ubyte", 8).astype(np.int64))
sizes = [784, 300, 100, 10] if arch == "deep" else [784, 10]


def network():
    layers = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        linear = nn.Linear(fan_in, fan_out)
        bound = 1.0 / math.sqrt(fan_in)
        nn.init.uniform_(linear.weight, -bound, bound)
        nn.init.uniform_(linear.bias, -bound, bound)
        layers.append(linear)
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def accuracy(model, x, y):
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


training = 0.0
start = time.perf_counter()
for n, epochs in plan:
    x, y = x_train[:n].contiguous(), y_train[:n].contiguous()
    model = network()
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-4)
    t0 = time.perf_counter()
    for _ in range(epochs):
        loss = F.cross_entropy(model(x), y)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        loss.item()
    training += time.perf_counter() - t0
    accuracy(model, x, y)
    accuracy(model, x_test, y_test)
print(f"SWEEP_SECONDS {time.perf_counter() - start:.4f}")
print(f"TRAINING_SECONDS {training:.4f}")
