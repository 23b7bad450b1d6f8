"""The homework's learning-curve sweep in PyTorch beside Hw2.MLNet's (bench --sweep-peer), doing the same epochs.

For each size n given, a fresh [784, ..., 10] network (ReLU, weights and biases uniform in +-1/sqrt(fan_in)) is trained
on the first n MNIST training images, raw pixels 0..255, with full-batch gradient descent at 1e-4 (torch.optim.SGD on
the mean softmax cross-entropy) for exactly the epochs Hw2.MLNet's early stopping took at that size, then its accuracy
is computed on those n images and on the 10000 test images, as the sweep does.
Usage: pytorch_sweep.py MNIST_FOLDER deep|shallow THREADS SIZE:EPOCHS[,SIZE:EPOCHS...]
Prints: SWEEP_SECONDS <training and evaluation, data already in memory> and TRAINING_SECONDS <the epochs alone>.
"""
import sys, time
import torch
import torch.nn.functional as F
import peer_mlp

folder, arch, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
plan = [tuple(int(v) for v in item.split(":")) for item in sys.argv[4].split(",")]
torch.set_num_threads(threads)
torch.manual_seed(1)
x_train, y_train = peer_mlp.mnist(folder, "train-images-idx3-ubyte", "train-labels-idx1-ubyte", 1)
x_test, y_test = peer_mlp.mnist(folder, "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte", 1)
sizes = [784, 300, 100, 10] if arch == "deep" else [784, 10]


def accuracy(model, x, y):
    with torch.no_grad():
        return (model(x).argmax(1) == y).float().mean().item()


training = 0.0
start = time.perf_counter()
for n, epochs in plan:
    x, y = x_train[:n].contiguous(), y_train[:n].contiguous()
    model = peer_mlp.mlp(sizes)
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
