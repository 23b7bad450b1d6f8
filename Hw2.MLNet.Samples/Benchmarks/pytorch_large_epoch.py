"""One timed minibatch epoch of PyTorch beside Hw2.MLNet's (bench --large): the same network, data and update.

[784, H..., 10] with ReLU and dropout after each hidden ReLU, weights and biases uniform in +-1/sqrt(fan_in), Adam at
1e-3, shuffled minibatches of 128 over the 60000 MNIST training images scaled to [0, 1], softmax cross-entropy.
Usage: pytorch_large_epoch.py MNIST_FOLDER HIDDEN(comma-separated) DROPOUT THREADS
Prints one line: EPOCH_SECONDS <seconds of the epoch, data already in memory>.
"""
import sys, time
import torch
import torch.nn.functional as F
import peer_mlp

folder, hidden, dropout, threads = sys.argv[1], [int(h) for h in sys.argv[2].split(",")], float(sys.argv[3]), int(sys.argv[4])
torch.set_num_threads(threads)
torch.manual_seed(1)
x, y = peer_mlp.mnist(folder, "train-images-idx3-ubyte", "train-labels-idx1-ubyte", 255)
model = peer_mlp.mlp([784] + hidden + [10], dropout)
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
