namespace Hw2.MLNet.Network;

/// <summary>
/// Layer sizes of a fully connected network, input first and classes last: <c>[784, 300, 100, 10]</c> is the
/// homework's deep network, <c>[784, 10]</c> its shallow one (a single linear layer followed by softmax).
/// </summary>
public sealed class MlpShape : IEquatable<MlpShape>
{
    private readonly int[] sizes;

    /// <summary>Creates a shape from at least two positive sizes.</summary>
    /// <exception cref="ArgumentException">Fewer than two sizes, or a size that is not positive (named by index).</exception>
    public MlpShape(params int[] layerSizes)
    {
        ArgumentNullException.ThrowIfNull(layerSizes);
        if (layerSizes.Length < 2)
        {
            throw new ArgumentException(
                $"A network needs at least an input size and an output size; got {layerSizes.Length} size(s).", nameof(layerSizes));
        }

        for (int i = 0; i < layerSizes.Length; i++)
        {
            if (layerSizes[i] <= 0)
            {
                throw new ArgumentException(
                    $"Layer size at index {i} is {layerSizes[i]}; every layer needs at least one unit.", nameof(layerSizes));
            }
        }

        sizes = (int[])layerSizes.Clone();
    }

    /// <summary>The homework's deep network for MNIST: 784 → 300 → 100 → 10.</summary>
    public static MlpShape Deep { get; } = new(784, 300, 100, 10);

    /// <summary>The homework's shallow network for MNIST: 784 → 10.</summary>
    public static MlpShape Shallow { get; } = new(784, 10);

    /// <summary>All sizes, input first.</summary>
    public IReadOnlyList<int> LayerSizes => sizes;

    /// <summary>Number of input features.</summary>
    public int InputSize => sizes[0];

    /// <summary>Number of classes.</summary>
    public int OutputSize => sizes[^1];

    /// <summary>Number of weight layers (one fewer than the number of sizes).</summary>
    public int LayerCount => sizes.Length - 1;

    /// <summary>Total number of weights and biases.</summary>
    public long ParameterCount
    {
        get
        {
            long count = 0;
            for (int l = 0; l < LayerCount; l++)
            {
                count += ((long)sizes[l] * sizes[l + 1]) + sizes[l + 1];
            }

            return count;
        }
    }

    /// <summary>Input size of layer <paramref name="layer"/> (its fan-in).</summary>
    public int FanIn(int layer) => sizes[layer];

    /// <summary>Output size of layer <paramref name="layer"/> (its fan-out).</summary>
    public int FanOut(int layer) => sizes[layer + 1];

    /// <summary>Builds <c>[inputs, hidden..., classes]</c>.</summary>
    public static MlpShape Create(int inputs, IReadOnlyList<int> hiddenLayers, int classes)
    {
        ArgumentNullException.ThrowIfNull(hiddenLayers);
        var all = new int[hiddenLayers.Count + 2];
        all[0] = inputs;
        for (int i = 0; i < hiddenLayers.Count; i++)
        {
            all[i + 1] = hiddenLayers[i];
        }

        all[^1] = classes;
        return new MlpShape(all);
    }

    /// <inheritdoc />
    public bool Equals(MlpShape? other) => other is not null && sizes.AsSpan().SequenceEqual(other.sizes);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as MlpShape);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (int s in sizes)
        {
            hash.Add(s);
        }

        return hash.ToHashCode();
    }

    /// <inheritdoc />
    public override string ToString() => "[" + string.Join(", ", sizes) + "]";
}
