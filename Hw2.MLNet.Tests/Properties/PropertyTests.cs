using CsCheck;
using Hw2.MLNet.Activations;
using Hw2.MLNet.Numerics;
using Hw2.MLNet.Tests.MLNet;
using Hw2.MLNet.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Hw2.MLNet.Tests.Properties;

/// <summary>
/// Laws that hold for every input, checked on generated ones (CsCheck: a failure prints the seed and the shrunk
/// input that reproduce it).
/// </summary>
[TestClass]
public sealed class PropertyTests
{
    private static readonly Gen<float[]> Logits = Gen.Float[-1e4f, 1e4f].Array[1, 40];

    /// <summary>Softmax rows are probabilities (non-negative, summing to 1), keep the arg-max, and ignore a shift of all logits.</summary>
    [TestMethod]
    public void SoftmaxRowsAreProbabilitiesThatIgnoreAShift() => Gen.Select(Logits, Gen.Float[-1e3f, 1e3f]).Sample((z, shift) =>
    {
        float[] p = new float[z.Length], shifted = new float[z.Length];
        StableSoftmax.Compute(z, p);
        StableSoftmax.Compute([.. z.Select(v => v + shift)], shifted);
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            if (!(p[i] >= 0f && p[i] <= 1f))
            {
                return false;
            }

            sum += p[i];
        }

        int argmax = Array.IndexOf(z, z.Max());
        return Math.Abs(sum - 1) < 1e-5 && p[argmax] == p.Max() && p.Zip(shifted).All(t => Math.Abs(t.First - t.Second) < 1e-3);
    });

    /// <summary>
    /// The fused softmax step on any batch: its loss is the mean of −log softmax (by log-sum-exp, in double), each
    /// gradient row sums to 0 (softmax − one-hot) and the label's component is the only negative one.
    /// </summary>
    [TestMethod]
    public void TheFusedSoftmaxStepIsTheMeanNegativeLogLikelihood()
    {
        Gen<(Matrix Logits, int[] Labels)> batches =
            from rows in Gen.Int[1, 600]
            from classes in Gen.Int[2, 12]
            from values in Gen.Float[-30f, 30f].Array[rows * classes]
            from labels in Gen.Int[0, classes - 1].Array[rows]
            select (new Matrix(rows, classes, values), labels);
        batches.Sample(batch =>
        {
            (Matrix z, int[] y) = batch;
            var gradient = new Matrix(z.Rows, z.Cols);
            LossResult result = CrossEntropy.SoftmaxLossAndGradient(z, y, gradient);
            double expected = 0;
            for (int r = 0; r < z.Rows; r++)
            {
                double max = z.Row(r).ToArray().Max(), sum = 0;
                foreach (float v in z.Row(r))
                {
                    sum += Math.Exp(v - max);
                }

                expected += max + Math.Log(sum) - z[r, y[r]];
                double rowSum = 0;
                for (int c = 0; c < z.Cols; c++)
                {
                    rowSum += gradient[r, c];
                    if ((c == y[r]) != (gradient[r, c] < 0) && gradient[r, c] != 0)
                    {
                        return false;
                    }
                }

                if (Math.Abs(rowSum) > 1e-6)
                {
                    return false;
                }
            }

            expected /= z.Rows;
            return Math.Abs(result.Loss - expected) <= 1e-5 * Math.Max(1, expected);
        });
    }

    /// <summary>
    /// Any row count, batch size (≤ 0 meaning the full batch) and seed: in every epoch the batches visit each row
    /// exactly once, every batch but the last is full, and the batches carry each row's own features and label.
    /// </summary>
    [TestMethod]
    public void EveryEpochVisitsEachRowOnce() => Gen.Select(Gen.Int[1, 500], Gen.Int[-1, 600], Gen.Int).Sample((rows, batchSize, seed) =>
    {
        var features = new Matrix(rows, 2);
        int[] labels = [.. Enumerable.Range(0, rows)];
        for (int r = 0; r < rows; r++)
        {
            features[r, 0] = r;
            features[r, 1] = -r;
        }

        var batcher = new MiniBatcher<int>(features, labels, batchSize, seed);
        int expectedSize = batchSize <= 0 || batchSize >= rows ? rows : batchSize;
        if (batcher.BatchCount != (rows + expectedSize - 1) / expectedSize)
        {
            return false;
        }

        for (int epoch = 0; epoch < 3; epoch++)
        {
            batcher.Shuffle();
            var seen = new bool[rows];
            for (int b = 0; b < batcher.BatchCount; b++)
            {
                Batch<int> batch = batcher.GetBatch(b);
                if (b < batcher.BatchCount - 1 && batch.Targets.Length != expectedSize)
                {
                    return false;
                }

                for (int i = 0; i < batch.Targets.Length; i++)
                {
                    int row = batch.Targets[i];
                    if (seen[row] || batch.Features[i, 0] != row || batch.Features[i, 1] != -row)
                    {
                        return false;
                    }

                    seen[row] = true;
                }
            }

            if (!seen.All(s => s))
            {
                return false;
            }
        }

        return true;
    });

    /// <summary>Save then load is the identity on what a model computes, whatever its hidden layers: bit for bit the same scores.</summary>
    [TestMethod]
    public void SaveThenLoadScoresBitForBitTheSame()
    {
        string folder = Directory.CreateTempSubdirectory("hw2-roundtrip-").FullName;
        try
        {
            var ml = new MLContext(seed: 1);
            IDataView train = SyntheticData.View(ml, 60, 1), test = SyntheticData.View(ml, 20, 2);
            Gen.Select(Gen.Int[1, 12].Array[0, 3], Gen.Int, Gen.Enum<HiddenActivation>()).Sample(
                (hidden, seed, activation) =>
                {
                    MlpTrainerOptions options = SyntheticData.SmallOptions(seed);
                    options.HiddenLayers = hidden;
                    options.Activation = activation;
                    options.MaxEpochs = 2;
                    ITransformer model = SyntheticData.Pipeline(ml, options).Fit(train);
                    // CsCheck runs samples on several threads at once: each needs its own file.
                    string path = Path.Combine(folder, $"{Guid.NewGuid():N}.zip");
                    MlpModelIO.Save(ml, model, train.Schema, path);
                    ITransformer loaded = MlpModelIO.Load(ml, path).Model;
                    float[][] before = [.. model.Transform(test).GetColumn<float[]>("Score")];
                    float[][] after = [.. loaded.Transform(test).GetColumn<float[]>("Score")];
                    return before.Zip(after).All(p => p.First.SequenceEqual(p.Second));
                },
                iter: 12);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
