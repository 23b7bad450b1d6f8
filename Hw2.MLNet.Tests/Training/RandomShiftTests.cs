using Hw2.MLNet.Network;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Tests.MLNet;
using Hw2.MLNet.Tests.Support;
using Hw2.MLNet.Training;
using Microsoft.ML;

namespace Hw2.MLNet.Tests.Training;

/// <summary><see cref="RandomShift"/> against a pixel-by-pixel definition, its draws, and its place in training.</summary>
[TestClass]
public sealed class RandomShiftTests
{
    /// <summary>Output pixel (x, y) of plane c is input pixel (x − dx, y − dy) of plane c, 0 outside the image.</summary>
    private static float[] Reference(float[] image, int width, int height, int channels, int dx, int dy)
    {
        float[] shifted = new float[image.Length];
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    int sx = x - dx, sy = y - dy;
                    bool inside = sx >= 0 && sx < width && sy >= 0 && sy < height;
                    shifted[(c * width * height) + (y * width) + x] = inside ? image[(c * width * height) + (sy * width) + sx] : 0f;
                }
            }
        }

        return shifted;
    }

    private static float[] Distinct(int length) => [.. Enumerable.Range(1, length).Select(i => (float)i)];

    [TestMethod]
    public void EveryShiftMovesEveryPlaneAndFillsWithZeros()
    {
        const int width = 5, height = 4, channels = 2;
        var shift = new RandomShift(width, height, maxShift: 3, channels);
        float[] image = Distinct(width * height * channels);
        float[] shifted = new float[image.Length];
        for (int dx = -3; dx <= 3; dx++)
        {
            for (int dy = -3; dy <= 3; dy++)
            {
                shifted.AsSpan().Fill(float.NaN);
                shift.Shift(image, shifted, dx, dy);
                CollectionAssert.AreEqual(Reference(image, width, height, channels, dx, dy), shifted, $"dx {dx}, dy {dy}");
            }
        }
    }

    /// <summary>Every row gets one of the (2s + 1)² shifts, each about equally often, and rows get different ones.</summary>
    [TestMethod]
    public void ApplyDrawsEveryShiftInRangeAboutEquallyOften()
    {
        const int width = 6, height = 6, rows = 2500;
        float[] image = Distinct(width * height);
        var source = new Matrix(rows, width * height);
        for (int r = 0; r < rows; r++)
        {
            image.CopyTo(source.Row(r));
        }

        var destination = new Matrix(rows, width * height);
        new RandomShift(width, height, maxShift: 2).Apply(source, destination, new Random(3));

        var candidates = (from dx in Enumerable.Range(-2, 5) from dy in Enumerable.Range(-2, 5) select (dx, dy, Reference(image, width, height, 1, dx, dy))).ToArray();
        var counts = new Dictionary<(int, int), int>();
        for (int r = 0; r < rows; r++)
        {
            float[] row = destination.Row(r).ToArray();
            (int dx, int dy, float[] _) = candidates.Single(c => c.Item3.AsSpan().SequenceEqual(row));
            counts[(dx, dy)] = counts.GetValueOrDefault((dx, dy)) + 1;
        }

        Assert.HasCount(25, counts, "every shift occurs");
        foreach (((int dx, int dy), int count) in counts)
        {
            Assert.IsTrue(count is > 60 and < 145, $"shift ({dx}, {dy}) drawn {count} times of {rows}; expected about 100");
        }

        CollectionAssert.AreEqual(image, source.Row(0).ToArray(), "the source rows are left as they are");
    }

    [TestMethod]
    public void MirroringReversesEveryRowOfEveryPlane()
    {
        const int width = 5, height = 3, channels = 2;
        float[] image = Distinct(width * height * channels);
        float[] mirrored = new float[image.Length];
        new RandomShift(width, height, maxShift: 0, channels, mirror: true).MirrorRows(image, mirrored);
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    Assert.AreEqual(image[(c * width * height) + (y * width) + (width - 1 - x)], mirrored[(c * width * height) + (y * width) + x], $"plane {c}, pixel ({x}, {y})");
                }
            }
        }
    }

    /// <summary>With mirroring, about half the rows are the mirrored image shifted, the others the image shifted; without it, none is mirrored.</summary>
    [TestMethod]
    public void MirroringIsDrawnForAboutHalfTheRows()
    {
        const int width = 6, height = 5, rows = 1000;
        float[] image = Distinct(width * height);
        var shift = new RandomShift(width, height, maxShift: 1, mirror: true);
        float[] mirrored = new float[image.Length];
        shift.MirrorRows(image, mirrored);
        var source = new Matrix(rows, image.Length);
        for (int r = 0; r < rows; r++)
        {
            image.CopyTo(source.Row(r));
        }

        int Mirrored(RandomShift augmentation)
        {
            var destination = new Matrix(rows, image.Length);
            augmentation.Apply(source, destination, new Random(5));
            var shifts = (from dx in Enumerable.Range(-1, 3) from dy in Enumerable.Range(-1, 3) select (dx, dy)).ToArray();
            int count = 0;
            for (int r = 0; r < rows; r++)
            {
                float[] row = destination.Row(r).ToArray();
                bool plain = shifts.Any(d => Reference(image, width, height, 1, d.dx, d.dy).AsSpan().SequenceEqual(row));
                bool flipped = shifts.Any(d => Reference(mirrored, width, height, 1, d.dx, d.dy).AsSpan().SequenceEqual(row));
                Assert.IsTrue(plain ^ flipped, $"row {r} is one shift of the image or of its mirror");
                count += flipped ? 1 : 0;
            }

            return count;
        }

        Assert.IsTrue(Mirrored(shift) is > 430 and < 570, "about half mirrored");
        Assert.AreEqual(0, Mirrored(new RandomShift(width, height, maxShift: 1)));
    }

    [TestMethod]
    public void AShiftOfZeroIsTheIdentity()
    {
        Matrix source = TestData.RandomMatrix(7, 12, seed: 1);
        var destination = new Matrix(7, 12);
        new RandomShift(4, 3, maxShift: 0).Apply(source, destination, new Random(1));
        CollectionAssert.AreEqual(source.Span.ToArray(), destination.Span.ToArray());
    }

    [TestMethod]
    [DataRow(0, 5, 1, 1, "width")]
    [DataRow(5, 0, 1, 1, "height")]
    [DataRow(5, 5, -1, 1, "maxShift")]
    [DataRow(5, 3, 3, 1, "maxShift")]
    [DataRow(5, 5, 1, 0, "channels")]
    public void ImpossibleShiftsAreRefusedByParameter(int width, int height, int maxShift, int channels, string parameter)
    {
        var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new RandomShift(width, height, maxShift, channels));
        Assert.AreEqual(parameter, ex.ParamName);
    }

    /// <summary>
    /// Training with a shift is seeded (the same losses twice), differs from training without it, and leaves the
    /// caller's rows as they were; the validation set is scored as it is (its loss after the last epoch is the trained
    /// network's loss on the unshifted rows).
    /// </summary>
    [TestMethod]
    public void TrainingWithAShiftIsSeededAndShiftsOnlyTheTrainingBatches()
    {
        Matrix x = TestData.RandomMatrix(96, 16, seed: 4, scale: 2f);
        int[] y = TestData.RandomLabels(96, 3, seed: 5);
        Matrix validationX = TestData.RandomMatrix(40, 16, seed: 6);
        int[] validationY = TestData.RandomLabels(40, 3, seed: 7);
        float[] rows = x.Span.ToArray();
        (double[] Losses, double LastValidation, MlpNetwork Network) Run(Augmentation? augmentation)
        {
            var network = MlpNetwork.CreateRandom(new MlpShape(16, 10, 3), seed: 2);
            var options = new TrainingOptions { MaxEpochs = 3, LearningRate = 0.2f, BatchSize = 16, Augmentation = augmentation };
            TrainingResult result = TrainingLoop.Train(network, x, y, Hw2.MLNet.Losses.SoftmaxCrossEntropyLoss.Instance, options, (validationX, validationY));
            return ([.. result.History.Select(r => r.Loss)], result.History[^1].ValidationLoss!.Value, network);
        }

        var shifted = Run(new RandomShift(4, 4, maxShift: 1));
        CollectionAssert.AreEqual(shifted.Losses, Run(new RandomShift(4, 4, maxShift: 1)).Losses);
        CollectionAssert.AreNotEqual(Run(null).Losses, shifted.Losses);
        CollectionAssert.AreEqual(rows, x.Span.ToArray());
        Assert.AreEqual(shifted.Network.Evaluate<int>(validationX, validationY, Hw2.MLNet.Losses.SoftmaxCrossEntropyLoss.Instance).Loss, shifted.LastValidation);
    }

    [TestMethod]
    public void ATrainerRefusesAShiftOfImagesOfAnotherSizeNamingTheOption()
    {
        var ml = new MLContext(seed: 1);
        var options = new MlpBinaryTrainerOptions { MaxEpochs = 1, Seed = 1, Augmentation = new RandomShift(3, 3, maxShift: 1) };
        var ex = Assert.ThrowsExactly<ArgumentException>(() => new MlpBinaryTrainer(ml, options).Fit(ml.Data.LoadFromEnumerable(TabularData.BinaryRows(50, 1))));
        Assert.AreEqual("Augmentation: RandomShift takes images of 1 × 3 × 3 = 9 features, but the rows have 4.", ex.Message);
    }
}
