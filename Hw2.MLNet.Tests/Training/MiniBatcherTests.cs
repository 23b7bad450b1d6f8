using Hw2.MLNet.Numerics;
using Hw2.MLNet.Training;

namespace Hw2.MLNet.Tests.Training;

[TestClass]
public sealed class MiniBatcherTests
{
    private static (Matrix X, int[] Y) Data(int rows)
    {
        var x = new Matrix(rows, 2);
        var y = new int[rows];
        for (int i = 0; i < rows; i++)
        {
            x[i, 0] = i;
            x[i, 1] = -i;
            y[i] = i;
        }

        return (x, y);
    }

    [TestMethod]
    public void KeepsTheLastPartialBatchAndCoversEveryRowOnce()
    {
        (Matrix x, int[] y) = Data(10);
        var batcher = new MiniBatcher<int>(x, y, batchSize: 4, seed: 1);
        batcher.Shuffle();
        Assert.AreEqual(3, batcher.BatchCount);
        var seen = new List<int>();
        for (int b = 0; b < batcher.BatchCount; b++)
        {
            Batch<int> batch = batcher.GetBatch(b);
            Assert.AreEqual(b == 2 ? 2 : 4, batch.Features.Rows);
            for (int r = 0; r < batch.Features.Rows; r++)
            {
                Assert.AreEqual(batch.Targets[r], (int)batch.Features[r, 0], "features and labels stay paired");
                seen.Add(batch.Targets[r]);
            }
        }

        CollectionAssert.AreEquivalent(Enumerable.Range(0, 10).ToArray(), seen);
    }

    [TestMethod]
    public void ShufflesDifferPerEpochAndRepeatPerSeed()
    {
        (Matrix x, int[] y) = Data(50);
        var a = new MiniBatcher<int>(x, y, 8, seed: 3);
        var b = new MiniBatcher<int>(x, y, 8, seed: 3);
        var c = new MiniBatcher<int>(x, y, 8, seed: 4);
        a.Shuffle();
        b.Shuffle();
        c.Shuffle();
        int[] first = Visited(a);
        CollectionAssert.AreEqual(first, Visited(b));
        CollectionAssert.AreNotEqual(first, Visited(c));
        a.Shuffle();
        CollectionAssert.AreNotEqual(first, Visited(a));
    }

    /// <summary>The rows of one epoch in the order its batches give them (each row's label is its index).</summary>
    private static int[] Visited(MiniBatcher<int> batcher) =>
        [.. Enumerable.Range(0, batcher.BatchCount).SelectMany(i => batcher.GetBatch(i).Targets.ToArray())];

    /// <summary>The full batch is the rows themselves, not a copy: a fixed view of their storage, which keeps its products' panels.</summary>
    [TestMethod]
    public void FullBatchIsTheDataItself()
    {
        (Matrix x, int[] y) = Data(5);
        foreach (int size in new[] { -1, 0, 5, 99 })
        {
            var batcher = new MiniBatcher<int>(x, y, size, seed: 1);
            batcher.Shuffle();
            Assert.IsTrue(batcher.IsFullBatch);
            Assert.AreEqual(1, batcher.BatchCount);
            Matrix batch = batcher.GetBatch(0).Features;
            Assert.AreSame(x.Data, batch.Data);
            Assert.AreEqual((x.Offset, x.Rows, x.Cols), (batch.Offset, batch.Rows, batch.Cols));
            Assert.IsNotNull(batch.FixedPanels);
        }
    }
}
